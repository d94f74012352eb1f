"""Scope: an agent never sees another agent's progress; a supervisor only their teams."""

import datetime as dt

import pytest

from learning import services
from learning.models import Assignment, AssignmentSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(world, course):
    rows = {}
    for name, employee in [
        ("agent", world.agent_employee),
        ("teammate", world.teammate_employee),
        ("outsider", world.outsider_employee),
    ]:
        rows[name] = Assignment.objects.create(
            employee=employee,
            course=course,
            source=AssignmentSource.MANUAL,
            key="m",
            assigned_on=dt.date(2025, 1, 1),
            due_date=dt.date(2099, 1, 1),
        )
    return rows


def test_my_learning_shows_only_my_assignments(world, client_for, assigned, lessons):
    services.lesson_complete(employee=world.teammate_employee, lesson=lessons[0])
    response = client_for(world.agent).get("/aprendizaje/")
    assert response.status_code == 200
    rows = response.context["open_rows"]
    assert [r.assignment.pk for r in rows] == [assigned["agent"].pk]
    assert rows[0].percent == 0  # the teammate's progress does not leak


def test_the_course_page_shows_only_my_progress(world, client_for, course, lessons):
    services.lesson_complete(employee=world.teammate_employee, lesson=lessons[0])
    response = client_for(world.agent).get(course.url)
    assert response.context["done_count"] == 0 and response.context["progress"] is None


def test_agents_cannot_open_the_training_status(world, client_for, assigned):
    assert client_for(world.agent).get("/aprendizaje/estado/").status_code == 403
    assert client_for(world.agent).get("/aprendizaje/estado/exportar.csv").status_code == 403


def test_a_supervisor_sees_only_their_teams(world, client_for, assigned):
    response = client_for(world.supervisor).get("/aprendizaje/estado/")
    assert response.status_code == 200
    people = {row.employee.pk for row in response.context["matrix"].rows}
    assert world.outsider_employee.pk not in people
    assert {world.agent_employee.pk, world.teammate_employee.pk} <= people
    export = client_for(world.supervisor).get("/aprendizaje/estado/exportar.csv").content.decode("utf-8-sig")
    assert world.outsider_employee.employee_code not in export
    assert world.agent_employee.employee_code in export


def test_a_supervisor_cannot_filter_into_another_team(world, client_for, assigned):
    response = client_for(world.supervisor).get("/aprendizaje/estado/", {"team": world.team_b.pk})
    people = {row.employee.pk for row in response.context["matrix"].rows}
    assert world.outsider_employee.pk not in people


def test_hr_sees_everyone_and_exports_xlsx(world, client_for, assigned):
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for(world.hr)
    response = client.get("/aprendizaje/estado/")
    assert len(response.context["matrix"].rows) == 3
    xlsx = client.get("/aprendizaje/estado/exportar.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(xlsx.content)).active
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {"A0001", "A0002", "A0003"}


def test_only_hr_manages_rules(world, client_for):
    for user in (world.agent, world.supervisor, world.manager, world.editor):
        assert client_for(user).get("/aprendizaje/reglas/").status_code == 403
    assert client_for(world.hr).get("/aprendizaje/reglas/").status_code == 200


def test_the_overdue_list_and_rates(world, client_for, assigned, lessons):
    Assignment.objects.filter(pk=assigned["teammate"].pk).update(due_date=dt.date(2020, 1, 1))
    for lesson in lessons:
        services.lesson_complete(employee=world.agent_employee, lesson=lesson)
    matrix = client_for(world.hr).get("/aprendizaje/estado/").context["matrix"]
    assert [r.employee.pk for r in matrix.overdue] == [world.teammate_employee.pk]
    assert matrix.rates[0]["completed"] == 1 and matrix.rates[0]["assigned"] == 3
    assert matrix.totals["percent"] == 33


@pytest.mark.parametrize("username", ["agent", "supervisor", "hr", "manager"])
def test_dashboards_render_the_learning_panels(world, client_for, assigned, username):
    response = client_for(getattr(world, username)).get("/")
    assert response.status_code == 200
    keys = {card["key"] for card in response.context["cards"]}
    assert keys & {"learning-agent", "learning-team", "learning-hr"}


def test_a_supervisor_opens_a_team_members_training_but_gets_404_outside_scope(world, client_for, assigned):
    client = client_for(world.supervisor)
    ok = client.get(f"/aprendizaje/personas/{world.agent_employee.employee_code}/")
    assert ok.status_code == 200 and [r.assignment.pk for r in ok.context["rows"]] == [assigned["agent"].pk]
    assert client.get(f"/aprendizaje/personas/{world.outsider_employee.employee_code}/").status_code == 404
    assert client.get("/aprendizaje/personas/NOPE/").status_code == 404


def test_an_agent_cannot_open_another_persons_training(world, client_for, assigned):
    response = client_for(world.agent).get(f"/aprendizaje/personas/{world.teammate_employee.employee_code}/")
    assert response.status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_course_title_cannot_become_a_formula_in_the_training_export(world, client_for, assigned, course, fmt):
    from tests.core.test_exports import assert_csv_is_inert, assert_xlsx_is_inert, csv_cells, xlsx_cells

    course.title = '=HYPERLINK("http://evil.example/","Ver")'
    course.save_revision().publish()

    response = client_for(world.hr).get(f"/aprendizaje/estado/exportar.{fmt}")

    expected = "'" + course.title
    if fmt == "xlsx":
        assert_xlsx_is_inert(response.content)
        assert [c.value for c in xlsx_cells(response.content)].count(expected) == 3
    else:
        text = response.content.decode("utf-8")
        assert_csv_is_inert(text)
        assert [cell for row in csv_cells(text) for cell in row].count(expected) == 3

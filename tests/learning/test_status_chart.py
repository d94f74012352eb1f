"""The training status page draws each course's assignments stacked by status, from the matrix it
already read (no query of its own, whatever the number of people)."""

import datetime as dt
import re

import pytest

from learning import services
from learning.models import Assignment, AssignmentSource
from tests.factories import EmployeeFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def _assign(employee, course, due=dt.date(2099, 1, 1)):
    return Assignment.objects.create(
        employee=employee,
        course=course,
        source=AssignmentSource.MANUAL,
        key="m",
        assigned_on=dt.date(2025, 1, 1),
        due_date=due,
        mandatory=True,
    )


def _chart(html: str) -> str:
    start = html.index('<figure class="chart chart--bar" id="estado-cursos"')
    return html[start : html.index("</figure>", start)]


def test_the_status_chart_stacks_each_courses_assignments_by_status(world, client_for, course, lessons):
    _assign(world.agent_employee, course)
    _assign(world.teammate_employee, course, due=dt.date(2020, 1, 1))  # overdue
    _assign(world.outsider_employee, course)
    for lesson in lessons:
        services.lesson_complete(employee=world.agent_employee, lesson=lesson)
    services.lesson_complete(employee=world.outsider_employee, lesson=lessons[0])  # in progress
    client = client_for(world.hr)
    client.cookies["django_language"] = "es"

    chart = _chart(client.get("/aprendizaje/estado/").content.decode())

    assert 'role="img"' in chart and "Asignaciones por curso y estado" in chart
    header = re.findall(r'<th scope="col" class="num">([^<]+)</th>', chart)
    assert header == ["Completado", "En curso", "Sin iniciar", "Vencido", "Total"]
    row = re.search(r'<th scope="row">' + re.escape(course.title) + r"</th>(.*?)</tr>", chart).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["1", "1", "0", "1", "3"]


def test_the_status_chart_adds_no_query_per_person(world, client_for, course, count_queries):
    _assign(world.agent_employee, course)

    def count():
        return count_queries(client_for(world.hr), "/aprendizaje/estado/")

    few = count()
    for n in range(8):
        employee = EmployeeFactory(employee_code=f"C{n:03d}")
        TeamMembershipFactory(employee=employee, team=world.team_a, start=dt.date(2024, 1, 1))
        _assign(employee, course)
    assert count() == few

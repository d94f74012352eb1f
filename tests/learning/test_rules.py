"""Assignment rules materialise per-agent assignments, also for people who join or move later."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.models import TeamMembership
from core.roles import Role
from learning import services
from learning.models import Assignment, AssignmentStatus, DueKind, TargetKind
from tests.factories import EmployeeFactory, TeamFactory, TeamMembershipFactory
from tests.learning import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 3, 10)


def _ids(rule):
    return set(Assignment.objects.filter(rule=rule).values_list("employee_id", flat=True))


def test_everyone_gets_the_course_with_the_due_date_after_assignment(world, course):
    rule = factories.rule(course=course, due_days=30)
    created = services.rule_materialise(rule_id=rule.pk, today=TODAY)
    assert created == 4  # three agents and the supervisor's employee record
    a = Assignment.objects.get(rule=rule, employee=world.agent_employee)
    assert a.due_date == TODAY + dt.timedelta(days=30) and a.assigned_on == TODAY
    assert a.status_on(TODAY) == AssignmentStatus.NOT_STARTED
    assert a.status_on(a.due_date + dt.timedelta(days=1)) == AssignmentStatus.OVERDUE
    assert services.rule_materialise(rule_id=rule.pk, today=TODAY) == 0  # idempotent


@pytest.mark.parametrize("target", ["team", "site", "campaign", "role"])
def test_targets_pick_the_right_people(world, course, target):
    fields = {
        "team": {"team": world.team_a},
        "site": {"site": world.team_b.site},
        "campaign": {"campaign": world.campaign},
        "role": {"role": Role.AGENT},
    }[target]
    rule = factories.rule(course=course, target=target, **fields)
    services.rule_materialise(rule_id=rule.pk, today=TODAY)
    expected = {
        "team": {world.agent_employee.pk, world.teammate_employee.pk, world.supervisor.employee.pk},
        "site": {world.outsider_employee.pk},
        "campaign": {world.agent_employee.pk, world.teammate_employee.pk, world.outsider_employee.pk},
        "role": {world.agent_employee.pk, world.teammate_employee.pk, world.outsider_employee.pk},
    }[target]
    assert _ids(rule) == expected


def test_new_hires_get_the_rule_when_they_join_later(world, course):
    rule = factories.rule(
        course=course, target=TargetKind.NEW_HIRES, new_hire_days=30, due_kind=DueKind.AFTER_HIRE, due_days=14
    )
    assert services.rule_materialise(rule_id=rule.pk, today=TODAY) == 0  # the world was hired in 2024
    newbie = EmployeeFactory(hire_date=TODAY + dt.timedelta(days=3))
    TeamMembershipFactory(employee=newbie, team=world.team_a, start=newbie.hire_date)
    later = TODAY + dt.timedelta(days=5)
    assert services.rules_materialise_all(today=later) == 1
    a = Assignment.objects.get(rule=rule)
    assert a.employee == newbie and a.due_date == newbie.hire_date + dt.timedelta(days=14)


def test_people_who_move_into_the_team_get_the_team_rule(world, course):
    rule = factories.rule(course=course, target=TargetKind.TEAM, team=world.team_a)
    services.rule_materialise(rule_id=rule.pk, today=TODAY)
    assert world.outsider_employee.pk not in _ids(rule)
    TeamMembership.objects.filter(employee=world.outsider_employee).update(end=TODAY)
    TeamMembershipFactory(employee=world.outsider_employee, team=world.team_a, start=TODAY + dt.timedelta(days=1))
    services.rules_materialise_all(today=TODAY + dt.timedelta(days=1))
    assert world.outsider_employee.pk in _ids(rule)


def test_a_move_triggers_materialisation_after_commit(world, course, django_capture_on_commit_callbacks):
    rule = factories.rule(course=course, target=TargetKind.TEAM, team=world.team_a)
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            newbie = EmployeeFactory(hire_date=dt.date(2024, 1, 1))
            TeamMembershipFactory(employee=newbie, team=world.team_a, start=dt.date(2025, 3, 1))
    assert newbie.pk in _ids(rule)


def test_a_learning_path_rule_assigns_every_course_of_the_path(world, course):
    second = factories.course("segundo", lessons=1)
    path = factories.path("ruta", world.specialisation, [course, second])
    rule = factories.rule(path=path, target=TargetKind.TEAM, team=world.team_b)
    services.rule_materialise(rule_id=rule.pk, today=TODAY)
    assert set(Assignment.objects.filter(rule=rule).values_list("course_id", flat=True)) == {course.pk, second.pk}


def test_a_late_joiner_to_a_fixed_date_rule_gets_time_instead_of_an_overdue_course(world, course):
    rule = factories.rule(course=course, due_kind=DueKind.FIXED, due_date=TODAY, due_days=None)
    services.rule_materialise(rule_id=rule.pk, today=TODAY + dt.timedelta(days=3))
    a = Assignment.objects.filter(rule=rule).first()
    assert a.due_date == TODAY + dt.timedelta(days=3 + services.LATE_JOINER_DAYS)


def test_a_yearly_rule_opens_the_next_cycle_before_it_is_due(world, course):
    rule = factories.rule(course=course, target=TargetKind.TEAM, team=world.team_b, recurrence_months=12)
    services.rule_materialise(rule_id=rule.pk, today=TODAY)
    first = Assignment.objects.get(rule=rule)
    for lesson in factories.lessons_of(course):
        services.lesson_complete(employee=world.outsider_employee, lesson=lesson)
    first.refresh_from_db()
    done_on = first.completed_at.date()
    assert services.rule_materialise(rule_id=rule.pk, today=done_on + dt.timedelta(days=300)) == 0
    assert services.rule_materialise(rule_id=rule.pk, today=done_on + dt.timedelta(days=340)) == 1
    nxt = Assignment.objects.get(rule=rule, cycle=1)
    assert nxt.due_date.year == done_on.year + 1 and nxt.completed_at is None


def test_a_due_date_in_the_past_is_rejected(world, course):
    from learning.models import AssignmentRule

    rule = AssignmentRule(
        name="Pasado",
        target=TargetKind.EVERYONE,
        course=course,
        due_kind=DueKind.FIXED,
        due_date=TODAY - dt.timedelta(days=1),
    )
    with pytest.raises(services.LearningError) as error:
        services.assignment_rule_save(actor=world.hr, rule=rule, today=TODAY)
    assert error.value.code == "due_date_past"
    assert (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y") in error.value.message
    assert not AssignmentRule.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"target": TargetKind.TEAM}, "team"),
        ({"target": TargetKind.EVERYONE, "course": None}, "course"),
        ({"due_kind": DueKind.AFTER_ASSIGNMENT, "due_days": None}, "due_days"),
    ],
)
def test_incomplete_rules_are_rejected(world, course, fields, field):
    from learning.models import AssignmentRule

    data = {
        "name": "R",
        "target": TargetKind.EVERYONE,
        "course": course,
        "due_kind": DueKind.AFTER_ASSIGNMENT,
        "due_days": 10,
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        services.assignment_rule_save(actor=world.hr, rule=AssignmentRule(**data), today=TODAY)
    assert field in error.value.error_dict


def test_hr_creates_a_rule_in_the_portal_and_is_warned_when_it_matches_nobody(
    world, client_for, course, django_capture_on_commit_callbacks
):
    client = client_for(world.hr)
    empty_team = TeamFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/aprendizaje/reglas/nueva/",
            {
                "name": "Equipo vacío",
                "target": "team",
                "team": empty_team.pk,
                "new_hire_days": 30,
                "course": course.pk,
                "due_kind": "after_assignment",
                "due_days": 20,
                "mandatory": "on",
            },
            follow=True,
        )
    assert response.status_code == 200
    assert "matches nobody" in response.content.decode() or "no coincide" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/aprendizaje/reglas/nueva/",
            {
                "name": "Equipo A",
                "target": "team",
                "team": world.team_a.pk,
                "new_hire_days": 30,
                "course": course.pk,
                "due_kind": "after_assignment",
                "due_days": 20,
                "mandatory": "on",
            },
        )
    assert Assignment.objects.filter(rule__name="Equipo A").count() == 3


def test_the_rule_form_shows_a_clear_error_for_a_past_due_date(world, client_for, course):
    response = client_for(world.hr).post(
        "/aprendizaje/reglas/nueva/",
        {
            "name": "Tarde",
            "target": "everyone",
            "new_hire_days": 30,
            "course": course.pk,
            "due_kind": "fixed",
            "due_date": "2000-01-01",
            "mandatory": "on",
        },
    )
    assert response.status_code == 200
    assert "01/01/2000" in response.content.decode()
    assert response.context["form"].errors["due_date"]


def test_deactivating_a_rule_stops_new_assignments(world, client_for, course):
    rule = factories.rule(course=course, target=TargetKind.TEAM, team=world.team_a)
    client_for(world.hr).post(f"/aprendizaje/reglas/{rule.pk}/desactivar/")
    assert services.rule_materialise(rule_id=rule.pk, today=TODAY) == 0


def test_the_daily_task_is_safe_to_run_twice(world, course):
    from learning.tasks import rule_materialise_task, rules_materialise_daily_task

    rule = factories.rule(course=course, target=TargetKind.TEAM, team=world.team_a)
    assert rules_materialise_daily_task.delay().get() == 3
    assert rules_materialise_daily_task.delay().get() == 0
    assert rule_materialise_task.delay(rule.pk).get() == 0
    assert Assignment.objects.filter(rule=rule).count() == 3

"""Daily reminders and the weekly supervisor digest on a fixed clock: never twice on one day."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError

from learning import services
from learning.models import Assignment, AssignmentSource, ReminderKind, ReminderLog

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 3, 10)
NOON = dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC)


def _assign(employee, course, due, key, mandatory=True):
    return Assignment.objects.create(
        employee=employee,
        course=course,
        source=AssignmentSource.MANUAL,
        key=key,
        assigned_on=TODAY - dt.timedelta(days=30),
        due_date=due,
        mandatory=mandatory,
    )


@pytest.fixture
def assignments(world, course):
    from tests.learning import factories

    other = factories.course("otro-curso", lessons=1)
    third = factories.course("tercer-curso", lessons=1)
    return {
        "due7": _assign(world.agent_employee, course, TODAY + dt.timedelta(days=7), "a"),
        "due1": _assign(world.agent_employee, other, TODAY + dt.timedelta(days=1), "b"),
        "overdue": _assign(world.teammate_employee, course, TODAY - dt.timedelta(days=1), "c"),
        "later": _assign(world.outsider_employee, course, TODAY + dt.timedelta(days=3), "d"),
        "old_overdue": _assign(world.outsider_employee, third, TODAY - dt.timedelta(days=4), "e"),
    }


@time_machine.travel(NOON)
def test_it_sends_one_email_per_agent_and_never_twice_a_day(world, assignments):
    assert services.reminders_send_daily(today=TODAY) == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([world.agent.email, world.teammate.email])
    agent_mail = next(m for m in mail.outbox if m.to == [world.agent.email])
    assert agent_mail.alternatives and agent_mail.alternatives[0][1] == "text/html"
    kinds = set(ReminderLog.objects.values_list("assignment_id", "kind"))
    assert kinds == {
        (assignments["due7"].pk, ReminderKind.DUE_7),
        (assignments["due1"].pk, ReminderKind.DUE_1),
        (assignments["overdue"].pk, ReminderKind.OVERDUE),
    }
    mail.outbox.clear()
    assert services.reminders_send_daily(today=TODAY) == 0
    assert mail.outbox == []
    assert ReminderLog.objects.count() == 3


@time_machine.travel(NOON)
def test_completed_assignments_get_no_reminder(world, assignments):
    Assignment.objects.update(completed_at=NOON)
    assert services.reminders_send_daily(today=TODAY) == 0


@time_machine.travel(NOON)
def test_reminders_speak_the_recipient_language(world, assignments):
    world.agent.language = "en"
    world.agent.save()
    world.teammate.language = "es"
    world.teammate.save()
    services.reminders_send_daily(today=TODAY)
    english = next(m for m in mail.outbox if m.to == [world.agent.email])
    spanish = next(m for m in mail.outbox if m.to == [world.teammate.email])
    assert "due tomorrow" in english.body
    assert "vencido" in spanish.body.lower() or "venció" in spanish.body.lower()


def test_the_log_itself_refuses_a_duplicate(world, assignments):
    row = {
        "employee": world.agent_employee,
        "email": "x@example.com",
        "assignment": assignments["due7"],
        "kind": ReminderKind.DUE_7,
        "sent_on": TODAY,
        "sent_at": NOON,
    }
    ReminderLog.objects.create(**row)
    with pytest.raises(IntegrityError):
        ReminderLog.objects.create(**row)


@time_machine.travel(NOON)
def test_supervisors_get_a_weekly_digest_of_their_teams_overdue_work(world, assignments):
    assert services.supervisor_digests_send(today=TODAY) == 2  # team A's supervisor and team B's
    digest = next(m for m in mail.outbox if m.to == [world.supervisor.email])
    assert world.teammate_employee.full_name in digest.body
    assert world.outsider_employee.full_name not in digest.body
    mail.outbox.clear()
    assert services.supervisor_digests_send(today=TODAY) == 0
    assert ReminderLog.objects.filter(kind=ReminderKind.DIGEST).count() == 2


@time_machine.travel(NOON)
def test_the_daily_task_uses_today(world, assignments):
    from learning.tasks import reminders_daily_task

    assert reminders_daily_task.delay().get() == 2

"""assignment.overdue is published by the daily reminders the day after an assignment was due, once."""

import datetime as dt

import pytest

from learning import services
from learning.models import Assignment, AssignmentSource
from tests.receiver import published, subscribe

pytestmark = pytest.mark.django_db


def test_an_overdue_assignment_is_published_once(world, course):
    subscribe("assignment.overdue")
    today = dt.date(2026, 3, 10)
    common = {"employee": world.agent_employee, "course": course, "source": AssignmentSource.MANUAL}
    late = Assignment.objects.create(key="a", assigned_on=dt.date(2026, 2, 1), due_date=dt.date(2026, 3, 9), **common)
    Assignment.objects.create(key="b", assigned_on=dt.date(2026, 2, 1), due_date=dt.date(2026, 3, 10), **common)
    Assignment.objects.create(
        key="c",
        assigned_on=dt.date(2026, 2, 1),
        due_date=dt.date(2026, 3, 1),
        completed_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        **common,
    )
    services.reminders_send_daily(today=today)
    services.reminders_send_daily(today=today)  # twice a day is safe
    [event] = published()
    assert event["type"] == "assignment.overdue" and event["subject"] == "employee:A0001"
    assert event["data"]["assignment_id"] == late.pk and event["data"]["due_date"] == "2026-03-09"
    services.reminders_send_daily(today=today + dt.timedelta(days=1))  # the one due today, tomorrow
    assert [e["data"]["due_date"] for e in published()] == ["2026-03-09", "2026-03-10"]

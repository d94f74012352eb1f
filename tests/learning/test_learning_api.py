"""Courses, assignments (read and create, idempotent) and progress through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditEvent
from learning.models import Assignment
from tests.apitools import bearer
from tests.learning import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(world):
    return factories.course("curso-api", lessons=2)


def assign(client, user, course, employees, due=None):
    due = due or timezone.localdate() + dt.timedelta(days=10)
    return client.post(
        "/api/v1/assignments",
        {"course": course.pk, "employees": employees, "due_date": due.isoformat()},
        content_type="application/json",
        **bearer(user, "learning:write"),
    )


def test_courses_list_with_their_versions(course, world, client):
    body = client.get("/api/v1/courses", **bearer(world.hr, "learning:read")).json()

    assert [c["slug"] for c in body["items"]] == ["curso-api"]
    assert body["items"][0]["version"] == 1


def test_hr_assigns_a_course_to_a_list_once_however_often_it_is_sent(course, world, client):
    first = assign(client, world.hr, course, ["A0001", "A0002"])
    again = assign(client, world.hr, course, ["A0001", "A0002"])

    assert first.status_code == 201 and first.json()["created"] == 2
    assert again.status_code == 200 and again.json()["created"] == 0
    assert Assignment.objects.filter(course=course).count() == 2
    assert AuditEvent.objects.filter(action="assignment.manual_assign").count() == 1
    assert {a["status"] for a in again.json()["assignments"]} == {"not_started"}


def test_unknown_employees_are_named_by_position_and_nothing_is_stored(course, world, client):
    response = assign(client, world.hr, course, ["A0001", "NOPE", "A0002"])

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("employees[1]", "unknown_employee")]
    assert not Assignment.objects.exists()


def test_an_analyst_may_not_assign(course, world, client):
    assert assign(client, world.analyst, course, ["A0001"]).status_code == 403


def test_assignments_are_read_with_their_status_in_scope(course, world, client):
    assign(client, world.hr, course, ["A0001", "A0003"])

    body = client.get("/api/v1/assignments?status=not_started", **bearer(world.supervisor, "learning:read")).json()

    assert [a["employee"] for a in body["items"]] == ["A0001"]


def test_progress_of_someone_outside_the_scope_is_404(world, client):
    headers = bearer(world.supervisor, "learning:read")

    assert client.get("/api/v1/learning-progress/A0003", **headers).status_code == 404
    assert client.get("/api/v1/learning-progress/A0001", **headers).json() == []

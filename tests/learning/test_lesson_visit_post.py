"""Showing a lesson writes nothing; the page reports the visit by a POST (a beacon), which is idempotent,
refuses bad input with a 400 naming the field, and 404s on a lesson the reader cannot see."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from learning import services
from learning.models import CourseProgress
from tests.learning import factories

pytestmark = pytest.mark.django_db

URL = "/aprendizaje/progreso/"


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE"))
    ]


def test_a_get_of_a_lesson_page_writes_nothing(world, client_for, course, lessons):
    client = client_for(world.agent)
    client.get(lessons[0].url)  # a first view: sessions, caches warmed
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(lessons[1].url)
    assert response.status_code == 200
    assert _writes(ctx.captured_queries) == []
    assert not CourseProgress.objects.exists()


def test_the_visit_post_records_where_the_agent_is_and_twice_is_the_same_state(world, client_for, course, lessons):
    client = client_for(world.agent)
    assert client.post(URL, {"lesson": lessons[1].pk}).status_code == 204
    first = CourseProgress.objects.values().get(employee=world.agent_employee, course=course)
    assert first["last_lesson_id"] == lessons[1].pk and first["seconds_spent"] == 0
    assert client.post(URL, {"lesson": lessons[1].pk}).status_code == 204
    assert CourseProgress.objects.values().get(pk=first["id"]) == first
    assert CourseProgress.objects.count() == 1


def test_the_time_between_two_reports_is_study_time(world, course, lessons):
    start = timezone.now() - dt.timedelta(hours=1)
    services.lesson_visit_record(user=world.agent, page=lessons[0], now=start)
    services.lesson_visit_record(user=world.agent, page=lessons[0], now=start + dt.timedelta(minutes=7))
    again = services.lesson_visit_record(user=world.agent, page=lessons[0], now=start + dt.timedelta(minutes=7))
    assert again.seconds_spent == 7 * 60
    assert CourseProgress.objects.get().seconds_spent == 7 * 60


@pytest.mark.parametrize("value", ["", "abc", "-3", "1.5"])
def test_a_visit_without_a_lesson_number_is_a_400_naming_the_field(world, client_for, course, lessons, value):
    response = client_for(world.agent).post(URL, {"lesson": value})
    assert response.status_code == 400
    assert "lesson" in response.content.decode().lower() or "lección" in response.content.decode().lower()
    assert not CourseProgress.objects.exists()


def test_a_visit_to_a_lesson_the_reader_cannot_see_is_a_404(world, client_for, course, lessons):
    client = client_for(world.agent)
    hidden = factories.course("borrador", lessons=1)
    hidden.unpublish()
    restricted = factories.course("restringido", lessons=1)
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.GROUPS)
    for lesson in (factories.lessons_of(hidden)[0], factories.lessons_of(restricted)[0]):
        assert client.post(URL, {"lesson": lesson.pk}).status_code == 404
    assert client.post(URL, {"lesson": 999999}).status_code == 404
    assert not CourseProgress.objects.exists()


def test_a_visit_needs_post_and_a_signed_in_employee(world, client_for, lessons):
    assert Client().post(URL, {"lesson": lessons[0].pk}).status_code == 302  # to sign in
    assert client_for(world.agent).get(URL).status_code == 405
    assert client_for(world.editor).post(URL, {"lesson": lessons[0].pk}).status_code == 404  # no employee record
    assert not CourseProgress.objects.filter(employee=world.agent_employee).exists()

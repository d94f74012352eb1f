"""Catalogue, course and lesson pages issue a fixed number of queries, whatever the size of the
catalogue and of the agent's history."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning import services
from learning.models import Assignment, AssignmentSource
from tests.learning import factories

pytestmark = pytest.mark.django_db


def _build(world, *, courses: int, lessons: int, prefix: str = "c"):
    built = [factories.course(f"{prefix}{n}", lessons=lessons) for n in range(courses)]
    for course in built:
        Assignment.objects.create(
            employee=world.agent_employee,
            course=course,
            source=AssignmentSource.MANUAL,
            key="m",
            assigned_on=dt.date(2025, 1, 1),
            due_date=dt.date(2099, 1, 1),
        )
        for lesson in factories.lessons_of(course)[: lessons - 1]:
            services.lesson_complete(employee=world.agent_employee, lesson=lesson)
    return built


def _count(client, url) -> int:
    client.get(url)  # warm caches (site root paths) and start the course
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _counts(world, client_for, *, courses, lessons):
    built = _build(world, courses=courses, lessons=lessons)
    client = client_for(world.agent)
    course = built[-1]
    lesson = factories.lessons_of(course)[-1]
    return {
        "catalogue": _count(client, "/academia/"),
        "filtered": _count(client, "/academia/?q=Curso&theme=regulation"),
        "course": _count(client, course.url),
        "lesson": _count(client, lesson.url),
        "my_learning": _count(client, "/aprendizaje/"),
    }


def test_page_queries_do_not_grow_with_the_catalogue(world, client_for):
    small = _counts(world, client_for, courses=2, lessons=2)
    from learning.models import CoursePage, CourseProgress, LessonCompletion

    large_extra = _build(world, courses=10, lessons=5, prefix="big")
    assert CoursePage.objects.count() == 12 and LessonCompletion.objects.count() > 40
    assert CourseProgress.objects.count() == 12
    client = client_for(world.agent)
    course = large_extra[-1]
    lesson = factories.lessons_of(course)[-1]
    large = {
        "catalogue": _count(client, "/academia/"),
        "filtered": _count(client, "/academia/?q=Curso&theme=regulation"),
        "course": _count(client, course.url),
        "lesson": _count(client, lesson.url),
        "my_learning": _count(client, "/aprendizaje/"),
    }
    assert large == small
    assert small["lesson"] <= 25 and small["catalogue"] <= 25 and small["course"] <= 25

"""Catalogue, course and lesson pages and /aprendizaje/ issue a fixed number of queries, whatever the
size of the catalogue and of the agent's history; the lesson page at most 8 (issue #17)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning import services
from learning.models import Assignment, AssignmentSource, CoursePage, CourseProgress, LessonCompletion
from tests.learning import factories

pytestmark = pytest.mark.django_db

#: session, user, MFA check, the lesson (routed by url_path, view restrictions in the same query), its
#: course, the employee, the sibling lessons with the agent's completions, the agent's progress
LESSON_BUDGET = 8


def _build(world, *, courses: int, lessons: int, prefix: str):
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
    client.get(url)  # warm the caches (site, route hints, locale)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _counts(client, course) -> dict:
    lesson = factories.lessons_of(course)[-1]
    return {
        "catalogue": _count(client, "/academia/"),
        "filtered": _count(client, "/academia/?q=Curso&theme=regulation"),
        "course": _count(client, course.url),
        "lesson": _count(client, lesson.url),
        "my_learning": _count(client, "/aprendizaje/"),
    }


def test_page_queries_do_not_grow_with_courses_lessons_or_completions(world, client_for):
    client = client_for(world.agent)
    small = _counts(client, _build(world, courses=2, lessons=2, prefix="s")[-1])
    large = _counts(client, _build(world, courses=4, lessons=6, prefix="l")[-1])  # 3N courses, 3N lessons
    assert CoursePage.objects.count() == 6 and CourseProgress.objects.count() == 6
    assert LessonCompletion.objects.count() == 2 * 1 + 4 * 5
    assert large == small
    assert small["lesson"] <= LESSON_BUDGET
    assert small["course"] <= 12 and small["catalogue"] <= 13 and small["my_learning"] <= 8


def test_the_main_navigation_is_rendered_once_and_shown_twice(world, client_for, course, lessons):
    response = client_for(world.agent).get(lessons[0].url)
    names = [t.name for t in response.templates]
    assert names.count("includes/nav.html") == 1
    assert response.content.decode().count('aria-label="Navegación principal"') == 2

"""Starting, resuming and completing courses against the course version."""

import datetime as dt

import pytest
from django.utils import timezone

from learning import selectors, services, views_pages
from learning.models import Assignment, AssignmentSource, CourseProgress, LessonCompletion
from tests.learning import factories

pytestmark = pytest.mark.django_db


def test_opening_a_lesson_starts_the_course_and_remembers_where_the_agent_is(world, client_for, course, lessons):
    client = client_for(world.agent)
    response = client.get(lessons[1].url)
    assert response.status_code == 200
    assert 'id="lesson-progress"' in response.content.decode()  # the page reports the visit itself
    assert client.post("/aprendizaje/progreso/", {"lesson": lessons[1].pk}).status_code == 204
    progress = CourseProgress.objects.get(employee=world.agent_employee, course=course)
    assert progress.version == 1 and progress.last_lesson_id == lessons[1].pk
    course_page = client.get(course.url)
    assert course_page.context["resume"]["lesson"].pk == lessons[0].pk  # first lesson not done yet
    services.lesson_complete(employee=world.agent_employee, lesson=lessons[0])
    course_page = client.get(course.url)
    assert course_page.context["resume"]["lesson"].pk == lessons[1].pk


def test_completing_a_lesson_twice_counts_once(world, course, lessons):
    services.lesson_complete(employee=world.agent_employee, lesson=lessons[0])
    progress = services.lesson_complete(employee=world.agent_employee, lesson=lessons[0])
    assert LessonCompletion.objects.filter(employee=world.agent_employee).count() == 1
    assert progress.lessons_done == 1 and progress.lessons_total == 3 and progress.percent == 33
    assert progress.completed_at is None


def test_the_course_completes_when_every_lesson_is_done(world, course, lessons):
    assignment = Assignment.objects.create(
        employee=world.agent_employee,
        course=course,
        source=AssignmentSource.MANUAL,
        key="manual",
        assigned_on=dt.date(2025, 1, 1),
        due_date=dt.date(2099, 1, 1),
    )
    start = timezone.now()
    for i, lesson in enumerate(lessons):
        progress = services.lesson_complete(
            employee=world.agent_employee, lesson=lesson, now=start + dt.timedelta(minutes=10 * i)
        )
    assert progress.completed_at is not None and progress.percent == 100
    assert progress.seconds_spent == 20 * 60
    assignment.refresh_from_db()
    assert assignment.completed_at == progress.completed_at and assignment.completed_version == 1
    assert course.pk in selectors.courses_completed(employee_id=world.agent_employee.pk)
    assert course.pk not in selectors.courses_completed(
        employee_id=world.agent_employee.pk, on=timezone.localdate() - dt.timedelta(days=1)
    )


def test_long_pauses_do_not_count_as_study_time(world, course, lessons):
    start = timezone.now()
    services.lesson_complete(employee=world.agent_employee, lesson=lessons[0], now=start)
    progress = services.lesson_complete(
        employee=world.agent_employee, lesson=lessons[1], now=start + dt.timedelta(hours=5)
    )
    assert progress.seconds_spent == 0


def test_mark_as_completed_with_htmx_returns_the_new_progress(world, client_for, course, lessons):
    client = client_for(world.agent)
    client.get(lessons[0].url)
    response = client.post(f"/aprendizaje/lecciones/{lessons[0].pk}/completar/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-valuenow="33"' in response.content.decode()
    again = client.post(f"/aprendizaje/lecciones/{lessons[0].pk}/completar/", HTTP_HX_REQUEST="true")
    assert again.status_code == 200
    assert LessonCompletion.objects.filter(employee=world.agent_employee).count() == 1


def test_completing_without_htmx_redirects_back_to_the_lesson(world, client_for, lessons):
    response = client_for(world.agent).post(f"/aprendizaje/lecciones/{lessons[0].pk}/completar/")
    assert response.status_code == 302 and response["Location"] == lessons[0].url


def test_lessons_of_an_unpublished_course_are_not_reachable(world, client_for):
    hidden = factories.course("borrador", lessons=1)
    type(hidden).objects.filter(pk=hidden.pk).update(live=False)
    lesson = factories.lessons_of(hidden)[0]
    client = client_for(world.agent)
    assert client.get(lesson.url).status_code == 404
    assert client.post(f"/aprendizaje/lecciones/{lesson.pk}/completar/").status_code == 404
    assert not CourseProgress.objects.exists()


@pytest.mark.parametrize("bad", ["999999", "abc"])
def test_completing_an_unknown_lesson_is_a_404(world, client_for, bad):
    response = client_for(world.agent).post(f"/aprendizaje/lecciones/{bad}/completar/")
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, lessons, course):
    for url in (lessons[0].url, course.url, "/academia/"):
        response = client.get(url)
        assert response.status_code == 302 and "/cuenta/login/" in response["Location"]


def test_completion_requires_post(world, client_for, lessons):
    assert client_for(world.agent).get(f"/aprendizaje/lecciones/{lessons[0].pk}/completar/").status_code == 405


def test_rendering_a_lesson_only_reads_the_visit_is_recorded_by_the_page_post(world, rf, course, lessons):
    request = rf.get(lessons[0].url)
    request.user = world.agent
    context = views_pages.lesson_context(lesson=lessons[0], course=course, request=request)
    assert context["progress"] is None
    assert not CourseProgress.objects.exists()

    services.lesson_visit_record(user=world.agent, page=lessons[0])
    context = views_pages.lesson_context(lesson=lessons[0], course=course, request=request)
    assert context["progress"].last_lesson_id == lessons[0].pk

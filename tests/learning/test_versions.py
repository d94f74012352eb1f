"""A course revision marked "requires re-training" starts a new version when published."""

import datetime as dt

import pytest
from django.core import mail

from learning import selectors, services
from learning.models import Assignment, AssignmentSource, CoursePage, CourseVersion, ReminderLog
from tests.learning import factories

pytestmark = pytest.mark.django_db


def _complete(employee, course):
    for lesson in factories.lessons_of(course):
        services.lesson_complete(employee=employee, lesson=lesson)


def _publish(course, *, retrain: bool, reason: str = ""):
    course = CoursePage.objects.get(pk=course.pk)
    course.requires_retraining = retrain
    course.retraining_reason = reason
    revision = course.save_revision()
    revision.publish()
    return revision


def test_publishing_a_retraining_revision_makes_earlier_completions_stop_counting(
    world, course, django_capture_on_commit_callbacks
):
    Assignment.objects.create(
        employee=world.agent_employee,
        course=course,
        source=AssignmentSource.MANUAL,
        key="manual",
        assigned_on=dt.date(2025, 1, 1),
        due_date=dt.date(2099, 1, 1),
    )
    _complete(world.agent_employee, course)
    assert course.pk in selectors.courses_completed(employee_id=world.agent_employee.pk)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _publish(course, retrain=True, reason="La Ley 2300 limita los contactos a uno por día.")

    course.refresh_from_db()
    assert course.version == 2
    assert course.requires_retraining is False
    assert course.pk not in selectors.courses_completed(employee_id=world.agent_employee.pk)
    retrain = Assignment.objects.get(employee=world.agent_employee, course=course, key="retrain:v2")
    assert retrain.completed_at is None and retrain.source == AssignmentSource.RETRAINING
    assert [m.to for m in mail.outbox] == [[world.agent.email]]
    assert "Ley 2300" in mail.outbox[0].body
    assert ReminderLog.objects.filter(assignment=retrain, kind="retraining").count() == 1

    # Completing the new version counts again.
    _complete(world.agent_employee, course)
    assert course.pk in selectors.courses_completed(employee_id=world.agent_employee.pk)


def test_the_service_is_safe_to_run_twice_for_the_same_revision(world, course, django_capture_on_commit_callbacks):
    _complete(world.agent_employee, course)
    with django_capture_on_commit_callbacks(execute=True):
        revision = _publish(course, retrain=True, reason="Cambio")
    again = services.course_version_publish(course_id=course.pk, revision_id=revision.pk)
    assert again.bumped is False and again.version == 2
    assert CourseVersion.objects.filter(course=course, number=2).count() == 1
    assert Assignment.objects.filter(course=course, key="retrain:v2").count() == 1


def test_an_ordinary_revision_keeps_the_version(world, course, django_capture_on_commit_callbacks):
    _complete(world.agent_employee, course)
    with django_capture_on_commit_callbacks(execute=True):
        _publish(course, retrain=False)
    course.refresh_from_db()
    assert course.version == 1
    assert course.pk in selectors.courses_completed(employee_id=world.agent_employee.pk)


def test_the_version_survives_later_revisions(world, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _publish(course, retrain=True, reason="Cambio")
    with django_capture_on_commit_callbacks(execute=True):
        _publish(course, retrain=False)
    assert CoursePage.objects.get(pk=course.pk).version == 2


def test_the_edit_form_starts_with_retraining_off(course):
    from learning.models import CoursePageForm

    CoursePage.objects.filter(pk=course.pk).update(requires_retraining=True)
    form_class = CoursePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, CoursePageForm)
    form = form_class(instance=CoursePage.objects.get(pk=course.pk), for_user=None)
    assert form.initial["requires_retraining"] is False


def test_agents_in_the_middle_of_the_old_version_start_over(world, course):
    lessons = factories.lessons_of(course)
    services.lesson_complete(employee=world.agent_employee, lesson=lessons[0])
    CoursePage.objects.filter(pk=course.pk).update(version=2)
    course.refresh_from_db()
    state = selectors.course_state(employee=world.agent_employee, course=course)
    assert state.progress is None and state.done_lesson_ids == frozenset()

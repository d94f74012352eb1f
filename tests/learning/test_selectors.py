"""The selectors and services other apps (certification) rely on."""

import datetime as dt

import pytest

from learning import selectors, services
from learning.models import Assignment
from tests.learning import factories

pytestmark = pytest.mark.django_db


def _complete(employee, course):
    for lesson in factories.lessons_of(course):
        services.lesson_complete(employee=employee, lesson=lesson)


def test_path_completion_needs_every_course(world, course):
    second = factories.course("segundo", lessons=1)
    path = factories.path("ruta", world.specialisation, [course, second])
    _complete(world.agent_employee, course)
    assert not selectors.path_completed(employee_id=world.agent_employee.pk, path_id=path.pk)
    assert not selectors.specialisation_requirements_met(
        employee_id=world.agent_employee.pk, specialisation_id=world.specialisation.pk, day=dt.date.today()
    )
    _complete(world.agent_employee, second)
    assert selectors.path_completed(employee_id=world.agent_employee.pk, path_id=path.pk)
    assert selectors.specialisation_requirements_met(
        employee_id=world.agent_employee.pk, specialisation_id=world.specialisation.pk, day=dt.date.today()
    )
    assert not selectors.path_completed(employee_id=world.teammate_employee.pk, path_id=path.pk)


def test_learning_paths_for_a_specialisation_keep_their_order(world, course):
    second = factories.course("segundo", lessons=1)
    factories.path("ruta", world.specialisation, [second, course])
    (path,) = selectors.learning_paths_for_specialisation(specialisation_code=world.specialisation.code)
    assert [pc.course.pk for pc in path.path_courses.all()] == [second.pk, course.pk]
    assert list(selectors.learning_paths_for_specialisation(specialisation_code="nope")) == []


def test_assigning_a_path_is_idempotent(world, course):
    second = factories.course("segundo", lessons=1)
    path = factories.path("ruta", world.specialisation, [course, second])
    due = dt.date(2099, 6, 1)
    created = services.assignment_create_for_path(
        employee_id=world.agent_employee.pk, path_id=path.pk, due_date=due, reason="Renovación de certificado"
    )
    assert len(created) == 2
    again = services.assignment_create_for_path(
        employee_id=world.agent_employee.pk, path_id=path.pk, due_date=due, reason="Renovación de certificado"
    )
    assert again == []
    assert Assignment.objects.filter(employee=world.agent_employee).count() == 2
    assert (
        services.renewal_path_assign(
            employee_id=world.agent_employee.pk, specialisation_id=world.specialisation.pk, due=due, reason="x"
        )
        is False
    )


def test_courses_completed_counts_only_the_current_version(world, course):
    from learning.models import CoursePage

    _complete(world.agent_employee, course)
    CoursePage.objects.filter(pk=course.pk).update(version=2)
    assert selectors.courses_completed(employee_id=world.agent_employee.pk) == set()

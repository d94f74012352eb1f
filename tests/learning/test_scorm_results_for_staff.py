"""A supervisor sees their agents' SCORM results (latest attempt per SCORM lesson) on the person's
training page, in Spanish, in scope only, with a query count that does not grow with the attempts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learning import services
from tests.learning import factories
from tests.learning.test_scorm_player import scorm_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def cmi(status, score):
    return {"cmi": {"core": {"lesson_status": status, "score": {"raw": score}, "lesson_location": "p1"}}}


def url_for(employee):
    return reverse("learning:employee_learning", args=[employee.employee_code])


@pytest.mark.usefixtures("media")
def test_a_supervisor_sees_each_scorm_lessons_latest_attempt(world, client_for):
    course = factories.course("curso-scorm-equipo", lessons=0)
    course.title = "Normativa de cobranza"
    course.save_revision().publish()
    lesson = scorm_lesson(course, slug="modulo-1")
    employee = world.agent_employee
    services.scorm_commit(employee=employee, lesson=lesson, number=1, data=cmi("incomplete", "40"))
    services.scorm_commit(employee=employee, lesson=lesson, number=1, data=cmi("passed", "85.5"))
    page = client_for(world.supervisor).get(url_for(employee))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lecciones SCORM" in text
    assert "Lección SCORM" in text and "Normativa de cobranza" in text
    assert "Aprobada" in text and "85,5" in text  # a Spanish decimal comma
    [result] = page.context["scorm_results"]
    assert result.attempt.number == 1 and result.status == "Aprobada"


def test_outside_scope_the_page_is_a_404(world, client_for):
    assert client_for(world.supervisor).get(url_for(world.outsider_employee)).status_code == 404


@pytest.mark.usefixtures("media")
def test_the_query_count_does_not_grow_with_lessons_and_attempts(world, client_for, count_queries):
    employee = world.agent_employee
    course = factories.course("curso-scorm-cuenta", lessons=0)
    first = scorm_lesson(course, slug="modulo-1")
    services.scorm_commit(employee=employee, lesson=first, number=1, data=cmi("failed", "20"))
    client = client_for(world.supervisor)
    one = count_queries(client, url_for(employee))
    for slug in ("modulo-2", "modulo-3"):
        other = scorm_lesson(course, slug=slug)
        services.scorm_commit(employee=employee, lesson=other, number=1, data=cmi("completed", ""))
    assert count_queries(client, url_for(employee)) == one


def test_the_scorm_result_words_leave_the_exam_result_words_alone():
    """Django merges every app's catalogue into one: a second Spanish word for the same msgid replaced
    the exam result's "Aprobado" with the SCORM lesson's "Aprobada" on every page (the browser test of an
    exam saw it). The lesson's words carry a context."""
    from django.utils import translation

    from learning.selectors import SCORM_STATUS_WORDS

    with translation.override("es"):
        assert translation.gettext("Passed") == "Aprobado"
        assert translation.gettext("Not passed") == "No aprobado"
        assert str(SCORM_STATUS_WORDS["passed"]) == "Aprobada"
        assert str(SCORM_STATUS_WORDS["failed"]) == "No aprobada"

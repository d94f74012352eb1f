"""Exam integrity (issue 13 §5): a confirmation step before submitting that lists the
unanswered and flagged questions, and a question navigator whose state lives on the server."""

import datetime as dt

import pytest
import time_machine
from django.http import QueryDict
from django.urls import reverse

from certification import services
from certification.models import Attempt, AttemptStatus
from certification.templatetags.certification_tags import clock
from tests.certification.test_cert_attempts import form_for


@pytest.fixture
def started(exam, world, client_for):
    client = client_for(world.agent)
    client.post(reverse("certification:exam_start", args=[exam.code]))
    attempt = Attempt.objects.get()
    return client, attempt


def _url(name, attempt):
    return reverse(f"certification:{name}", args=[attempt.pk])


def _questions(attempt):
    return list(attempt.questions.order_by("position"))


def test_submitting_with_unanswered_questions_goes_to_the_confirmation_step_and_grades_nothing(started):
    client, attempt = started
    first, second, *_ = _questions(attempt)
    form = form_for(attempt)
    partial = {f"q{first.pk}": form[f"q{first.pk}"], "flags": "1", "action": "submit"}
    response = client.post(_url("attempt_submit", attempt), partial)
    assert response["Location"] == _url("attempt_confirm", attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    first.refresh_from_db()
    assert first.response == {"choices": [form[f"q{first.pk}"]]}  # the answer given is kept

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    take = _url("attempt_take", attempt)
    for aq in _questions(attempt)[1:]:
        assert f'href="{take}#question-q{aq.pk}"' in html
    assert "3 preguntas no tienen respuesta" in html
    assert "Entregar de todos modos" in html
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS  # reading the step grades nothing


def test_the_confirmation_step_grades_only_with_the_explicit_confirmation(started):
    client, attempt = started
    client.post(_url("attempt_submit", attempt), {"action": "submit"})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    response = client.post(_url("attempt_submit", attempt), {"confirmed": "1"})
    assert response["Location"] == _url("attempt_result", attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.percentage == 0


def test_the_confirmation_step_cannot_be_posted_to(started):
    client, attempt = started
    assert client.post(_url("attempt_confirm", attempt)).status_code == 405
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_everything_answered_and_nothing_flagged_submits_straight_away(started):
    client, attempt = started
    response = client.post(_url("attempt_submit", attempt), {**form_for(attempt).dict(), "flags": "1"})
    assert response["Location"] == _url("attempt_result", attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.passed


def test_a_flagged_question_is_listed_before_submitting_even_when_answered(started):
    client, attempt = started
    third = _questions(attempt)[2]
    data = {**form_for(attempt).dict(), "flags": "1", f"flag-q{third.pk}": "1"}
    response = client.post(_url("attempt_submit", attempt), data)
    assert response["Location"] == _url("attempt_confirm", attempt)
    html = client.get(response["Location"]).content.decode()
    assert "1 pregunta marcada para revisar" in html and "Todas las preguntas tienen respuesta" in html
    assert f'#question-q{third.pk}">Pregunta 3</a>' in html


def test_after_the_deadline_the_confirmation_step_gives_way_to_the_result(started):
    client, attempt = started
    with time_machine.travel(attempt.deadline + dt.timedelta(seconds=1)):
        assert client.get(_url("attempt_confirm", attempt))["Location"] == _url("attempt_result", attempt)
        response = client.post(_url("attempt_submit", attempt), {"action": "submit"})
    assert response["Location"] == _url("attempt_result", attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED  # the clock decided: no confirmation past it


def test_the_navigator_shows_answered_unanswered_and_flagged_and_survives_a_reload(started):
    client, attempt = started
    first, second, third, fourth = _questions(attempt)
    form = form_for(attempt)
    data = {f"q{first.pk}": form[f"q{first.pk}"], "flags": "1", f"flag-q{second.pk}": "1"}
    saved = client.post(_url("attempt_autosave", attempt), data, HTTP_HX_REQUEST="true")
    fragment = saved.content.decode()
    assert 'id="question-nav"' in fragment and 'hx-swap-oob="true"' in fragment  # htmx refreshes it

    html = client.get(_url("attempt_take", attempt)).content.decode()  # a reload
    assert f'href="#question-q{first.pk}" class="button button--small" data-state="answered"' in html
    assert f'href="#question-q{second.pk}" class="button button--small button--secondary"' in html
    assert 'data-state="flagged unanswered"' in html and "marcada para revisar" in html
    assert f'name="flag-q{second.pk}" id="flag-q{second.pk}" value="1" checked' in html
    assert f'name="flag-q{third.pk}" id="flag-q{third.pk}" value="1">' in html


def test_saving_without_javascript_keeps_answers_and_flags_and_returns_to_the_exam(started):
    client, attempt = started
    first = _questions(attempt)[0]
    data = {"flags": "1", f"flag-q{first.pk}": "1", "action": "save"}
    response = client.post(_url("attempt_submit", attempt), data)
    assert response["Location"] == _url("attempt_take", attempt)
    first.refresh_from_db()
    assert first.flagged
    client.post(_url("attempt_submit", attempt), {"flags": "1", "action": "save"})  # unticked
    first.refresh_from_db()
    assert not first.flagged
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_a_form_without_the_flags_marker_leaves_the_flags_alone(started, world):
    _, attempt = started
    first = _questions(attempt)[0]
    services.attempt_save_answers(attempt=attempt, form=_qd({"flags": "1", f"flag-q{first.pk}": "1"}))
    services.attempt_save_answers(attempt=attempt, form=_qd({}))
    first.refresh_from_db()
    assert first.flagged


def _qd(data):
    q = QueryDict(mutable=True)
    q.update(data)
    return q


def test_the_time_left_reads_as_a_clock_on_the_exam_page_and_the_confirmation_step(started):
    client, attempt = started
    now = attempt.deadline - dt.timedelta(minutes=29, seconds=5)
    with time_machine.travel(now, tick=False):
        take = client.get(_url("attempt_take", attempt)).content.decode()
        confirm = client.get(_url("attempt_confirm", attempt)).content.decode()
    for html in (take, confirm):
        assert 'data-seconds="1745">29:05</span>' in html  # was "1745 s" until the script ran (never, on the step)


def test_the_exam_clock_writes_hours_past_an_hour():
    assert (clock(3909), clock(59), clock(0), clock(-4)) == ("1:05:09", "0:59", "0:00", "0:00")

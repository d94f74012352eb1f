import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from certification import services
from certification.models import Attempt, AttemptStatus, Certificate
from tests.certification.factories import make_exam, make_questions
from tests.certification.test_cert_attempts import form_for


@pytest.fixture
def started(exam, world, client_for):
    client = client_for(world.agent)
    response = client.post(reverse("certification:exam_start", args=[exam.code]))
    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:attempt_take", args=[attempt.pk])
    return client, attempt


def test_the_agent_sees_exams_and_certificates(exam, world, client_for):
    response = client_for(world.agent).get(reverse("certification:my_certification"))
    assert response.status_code == 200
    assert exam.title in response.content.decode()


def test_the_exam_page_never_contains_the_answer_key(started):
    client, attempt = started
    html = client.get(reverse("certification:attempt_take", args=[attempt.pk])).content.decode()
    for aq in attempt.questions.all():
        assert f'name="q{aq.pk}"' in html
        for choice in aq.snapshot["choices"]:
            assert choice["text"] in html
    # no fractions, no per-choice feedback, no general feedback, nothing that marks the right choice
    assert "Bien" not in html and "Mal" not in html
    assert "fraction" not in html and "correct" not in html.lower().replace("incorrect", "")
    radios = re.findall(r'<input type="radio"[^>]*>', html)
    assert radios and all(set(re.findall(r"(\w+)=", r)) <= {"type", "name", "id", "value", "checked"} for r in radios)


def test_autosave_with_htmx_and_submit_then_result_and_pdf(started, world):
    client, attempt = started
    form = form_for(attempt)
    saved = client.post(
        reverse("certification:attempt_autosave", args=[attempt.pk]), form.dict(), HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200
    assert attempt.questions.exclude(response={}).count() == 4
    response = client.post(reverse("certification:attempt_submit", args=[attempt.pk]), form.dict())
    assert response["Location"] == reverse("certification:attempt_result", args=[attempt.pk])
    result = client.get(response["Location"]).content.decode()
    cert = Certificate.objects.get()
    assert "100" in result and cert.number in result
    assert "Bien" in result  # feedback shown once closed (review policy: answers after close)
    pdf = client.get(reverse("certification:certificate_pdf", args=[cert.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_a_tampered_form_is_rejected(started):
    client, attempt = started
    response = client.post(reverse("certification:attempt_autosave", args=[attempt.pk]), {"q987654": "c1"})
    assert response.status_code == 400
    response = client.post(reverse("certification:attempt_submit", args=[attempt.pk]), {"q987654": "c1"})
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_autosave_after_the_deadline_closes_and_redirects(started):
    client, attempt = started
    with time_machine.travel(attempt.deadline + dt.timedelta(seconds=1)):
        response = client.post(reverse("certification:attempt_autosave", args=[attempt.pk]), form_for(attempt).dict())
    assert response.status_code == 409
    assert response["HX-Redirect"] == reverse("certification:attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.percentage == 0


def test_opening_the_exam_after_the_deadline_shows_the_result(started):
    client, attempt = started
    with time_machine.travel(attempt.deadline + dt.timedelta(minutes=1)):
        response = client.get(reverse("certification:attempt_take", args=[attempt.pk]))
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.IN_PROGRESS  # the exam page writes nothing
        assert response["Location"] == reverse("certification:attempt_result", args=[attempt.pk])
        result = client.get(response["Location"])
    assert result.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.closed_at == attempt.deadline


def test_other_agents_cannot_open_an_attempt(started, world, client_for):
    _, attempt = started
    other = client_for(world.teammate)
    assert other.get(reverse("certification:attempt_take", args=[attempt.pk])).status_code == 404
    assert other.post(reverse("certification:attempt_submit", args=[attempt.pk])).status_code == 404


def test_the_score_only_policy_hides_answers(world, bank, client_for):
    make_questions(bank, 3)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=3, review_policy="score")
    attempt = services.attempt_start(exam=exam, employee=world.agent_employee)
    services.attempt_submit(attempt=attempt, form=form_for(attempt, correct=False))
    html = client_for(world.agent).get(reverse("certification:attempt_result", args=[attempt.pk])).content.decode()
    assert "0" in html and "Sí" not in html


def test_a_blocked_exam_explains_why(world, exam, client_for, learning_path):
    exam.requires_prerequisites = True
    exam.save()
    client = client_for(world.agent)
    html = client.get(reverse("certification:exam_detail", args=[exam.code])).content.decode()
    assert "curso" in html.lower() or "course" in html.lower()
    response = client.post(reverse("certification:exam_start", args=[exam.code]))
    assert response.status_code == 302 and not Attempt.objects.exists()


def test_the_timer_gets_plain_seconds_whatever_the_locale(started):
    # USE_THOUSAND_SEPARATOR would print 1.800, which the timer would read as 1 second
    client, attempt = started
    html = client.get(reverse("certification:attempt_take", args=[attempt.pk])).content.decode()
    seconds = int(re.search(r'data-seconds="(\d+)"', html).group(1))
    assert 1700 < seconds <= 1800

"""Regrade after a question correction (issue 13 §5): attempts that used the wrong key are
graded again with the corrected one, certificates follow, and every step is audited."""

import dataclasses
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse

from certification import services
from certification.models import Attempt, AttemptStatus, Certificate, CertificateStatus
from core.models import AuditEvent
from tests.certification.factories import make_exam, make_questions


@pytest.fixture
def two_question_exam(world, bank):
    make_questions(bank, 2)
    return make_exam(specialisation=world.specialisation, bank=bank, count=2, passing_score=Decimal("75"))


def _answer(attempt, picks):
    """picks: position -> "right" | "wrong" (by the key the attempt was drawn with)."""
    form = QueryDict(mutable=True)
    for aq in attempt.questions.order_by("position"):
        want_right = picks[aq.position] == "right"
        choice = next(c for c in aq.snapshot["choices"] if (Decimal(c["fraction"]) > 0) == want_right)
        form[f"q{aq.pk}"] = choice["key"]
    return form


def _correct_key(question, *, right_key, text=None):
    """Save a new version of `question` where `right_key` is the one right choice."""
    snap = question.snapshot()
    if text is not None:
        snap = dataclasses.replace(snap, text=text)
    choices = tuple(
        dataclasses.replace(c, fraction=Decimal(1) if c.key == right_key else Decimal(0)) for c in snap.choices
    )
    services.question_save(
        bank=question.bank,
        category=question.category,
        name=question.name,
        snapshot=dataclasses.replace(snap, choices=choices),
        question=question,
    )
    question.refresh_from_db()
    return question


def _chosen(aq):
    return aq.response["choices"][0]


def test_a_corrected_key_turns_a_fail_into_a_pass_and_issues_the_certificate(world, two_question_exam):
    attempt = services.attempt_start(exam=two_question_exam, employee=world.agent_employee)
    services.attempt_submit(attempt=attempt, form=_answer(attempt, {1: "right", 2: "wrong"}))
    attempt.refresh_from_db()
    assert attempt.passed is False and not Certificate.objects.exists()
    second = attempt.questions.get(position=2)
    question = _correct_key(second.version.question, right_key=_chosen(second))  # the agent was right

    outcome = services.attempts_regrade_question(question=question, reason="Clave mal cargada", actor=world.hr)

    attempt.refresh_from_db()
    second.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.passed and attempt.percentage == 100
    assert second.version == question.current_version and second.points == Decimal("1.00")
    cert = Certificate.objects.get(attempt=attempt)
    assert outcome.attempts == 1 and outcome.changed == 1 and outcome.issued == (cert.number,)
    log = AuditEvent.objects.get(action="attempt.regrade")
    assert log.before["passed"] is False and log.after["passed"] is True and "Clave mal cargada" in log.summary


def test_a_corrected_key_turns_a_pass_into_a_fail_and_revokes_with_the_reason(world, two_question_exam):
    attempt = services.attempt_start(exam=two_question_exam, employee=world.agent_employee)
    services.attempt_submit(attempt=attempt, form=_answer(attempt, {1: "right", 2: "right"}))
    cert = Certificate.objects.get(attempt=attempt)
    second = attempt.questions.get(position=2)
    wrong = next(c.key for c in second.frozen().choices if c.key != _chosen(second))
    question = _correct_key(second.version.question, right_key=wrong)

    outcome = services.attempts_regrade_question(question=question, reason="La clave era otra", actor=world.hr)

    attempt.refresh_from_db()
    cert.refresh_from_db()
    assert attempt.passed is False and attempt.percentage == 50
    assert cert.status == CertificateStatus.REVOKED and "La clave era otra" in cert.revocation_reason
    assert outcome.revoked == (cert.number,)
    assert AuditEvent.objects.filter(action="certificate.revoke").exists()


def test_a_regrade_leaves_open_attempts_and_those_on_the_current_version_alone(world, two_question_exam):
    graded = services.attempt_start(exam=two_question_exam, employee=world.agent_employee)
    services.attempt_submit(attempt=graded, form=_answer(graded, {1: "right", 2: "right"}))
    open_one = services.attempt_start(exam=two_question_exam, employee=world.teammate_employee)
    question = graded.questions.get(position=1).version.question
    _correct_key(question, right_key="c1", text="Errata corregida")  # same key: a new version, same score
    outcome = services.attempts_regrade_question(question=question, reason="Revisión", actor=world.hr)
    assert outcome.attempts == 1 and outcome.changed == 0
    assert Attempt.objects.get(pk=open_one.pk).status == AttemptStatus.IN_PROGRESS
    again = services.attempts_regrade_question(question=question, reason="Revisión", actor=world.hr)
    assert again.attempts == 0  # already on the corrected version


def test_a_regrade_needs_the_capability_and_a_reason(world, bank, two_question_exam):
    (question,) = make_questions(bank, 1, prefix="X")
    with pytest.raises(services.CertificationError) as no_reason:
        services.attempts_regrade_question(question=question, reason=" ", actor=world.hr)
    assert no_reason.value.code == "certificate.reason_required"
    with pytest.raises(services.CertificationError) as denied:
        services.attempts_regrade_question(question=question, reason="x", actor=world.editor)
    assert denied.value.code == "not_allowed"
    assert not AuditEvent.objects.filter(action="attempt.regrade").exists()


def test_hr_reviews_an_attempt_and_regrades_it_from_the_page(world, two_question_exam, client_for):
    attempt = services.attempt_start(exam=two_question_exam, employee=world.agent_employee)
    services.attempt_submit(attempt=attempt, form=_answer(attempt, {1: "right", 2: "wrong"}))
    second = attempt.questions.get(position=2)
    question = _correct_key(second.version.question, right_key=_chosen(second))
    url = reverse("certification:hr_attempt", args=[attempt.pk])
    hr = client_for(world.hr)
    html = hr.get(url).content.decode()
    assert "Revisión del intento" in html and f'id="regrade-{question.pk}"' in html
    assert "Pregunta 2 se corrigió después de que este intento usara su versión 1" in html

    response = hr.post(url, {"question": question.pk, "reason": "Clave corregida"})
    assert response["Location"] == url
    attempt.refresh_from_db()
    assert attempt.passed and Certificate.objects.filter(attempt=attempt).exists()
    assert f'id="regrade-{question.pk}"' not in hr.get(url).content.decode()  # nothing left to regrade


def test_the_attempt_review_is_not_for_agents_and_a_foreign_question_is_refused(world, two_question_exam, client_for):
    attempt = services.attempt_start(exam=two_question_exam, employee=world.agent_employee)
    services.attempt_submit(attempt=attempt, form=_answer(attempt, {1: "right", 2: "right"}))
    url = reverse("certification:hr_attempt", args=[attempt.pk])
    assert client_for(world.agent).get(url).status_code in (403, 404)
    response = client_for(world.hr).post(url, {"question": "999999", "reason": "x"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="attempt.regrade").exists()

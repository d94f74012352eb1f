"""What a result page reveals (issue #13 §5): by default a failed attempt shows only its score and
section scores while attempts remain; the answers after a pass or once no attempt remains."""

from django.urls import reverse

from certification import services
from certification.models import ReviewPolicy
from tests.certification.factories import make_exam, make_questions
from tests.certification.test_cert_attempts import form_for


def _result(client, exam, world, *, correct):
    attempt = services.attempt_start(exam=exam, employee=world.agent_employee)
    services.attempt_submit(attempt=attempt, form=form_for(attempt, correct=correct))
    return client.get(reverse("certification:attempt_result", args=[attempt.pk])).content.decode()


def _reveals(html):
    return "Sus respuestas" in html or "Your answers" in html


def test_a_failed_attempt_reveals_no_answers_while_attempts_remain_by_default(bank, world, client_for):
    make_questions(bank, 4)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=4, attempts_per_30_days=2)
    assert exam.review_policy == ReviewPolicy.ANSWERS_AFTER_LAST
    client = client_for(world.agent)
    first = _result(client, exam, world, correct=False)
    assert not _reveals(first) and "badge--ok" not in first
    assert 'id="section-scores"' in first and "Única" in first and '<td>Única</td><td class="num">0 / 4</td>' in first
    # the last allowed attempt: now the answers show
    assert _reveals(_result(client, exam, world, correct=False))


def test_a_pass_reveals_the_answers_and_score_only_never_does(bank, world, client_for):
    make_questions(bank, 4)
    client = client_for(world.agent)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=4)
    assert _reveals(_result(client, exam, world, correct=True))
    strict = make_exam(
        specialisation=world.specialisation, bank=bank, count=4, code="examen-estricto", review_policy="score"
    )
    assert not _reveals(_result(client, strict, world, correct=True))


def test_after_pass_keeps_failed_attempts_closed_even_at_the_last_attempt(bank, world, client_for):
    make_questions(bank, 4)
    exam = make_exam(
        specialisation=world.specialisation, bank=bank, count=4, attempts_per_30_days=1, review_policy="after_pass"
    )
    assert not _reveals(_result(client_for(world.agent), exam, world, correct=False))

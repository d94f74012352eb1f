"""Concurrent double submit on PostgreSQL: one graded result, one certificate."""

import threading

import pytest
from django.db import connection

from certification import services
from certification.models import Attempt, AttemptStatus, Certificate
from tests.certification.factories import QuestionBankFactory, make_exam, make_questions
from tests.certification.test_cert_attempts import form_for


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_submitting_at_once_yield_one_result(world):
    bank = QuestionBankFactory(code="concurrente", specialisation=world.specialisation)
    make_questions(bank, 5)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=5)
    attempt = services.attempt_start(exam=exam, employee=world.agent_employee)
    form = form_for(attempt)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk), form=form))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.passed
    assert {r.closed_at for r in results} == {attempt.closed_at}
    assert Certificate.objects.filter(attempt=attempt).count() == 1


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_starting_at_once_get_one_attempt(world):
    bank = QuestionBankFactory(code="concurrente2", specialisation=world.specialisation)
    make_questions(bank, 5)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=3)
    barrier = threading.Barrier(3)
    started, errors = [], []

    def start():
        try:
            barrier.wait()
            started.append(services.attempt_start(exam=exam, employee=world.agent_employee).pk)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(started)) == 1 and Attempt.objects.count() == 1

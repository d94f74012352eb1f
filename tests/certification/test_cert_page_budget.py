""" "My certification" lists every exam with what the agent may do with it (resume, start, or why
not) in a fixed number of queries, whatever the number of exams, attempts and learning paths."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.urls import reverse

from certification.models import Attempt, AttemptStatus
from tests.certification.factories import QuestionBankFactory, make_exam, make_questions
from tests.factories import SpecialisationFactory
from tests.learning import factories as learning_factories

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)

#: session, user, MFA, employee; exams; attempts at them (open and recent) and the last close;
#: learning paths, their courses, the agent's completions; certificates; the attempt list
BUDGET = 12


def _exams(employee, count: int, prefix: str) -> None:
    """`count` exams in as many specialisations, each behind a learning path, each in another state:
    an attempt in progress, the cooldown after a graded one, or free to start."""
    for i in range(count):
        spec = SpecialisationFactory(code=f"{prefix}{i}", name=f"Especialidad {prefix}{i}")
        bank = QuestionBankFactory(code=f"{prefix}-banco-{i}", specialisation=spec)
        make_questions(bank, 2, prefix=f"{prefix}{i}-")
        exam = make_exam(specialisation=spec, bank=bank, count=2, requires_prerequisites=True, cooldown_hours=24)
        learning_factories.path(
            f"{prefix}-ruta-{i}", spec, [learning_factories.course(f"{prefix}-curso-{i}", lessons=1)]
        )
        state = i % 3
        if state == 2:
            continue
        started = NOW - dt.timedelta(hours=2)
        Attempt.objects.create(
            exam=exam,
            employee=employee,
            number=1,
            started_at=started,
            deadline=started + dt.timedelta(minutes=30),
            passing_score=Decimal("75"),
            status=AttemptStatus.IN_PROGRESS if state == 0 else AttemptStatus.GRADED,
            closed_at=None if state == 0 else started + dt.timedelta(minutes=20),
            passed=None if state == 0 else False,
        )


def test_my_certification_keeps_its_query_budget_whatever_the_exams(world, client_for, count_queries):
    url = reverse("certification:my_certification")
    with time_machine.travel(NOW, tick=False):
        _exams(world.agent_employee, 3, "a")
        few = count_queries(client_for(world.agent), url)
        _exams(world.agent_employee, 6, "b")
        many = count_queries(client_for(world.agent), url)
        body = client_for(world.agent).get(url).content.decode()

    assert few == many == BUDGET
    assert body.count("Continuar intento") == 3  # a0, b0, b3
    assert body.count("badge--ok") == 0  # no exam is open to start: prerequisites not met

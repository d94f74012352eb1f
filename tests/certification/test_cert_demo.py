import datetime as dt
import io

import pytest

from certification.demo import seeder
from certification.models import Attempt, Certificate, Exam, Question
from certification.selectors import certificates_valid_on
from core.dates import add_months
from core.demo import seed_world
from core.models import CampaignAssignment


def _required(world) -> dict[str, set[int]]:
    """{specialisation code: ids of demo agents on a campaign that requires it}."""
    out: dict[str, set[int]] = {}
    links = CampaignAssignment.objects.filter(
        employee__in=world.agents, campaign__required_specialisation__isnull=False
    ).values_list("employee_id", "campaign__required_specialisation__code")
    for employee_id, code in links:
        out.setdefault(code, set()).add(employee_id)
    return out


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_seeder_covers_every_status_and_is_idempotent():
    out = io.StringIO()
    world = seed_world(stdout=out)
    seeder.seed(world=world, stdout=out)
    assert Exam.objects.filter(is_active=True).count() == 5, out.getvalue()
    assert Question.objects.count() >= 50
    types = set(Question.objects.values_list("type", flat=True))
    assert {"single", "multi", "truefalse", "matching", "short", "numeric", "ordering", "scenario"} <= types
    today = world.today
    statuses = {c.status_on(today) for c in Certificate.objects.select_related("specialisation")}
    assert {"valid", "expiring", "expired", "revoked", "superseded"} <= statuses
    agente = world.users["agente"].employee
    assert Certificate.objects.filter(employee=agente).count() >= 2

    # most agents hold the specialisation their campaigns require, over every demo KPI month
    required = _required(world)
    assert set(required) == {"early_stage", "late_stage", "legal"}
    two_back_end = today.replace(day=1) - dt.timedelta(days=1)
    two_back_end = two_back_end.replace(day=1) - dt.timedelta(days=1)
    by_code = {a.pk: a.employee_code for a in world.agents}
    for code, ids in required.items():
        held_today = certificates_valid_on(agent_ids=ids, specialisation=code, day=today)
        held_before = certificates_valid_on(agent_ids=ids, specialisation=code, day=two_back_end)
        assert 0.84 <= len(held_today) / len(ids) <= 0.93, (code, len(held_today), len(ids))
        assert set(held_before) <= set(held_today)
        assert len(held_before) >= len(held_today) - 1  # only the demo user's recent certificate
        for employee_id, ref in held_today.items():
            if by_code[employee_id] != "A0001":
                assert ref.issued_on <= add_months(today, -4), (by_code[employee_id], ref)
    # the incentives demo's uncertified agent on a campaign that requires certification
    a0030 = next(a for a in world.agents if a.employee_code == "A0030")
    assert not Certificate.objects.filter(employee=a0030).exists()
    assert any(a0030.pk in ids for ids in required.values())
    # bulk attempts are real graded attempts: every certificate's attempt passed and has questions
    assert not Certificate.objects.filter(attempt__passed=False).exists()
    assert not Attempt.objects.filter(questions__isnull=True).exists()
    assert not Certificate.objects.exclude(pdf="").exists()  # PDFs are rendered on first download

    counts = (Question.objects.count(), Attempt.objects.count(), Certificate.objects.count())
    seeder.seed(world=world, stdout=out)
    assert (Question.objects.count(), Attempt.objects.count(), Certificate.objects.count()) == counts

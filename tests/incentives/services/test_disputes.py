from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.utils import translation

from incentives.errors import IncentivesError, TransitionDenied
from incentives.models import AdjustmentReason, AdjustmentStatus, DisputeStatus
from incentives.periods import next_period
from incentives.services import (
    dispute_open,
    dispute_resolve,
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_submit,
)
from tests.incentives.factories import PERIOD, facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    payout_run_approve_final(run=run, actor=w.hr)
    w.run = payout_run_lock(run=run, actor=w.hr)
    w.payout = w.run.payouts.get(employee=w.agent_employee)
    return w


def test_only_the_payee_disputes_their_line(locked):
    w = locked
    with pytest.raises(TransitionDenied) as exc:
        dispute_open(actor=w.teammate, payout=w.payout, message="No es mío")
    assert exc.value.code == "dispute_not_own"
    dispute = dispute_open(actor=w.agent, payout=w.payout, message="Faltan 2 promesas", line_code="promesas")
    assert dispute.status == DisputeStatus.OPEN and dispute.age_days() >= 0


def test_accepted_dispute_on_a_locked_period_posts_a_prior_period_adjustment(locked):
    w = locked
    facts(w.agent_employee, 2, start=next_period(PERIOD))
    november = payout_run_compute(period=next_period(PERIOD), actor=w.analyst)
    dispute = dispute_open(actor=w.agent, payout=w.payout, message="Faltan 2 promesas")
    dispute = dispute_resolve(
        actor=w.analyst, dispute=dispute, accept=True, resolution="Confirmado en CRM", amount=D("20.00")
    )
    adj = dispute.adjustment
    assert dispute.status == DisputeStatus.ACCEPTED
    assert (adj.run, adj.prior_period, adj.reason, adj.status) == (
        november,
        PERIOD,
        AdjustmentReason.DISPUTE,
        AdjustmentStatus.PENDING,
    )


def test_rejecting_needs_a_reason_and_a_dispute_is_resolved_once(locked):
    w = locked
    dispute = dispute_open(actor=w.agent, payout=w.payout, message="Revisar")
    with pytest.raises(IncentivesError) as exc:
        dispute_resolve(actor=w.analyst, dispute=dispute, accept=False, resolution=" ")
    assert exc.value.code == "comment_required"
    dispute_resolve(actor=w.analyst, dispute=dispute, accept=False, resolution="Los datos del dialer coinciden")
    with pytest.raises(IncentivesError) as exc:
        dispute_resolve(actor=w.analyst, dispute=dispute, accept=False, resolution="otra vez")
    assert exc.value.code == "dispute_not_open"
    with pytest.raises(TransitionDenied):
        dispute_resolve(actor=w.manager, dispute=dispute, accept=False, resolution="x")


def test_an_accepted_dispute_on_a_closed_period_opens_the_next_period_when_it_has_no_run(locked):
    w = locked
    dispute = dispute_open(actor=w.agent, payout=w.payout, message="Faltan 2 promesas")
    dispute = dispute_resolve(
        actor=w.analyst, dispute=dispute, accept=True, resolution="Confirmado en CRM", amount=D("20.00")
    )
    adj = dispute.adjustment
    assert dispute.status == DisputeStatus.ACCEPTED
    assert (adj.run.period, adj.run.status, adj.prior_period, adj.amount) == (
        next_period(PERIOD),
        "draft",
        PERIOD,
        D("20.00"),
    )
    # the line rides along when that draft is computed
    november = payout_run_compute(period=next_period(PERIOD), actor=w.analyst)
    assert november.pk == adj.run.pk and november.adjustments.get() == adj


def test_an_accepted_dispute_passes_over_a_period_whose_run_is_already_submitted(locked):
    w = locked
    facts(w.agent_employee, 2, start=next_period(PERIOD))
    november = payout_run_compute(period=next_period(PERIOD), actor=w.analyst)
    payout_run_submit(run=november, actor=w.analyst)
    dispute = dispute_open(actor=w.agent, payout=w.payout, message="Faltan 2 promesas")
    dispute = dispute_resolve(
        actor=w.analyst, dispute=dispute, accept=True, resolution="Confirmado en CRM", amount=D("20.00")
    )
    adj = dispute.adjustment
    assert adj.run.period == next_period(next_period(PERIOD)) and adj.prior_period == PERIOD
    november.refresh_from_db()
    assert november.status == "submitted" and not november.adjustments.exists()


def test_a_rejection_with_an_amount_is_refused_with_a_message(locked):
    w = locked
    dispute = dispute_open(actor=w.agent, payout=w.payout, message="Revisar")
    with pytest.raises(IncentivesError) as exc:
        dispute_resolve(actor=w.analyst, dispute=dispute, accept=False, resolution="No procede", amount=D("5.00"))
    assert exc.value.code == "dispute_reject_with_amount"
    with translation.override("es"):
        assert "rechazado no paga nada" in exc.value.message
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.OPEN

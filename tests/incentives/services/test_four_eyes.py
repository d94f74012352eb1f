"""Four eyes and scope on the incentives workflow: the gaps a security review reproduced."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from incentives.errors import TransitionDenied
from incentives.models import AdjustmentStatus, DisputeStatus, RunStatus
from incentives.services import (
    adjustment_create,
    adjustment_decide,
    dispute_open,
    dispute_resolve,
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_submit,
)
from tests.factories import EmployeeFactory, TeamMembershipFactory, UserFactory
from tests.incentives.factories import PERIOD, facts

pytestmark = pytest.mark.django_db


def test_the_submitter_cannot_approve_a_team_of_the_run(bonus_world):
    # reproduced: admin submitted run 2, then approved team bogota-1
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.admin)
    with pytest.raises(TransitionDenied) as exc:
        payout_run_approve_team(run=run, team=w.team_a, actor=w.admin)
    assert exc.value.code == "own_submission"
    run.refresh_from_db()
    assert run.status == RunStatus.SUBMITTED and not run.run_teams.filter(approved_at__isnull=False).exists()
    # someone else may
    assert payout_run_approve_team(run=run, team=w.team_a, actor=w.manager).status == RunStatus.SUBMITTED


def test_the_submitter_cannot_give_the_final_approval(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.admin)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    with pytest.raises(TransitionDenied) as exc:
        payout_run_approve_final(run=run, actor=w.admin)
    assert exc.value.code == "own_submission"
    assert payout_run_approve_final(run=run, actor=w.hr).status == RunStatus.APPROVED


def _pending_adjustment_for_agent(w):
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    return adjustment_create(
        actor=w.hr, run=run, employee=w.agent_employee, amount=D("50.00"), reason="correction", comment="Ajuste"
    )


def test_a_manager_cannot_decide_an_adjustment_outside_his_teams(bonus_world):
    # reproduced: gerente-santiago approved an adjustment for A0001 (team cdmx-1)
    w = bonus_world
    adj = _pending_adjustment_for_agent(w)
    other_manager = w.team_b.managers.get()
    with pytest.raises(TransitionDenied) as exc:
        adjustment_decide(actor=other_manager, adjustment=adj, approve=True)
    assert exc.value.code == "employee_not_in_scope"
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.PENDING
    # the manager of the employee's team may
    assert adjustment_decide(actor=w.manager, adjustment=adj, approve=True).status == AdjustmentStatus.APPROVED


def test_the_adjustment_page_is_404_for_a_manager_outside_the_team(bonus_world, client_for):
    w = bonus_world
    adj = _pending_adjustment_for_agent(w)
    other_manager = w.team_b.managers.get()
    url = reverse("incentives:adjustment_decide", args=[adj.pk, "approve"])
    assert client_for(other_manager).post(url, {"comment": ""}).status_code == 404
    adj.refresh_from_db()
    assert adj.status == AdjustmentStatus.PENDING


def test_the_manager_does_not_see_the_decision_buttons_outside_his_teams(bonus_world, client_for):
    w = bonus_world
    adj = _pending_adjustment_for_agent(w)
    decide = reverse("incentives:adjustment_decide", args=[adj.pk, "approve"])
    page = client_for(w.team_b.managers.get()).get(reverse("incentives:run_detail", args=[adj.run_id]))
    assert page.status_code == 200 and decide not in page.content.decode()
    page = client_for(w.manager).get(reverse("incentives:run_detail", args=[adj.run_id]))
    assert decide in page.content.decode()


@pytest.fixture
def hr_with_a_payout(bonus_world):
    """HR's user is linked to an employee of team A who is paid in the draft run (as rrhh is in the demo)."""
    w = bonus_world
    employee = EmployeeFactory(user=w.hr, employee_code="H0001")
    TeamMembershipFactory(employee=employee, team=w.team_a, start=PERIOD.replace(year=2024))
    facts(employee, 10)
    w.run = payout_run_compute(period=PERIOD, actor=w.analyst)
    w.hr_payout = w.run.payouts.get(employee=employee)
    return w


def test_nobody_resolves_their_own_dispute(hr_with_a_payout):
    # reproduced: rrhh, linked to an employee, accepted his own dispute
    w = hr_with_a_payout
    dispute = dispute_open(actor=w.hr, payout=w.hr_payout, message="Me faltan promesas")
    with pytest.raises(TransitionDenied) as exc:
        dispute_resolve(actor=w.hr, dispute=dispute, accept=True, resolution="Procede", amount=D("500.00"))
    assert exc.value.code == "dispute_own"
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.OPEN and dispute.adjustment is None
    resolved = dispute_resolve(actor=w.analyst, dispute=dispute, accept=False, resolution="Datos correctos")
    assert resolved.status == DisputeStatus.REJECTED


def test_the_dispute_list_offers_no_form_for_ones_own_dispute(hr_with_a_payout, client_for):
    w = hr_with_a_payout
    dispute = dispute_open(actor=w.hr, payout=w.hr_payout, message="Me faltan promesas")
    resolve = reverse("incentives:dispute_resolve", args=[dispute.pk])
    assert resolve not in client_for(w.hr).get(reverse("incentives:dispute_list")).content.decode()
    assert resolve in client_for(w.analyst).get(reverse("incentives:dispute_list")).content.decode()
    client_for(w.hr).post(resolve, {"accept": "1", "amount": "500", "resolution": "Procede"})
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.OPEN


def test_a_second_analyst_still_cannot_approve_what_he_adjusted(bonus_world):
    w = bonus_world
    analyst2 = UserFactory(username="analyst2", role="analyst")
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    adj = adjustment_create(
        actor=analyst2, run=run, employee=w.agent_employee, amount=D("10.00"), reason="correction", comment="x"
    )
    with pytest.raises(TransitionDenied) as exc:
        adjustment_decide(actor=analyst2, adjustment=adj, approve=True)
    assert exc.value.code == "adjustment_own"

from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from django.db import connection

from core.models import AuditEvent
from incentives.errors import IncentivesError, TransitionDenied
from incentives.models import AdjustmentStatus, PayoutRun, RunEvent, RunStatus
from incentives.periods import next_period
from incentives.services import (
    adjustment_create,
    adjustment_decide,
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_reject,
    payout_run_submit,
    prior_period_adjustment_post,
)
from tests.factories import UserFactory
from tests.incentives.factories import PERIOD, facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(bonus_world):
    w = bonus_world
    # a second manager for team B so both teams can be approved
    w.manager_b = w.team_b.managers.get()
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    w.run = run
    return w


def approve_all(w):
    payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    return payout_run_approve_team(run=w.run, team=w.team_b, actor=w.manager_b)


def test_it_walks_the_whole_workflow_with_events_and_audit(submitted):
    w = submitted
    run = payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    assert run.status == RunStatus.SUBMITTED
    run = payout_run_approve_team(run=w.run, team=w.team_b, actor=w.manager_b)
    assert run.status == RunStatus.TEAMS_APPROVED
    run = payout_run_approve_final(run=run, actor=w.hr)
    assert run.status == RunStatus.APPROVED
    run = payout_run_lock(run=run, actor=w.hr)
    assert run.status == RunStatus.LOCKED
    actions = list(RunEvent.objects.filter(run=run).values_list("action", flat=True))
    assert actions == ["submit", "approve_team", "approve_team", "teams_approved", "approve_final", "lock"]
    audited = set(AuditEvent.objects.filter(object_id=str(run.pk)).values_list("action", flat=True))
    assert {"payout_run.submit", "payout_run.approve_team", "payout_run.approve_final", "payout_run.lock"} <= audited


def test_run_events_are_append_only(submitted):
    event = RunEvent.objects.first()
    event.comment = "edited"
    with pytest.raises(ValueError):
        event.save()


def test_maker_cannot_approve(submitted):
    w = submitted
    # the analyst who computed becomes a manager of team A: still refused
    w.team_a.managers.add(w.analyst)
    w.analyst.role = "manager"
    w.analyst.save()
    with pytest.raises(TransitionDenied) as exc:
        payout_run_approve_team(run=w.run, team=w.team_a, actor=w.analyst)
    assert exc.value.code == "maker_checker"


def test_adjuster_cannot_approve(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    w.hr.employee = None
    adj = adjustment_create(
        actor=w.hr,
        run=run,
        employee=w.agent_employee,
        amount=D("50.00"),
        reason="correction",
        comment="Ajuste de prueba",
    )
    adjustment_decide(actor=w.analyst, adjustment=adj, approve=True)
    payout_run_submit(run=run, actor=w.analyst)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    with pytest.raises(TransitionDenied) as exc:
        payout_run_approve_final(run=run, actor=w.hr)
    assert exc.value.code == "maker_checker"


def test_nobody_approves_a_run_with_their_own_payout(submitted):
    w = submitted
    # the supervisor of team A (an employee with a payout in the run) is made a manager
    w.supervisor.role = "manager"
    w.supervisor.save()
    w.team_a.managers.add(w.supervisor)
    with pytest.raises(TransitionDenied) as exc:
        payout_run_approve_team(run=w.run, team=w.team_a, actor=w.supervisor)
    assert exc.value.code == "own_payout"


def test_manager_approves_only_their_teams(submitted):
    w = submitted
    with pytest.raises(TransitionDenied) as exc:
        payout_run_approve_team(run=w.run, team=w.team_b, actor=w.manager)
    assert exc.value.code == "team_not_managed"


@pytest.mark.parametrize("role", ["agent", "supervisor", "analyst", "hr", "compliance"])
def test_other_roles_cannot_approve_a_team(submitted, role):
    w = submitted
    with pytest.raises(TransitionDenied):
        payout_run_approve_team(run=w.run, team=w.team_a, actor=w.user(role))


def test_final_approval_needs_hr_and_all_teams(submitted):
    w = submitted
    with pytest.raises(IncentivesError) as exc:
        payout_run_approve_final(run=w.run, actor=w.hr)
    assert exc.value.code == "invalid_transition"
    approve_all(w)
    with pytest.raises(TransitionDenied):
        payout_run_approve_final(run=w.run, actor=w.manager)


def test_rejection_needs_a_comment_and_returns_to_draft(submitted):
    w = submitted
    payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    with pytest.raises(IncentivesError) as exc:
        payout_run_reject(run=w.run, actor=w.manager, comment="  ")
    assert exc.value.code == "comment_required"
    run = payout_run_reject(run=w.run, actor=w.manager, comment="Faltan ajustes del equipo")
    assert run.status == RunStatus.DRAFT
    assert not run.run_teams.filter(approved_at__isnull=False).exists()
    assert RunEvent.objects.filter(run=run, action="reject").get().comment == "Faltan ajustes del equipo"


def test_outside_manager_cannot_reject(submitted):
    w = submitted
    other = UserFactory(username="mgr-x", role="manager")
    with pytest.raises(TransitionDenied):
        payout_run_reject(run=w.run, actor=other, comment="no")


def test_pending_adjustments_block_submission(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    adj = adjustment_create(
        actor=w.hr, run=run, employee=w.agent_employee, amount=D("-20.00"), reason="clawback", comment="Pago revertido"
    )
    with pytest.raises(IncentivesError) as exc:
        payout_run_submit(run=run, actor=w.analyst)
    assert exc.value.code == "pending_adjustments"
    with pytest.raises(TransitionDenied) as exc:
        adjustment_decide(actor=w.hr, adjustment=adj, approve=True)
    assert exc.value.code == "adjustment_own"
    with pytest.raises(IncentivesError):
        adjustment_decide(actor=w.analyst, adjustment=adj, approve=False)
    adj = adjustment_decide(actor=w.analyst, adjustment=adj, approve=False, comment="No procede")
    assert adj.status == AdjustmentStatus.REJECTED
    assert payout_run_submit(run=run, actor=w.analyst).status == RunStatus.SUBMITTED


def test_prior_period_corrections_go_to_the_next_open_run(submitted):
    w = submitted
    approve_all(w)
    payout_run_approve_final(run=w.run, actor=w.hr)
    locked = payout_run_lock(run=w.run, actor=w.hr)
    facts(w.agent_employee, 3, start=next_period(PERIOD))
    november = payout_run_compute(period=next_period(PERIOD), actor=w.analyst)
    adj = prior_period_adjustment_post(
        actor=w.hr, locked_run=locked, employee=w.agent_employee, amount=D("25.00"), comment="Pago omitido en octubre"
    )
    assert adj.run == november and adj.prior_period == PERIOD and adj.reason == "prior_period"
    locked.refresh_from_db()
    assert locked.total == D("1140.00")  # the closed run is never edited


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_final_approvals_exactly_one_wins(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    hr2 = UserFactory(username="hr2", role="hr")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve(actor):
        try:
            barrier.wait(timeout=10)
            payout_run_approve_final(run=PayoutRun(pk=run.pk), actor=actor)
            results.append("ok")
        except IncentivesError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (w.hr, hr2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["invalid_transition", "ok"]
    assert RunEvent.objects.filter(run_id=run.pk, action="approve_final").count() == 1
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.APPROVED


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_team_approvals_move_the_run_once(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def approve(team, actor):
        try:
            barrier.wait(timeout=10)
            payout_run_approve_team(run=PayoutRun(pk=run.pk), team=team, actor=actor)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(w.team_a, w.manager)),
        threading.Thread(target=approve, args=(w.team_b, w.team_b.managers.get())),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert RunEvent.objects.filter(run_id=run.pk, action="teams_approved").count() == 1
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.TEAMS_APPROVED

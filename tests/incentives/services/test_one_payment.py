"""Nobody is paid twice: one run per period and plan, held by the database and re-checked by the
workflow; a locked period takes no new run; a plan-limited run pays what the all-plans run pays."""

from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from core.models import Employee
from incentives.errors import IncentivesError
from incentives.exports import payroll_export
from incentives.models import Payout, PayoutRun, RunPlanClaim, RunStatus
from incentives.services import (
    payout_run_approve_final,
    payout_run_compute,
    payout_run_discard,
    payout_run_lock,
    payout_run_request,
    payout_run_submit,
)
from tests.incentives.factories import PERIOD, demo_definition, published_plan, simple_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_plans(bonus_world):
    """bonus_world's team plan ("simple") plus a personal plan "otro" for the agent."""
    w = bonus_world
    w.other = published_plan(w.analyst, definition=simple_definition(code="otro"), employee=w.agent_employee)
    return w


def test_a_plan_limited_run_is_refused_while_the_all_plans_run_holds_the_period(two_plans):
    w = two_plans
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    with pytest.raises(IncentivesError) as exc:
        payout_run_compute(period=PERIOD, plan_code="otro", actor=w.analyst)
    assert exc.value.code == "period_claimed" and exc.value.params["run"] == run.pk
    with translation.override("es"):
        assert f"La corrida #{run.pk} ya cubre" in exc.value.message
    assert PayoutRun.objects.filter(period=PERIOD).count() == 1


def test_an_all_plans_run_is_refused_while_a_plan_limited_run_holds_one_plan(two_plans):
    w = two_plans
    limited = payout_run_compute(period=PERIOD, plan_code="otro", actor=w.analyst)
    with pytest.raises(IncentivesError) as exc:
        payout_run_compute(period=PERIOD, actor=w.analyst)
    assert exc.value.code == "period_claimed" and exc.value.params["run"] == limited.pk
    # disjoint plan sets may share the period
    other = payout_run_compute(period=PERIOD, plan_code="simple", actor=w.analyst)
    assert other.pk != limited.pk and other.payout_count > 0


def test_a_discarded_draft_frees_its_plans(two_plans):
    w = two_plans
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_discard(run=run, actor=w.analyst)
    assert not RunPlanClaim.objects.filter(period=PERIOD).exists()
    limited = payout_run_compute(period=PERIOD, plan_code="otro", actor=w.analyst)
    assert limited.payout_count == 1


def test_the_database_holds_one_claim_per_period_and_plan(two_plans):
    w = two_plans
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    intruder = PayoutRun.objects.create(period=PERIOD, plan=w.other.plan)
    for plan in (w.other.plan, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            RunPlanClaim.objects.create(run=intruder, period=PERIOD, plan=plan)
    assert set(RunPlanClaim.objects.filter(period=PERIOD).values_list("run_id", flat=True)) == {run.pk}


def _legacy_overlap(w):
    """Two runs paying the same people under the same plan, as before the claims existed."""
    first = payout_run_compute(period=PERIOD, actor=w.analyst)
    RunPlanClaim.objects.filter(run=first).delete()  # a run from before the claims table
    second = payout_run_compute(period=PERIOD, plan_code="simple", actor=w.analyst)
    return first, second


def test_submit_rechecks_the_period_and_refuses_a_second_payment(two_plans):
    w = two_plans
    first, second = _legacy_overlap(w)
    with pytest.raises(IncentivesError) as exc:
        payout_run_submit(run=second, actor=w.analyst)
    assert exc.value.code == "paid_twice" and exc.value.params["run"] == first.pk
    with pytest.raises(IncentivesError) as exc:
        payout_run_submit(run=first, actor=w.analyst)
    assert exc.value.code == "period_claimed"


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (RunStatus.TEAMS_APPROVED, lambda run, w: payout_run_approve_final(run=run, actor=w.hr)),
        (RunStatus.APPROVED, lambda run, w: payout_run_lock(run=run, actor=w.hr)),
        (RunStatus.LOCKED, lambda run, w: payroll_export(actor=w.hr, run=run)),
    ],
    ids=["final approval", "lock", "export"],
)
def test_final_approval_lock_and_export_recheck_the_period(two_plans, status, step):
    w = two_plans
    _first, second = _legacy_overlap(w)
    PayoutRun.objects.filter(pk=second.pk).update(status=status)
    second.refresh_from_db()
    with pytest.raises(IncentivesError) as exc:
        step(second, w)
    assert exc.value.code == "paid_twice"
    second.refresh_from_db()
    assert second.status == status and not second.exports.exists()


def test_a_locked_plan_run_closes_the_period_to_every_new_run(two_plans):
    w = two_plans
    limited = payout_run_compute(period=PERIOD, plan_code="otro", actor=w.analyst)
    PayoutRun.objects.filter(pk=limited.pk).update(status=RunStatus.LOCKED)
    for plan_code in ("simple", None, "otro"):
        with pytest.raises(IncentivesError) as exc:
            payout_run_compute(period=PERIOD, plan_code=plan_code, actor=w.analyst)
        assert exc.value.code == "period_locked"
    assert PayoutRun.objects.filter(period=PERIOD).count() == 1


def test_a_plan_limited_supervisor_run_pays_what_the_all_plans_run_pays(bonus_world):
    w = bonus_world
    supervisor = Employee.objects.get(employee_code="S0001")
    published_plan(w.analyst, definition=demo_definition("supervisores"), employee=supervisor)
    limited = payout_run_compute(period=PERIOD, plan_code="supervisores", actor=w.analyst)
    paid = limited.payouts.get(employee=supervisor)
    # 8% of the team's payouts (A0001 and A0002: 2 x 380.00) + 1,500 for team quality 90 >= 88
    assert paid.total == D("1560.80")
    payout_run_discard(run=limited, actor=w.analyst)
    everything = payout_run_compute(period=PERIOD, actor=w.analyst)
    assert everything.payouts.get(employee=supervisor).total == paid.total


# ----------------------------------------------------------------------------- concurrency (PostgreSQL)
def _race(n: int, work) -> list[str]:
    barrier = threading.Barrier(n)
    results: list[str] = []

    def run(i):
        try:
            barrier.wait(timeout=10)
            work(i)
            results.append("ok")
        except IncentivesError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_six_simultaneous_compute_requests_make_one_run(two_plans, monkeypatch):
    w = two_plans
    monkeypatch.setattr("incentives.tasks.payout_run_payouts_write_task.delay", lambda *a, **k: None)
    results = _race(6, lambda i: payout_run_request(period=PERIOD, actor=w.analyst))
    assert results.count("ok") == 1, results
    assert set(results) - {"ok"} <= {"period_claimed", "run_computing"}, results
    assert PayoutRun.objects.filter(period=PERIOD).count() == 1


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_six_simultaneous_computes_leave_one_run_and_one_payout_per_person_and_plan(two_plans):
    w = two_plans
    results = _race(6, lambda i: payout_run_compute(period=PERIOD, actor=w.analyst))
    assert "ok" in results
    assert set(results) - {"ok"} <= {"period_claimed", "run_computing"}, results
    assert PayoutRun.objects.filter(period=PERIOD).count() == 1
    keys = list(Payout.objects.filter(run__period=PERIOD).values_list("employee_id", "plan_version_id"))
    assert len(keys) == len(set(keys)) == 4


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_all_plans_and_a_plan_limited_compute_at_once_one_wins(two_plans, monkeypatch):
    w = two_plans
    monkeypatch.setattr("incentives.tasks.payout_run_payouts_write_task.delay", lambda *a, **k: None)
    results = _race(2, lambda i: payout_run_request(period=PERIOD, plan_code=(None, "otro")[i], actor=w.analyst))
    assert sorted(results) == ["ok", "period_claimed"], results
    assert PayoutRun.objects.filter(period=PERIOD).count() == 1


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_submit_and_a_recompute_at_once_one_wins(two_plans):
    w = two_plans
    run = payout_run_compute(period=PERIOD, actor=w.analyst)

    def work(i):
        if i == 0:
            payout_run_submit(run=PayoutRun(pk=run.pk), actor=w.analyst)
        else:
            payout_run_compute(period=PERIOD, actor=w.analyst)

    results = _race(2, work)
    assert results.count("ok") == 1, results
    assert set(results) - {"ok"} <= {"run_not_draft", "run_computing"}, results
    run.refresh_from_db()
    assert not run.computing

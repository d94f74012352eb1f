"""One payment per person, plan and month: the runs' claims on their period's plans.

A run claims (period, plan) for every plan it may pay, in the database (``RunPlanClaim``, unique
per period and plan, plus one all-plans claim per period). Claims are made when the run is
created and again when it is computed (for plans published since); the workflow re-checks them
at submit, approval, lock and export (:func:`run_claims_check`). Rows are inserted and locked
in primary-key order so concurrent runs queue instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from incentives.errors import IncentivesError
from incentives.models import Payout, PayoutRun, Plan, RunPlanClaim


def _plan_label(plan_id: int | None) -> str:
    if plan_id is None:
        return gettext("all plans")
    plan = Plan.objects.filter(pk=plan_id).first()
    return plan.name if plan else str(plan_id)


def _claimed_error(run: PayoutRun, claim: RunPlanClaim | None, plan_id: int | None) -> IncentivesError:
    return IncentivesError(
        "period_claimed",
        {
            "period": f"{run.period:%Y-%m}",
            "plan": _plan_label(claim.plan_id if claim else plan_id),
            "run": claim.run_id if claim else "?",
        },
    )


def run_claim_plans(*, run: PayoutRun, plan_ids: Iterable[int | None]) -> None:
    """Claim (run.period, plan) for each plan (None: the all-plans claim) not yet held by the run.

    Raises ``period_claimed`` naming the run that holds a plan. A plan-limited run is refused
    while the period has an all-plans run, even for a plan published after that run claimed."""
    wanted = set(plan_ids)
    existing = list(RunPlanClaim.objects.filter(period=run.period).order_by("pk"))
    held = {c.plan_id for c in existing if c.run_id == run.pk}
    for claim in existing:
        if claim.run_id != run.pk and (claim.plan_id in wanted or (claim.plan_id is None and run.plan_id)):
            raise _claimed_error(run, claim, claim.plan_id)
    new = sorted(wanted - held, key=lambda p: p or 0)
    if not new:
        return
    try:
        with transaction.atomic():  # a savepoint: the unique index decides between concurrent runs
            RunPlanClaim.objects.bulk_create([RunPlanClaim(run=run, period=run.period, plan_id=p) for p in new])
    except IntegrityError as exc:
        other = (
            RunPlanClaim.objects.filter(period=run.period, plan_id__in=[p for p in new if p is not None])
            .exclude(run=run)
            .order_by("pk")
            .first()
        )
        if other is None and None in new:
            other = RunPlanClaim.objects.filter(period=run.period, plan__isnull=True).exclude(run=run).first()
        raise _claimed_error(run, other, new[0]) from exc


def run_claim_scope(*, run: PayoutRun) -> None:
    """The claims a run needs before it computes: its plan, or every plan and the period."""
    if run.plan_id:
        run_claim_plans(run=run, plan_ids=[run.plan_id])
    else:
        run_claim_plans(run=run, plan_ids=[None, *Plan.objects.order_by("pk").values_list("pk", flat=True)])


def run_claims_check(*, run: PayoutRun) -> None:
    """Refuse a transition when the run pays a plan it does not hold, or when another run of the
    period pays the same person under the same plan version (the claims' locks are taken first)."""
    claims = list(RunPlanClaim.objects.select_for_update().filter(period=run.period).order_by("pk"))
    mine = {c.plan_id for c in claims if c.run_id == run.pk}
    scope = run.plan_id if run.plan_id else None
    paid = set(Payout.objects.filter(run=run).values_list("plan_version__plan_id", flat=True).distinct())
    missing = ({scope} | paid) - mine
    if missing:
        plan_id = sorted(missing, key=lambda p: p or 0)[0]
        holder = next((c for c in claims if c.plan_id == plan_id), None)
        raise _claimed_error(run, holder, plan_id)
    twice = (
        Payout.objects.filter(run__period=run.period, plan_version__plan_id__in=paid)
        .exclude(run=run)
        .filter(employee_id__in=Payout.objects.filter(run=run).values("employee_id"))
        .order_by("run_id")
        .values_list("run_id", flat=True)
        .first()
    )
    if twice is not None:
        raise IncentivesError("paid_twice", {"period": f"{run.period:%Y-%m}", "run": twice})

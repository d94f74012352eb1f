"""A whole period's payouts from its frozen inputs: the orchestration of a bonus run (pure).

The stages of a run (as saleor splits a checkout):

1. fetch (``incentives.run_inputs``, the only stage that reads the database): who is paid under
   which plan version for how many days, their KPI sums, targets, certificate gate, teams;
   frozen into :class:`PeriodInputs`;
2. calculate (here, no database): :func:`period_payouts_calculate` runs
   :func:`~incentives.engine.compute.agent_payout_calculate` on every segment, in two passes
   when a plan has override components (a supervisor's ``@team_payout`` is the total of the team
   members' payouts of the first pass);
3. write (``incentives.services``, the runs part): the payouts, their lines and traces, the
   run's totals, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .compute import AgentInputs, Payout, TeamInputs, agent_payout_calculate
from .money import ZERO
from .plan import PlanVersion, Scope


@dataclass(frozen=True)
class Segment:
    """One employee under one plan version for (part of) the period."""

    employee_id: int
    plan_version_id: int
    plan: PlanVersion
    inputs: AgentInputs
    #: the team the payout is recorded for (the employee's main team in the period)
    team_id: int | None
    #: days of this version's range the employee was on leave (already out of eligible_days)
    leave_days: int = 0


@dataclass(frozen=True)
class PeriodInputs:
    """Everything the engine needs for a period, read once."""

    first: dt.date
    last: dt.date
    segments: tuple[Segment, ...] = ()
    teams: Mapping[int, TeamInputs] = field(default_factory=dict)
    #: team id -> the employees whose sums make up its pool (members in the period)
    team_members: Mapping[int, frozenset[int]] = field(default_factory=dict)
    #: employee id -> KPI sums (the paid employees and the members of their teams)
    kpi_sums: Mapping[int, Mapping[str, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class SegmentPayout:
    """A segment and what it pays."""

    segment: Segment
    payout: Payout


def has_override(plan: PlanVersion) -> bool:
    return any(c.scope == Scope.OVERRIDE for c in plan.components)


def team_payout_totals(results: tuple[SegmentPayout, ...] | list[SegmentPayout], *, exclude: set[int]) -> dict:
    """{team id: total of the payouts recorded for that team}, leaving out ``exclude`` (the
    supervisors paid by overrides, whose own payouts are not part of their team's total)."""
    totals: dict[int, Decimal] = {}
    for r in results:
        seg = r.segment
        if seg.employee_id in exclude or seg.team_id is None:
            continue
        totals[seg.team_id] = totals.get(seg.team_id, ZERO) + r.payout.total
    return totals


def period_payouts_first_pass(
    inputs: PeriodInputs, *, progress: Callable[[int], None] | None = None
) -> tuple[SegmentPayout, ...]:
    """Every segment's payout on the team sums (no team payouts yet), in the order of
    ``inputs.segments``. A chunk of a run (``inputs`` read for some employees) is a first pass of
    its own; ``progress`` gets 0..90 (percent)."""
    total = len(inputs.segments) or 1
    pool_cache: dict = {}
    results: list[SegmentPayout] = []
    for i, seg in enumerate(inputs.segments):
        payout = agent_payout_calculate(plan=seg.plan, inputs=seg.inputs, teams=inputs.teams, pool_cache=pool_cache)
        results.append(SegmentPayout(seg, payout))
        if progress and i % 250 == 0:
            progress(int(90 * i / total))
    return tuple(results)


def needs_override_pass(result: SegmentPayout) -> bool:
    """A supervisor's segment under a plan with override components: computed again in the
    override pass, on the team payouts of the first pass."""
    seg = result.segment
    return bool(seg.inputs.supervised_team_ids) and has_override(seg.plan)


class OverridePass:
    """The override pass fed chunk by chunk, keeping only what it needs (a run's memory is then
    bounded by a chunk, not by the company): the team totals of the first pass, the supervisors'
    segments and the teams they are paid on. :meth:`add` takes one chunk's first-pass results
    (with the teams that chunk read) and returns those that are final; :meth:`finish` returns the
    supervisors' payouts. Every employee's segments are in one chunk (chunks split employees),
    and a chunk reads every member of its employees' teams and of the teams they supervise, so
    the result equals :func:`period_payouts_overrides` over all the chunks at once."""

    def __init__(self) -> None:
        self.team_total: dict[int, Decimal] = {}
        self.pending: list[Segment] = []
        self.teams: dict[int, TeamInputs] = {}

    def add(self, results, teams: Mapping[int, TeamInputs]) -> list[SegmentPayout]:
        second = [r for r in results if needs_override_pass(r)]
        supervisors = {r.segment.employee_id for r in second}
        ready: list[SegmentPayout] = []
        totals = self.team_total
        for r in results:
            seg = r.segment
            if seg.employee_id not in supervisors and seg.team_id is not None:
                totals[seg.team_id] = totals.get(seg.team_id, ZERO) + r.payout.total
        for r in results:
            if second and needs_override_pass(r):
                seg = r.segment
                self.pending.append(seg)
                for tid in (*seg.inputs.team_ids, *seg.inputs.supervised_team_ids):
                    if tid in teams:
                        self.teams[tid] = teams[tid]
            else:
                ready.append(r)
        return ready

    def finish(self) -> list[SegmentPayout]:
        with_totals = {tid: replace(t, payout_total=self.team_total.get(tid, ZERO)) for tid, t in self.teams.items()}
        pool_cache: dict = {}
        return [
            SegmentPayout(
                seg, agent_payout_calculate(plan=seg.plan, inputs=seg.inputs, teams=with_totals, pool_cache=pool_cache)
            )
            for seg in self.pending
        ]


def period_payouts_overrides(
    results: tuple[SegmentPayout, ...] | list[SegmentPayout], teams: Mapping[int, TeamInputs]
) -> tuple[SegmentPayout, ...]:
    """The second pass over the first-pass ``results`` of the whole period (every chunk): the
    supervisors of plans with override components again, each team now carrying the total of
    its members' first-pass payouts (``TeamInputs.payout_total``). Without such a plan the
    results are returned as they are."""
    results = list(results)
    second = [i for i, r in enumerate(results) if needs_override_pass(r)]
    if not second:
        return tuple(results)
    supervisors = {results[i].segment.employee_id for i in second}
    team_total = team_payout_totals(results, exclude=supervisors)
    with_totals = {tid: replace(t, payout_total=team_total.get(tid, ZERO)) for tid, t in teams.items()}
    pool_cache: dict = {}
    for i in second:
        seg = results[i].segment
        results[i] = SegmentPayout(
            seg, agent_payout_calculate(plan=seg.plan, inputs=seg.inputs, teams=with_totals, pool_cache=pool_cache)
        )
    return tuple(results)


def period_payouts_calculate(
    inputs: PeriodInputs, *, progress: Callable[[int], None] | None = None
) -> tuple[SegmentPayout, ...]:
    """Every segment's payout, in the order of ``inputs.segments``: the first pass
    (:func:`period_payouts_first_pass`), then the override pass (:func:`period_payouts_overrides`)."""
    return period_payouts_overrides(period_payouts_first_pass(inputs, progress=progress), inputs.teams)

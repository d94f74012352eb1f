"""Gathering engine inputs from the database and writing payout runs.

Fetch first (a fixed number of queries), compute in the pure engine, then write in one
transaction. Choices documented here:

* assignments: per employee and day the most specific assignment wins (employee > role >
  campaign > team, then the latest start); days outside employment do not count. Each plan
  version pays its share of the eligible days (``engine`` proration).
* leave (``core.Leave``): every kind (vacation, sick, unpaid, other) is a day not eligible, for
  every plan; a day covered by several leaves counts once. The days on leave are subtracted from
  the version in force on those days and shown in the stored trace's proration step
  (``eligible_days``, ``days_in_period``, ``leave_days``). A version left with no eligible day
  pays nothing and gets no payout.
* KPI sums are the whole period's (or month-to-date, projected, for a projection).
* team pools: an agent's paid hours are split across their teams in proportion to the days
  in each team; team sums are the members' sums weighted the same way.
* the certificate gate uses the campaigns the agent worked during the period that require a
  specialisation, checked on the period's last day (or the last day employed, for leavers).
* supervisor overrides on ``@team_payout`` see the team members' totals from the first pass.
"""

from __future__ import annotations

import datetime as dt
import gc
import json

try:  # optional speed-up for writing traces
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from certification.selectors import certificates_valid_on
from core.audit import audit_record
from core.models import CampaignAssignment, Employee, Leave, Team, TeamMembership
from incentives import engine
from incentives.claims import run_claim_plans, run_claim_scope
from incentives.errors import IncentivesError
from incentives.fingerprint import Staleness, StalePreview, fingerprint_compare, run_fingerprint
from incentives.models import (
    CLOSED_STATUSES,
    Dispute,
    Payout,
    PayoutLine,
    PayoutRun,
    PlanAssignment,
    PlanVersion,
    PlanVersionStatus,
    RunStatus,
    RunTeam,
    Target,
)
from incentives.periods import period_bounds
from kpi.selectors import kpi_sums

ZERO = Decimal(0)


@dataclass
class Segment:
    """One employee under one plan version for (part of) the period."""

    employee_id: int
    version: PlanVersion
    plan: engine.PlanVersion
    inputs: engine.AgentInputs
    team_id: int | None
    payout: engine.Payout | None = None
    #: days of this version's range the employee was on leave (already out of eligible_days)
    leave_days: int = 0


@dataclass(frozen=True)
class _Emp:
    pk: int
    user_id: int | None
    hire_date: dt.date
    termination_date: dt.date | None


@dataclass
class Gathered:
    period: dt.date
    first: dt.date
    last: dt.date
    segments: list[Segment] = field(default_factory=list)
    teams: dict[int, engine.TeamInputs] = field(default_factory=dict)
    team_members: dict[int, set[int]] = field(default_factory=dict)
    sums: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    fingerprint: dict = field(default_factory=dict)


def _kpi_sums(ids: list[int], first: dt.date, last: dt.date) -> dict[int, dict[str, Decimal]]:
    return kpi_sums(employee_ids=ids, start=first, end=last)


def _certified(employees: dict[int, _Emp], first: dt.date, last: dt.date) -> dict[int, bool | None]:
    """Per employee: None when no worked campaign requires a specialisation, else all held."""
    required: dict[int, set[int]] = defaultdict(set)
    links = (
        CampaignAssignment.objects.filter(employee_id__any=list(employees))
        .overlapping(first, last)
        .filter(campaign__required_specialisation__isnull=False)
        .values_list("employee_id", "campaign__required_specialisation_id")
    )
    for employee_id, spec_id in links:
        required[employee_id].add(spec_id)
    groups: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
    for employee_id, specs in required.items():
        emp = employees[employee_id]
        day = min(last, emp.termination_date) if emp.termination_date else last
        for spec_id in specs:
            groups[(spec_id, day)].append(employee_id)
    holders: dict[tuple[int, dt.date], set[int]] = {}
    for (spec_id, day), ids in groups.items():
        holders[(spec_id, day)] = set(certificates_valid_on(agent_ids=ids, specialisation=spec_id, day=day))
    out: dict[int, bool | None] = {}
    for employee_id in employees:
        specs = required.get(employee_id)
        if not specs:
            out[employee_id] = None
            continue
        emp = employees[employee_id]
        day = min(last, emp.termination_date) if emp.termination_date else last
        out[employee_id] = all(employee_id in holders[(s, day)] for s in specs)
    return out


def _leave_days(employee_ids: Iterable[int], first: dt.date, last: dt.date) -> dict[int, set[int]]:
    """{employee_id: day offsets from ``first`` on leave}, for everyone in one query."""
    out: dict[int, set[int]] = defaultdict(set)
    rows = Leave.objects.filter(employee_id__any=list(employee_ids), start__lte=last, end__gte=first)
    for emp_id, lo, hi in rows.values_list("employee_id", "start", "end"):
        out[emp_id].update(range((max(lo, first) - first).days, (min(hi, last) - first).days + 1))
    return out


def _assignment_days(
    first: dt.date,
    last: dt.date,
    plan_code: str | None,
    employee_ids: Iterable[int] | None,
    leave_out: dict[int, dict[int, int]] | None = None,
) -> dict[int, dict[int, int]]:
    """{employee_id: {plan_version_id: eligible days}} from the assignments in force, minus the
    days on leave; ``leave_out`` (when given) receives {employee_id: {plan_version_id: leave days}}."""
    ndays = (last - first).days + 1
    assignments = list(
        PlanAssignment.objects.filter(
            plan_version__status=PlanVersionStatus.PUBLISHED, start__lte=last, end__gte=first
        ).select_related("plan_version__plan")
    )
    only = set(employee_ids) if employee_ids is not None else None
    # candidate ranges: (employee_id, start, end, assignment)
    ranges: list[tuple[int, dt.date, dt.date, PlanAssignment]] = []

    def clip(a: PlanAssignment, emp_id: int, lo: dt.date, hi: dt.date | None) -> None:
        v = a.plan_version
        s = max(first, a.start, lo, v.valid_from)
        e = min(last, a.end, hi or last, v.valid_to or last)
        if s <= e and (only is None or emp_id in only):
            ranges.append((emp_id, s, e, a))

    for a in assignments:
        if a.employee_id:
            clip(a, a.employee_id, first, last)
        elif a.role:
            for emp_id in Employee.objects.filter(user__role=a.role).values_list("pk", flat=True):
                clip(a, emp_id, first, last)
        elif a.campaign_id:
            links = CampaignAssignment.objects.filter(campaign_id=a.campaign_id).overlapping(a.start, a.end)
            for emp_id, lo, hi in links.values_list("employee_id", "start", "end"):
                clip(a, emp_id, lo, hi)
        elif a.team_id:
            links = TeamMembership.objects.filter(team_id=a.team_id).overlapping(a.start, a.end)
            for emp_id, lo, hi in links.values_list("employee_id", "start", "end"):
                clip(a, emp_id, lo, hi)
    if not ranges:
        return {}
    employment = {
        pk: (hire, term)
        for pk, hire, term in Employee.objects.filter(pk__any=sorted({r[0] for r in ranges})).values_list(
            "pk", "hire_date", "termination_date"
        )
    }
    on_leave = _leave_days(employment, first, last)
    leave_out = {} if leave_out is None else leave_out
    per_employee: dict[int, list] = defaultdict(list)
    for emp_id, s, e, a in ranges:
        hire, term = employment[emp_id]
        s, e = max(s, hire), min(e, term or e)
        if s <= e:
            per_employee[emp_id].append((s, e, a))
    out: dict[int, dict[int, int]] = {}
    best: dict[int, list[tuple | None]] = {}
    for emp_id, items in per_employee.items():
        if len(items) == 1:  # the common case: one assignment, no per-day resolution needed
            s, e, a = items[0]
            if plan_code is None or a.plan_version.plan.code == plan_code:
                lo, hi = (s - first).days, (e - first).days
                away = sum(1 for i in on_leave.get(emp_id, ()) if lo <= i <= hi)
                if away:
                    leave_out[emp_id] = {a.plan_version_id: away}
                if hi - lo + 1 - away > 0:
                    out[emp_id] = {a.plan_version_id: hi - lo + 1 - away}
            continue
        for s, e, a in items:
            _mark(best, emp_id, ndays, first, s, e, a, plan_code)
    for emp_id, slots in best.items():
        counts: dict[int, int] = {}
        away: dict[int, int] = {}
        leave_idx = on_leave.get(emp_id, set())
        for i, slot in enumerate(slots):
            if slot is None:
                continue
            if plan_code is not None and slot[2] != plan_code:
                continue
            bucket = away if i in leave_idx else counts
            bucket[slot[1]] = bucket.get(slot[1], 0) + 1
        if away:
            leave_out[emp_id] = away
        if counts:
            out[emp_id] = counts
    return out


def _mark(best, emp_id, ndays, first, s, e, a, plan_code) -> None:
    """Per day, keep the most specific assignment (then the latest start, then the newest)."""
    slots = best.setdefault(emp_id, [None] * ndays)
    key = (a.specificity, a.start, a.pk)
    for i in range((s - first).days, (e - first).days + 1):
        cur = slots[i]
        if cur is None or key > cur[0]:
            slots[i] = (key, a.plan_version_id, a.plan_version.plan.code if plan_code else None)


def _targets(
    period: dt.date, employees: dict[int, Employee], primary_team: dict[int, int | None], campaigns: dict[int, set[int]]
) -> dict[int, dict[str, Decimal]]:
    rows = list(Target.objects.filter(period=period))
    by_emp: dict[int, dict[str, Decimal]] = defaultdict(dict)
    by_team: dict[int, dict[str, Decimal]] = defaultdict(dict)
    by_campaign: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for t in rows:
        if t.employee_id:
            by_emp[t.employee_id][t.code] = t.value
        elif t.team_id:
            by_team[t.team_id][t.code] = t.value
        elif t.campaign_id:
            by_campaign[t.campaign_id][t.code] = t.value
    out: dict[int, dict[str, Decimal]] = {}
    for emp_id in employees:
        merged: dict[str, Decimal] = {}
        for camp in sorted(campaigns.get(emp_id, ())):
            merged.update(by_campaign.get(camp, {}))
        team = primary_team.get(emp_id)
        if team:
            merged.update(by_team.get(team, {}))
        merged.update(by_emp.get(emp_id, {}))
        out[emp_id] = merged
    return out


def gather(
    *,
    period: dt.date,
    plan_code: str | None = None,
    employee_ids: Iterable[int] | None = None,
    until: dt.date | None = None,
) -> Gathered:
    """Build the engine inputs of a period. With ``until`` (a projection), KPI sums run to that
    day and are projected linearly to the month's end."""
    first, last = period_bounds(period)
    g = Gathered(period=period, first=first, last=last)
    leave: dict[int, dict[int, int]] = {}
    days = _assignment_days(first, last, plan_code, employee_ids, leave)
    if not days:
        return g
    emp_ids = sorted(days)
    employees = {
        pk: _Emp(pk, user_id, hire, term)
        for pk, user_id, hire, term in Employee.objects.filter(pk__any=emp_ids).values_list(
            "pk", "user_id", "hire_date", "termination_date"
        )
    }
    versions = {
        v.pk: v for v in PlanVersion.objects.filter(pk__in={v for d in days.values() for v in d}).select_related("plan")
    }
    plans = {pk: v.engine_plan() for pk, v in versions.items()}

    # team membership (for approval scope, pools and overrides)
    team_days: dict[int, dict[int, int]] = defaultdict(dict)
    for emp_id, team_id, lo, hi in TeamMembership.objects.overlapping(first, last).values_list(
        "employee_id", "team_id", "start", "end"
    ):
        d = max(0, (min(last, hi or last) - max(first, lo)).days + 1)
        if d:
            team_days[emp_id][team_id] = team_days[emp_id].get(team_id, 0) + d
    supervised: dict[int, list[int]] = defaultdict(list)
    for team_id, user_id in Team.supervisors.through.objects.values_list("team_id", "user_id"):
        supervised[user_id].append(team_id)
    primary_team = {
        emp_id: max(team_days[emp_id].items(), key=lambda kv: (kv[1], kv[0]))[0] if team_days.get(emp_id) else None
        for emp_id in emp_ids
    }
    campaigns: dict[int, set[int]] = defaultdict(set)
    for emp_id, camp_id in (
        CampaignAssignment.objects.filter(employee_id__any=emp_ids)
        .overlapping(first, last)
        .values_list("employee_id", "campaign_id")
    ):
        campaigns[emp_id].add(camp_id)

    # pools need every member of the teams involved, not only the paid employees
    pool_teams = {t for e in emp_ids for t in team_days.get(e, {})}
    member_ids = sorted({e for e, teams in team_days.items() if set(teams) & pool_teams} | set(emp_ids))
    end = min(until, last) if until else last
    sums = _kpi_sums(member_ids, first, end)
    if until:
        elapsed = (end - first).days + 1
        sums = {
            k: engine.project_sums(v, elapsed_days=elapsed, total_days=(last - first).days + 1) for k, v in sums.items()
        }
    g.sums = sums
    targets = _targets(period, employees, primary_team, campaigns)
    certified = _certified(employees, first, last)

    # team inputs
    team_sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    team_hours: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for emp_id in member_ids:
        tdays = team_days.get(emp_id, {})
        total_days = sum(tdays.values())
        if not total_days:
            continue
        emp_sums = sums.get(emp_id, {})
        for team_id, d in tdays.items():
            share = Decimal(d) / Decimal(total_days)
            team_hours[team_id][emp_id] = emp_sums.get("horas_pagadas", ZERO) * share
            bucket = team_sums[team_id]
            for code, value in emp_sums.items():
                bucket[code] += value * share
            g.team_members.setdefault(team_id, set()).add(emp_id)
    team_targets: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for t in Target.objects.filter(period=period, team__isnull=False):
        team_targets[t.team_id][t.code] = t.value
    for team_id in set(team_sums) | {t for ids in supervised.values() for t in ids}:
        g.teams[team_id] = engine.TeamInputs(
            team_id=team_id,
            kpi_sums=dict(team_sums.get(team_id, {})),
            member_hours=team_hours.get(team_id, {}),
            targets=team_targets.get(team_id, {}),
        )

    ndays = (last - first).days + 1
    for emp_id in emp_ids:
        emp = employees[emp_id]
        sup_teams = tuple(sorted(supervised.get(emp.user_id, []))) if emp.user_id else ()
        for version_id, eligible in sorted(days[emp_id].items()):
            inputs = engine.AgentInputs(
                employee_id=emp_id,
                kpi_sums=sums.get(emp_id, {}),
                eligible_days=eligible,
                days_in_period=ndays,
                targets=targets.get(emp_id, {}),
                certified=certified.get(emp_id),
                team_ids=tuple(sorted(team_days.get(emp_id, {}))),
                supervised_team_ids=sup_teams,
            )
            g.segments.append(
                Segment(
                    emp_id,
                    versions[version_id],
                    plans[version_id],
                    inputs,
                    primary_team.get(emp_id),
                    leave_days=leave.get(emp_id, {}).get(version_id, 0),
                )
            )
    return g


def gather_for_run(*, period: dt.date, plan_code: str | None = None, progress=None) -> Gathered:
    """Gather and compute the whole period, then keep the segments of ``plan_code`` (all when
    None): a plan-limited run sees the same team sums and team payouts (overrides) as the
    all-plans run, so it pays the same amounts. ``g.fingerprint`` digests the whole period's
    inputs (``incentives.fingerprint``), taken before the segments are narrowed."""
    g = compute(gather(period=period), progress=progress)
    g.fingerprint = run_fingerprint(g)
    if plan_code is not None:
        g.segments = [s for s in g.segments if s.version.plan.code == plan_code]
    return g


def compute(g: Gathered, *, progress: Callable[[int], None] | None = None) -> Gathered:
    """Run the engine on every segment (two passes when plans have overrides)."""
    has_override = lambda p: any(c.scope == engine.Scope.OVERRIDE for c in p.components)  # noqa: E731
    total = len(g.segments) or 1
    cache: dict = {}
    for i, seg in enumerate(g.segments):
        seg.payout = engine.payout_compute(plan=seg.plan, inputs=seg.inputs, teams=g.teams, pool_cache=cache)
        if progress and i % 250 == 0:
            progress(int(90 * i / total))
    overrides = [s for s in g.segments if has_override(s.plan) and s.inputs.supervised_team_ids]
    if overrides:
        supervisors = {s.employee_id for s in overrides}
        team_total: dict[int, Decimal] = defaultdict(Decimal)
        for seg in g.segments:
            if seg.employee_id in supervisors or seg.team_id is None:
                continue
            team_total[seg.team_id] += seg.payout.total
        teams = {
            tid: engine.TeamInputs(t.team_id, t.kpi_sums, t.member_hours, t.targets, team_total.get(tid, ZERO))
            for tid, t in g.teams.items()
        }
        cache = {}
        for seg in overrides:
            seg.payout = engine.payout_compute(plan=seg.plan, inputs=seg.inputs, teams=teams, pool_cache=cache)
    return g


def _inputs_json(inputs: engine.AgentInputs, leave_days: int = 0) -> dict:
    return {
        "kpi_sums": {k: str(v) for k, v in sorted(inputs.kpi_sums.items())},
        "targets": {k: str(v) for k, v in sorted(inputs.targets.items())},
        "eligible_days": inputs.eligible_days,
        "days_in_period": inputs.days_in_period,
        "leave_days": leave_days,
        "certified": inputs.certified,
        "team_ids": list(inputs.team_ids),
        "supervised_team_ids": list(inputs.supervised_team_ids),
    }


def _trace_json(line: engine.PayoutLine, seg: Segment) -> list[dict]:
    """The line's trace; the proration step also names the days behind its factor."""
    days = {
        "eligible_days": seg.inputs.eligible_days,
        "days_in_period": seg.inputs.days_in_period,
        "leave_days": seg.leave_days,
    }
    return [
        {"rule": s.rule, "inputs": {**s.inputs, **days} if s.rule == "proration" else s.inputs, "result": s.result}
        for s in line.trace
    ]


def _line_detail(line: engine.PayoutLine, seg: Segment) -> dict:
    """The explain data of a line; Decimals stay Decimals (json.dumps(default=str) on write)."""
    nxt = line.next_tier
    return {
        "exact": line.exact,
        "team_id": line.team_id,
        "measure": line.measure,
        "measure_value": line.measure_value,
        "target_value": line.target_value,
        "attainment": line.attainment,
        "band": line.band,
        "capped": line.capped,
        "floored": line.floored,
        "gates": [
            {"code": g.code, "kind": g.kind, "passed": g.passed, "reason": g.reason, "params": g.params}
            for g in line.gates
        ],
        "next_tier": dict(nxt.__dict__) if nxt else None,
        "trace": _trace_json(line, seg),
    }


def _dumps(value) -> str:
    """Compact JSON; Decimals (and anything else not JSON) as strings. orjson when installed."""
    if _orjson is not None:
        return _orjson.dumps(value, default=str, option=_orjson.OPT_NON_STR_KEYS).decode()
    return json.dumps(value, default=str, separators=(",", ":"), ensure_ascii=False)


def _normalised(value):
    """Plain JSON (Decimals as strings) for the ORM path."""
    return json.loads(_dumps(value))


def period_is_closed(period: dt.date) -> bool:
    """A period with an approved, locked or exported run is closed to every new run and recompute
    (its KPI facts are frozen too); corrections go forward as prior-period lines."""
    return PayoutRun.objects.filter(period=period, status__in=CLOSED_STATUSES).exists()


def run_prepare(*, period: dt.date, plan=None, actor=None) -> PayoutRun:
    """Find the period's draft run (recompute replaces it) or create one; refuse closed periods
    and plans another run of the period holds (``incentives.claims``)."""
    with transaction.atomic():
        if period_is_closed(period):
            raise IncentivesError("period_locked", {"period": f"{period:%Y-%m}"})
        run = PayoutRun.objects.select_for_update().filter(period=period, plan=plan).order_by("-id").first()
        if run is not None and run.status != RunStatus.DRAFT:
            raise IncentivesError("run_not_draft", {"status": run.get_status_display()})
        if run is None:
            run = PayoutRun.objects.create(
                period=period, plan=plan, computed_by=actor, currency=plan.currency if plan else "MXN"
            )
        run_claim_scope(run=run)
        return run


def totals_json(by_currency: dict[str, Decimal]) -> dict[str, str]:
    """{currency: amount} as stored on runs and run teams (amounts as strings, currencies sorted)."""
    return {c: str(by_currency[c]) for c in sorted(by_currency)}


def single_total(by_currency: dict[str, Decimal]) -> Decimal:
    """The legacy one-number total: the sum when everything is in one currency, else 0 (never a
    sum of different currencies)."""
    return next(iter(by_currency.values())) if len(by_currency) == 1 else ZERO


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a run builds its ~100,000 short-lived objects:
    its full collections would walk the growing heap again and again (a quarter of a 5,000-agent
    run's time, bench/bonus_run). Reference counting still frees everything at once; cycles wait
    until the collector resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_compute(*, run: PayoutRun, actor=None) -> PayoutRun:
    """Compute (or recompute) a draft run: gather, engine, replace the draft's payouts."""
    with gc_paused():
        return _run_compute(run=run, actor=actor)


def _run_compute(*, run: PayoutRun, actor=None) -> PayoutRun:
    try:
        return _run_compute_write(run=run, actor=actor)
    finally:  # a failed or refused computation never leaves the run marked as computing
        PayoutRun.objects.filter(pk=run.pk, computing=True).update(computing=False)


def _run_compute_write(*, run: PayoutRun, actor=None) -> PayoutRun:
    def progress(pct: int) -> None:
        PayoutRun.objects.filter(pk=run.pk).update(progress=pct)

    PayoutRun.objects.filter(pk=run.pk).update(computing=True, progress=1, failure="")
    try:
        g = gather_for_run(period=run.period, plan_code=run.plan.code if run.plan_id else None, progress=progress)
    except Exception as exc:
        PayoutRun.objects.filter(pk=run.pk).update(computing=False, failure=str(exc)[:2000])
        raise
    with transaction.atomic():
        locked = PayoutRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.DRAFT:
            raise IncentivesError("run_not_draft", {"status": locked.get_status_display()})
        run_claim_scope(run=locked)
        run_claim_plans(run=locked, plan_ids={seg.version.plan_id for seg in g.segments})
        previous, previous_totals = locked.total, locked.totals
        _delete_payouts(locked)
        payouts = []
        for seg in g.segments:
            p = seg.payout
            payouts.append(
                Payout(
                    run=locked,
                    employee_id=seg.employee_id,
                    plan_version=seg.version,
                    team_id=seg.team_id,
                    eligible_days=seg.inputs.eligible_days,
                    days_in_period=seg.inputs.days_in_period,
                    total=p.total,
                    currency=p.currency,
                    gates=[r.as_dict() for r in p.gates],
                    inputs=_inputs_json(seg.inputs, seg.leave_days),
                )
            )
        _write(locked, g.segments, payouts)
        team_totals: dict[int, list] = {}
        for row in payouts:
            if row.team_id is None:
                continue
            acc = team_totals.setdefault(row.team_id, [{}, 0])
            acc[0][row.currency] = acc[0].get(row.currency, ZERO) + row.total
            acc[1] += 1
        RunTeam.objects.bulk_create(
            [
                RunTeam(run=locked, team_id=t, total=single_total(v[0]), totals=totals_json(v[0]), payout_count=v[1])
                for t, v in sorted(team_totals.items())
            ]
        )
        by_currency: dict[str, Decimal] = {}
        for p in payouts:
            by_currency[p.currency] = by_currency.get(p.currency, ZERO) + p.total
        if len(by_currency) == 1:
            locked.currency = next(iter(by_currency))
        locked.totals = totals_json(by_currency)
        locked.total = single_total(by_currency)
        locked.payout_count = len(payouts)
        locked.computed_by = actor
        locked.computed_at = timezone.now()
        locked.computing = False
        locked.progress = 100
        locked.fingerprint = g.fingerprint
        locked.save()
        audit_record(
            action="payout_run.compute",
            actor=actor,
            target=locked,
            summary=f"{len(payouts)} payouts, totals {locked.totals}",
            before={"total": str(previous), "totals": previous_totals},
            after={"total": str(locked.total), "totals": locked.totals, "payouts": len(payouts)},
        )
    return locked


PAYOUT_COLUMNS = (
    "run_id",
    "employee_id",
    "plan_version_id",
    "team_id",
    "eligible_days",
    "days_in_period",
    "total",
    "currency",
    "gates",
    "inputs",
)
LINE_COLUMNS = ("payout_id", "position", "code", "kind", "name", "concept", "amount", "detail")


def _write(run: PayoutRun, segments: list[Segment], payouts: list[Payout]) -> None:
    """Insert payouts and their lines: COPY on PostgreSQL, bulk_create elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        for row in payouts:
            row.gates, row.inputs = _normalised(row.gates), _normalised(row.inputs)
        Payout.objects.bulk_create(payouts, batch_size=500)
        by_key = {(p.employee_id, p.plan_version_id): p.pk for p in Payout.objects.filter(run=run)}
        lines = [
            PayoutLine(
                payout_id=by_key[(seg.employee_id, seg.version.pk)],
                position=pos,
                code=ln.code,
                kind=str(ln.kind),
                name=ln.name,
                concept=ln.concept,
                amount=ln.amount,
                detail=_normalised(_line_detail(ln, seg)),
            )
            for seg in segments
            for pos, ln in enumerate(seg.payout.lines)
        ]
        PayoutLine.objects.bulk_create(lines, batch_size=1000)
        return
    from psycopg.copy import QueuedLibpqWriter

    payout_table, line_table = Payout._meta.db_table, PayoutLine._meta.db_table
    # table names come from model metadata; a writer thread sends each batch while the next rows are formatted
    copy_payouts = f"COPY {payout_table} ({', '.join(PAYOUT_COLUMNS)}) FROM STDIN"
    copy_lines = f"COPY {line_table} ({', '.join(LINE_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(copy_payouts, writer=QueuedLibpqWriter(raw)) as copy:
            for p in payouts:
                copy.write_row(
                    (
                        run.pk,
                        p.employee_id,
                        p.plan_version_id,
                        p.team_id,
                        p.eligible_days,
                        p.days_in_period,
                        p.total,
                        p.currency,
                        _dumps(p.gates),
                        _dumps(p.inputs),
                    )
                )
        select = f"SELECT id, employee_id, plan_version_id FROM {payout_table} WHERE run_id = %s"  # noqa: S608
        raw.execute(select, (run.pk,))
        by_key = {(e, v): pk for pk, e, v in raw.fetchall()}
        with raw.copy(copy_lines, writer=QueuedLibpqWriter(raw)) as copy:
            for seg in segments:
                payout_id = by_key[(seg.employee_id, seg.version.pk)]
                for pos, ln in enumerate(seg.payout.lines):
                    copy.write_row(
                        (
                            payout_id,
                            pos,
                            ln.code,
                            str(ln.kind),
                            ln.name,
                            ln.concept,
                            ln.amount,
                            _dumps(_line_detail(ln, seg)),
                        )
                    )


def _delete_payouts(run: PayoutRun) -> None:
    """Drop a draft's payouts with three set-based deletes (no rows loaded into Python)."""
    from django.db import connection

    payout_table = Payout._meta.db_table
    with connection.cursor() as cursor:
        # table names come from model metadata, never from input
        for model in (PayoutLine, Dispute):
            sql = f"DELETE FROM {model._meta.db_table} WHERE payout_id IN (SELECT id FROM {payout_table} WHERE run_id = %s)"  # noqa: S608, E501
            cursor.execute(sql, [run.pk])
        cursor.execute(f"DELETE FROM {payout_table} WHERE run_id = %s", [run.pk])  # noqa: S608
        cursor.execute(f"DELETE FROM {RunTeam._meta.db_table} WHERE run_id = %s", [run.pk])  # noqa: S608


def run_staleness(*, run: PayoutRun) -> Staleness:
    """Gather the run's period again (no engine, nothing written) and compare with what it read."""
    if not run.fingerprint:
        return Staleness(known=False)
    return fingerprint_compare(run.fingerprint, run_fingerprint(gather(period=run.period)))


def run_stale_preview(*, run: PayoutRun, limit: int = 20) -> StalePreview:
    """The staleness with the amounts a recompute would change (the engine in memory)."""
    g = gather_for_run(period=run.period, plan_code=run.plan.code if run.plan_id else None)
    staleness = fingerprint_compare(run.fingerprint, g.fingerprint)
    if not staleness.stale:
        return StalePreview(staleness, [], [])
    zero = Decimal(0)
    fresh: dict[int, Decimal] = {}
    for seg in g.segments:
        fresh[seg.employee_id] = fresh.get(seg.employee_id, zero) + seg.payout.total
    paid: dict[int, Decimal] = {}
    for employee_id, total in run.payouts.values_list("employee_id", "total"):
        paid[employee_id] = paid.get(employee_id, zero) + total
    diff = {e: fresh.get(e, zero) - paid.get(e, zero) for e in fresh.keys() | paid.keys()}
    moved = sorted((e for e, d in diff.items() if d), key=lambda e: (-abs(diff[e]), e))
    touched = staleness.employee_ids[:limit]
    names = {e.pk: (e.employee_code, e.full_name) for e in Employee.objects.filter(pk__in={*moved[:limit], *touched})}
    return StalePreview(
        staleness,
        agents=sorted(names[e] for e in touched if e in names),
        rows=[(*names[e], paid.get(e, zero), fresh.get(e, zero)) for e in moved[:limit] if e in names],
        moved=len(moved),
        at_stake=sum((abs(d) for d in diff.values()), zero),
        net=sum(diff.values(), zero),
    )

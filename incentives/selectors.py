"""Reads of the incentives app.

Public for other apps:
    kpi_period_locked(day=)    -> bool: a closed (approved/locked/exported) run covers day's month
    kpi_periods_locked(days=)  -> set[date]: the same for many days in one query
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from core.capabilities import user_can
from core.models import CampaignAssignment, Employee, Team, TeamMembership
from core.scoping import sees_whole_company, teams_in_scope
from incentives import engine, scoping, variance
from incentives.confirmation import confirmation_token
from incentives.fingerprint import Staleness, StalePreview, fingerprint_compare, fingerprint_merge, run_fingerprint
from incentives.models import (
    CLOSED_STATUSES,
    Adjustment,
    AdjustmentStatus,
    Dispute,
    DisputeStatus,
    Payout,
    PayoutRun,
    Plan,
    PlanVersion,
    PlanVersionStatus,
    RunStatus,
    RunTeam,
    Target,
)
from incentives.periods import period_bounds, period_of, previous_period
from incentives.presenter import Presenter, kpi_labels
from incentives.run_inputs import (
    PeriodPopulation,
    PeriodReading,
    period_input_markers,
    period_inputs_read,
    period_population_read,
    projection_input_markers,
)
from kpi.selectors import kpi_fact_days

STATEMENT_STATUSES = CLOSED_STATUSES


def kpi_period_locked(*, day: dt.date) -> bool:
    """True when a run covering day's month has final approval (approved, locked or exported)."""
    return PayoutRun.objects.filter(period=period_of(day), status__in=CLOSED_STATUSES).exists()


def kpi_locked_day_predicate():
    """``is_locked(day)`` answered from one query made now: for callers that cannot query while they
    use it (the KPI fast lane streams a COPY on the connection)."""
    closed = set(PayoutRun.objects.filter(status__in=CLOSED_STATUSES).values_list("period", flat=True))
    return lambda day: period_of(day) in closed


def kpi_periods_locked(*, days) -> set[dt.date]:
    """The same for many days in one query: the subset of `days` that fall in a closed month."""
    days = set(days)
    months = {period_of(d) for d in days}
    closed = set(
        PayoutRun.objects.filter(period__in=months, status__in=CLOSED_STATUSES).values_list("period", flat=True)
    )
    return {d for d in days if period_of(d) in closed}


def period_is_closed(period: dt.date) -> bool:
    """A period with an approved, locked or exported run is closed to every new run and recompute
    (its KPI facts are frozen too); corrections go forward as prior-period lines."""
    return PayoutRun.objects.filter(period=period, status__in=CLOSED_STATUSES).exists()


# ----------------------------------------------------------------------------- a run's payouts (read + engine)
@dataclass(frozen=True)
class RunCalculation:
    """A run's payouts worked out in memory (nothing written): the period as read, the payouts
    of the run's plan (all plans when it has none), and the fingerprint of the whole period."""

    reading: PeriodReading
    results: tuple[engine.SegmentPayout, ...]
    fingerprint: dict = field(default_factory=dict)


def run_payouts_calculate(*, period: dt.date, plan_code: str | None = None, progress=None) -> RunCalculation:
    """Read the whole period, calculate every payout, then keep those of ``plan_code`` (all when
    None): a plan-limited run sees the same team sums and team payouts (overrides) as the
    all-plans run, so it pays the same amounts. The fingerprint digests the whole period's inputs
    (``incentives.fingerprint``). A period paying more employees than
    ``settings.INCENTIVES_RUN_CHUNK_SIZE`` is read and calculated in chunks, one after the other
    (:func:`run_chunk_parts`, :func:`run_chunks_combine`); the same totals and lines as at once.
    Everything is held in memory (a stale run's preview); a run writes its chunks as they come
    instead (``services.payout_run_payouts_write``)."""
    population = period_population_read(period=period)
    chunks = run_chunks(period=period, population=population)
    if len(chunks) > 1:
        parts = list(run_chunk_parts(period=period, chunks=chunks, population=population))
        return run_chunks_combine(parts, plan_code=plan_code)
    reading = period_inputs_read(period=period, population=population)
    results = engine.period_payouts_calculate(reading.inputs, progress=progress)
    fingerprint = run_fingerprint(reading)
    if plan_code is not None:
        results = tuple(r for r in results if reading.plan_code_of(r.segment) == plan_code)
    return RunCalculation(reading=reading, results=results, fingerprint=fingerprint)


# ----------------------------------------------------------------------------- chunked runs
def run_chunks(
    *, period: dt.date, size: int | None = None, population: PeriodPopulation | None = None
) -> list[list[int]]:
    """The period's paid employees in chunks of ``size`` (``settings.INCENTIVES_RUN_CHUNK_SIZE``):
    one chunk (all of them) when they fit in one; else cut team by team
    (``PeriodPopulation.employee_ids_by_team``: a chunk reads its teams' members, not the
    company's), each chunk's ids sorted."""
    size = size or settings.INCENTIVES_RUN_CHUNK_SIZE
    population = population or period_population_read(period=period)
    if len(population.days) <= size:
        return [population.employee_ids]
    ids = population.employee_ids_by_team
    return [sorted(ids[i : i + size]) for i in range(0, len(ids), size)]


def run_chunk_calculate(
    *,
    period: dt.date,
    employee_ids: list[int] | None,
    population: PeriodPopulation | None = None,
    progress=None,
) -> RunCalculation:
    """One chunk of a run (``employee_ids``; None: everyone): its employees read (with every member
    of their teams and of the teams they supervise, for the pools) and their first pass
    calculated; overrides wait for the combination (``engine.OverridePass``, which sees every
    chunk's team payouts). ``population``, when the caller read it, spares the chunk resolving
    the period's assignments again."""
    reading = period_inputs_read(period=period, employee_ids=employee_ids, population=population)
    results = engine.period_payouts_first_pass(reading.inputs, progress=progress)
    return RunCalculation(reading=reading, results=results, fingerprint=run_fingerprint(reading))


def run_chunk_parts(
    *,
    period: dt.date,
    chunks: list[list[int]],
    population: PeriodPopulation | None = None,
    done=None,
    progress=None,
) -> Iterator[RunCalculation]:
    """The chunks of a run calculated one after the other, each only when asked for (so a caller
    that writes each before asking for the next holds one chunk at a time); ``done(i)`` is
    called after the i-th (1-based). One chunk is the whole period read at once (``progress``
    then gets its first pass's percent)."""
    for i, ids in enumerate(chunks):
        if len(chunks) == 1:
            yield run_chunk_calculate(period=period, employee_ids=None, population=population, progress=progress)
        else:
            yield run_chunk_calculate(period=period, employee_ids=ids, population=population)
        if done:
            done(i + 1)


def run_chunks_combine(parts: list[RunCalculation], *, plan_code: str | None = None) -> RunCalculation:
    """The chunks of a run as one calculation: segments and results in employee order (as read
    at once), each team's inputs from the chunk that read all its
    members, then the override pass over everything, the merged fingerprint, and ``plan_code``'s
    payouts kept."""
    first = parts[0].reading
    teams: dict = {}
    team_members: dict = {}
    kpi_sums: dict = {}
    versions: dict = {}
    segments: list = []
    results: list = []
    for part in parts:
        g = part.reading.inputs
        for tid, t in g.teams.items():
            members = g.team_members.get(tid, frozenset())
            if tid not in teams or len(members) > len(team_members.get(tid, ())):
                teams[tid], team_members[tid] = t, members
        kpi_sums.update(g.kpi_sums)
        versions.update(part.reading.versions)
        segments.extend(g.segments)
        results.extend(part.results)
    segments.sort(key=lambda seg: (seg.employee_id, seg.plan_version_id))
    team_members = {t: m for t, m in team_members.items() if m}
    reading = PeriodReading(
        period=first.period,
        inputs=engine.PeriodInputs(
            first=first.first,
            last=first.last,
            segments=tuple(segments),
            teams=teams,
            team_members=team_members,
            kpi_sums=kpi_sums,
        ),
        versions=versions,
    )
    combined = engine.period_payouts_overrides(results, teams)
    # in employee order, as read at once (chunks are cut team by team)
    combined = tuple(sorted(combined, key=lambda r: (r.segment.employee_id, r.segment.plan_version_id)))
    fingerprint = run_fingerprints_merge(parts)
    if plan_code is not None:
        combined = tuple(r for r in combined if reading.plan_code_of(r.segment) == plan_code)
    return RunCalculation(reading=reading, results=combined, fingerprint=fingerprint)


def run_fingerprints_merge(parts) -> dict:
    """The fingerprint of a run from its chunks' (:func:`run_chunk_calculate`): the one chunk's
    own, or the merge (``fingerprint.fingerprint_merge``), equal to the period read at once."""
    if len(parts) == 1:
        return parts[0].fingerprint
    return fingerprint_merge([(p.fingerprint, {s.employee_id for s in p.reading.inputs.segments}) for p in parts])


#: how long a staleness answer is kept for the same run fingerprint and the same input markers
STALENESS_CACHE_SECONDS = 600


def run_staleness(*, run: PayoutRun) -> Staleness:
    """Read the run's period again (no engine, nothing written) and compare with what it read.

    On PostgreSQL and SQLite the answer is cached under the run's fingerprint and the period's input change
    markers (``run_inputs.period_input_markers``, read first): while no input row of the period
    was written since, the next check (each transition, each run page view) costs one query
    instead of reading the whole period; any write to an input changes the key."""
    if not run.fingerprint:
        return Staleness(known=False)
    markers = period_input_markers(period=run.period)
    key = None
    if markers is not None:
        kinds = run.fingerprint.get("kinds", {})
        digest = hashlib.blake2b(f"{run.pk}|{sorted(kinds.items())}|{markers}".encode(), digest_size=16)
        key = f"incentives:staleness:{digest.hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    staleness = fingerprint_compare(run.fingerprint, run_fingerprint(period_inputs_read(period=run.period)))
    if key is not None:
        cache.set(key, staleness, STALENESS_CACHE_SECONDS)
    return staleness


def run_fresh_totals(*, period: dt.date, plan_code: str | None = None) -> tuple[dict, dict[tuple[int, str], Decimal]]:
    """(fingerprint, {(employee id, currency): total}) of the period computed again as a run
    writes it: chunk by chunk (``run_chunks``, ``run_chunk_parts``, lazily), each chunk's first pass
    through ``engine.OverridePass`` (which keeps back only the supervisors' segments) and folded into
    one total per employee and currency before the next chunk is read, the chunks' fingerprints
    merged. Memory is bounded by a chunk, not by the company (no ``run_chunks_combine``)."""
    population = period_population_read(period=period)
    chunks = run_chunks(period=period, population=population)
    overrides = engine.OverridePass()
    versions: dict[int, PlanVersion] = {}
    # per employee and currency: an amount in one currency is never netted against another
    fresh: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    fingerprints = []

    def keep(results) -> None:
        for r in results:
            if plan_code is None or versions[r.segment.plan_version_id].plan.code == plan_code:
                fresh[(r.segment.employee_id, r.payout.currency)] += r.payout.total

    for part in run_chunk_parts(period=period, chunks=chunks, population=population):
        versions.update(part.reading.versions)
        keep(overrides.add(part.results, part.reading.inputs.teams))
        fingerprints.append((part.fingerprint, {seg.employee_id for seg in part.reading.inputs.segments}))
        del part
    keep(overrides.finish())
    fingerprint = fingerprints[0][0] if len(fingerprints) == 1 else fingerprint_merge(fingerprints)
    return fingerprint, dict(fresh)


def run_stale_preview(*, run: PayoutRun, limit: int = 20) -> StalePreview:
    """The staleness with the amounts a recompute would change (computed as the run writer does,
    a chunk at a time: :func:`run_fresh_totals`; nothing written)."""
    fingerprint, fresh = run_fresh_totals(period=run.period, plan_code=run.plan.code if run.plan_id else None)
    staleness = fingerprint_compare(run.fingerprint, fingerprint)
    if not staleness.stale:
        return StalePreview(staleness, [], [])
    zero = Decimal(0)
    paid: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for employee_id, currency, total in run.payouts.values_list("employee_id", "currency", "total"):
        paid[(employee_id, currency)] += total
    diff = {k: fresh.get(k, zero) - paid.get(k, zero) for k in fresh.keys() | paid.keys()}
    moved = sorted((k for k, d in diff.items() if d), key=lambda k: (-abs(diff[k]), k))
    at_stake: dict[str, Decimal] = defaultdict(Decimal)
    net: dict[str, Decimal] = defaultdict(Decimal)
    for (_employee, currency), d in diff.items():
        if d:
            at_stake[currency] += abs(d)
            net[currency] += d
    touched = staleness.employee_ids[:limit]
    wanted = {*(e for e, _c in moved[:limit]), *touched}
    names = {e.pk: (e.employee_code, e.full_name) for e in Employee.objects.filter(pk__in=wanted)}
    return StalePreview(
        staleness,
        agents=sorted(names[e] for e in touched if e in names),
        rows=[(*names[e], c, paid.get((e, c), zero), fresh.get((e, c), zero)) for e, c in moved[:limit] if e in names],
        moved=len({e for e, _c in moved}),
        at_stake=dict(at_stake),
        net=dict(net),
    )


#: runs whose page checks its inputs (an exported run is history; a run never computed read nothing)
STALE_CHECKED = (
    RunStatus.DRAFT,
    RunStatus.SUBMITTED,
    RunStatus.TEAMS_APPROVED,
    RunStatus.APPROVED,
    RunStatus.LOCKED,
)


def run_stale_warning(*, run: PayoutRun) -> StalePreview | None:
    """None while the run's inputs are as computed; else the ``StalePreview`` (what changed, whom it
    affects, the amount a recompute would move in each currency), for the run page."""
    if run.status not in STALE_CHECKED or run.computing or not run.fingerprint:
        return None
    if not run_staleness(run=run).stale:
        return None
    preview = run_stale_preview(run=run)
    return preview if preview.staleness.stale else None


def plans_list() -> QuerySet[Plan]:
    return Plan.objects.prefetch_related("versions").order_by("name")


def runs_visible(*, user) -> QuerySet[PayoutRun]:
    qs = PayoutRun.objects.select_related("plan", "computed_by").order_by("-period", "-id")
    return scoping.runs_in_scope(qs, user)


def run_teams_visible(*, run: PayoutRun, user) -> QuerySet[RunTeam]:
    return scoping.run_teams_in_scope(run.run_teams.select_related("team", "approved_by"), user)


def payouts_visible(*, user, run: PayoutRun | None = None) -> QuerySet[Payout]:
    qs = Payout.objects.select_related("employee", "plan_version__plan", "run", "team")
    if run is not None:
        qs = qs.filter(run=run)
    return scoping.payouts_in_scope(qs, user)


def runs_with_figures(*, runs, user) -> list[PayoutRun]:
    """The runs, each with `scoped_count` and `scoped_totals` ({currency: total}): its payouts inside
    the reader's scope (the stored totals for a reader who sees the whole company; one grouped query
    otherwise). Amounts in different currencies are never added up."""
    runs = list(runs)
    if sees_whole_company(user):
        for run in runs:
            run.scoped_count = run.payout_count
            run.scoped_totals = {c: Decimal(v) for c, v in (run.totals or {}).items()}
        return runs
    rows = (
        scoping.payouts_in_scope(Payout.objects.filter(run__in=[r.pk for r in runs]), user)
        .values("run_id", "currency")
        .annotate(n=Count("id"), s=Sum("total"))
    )
    counts: dict[int, int] = defaultdict(int)
    totals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        counts[row["run_id"]] += row["n"]
        totals[row["run_id"]][row["currency"]] = row["s"] or Decimal(0)
    for run in runs:
        run.scoped_count, run.scoped_totals = counts.get(run.pk, 0), dict(sorted(totals.get(run.pk, {}).items()))
    return runs


def run_figures(*, run: PayoutRun, user) -> dict:
    """Every figure of the run page, computed inside the reader's scope, one total per currency."""
    paid = payouts_visible(user=user, run=run).values("currency").annotate(n=Count("id"), s=Sum("total"))
    totals = {row["currency"]: row["s"] or Decimal(0) for row in paid}
    approved = scoping.adjustments_in_scope(run.adjustments.filter(status=AdjustmentStatus.APPROVED), user)
    grand = dict(totals)
    for row in approved.values("currency").annotate(s=Sum("amount")):
        grand[row["currency"]] = grand.get(row["currency"], Decimal(0)) + (row["s"] or Decimal(0))
    return {
        "payout_count": sum(row["n"] for row in paid),
        "totals": dict(sorted(totals.items())),
        "grand_totals": dict(sorted(grand.items())),
        "whole_company": sees_whole_company(user),
    }


def payouts_of_employee(*, employee, statuses=None) -> QuerySet[Payout]:
    qs = Payout.objects.filter(employee=employee).select_related("run", "plan_version__plan")
    if statuses is not None:
        qs = qs.filter(run__status__in=statuses)
    return qs.order_by("-run__period", "plan_version__plan__name")


def adjustments_visible(*, run: PayoutRun, user) -> QuerySet[Adjustment]:
    return scoping.adjustments_in_scope(adjustments_for(run=run), user)


def adjustments_for(
    *, run: PayoutRun, employee_id: int | None = None, approved_only: bool = False
) -> QuerySet[Adjustment]:
    qs = run.adjustments.select_related("employee", "created_by", "decided_by")
    if employee_id is not None:
        qs = qs.filter(employee_id=employee_id)
    if approved_only:
        qs = qs.filter(status=AdjustmentStatus.APPROVED)
    return qs


def run_grand_totals(*, run: PayoutRun) -> dict[str, Decimal]:
    """Payouts plus approved adjustments, one total per currency (never summed across currencies)."""
    out: dict[str, Decimal] = {c: Decimal(v) for c, v in (run.totals or {}).items()}
    approved = run.adjustments.filter(status=AdjustmentStatus.APPROVED).values("currency").annotate(s=Sum("amount"))
    for row in approved:
        out[row["currency"]] = out.get(row["currency"], Decimal(0)) + row["s"]
    return dict(sorted(out.items()))


def totals_by_currency(rows) -> dict[str, Decimal]:
    """``{currency: sum}`` of (currency, amount) pairs."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for currency, amount in rows:
        out[currency] += amount
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class RunVariance:
    """The run page's month-over-month section (``variance.month_over_month`` with names)."""

    period: dt.date  # the previous period
    has_previous: bool
    #: (team name, Change), by team name; amounts per currency
    teams: list[tuple[str, variance.Change]]
    #: (code, name, team name, Change) of the agents whose pay changed (new and missing included):
    #: flagged first, then by the size of the change
    agents: list[tuple[str, str, str, variance.Change]]
    agent_count: int = 0
    changed_count: int = 0
    unchanged_count: int = 0
    flagged_count: int = 0
    new_count: int = 0
    missing_count: int = 0
    raw: variance.Variance | None = None


def _pay_rows(qs) -> list[variance.PayRow]:
    return list(qs.values_list("employee_id", "team_id", "currency", "total"))


def _named(changes: list[variance.Change], team_names: dict[int, str]) -> list[tuple[str, str, str, variance.Change]]:
    """(code, name, team name, Change), one query for the names."""
    names = {
        e["pk"]: (e["employee_code"], f"{e['first_name']} {e['last_name']}")
        for e in Employee.objects.filter(pk__in={c.key for c in changes}).values(
            "pk", "employee_code", "first_name", "last_name"
        )
    }
    return [(*names.get(c.key, ("", "")), team_names.get(c.team_id, _("No team")), c) for c in changes]


def run_variance(*, run: PayoutRun, user, limit: int = 50) -> RunVariance:
    """This run's payouts against the previous period's approved run(s) (approved, locked or
    exported; for a plan-limited run, the same plan), inside the reader's scope. At most `limit`
    agents whose pay changed are listed (flagged first, then the largest changes); the counts cover
    them all."""
    previous = previous_period(run.period)
    before = scoping.payouts_in_scope(
        Payout.objects.filter(run__period=previous, run__status__in=CLOSED_STATUSES), user
    )
    if run.plan_id:
        before = before.filter(plan_version__plan_id=run.plan_id)
    prev_rows = _pay_rows(before)
    raw = variance.month_over_month(_pay_rows(payouts_visible(user=user, run=run)), prev_rows)
    changed = [c for c in raw.agents if c.status != variance.UNCHANGED]
    shown = changed[:limit]
    team_names = dict(Team.objects.filter(pk__in={c.key for c in raw.teams} - {None}).values_list("pk", "name"))
    teams = sorted(
        ((team_names.get(c.key, _("No team")), c) for c in raw.teams),
        key=lambda t: (t[1].key is None, t[0], t[1].currency),
    )
    return RunVariance(
        period=previous,
        has_previous=bool(prev_rows),
        teams=teams,
        agents=_named(shown, team_names),
        agent_count=len(raw.agents),
        changed_count=len(changed),
        unchanged_count=len(raw.agents) - len(changed),
        flagged_count=len(raw.flagged),
        new_count=len(raw.new),
        missing_count=len(raw.missing),
        raw=raw,
    )


#: what the confirmation step confirms, by action
CONFIRMED_ACTIONS = ("submit", "approve_team", "approve_final")


def run_confirmation(*, run: PayoutRun, user, action: str, team: Team | None = None, largest: int = 5) -> dict:
    """What an approver confirms before submit / team approval / final approval: the teams, how many
    people, the totals per currency (with approved adjustments), the largest changes from the
    previous month, the stale warning, and the token the approval carries (``incentives.confirmation``)."""
    payouts = payouts_visible(user=user, run=run)
    run_teams = run_teams_visible(run=run, user=user)
    if action == "approve_team" and team is not None:
        payouts = payouts.filter(team=team)
        run_teams = run_teams.filter(team=team)
    rows = list(payouts.values("currency").annotate(n=Count("id"), s=Sum("total")))
    totals = {row["currency"]: row["s"] or Decimal(0) for row in rows}
    adjustments = scoping.adjustments_in_scope(run.adjustments.filter(status=AdjustmentStatus.APPROVED), user)
    if action == "approve_team" and team is not None:
        adjustments = adjustments.filter(employee__in=payouts.values("employee_id"))
    grand = dict(totals)
    for row in adjustments.values("currency").annotate(s=Sum("amount")):
        grand[row["currency"]] = grand.get(row["currency"], Decimal(0)) + (row["s"] or Decimal(0))
    var = run_variance(run=run, user=user)
    return {
        "action": action,
        "team": team,
        "teams": [rt.team.name for rt in run_teams],
        "people": payouts.values("employee_id").distinct().count(),
        "payout_count": sum(row["n"] for row in rows),
        "totals": dict(sorted(totals.items())),
        "grand_totals": dict(sorted(grand.items())),
        "variance": var,
        "largest": _named(
            var.raw.largest(largest, team_id=team.pk if team else None, all_teams=team is None),
            dict(Team.objects.filter(pk__in=run_teams.values("team_id")).values_list("pk", "name")),
        ),
        "flagged": sum(1 for c in var.raw.flagged if team is None or c.team_id == team.pk),
        "stale": run_stale_warning(run=run),
        "token": confirmation_token(run),
    }


def leaderboard(*, run: PayoutRun, payouts: QuerySet[Payout] | None = None) -> list[dict]:
    """Rank agents on a balanced score: recovery attainment, quality and compliance (1/3 each).

    Recovery is scaled to the best of the run in the same currency; quality is the 0-100 score; compliance is
    100 minus 20 points per incident per 1,000 right-party contacts (and 0 with a severe one)."""
    rows = list((payouts if payouts is not None else run.payouts.all()).select_related("employee"))
    merged: dict[int, dict] = {}
    for p in rows:
        sums = {k: Decimal(v) for k, v in p.inputs.get("kpi_sums", {}).items()}
        merged.setdefault(
            p.employee_id, {"employee": p.employee, "sums": sums, "total": Decimal(0), "currency": p.currency}
        )
        merged[p.employee_id]["total"] += p.total
    if not merged:
        return []
    # amounts are compared only within one currency: recovery is scaled to the best of the run in
    # the agent's own currency
    best: dict[str, Decimal] = {}
    for m in merged.values():
        collected = m["sums"].get("monto_recuperado", Decimal(0))
        best[m["currency"]] = max(best.get(m["currency"], Decimal(0)), collected)
    board = []
    for m in merged.values():
        s = m["sums"]
        recovery = float(s.get("monto_recuperado", Decimal(0)) / (best[m["currency"]] or Decimal(1)) * 100)
        evaluations = s.get("evaluaciones_calidad", Decimal(0))
        quality = float(s.get("puntaje_calidad_ponderado", Decimal(0)) / evaluations) if evaluations else 0.0
        rpc = s.get("contactos_titular", Decimal(0))
        incidents = s.get("incidentes_cumplimiento", Decimal(0))
        rate = float(incidents * 1000 / rpc) if rpc else float(incidents) * 20
        compliance = 0.0 if s.get("incidentes_graves", Decimal(0)) > 0 else max(0.0, 100.0 - 20.0 * rate)
        score = round((recovery + quality + compliance) / 3, 1)
        board.append(
            {
                "employee": m["employee"],
                "recovery": round(recovery, 1),
                "collected": s.get("monto_recuperado", Decimal(0)),
                "quality": round(quality, 1),
                "compliance": round(compliance, 1),
                "score": score,
                "total": m["total"],
                "currency": m["currency"],
            }
        )
    board.sort(key=lambda r: (-r["score"], -r["quality"], r["employee"].employee_code))
    for i, row in enumerate(board, start=1):
        row["rank"] = i
    return board


def disputes_open(*, user) -> QuerySet[Dispute]:
    qs = Dispute.objects.select_related("payout__employee", "payout__run", "opened_by").order_by("opened_at")
    return scoping.disputes_in_scope(qs.filter(status=DisputeStatus.OPEN), user)


def team_totals(*, run: PayoutRun) -> dict[int, dict[str, Decimal]]:
    """{team_id: {currency: total}}."""
    out: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for team_id, currency, total in run.payouts.values_list("team_id", "currency", "total"):
        out[team_id][currency] += total
    return {t: dict(v) for t, v in out.items()}


def latest_statement_run(*, employee) -> PayoutRun | None:
    return (
        PayoutRun.objects.filter(payouts__employee=employee, status__in=STATEMENT_STATUSES)
        .order_by("-period", "-id")
        .first()
    )


def runs_awaiting(*, user) -> QuerySet[PayoutRun]:
    """Runs waiting for a step this user's capabilities allow (team approval: their unapproved teams)."""
    waiting = Q(pk__in=[])
    if user_can(user, "incentives.run_approve_team"):
        pending = RunTeam.objects.filter(team__in=teams_in_scope(user), approved_at__isnull=True)
        waiting |= Q(status=RunStatus.SUBMITTED, pk__in=pending.values("run_id"))
    if user_can(user, "incentives.run_final_approve"):
        waiting |= Q(status=RunStatus.TEAMS_APPROVED)
    if user_can(user, "incentives.run_submit"):
        waiting |= Q(status=RunStatus.DRAFT)
    return PayoutRun.objects.filter(waiting).order_by("-period", "-id")


def payout_projection(*, employee, today: dt.date) -> list[tuple[str, engine.SegmentPayout]]:
    """The agent's projected payouts for the month of `today` (month-to-date sums projected
    linearly to the month's end). Nothing is stored; returns (plan name, engine payout) pairs."""
    return _employee_payouts_calculate(employee=employee, period=period_of(today), until=today)


def _employee_payouts_calculate(*, employee, period: dt.date, until: dt.date | None = None) -> list:
    """One employee's payouts of a period in memory: [(plan name, ``engine.SegmentPayout``)]."""
    reading = period_inputs_read(period=period, employee_ids=[employee.pk], until=until)
    results = engine.period_payouts_calculate(reading.inputs)
    return [
        (reading.versions[r.segment.plan_version_id].plan.name, r)
        for r in results
        if r.segment.employee_id == employee.pk
    ]


def _engine_line_detail(line) -> dict:
    nxt = line.next_tier
    return {
        "measure": line.measure,
        "measure_value": line.measure_value,
        "target_value": line.target_value,
        "attainment": line.attainment,
        "band": line.band,
        "gates": [g.as_dict() for g in line.gates],
        "next_tier": nxt.as_dict() if nxt else None,
    }


#: how long a stored projection is kept (its key names the day and the inputs' change markers, so
#: it is never shown stale; this only bounds what an idle agent leaves in the cache)
PROJECTION_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class StoredProjection:
    """What the engine made of an agent's month (language-free: the page words it per reader)."""

    days: tuple[dt.date, ...]
    shown: dt.date
    segments: tuple[tuple[str, engine.SegmentPayout], ...]


def projection_stored(*, employee, today: dt.date) -> StoredProjection:
    """The agent's projection for `today`, computed once and stored (the shared cache) under the
    period's input change markers (``run_inputs.projection_input_markers``: KPI facts of this month
    and the last, plans, assignments, teams, leave, targets, certificates, roles), read before the
    inputs: a KPI load, a correction or a plan change gives a new key, so the engine runs again on
    the next view, and only then. Without markers (another database engine) it is computed each time."""
    period = period_of(today)
    markers = projection_input_markers(period=period)
    key = None
    if markers is not None:
        digest = hashlib.sha256(f"{employee.pk}|{today}|{markers}".encode()).hexdigest()[:32]
        key = f"incentives:projection:{employee.pk}:{digest}"
        stored = cache.get(key)
        if stored is not None:
            return stored
    days = tuple(kpi_fact_days(employee_id=employee.pk, start=period, end=today))
    if days:
        shown, segments = period, payout_projection(employee=employee, today=today)
    else:
        shown = previous_period(period)
        segments = _employee_payouts_calculate(employee=employee, period=shown)
    stored = StoredProjection(days=days, shown=shown, segments=tuple(segments))
    if key is not None:
        cache.set(key, stored, PROJECTION_CACHE_SECONDS)
    return stored


def bonus_projection(*, employee, today: dt.date, kpis=None) -> dict:
    """What "My bonus" shows, in words. With KPI data this month: the month-to-date results
    projected to the month's end (pacing toward each target). Without any yet (day 1, or a late
    feed): says so and shows the last complete month instead, computed the same way. The engine's
    figures are stored (:func:`projection_stored`); only the words are made per view."""
    kpis = kpi_labels() if kpis is None else kpis
    period = period_of(today)
    stored = projection_stored(employee=employee, today=today)
    days, shown, segments = list(stored.days), stored.shown, stored.segments
    out = []
    for plan_name, seg in segments:
        presenter = Presenter(currency=seg.payout.currency, kpis=kpis)
        lines = []
        for line in seg.payout.lines:
            detail = _engine_line_detail(line)
            lines.append(
                {
                    "name": presenter.line_name(line),
                    "amount": presenter.money(line.amount),
                    "summary": presenter.line_summary(line, detail),
                    "next_tier": presenter.next_tier(detail),
                }
            )
        out.append(
            {
                "plan_name": plan_name,
                "currency": seg.payout.currency,
                "total": presenter.money(seg.payout.total),
                "lines": lines,
            }
        )
    return {
        "has_data": bool(days),
        "month": period,
        "shown_month": shown,
        "shown_end": period_bounds(shown)[1],
        "data_until": days[-1] if days else None,
        "segments": out,
    }


def payout_explain(*, payout: Payout, kpis=None) -> dict:
    """Everything the explain page, the statement and its PDF show, in words: each line's name, a
    sentence, one sentence per calculation step, its gates; the KPI values by name and formatted
    (one query for the KPI names, none per line)."""
    presenter = Presenter(currency=payout.currency, kpis=kpi_labels() if kpis is None else kpis)
    sums = {k: Decimal(v) for k, v in payout.inputs.get("kpi_sums", {}).items()}
    plan = payout.plan_version.engine_plan()
    kpi_rows = [
        {"code": code, "name": presenter.kpi_name(code), "value": presenter.kpi_value(code, value), "raw": True}
        for code, value in sums.items()
        if code != "puntaje_calidad_ponderado"
    ]
    for code in engine.DERIVED_KPIS:
        value = engine.measure_value(plan, code, sums)
        kpi_rows.append(
            {"code": code, "name": presenter.kpi_name(code), "value": presenter.kpi_value(code, value), "raw": False}
        )
    lines = []
    for line in payout.lines.all():
        d = dict(line.detail)
        lines.append(
            {
                "line": line,
                "d": d,
                "name": presenter.line_name(line),
                "summary": presenter.line_summary(line, d),
                "steps": presenter.steps(d),
                "next_tier": presenter.next_tier(d),
                "gates": [presenter.gate(g) for g in d.get("gates") or []],
                "measure_name": presenter.kpi_name(d.get("measure")) if d.get("measure") else "",
            }
        )
    gates = [presenter.gate(g) for g in payout.gates]
    return {"kpi_rows": kpi_rows, "lines": lines, "gates": gates, "presenter": presenter}


def kpi_targets_by_month(
    *, employee_ids: list[int], months: list[dt.date]
) -> dict[int, dict[dt.date, dict[str, Decimal]]]:
    """Each employee's goal per month and KPI, for the KPI pages' trend charts (registered in
    ``kpi.targets`` by ``IncentivesConfig.ready()``), in four queries whatever the number of employees.

    A target code means the KPI a published plan's component measures against it (``meta_recuperacion``
    -> ``monto_recuperado``); an employee's goal is resolved as a run does: a campaign's, then the
    primary team's (the team of most days in the month), then the employee's own.
    """
    periods = sorted({m.replace(day=1) for m in months})
    if not employee_ids or not periods:
        return {}
    measures: dict[str, str] = {}
    for definition in PlanVersion.objects.filter(status=PlanVersionStatus.PUBLISHED).values_list(
        "definition", flat=True
    ):
        for component in (definition or {}).get("components", []):
            if component.get("target") and component.get("measure"):
                measures.setdefault(component["target"], component["measure"])
    if not measures:
        return {}
    by_emp: dict[tuple[dt.date, int], dict[str, Decimal]] = defaultdict(dict)
    by_team: dict[tuple[dt.date, int], dict[str, Decimal]] = defaultdict(dict)
    by_campaign: dict[tuple[dt.date, int], dict[str, Decimal]] = defaultdict(dict)
    for t in Target.objects.filter(period__in=periods, code__in=list(measures)):
        kpi = measures[t.code]
        if t.employee_id:
            by_emp[(t.period, t.employee_id)][kpi] = t.value
        elif t.team_id:
            by_team[(t.period, t.team_id)][kpi] = t.value
        elif t.campaign_id:
            by_campaign[(t.period, t.campaign_id)][kpi] = t.value
    if not (by_emp or by_team or by_campaign):
        return {}
    bounds = [(period, *period_bounds(period)) for period in periods]  # once, not per membership
    first, last = bounds[0][1], bounds[-1][2]
    ids = list(employee_ids)
    team_days: dict[tuple[dt.date, int], dict[int, int]] = defaultdict(dict)
    for emp_id, team_id, lo, hi in (
        TeamMembership.objects.filter(employee_id__any=ids)
        .overlapping(first, last)
        .values_list("employee_id", "team_id", "start", "end")
    ):
        for period, p_first, p_last in bounds:
            d = max(0, (min(p_last, hi or p_last) - max(p_first, lo)).days + 1)
            if d:
                days = team_days[(period, emp_id)]
                days[team_id] = days.get(team_id, 0) + d
    campaigns: dict[tuple[dt.date, int], set[int]] = defaultdict(set)
    if by_campaign:
        for emp_id, camp_id, lo, hi in (
            CampaignAssignment.objects.filter(employee_id__any=ids)
            .overlapping(first, last)
            .values_list("employee_id", "campaign_id", "start", "end")
        ):
            for period, p_first, p_last in bounds:
                if lo <= p_last and (hi is None or hi >= p_first):
                    campaigns[(period, emp_id)].add(camp_id)
    out: dict[int, dict[dt.date, dict[str, Decimal]]] = {}
    for emp_id in ids:
        for period in periods:
            merged: dict[str, Decimal] = {}
            camps = campaigns.get((period, emp_id))
            for camp in sorted(camps) if camps else ():
                merged.update(by_campaign.get((period, camp), {}))
            days = team_days.get((period, emp_id))
            if days:
                team = max(days.items(), key=lambda kv: (kv[1], kv[0]))[0] if len(days) > 1 else next(iter(days))
                merged.update(by_team.get((period, team), {}))
            own = by_emp.get((period, emp_id))
            if own:
                merged.update(own)
            if merged:
                out.setdefault(emp_id, {})[period] = merged
    return out


def run_counts_by_period(*, user, since: dt.date) -> dict[dt.date, dict[str, int]]:
    """Runs in scope for periods from `since`, counted per period and status
    (``{period: {status: n}}``). One query, whatever the number of agents."""
    rows = (
        scoping.runs_in_scope(PayoutRun.objects.filter(period__gte=since), user)
        .order_by()
        .values_list("period", "status")
        .annotate(n=Count("pk"))
    )
    out: dict[dt.date, dict[str, int]] = {}
    for period, status, n in rows:
        out.setdefault(period, {})[status] = n
    return out


def payout_totals_by_period(*, user, periods: list[dt.date]) -> dict[str, dict[dt.date, list[Decimal]]]:
    """The totals of the payouts in scope of the runs of `periods`, per currency and period
    (``{currency: {period: [total, ...]}}``). One query."""
    qs = scoping.payouts_in_scope(Payout.objects.filter(run__period__in=periods), user)
    out: dict[str, dict[dt.date, list[Decimal]]] = {}
    for currency, period, total in qs.order_by().values_list("currency", "run__period", "total"):
        out.setdefault(currency, {}).setdefault(period, []).append(total)
    return out


# --------------------------------------------------------------------------- the API's reads
def runs_filtered(*, user, status: str | None = None, period: dt.date | None = None) -> QuerySet[PayoutRun]:
    """Runs in the reader's scope (``runs_visible``), by status and period, newest first."""
    qs = runs_visible(user=user)
    if status:
        qs = qs.filter(status=status)
    if period is not None:
        qs = qs.filter(period=period)
    return qs


def payouts_final(*, user, run: PayoutRun) -> QuerySet[Payout]:
    """A run's payouts in the reader's scope with their lines, by employee code: only once the run
    has its final approval (``CLOSED_STATUSES``); before that, none."""
    if run.status not in CLOSED_STATUSES:
        return Payout.objects.none()
    return payouts_visible(user=user, run=run).prefetch_related("lines").order_by("employee__employee_code", "pk")

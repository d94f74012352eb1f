"""Stage 1 of a bonus run, fetch: read a period from the database into the engine's frozen inputs.

Reads only (a fixed number of queries, nothing written); :func:`period_inputs_read` returns a
:class:`PeriodReading` whose ``inputs`` (``engine.PeriodInputs``) go to the pure engine
(``engine.period_payouts_calculate``, stage 2); the services write the result (stage 3).
Choices documented here:

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
* supervisor overrides on ``@team_payout`` see the team members' totals from the first pass
  (the engine's second pass).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Sum

from certification.selectors import certificates_change_marker, certificates_valid_on
from core.dates import add_months
from core.models import Campaign, CampaignAssignment, Employee, Leave, Team, TeamMembership, User
from core.selectors import rows_change_marker
from incentives import engine
from incentives.models import Plan, PlanAssignment, PlanVersion, PlanVersionStatus, Target
from incentives.periods import period_bounds
from kpi.models import MeasuredIncidentDay
from kpi.selectors import kpi_facts_change_marker, kpi_sums

ZERO = Decimal(0)


@dataclass(frozen=True)
class _Employment:
    pk: int
    user_id: int | None
    hire_date: dt.date
    termination_date: dt.date | None


@dataclass(frozen=True)
class PeriodReading:
    """A period as read: the engine's frozen inputs and the plan version rows they name."""

    period: dt.date
    inputs: engine.PeriodInputs
    #: plan version id -> the ``PlanVersion`` row (with its plan) of each segment
    versions: Mapping[int, PlanVersion]

    @property
    def first(self) -> dt.date:
        return self.inputs.first

    @property
    def last(self) -> dt.date:
        return self.inputs.last

    def plan_code_of(self, segment: engine.Segment) -> str:
        return self.versions[segment.plan_version_id].plan.code


def _certificate_gate_answers(
    employees: dict[int, _Employment], first: dt.date, last: dt.date
) -> dict[int, bool | None]:
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


def _leave_day_offsets(employee_ids: Iterable[int], first: dt.date, last: dt.date) -> dict[int, set[int]]:
    """{employee_id: day offsets from ``first`` on leave}, for everyone in one query."""
    out: dict[int, set[int]] = defaultdict(set)
    rows = Leave.objects.filter(employee_id__any=list(employee_ids), start__lte=last, end__gte=first)
    for emp_id, lo, hi in rows.values_list("employee_id", "start", "end"):
        out[emp_id].update(range((max(lo, first) - first).days, (min(hi, last) - first).days + 1))
    return out


def _eligible_days_by_version(
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

    # one query per kind of assignment (role, campaign, team), whatever the number of assignments:
    # the links are read over the whole period and `clip` cuts them to each assignment's dates
    by_role: dict[str, list[PlanAssignment]] = defaultdict(list)
    by_campaign: dict[int, list[PlanAssignment]] = defaultdict(list)
    by_team: dict[int, list[PlanAssignment]] = defaultdict(list)
    for a in assignments:
        if a.employee_id:
            clip(a, a.employee_id, first, last)
        elif a.role:
            by_role[a.role].append(a)
        elif a.campaign_id:
            by_campaign[a.campaign_id].append(a)
        elif a.team_id:
            by_team[a.team_id].append(a)

    def of_employees(qs, field: str):
        return qs if only is None else qs.filter(**{f"{field}__any": sorted(only)})

    if by_role:
        people = of_employees(Employee.objects.filter(user__role__in=sorted(by_role)), "pk")
        for emp_id, role in people.values_list("pk", "user__role"):
            for a in by_role[role]:
                clip(a, emp_id, first, last)
    if by_campaign:
        links = of_employees(
            CampaignAssignment.objects.filter(campaign_id__in=sorted(by_campaign)).overlapping(first, last),
            "employee_id",
        )
        for campaign_id, emp_id, lo, hi in links.values_list("campaign_id", "employee_id", "start", "end"):
            for a in by_campaign[campaign_id]:
                clip(a, emp_id, lo, hi)
    if by_team:
        links = of_employees(
            TeamMembership.objects.filter(team_id__in=sorted(by_team)).overlapping(first, last), "employee_id"
        )
        for team_id, emp_id, lo, hi in links.values_list("team_id", "employee_id", "start", "end"):
            for a in by_team[team_id]:
                clip(a, emp_id, lo, hi)
    if not ranges:
        return {}
    employment = {
        pk: (hire, term)
        for pk, hire, term in Employee.objects.filter(pk__any=sorted({r[0] for r in ranges})).values_list(
            "pk", "hire_date", "termination_date"
        )
    }
    on_leave = _leave_day_offsets(employment, first, last)
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
        slots = best.setdefault(emp_id, [None] * ndays)
        for s, e, a in items:
            _keep_most_specific(
                slots, a, lo=(s - first).days, hi=(e - first).days, with_plan_code=plan_code is not None
            )
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


def _keep_most_specific(slots: list, assignment: PlanAssignment, *, lo: int, hi: int, with_plan_code: bool) -> None:
    """Days ``lo..hi`` (offsets in the period) of one employee: each day keeps the most specific
    assignment (then the latest start, then the newest) as (key, plan version id, plan code)."""
    key = (assignment.specificity, assignment.start, assignment.pk)
    version = assignment.plan_version
    entry = (key, version.pk, version.plan.code if with_plan_code else None)
    for i in range(lo, hi + 1):
        cur = slots[i]
        if cur is None or key > cur[0]:
            slots[i] = entry


def _targets_by_employee(
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


@dataclass(frozen=True)
class PeriodPopulation:
    """Who a run of the period pays, read once: {employee id: {plan version id: eligible days}}
    and the days on leave the same way. A run read in chunks passes it to each chunk's
    :func:`period_inputs_read`, which then does not resolve the assignments again."""

    period: dt.date
    days: Mapping[int, Mapping[int, int]]
    leave: Mapping[int, Mapping[int, int]]
    #: employee id -> main team in the period (most days, then the highest id), None without one
    main_team: Mapping[int, int | None] = field(default_factory=dict)

    @property
    def employee_ids(self) -> list[int]:
        return sorted(self.days)

    @property
    def employee_ids_by_team(self) -> list[int]:
        """The paid employees team by team (then by id): chunks cut from this list hold whole
        teams, so a chunk reads few members of other chunks for its pools and overrides."""
        return sorted(self.days, key=lambda e: (self.main_team.get(e) or 0, e))


def _main_teams(first: dt.date, last: dt.date) -> dict[int, int]:
    """{employee id: main team in the period}: the team of most days (then the highest team id),
    as the payouts record it (``period_inputs_read``)."""
    team_days: dict[int, dict[int, int]] = defaultdict(dict)
    for emp_id, team_id, lo, hi in TeamMembership.objects.overlapping(first, last).values_list(
        "employee_id", "team_id", "start", "end"
    ):
        d = max(0, (min(last, hi or last) - max(first, lo)).days + 1)
        if d:
            team_days[emp_id][team_id] = team_days[emp_id].get(team_id, 0) + d
    return {e: max(t.items(), key=lambda kv: (kv[1], kv[0]))[0] for e, t in team_days.items()}


def period_population_read(*, period: dt.date) -> PeriodPopulation:
    """The employees a run of the period pays (every plan) with their eligible days per version."""
    first, last = period_bounds(period)
    leave: dict[int, dict[int, int]] = {}
    days = _eligible_days_by_version(first, last, None, None, leave)
    return PeriodPopulation(period=period, days=days, leave=leave, main_team=_main_teams(first, last))


def period_employee_ids(*, period: dt.date) -> list[int]:
    """The employees a run of the period pays (sorted): the population a chunked run splits."""
    return period_population_read(period=period).employee_ids


def period_inputs_read(
    *,
    period: dt.date,
    plan_code: str | None = None,
    employee_ids: Iterable[int] | None = None,
    until: dt.date | None = None,
    population: PeriodPopulation | None = None,
) -> PeriodReading:
    """Read the engine inputs of a period (everyone paid, or only ``plan_code`` / ``employee_ids``).
    With ``until`` (a projection), KPI sums run to that day and are projected linearly to the
    month's end. ``population`` (every plan's, from :func:`period_population_read` for the same
    period) stands for the assignments and leave, read once for all the chunks of a run."""
    first, last = period_bounds(period)
    if population is not None and plan_code is None and population.period == period:
        only = (
            population.days
            if employee_ids is None
            else {e: population.days[e] for e in employee_ids if e in population.days}
        )
        days = {e: dict(v) for e, v in only.items()}
        leave = {e: dict(population.leave[e]) for e in days if e in population.leave}
    else:
        leave = {}
        days = _eligible_days_by_version(first, last, plan_code, employee_ids, leave)
    if not days:
        return PeriodReading(period=period, inputs=engine.PeriodInputs(first=first, last=last), versions={})
    emp_ids = sorted(days)
    employees = {
        pk: _Employment(pk, user_id, hire, term)
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
    # (and every member of the teams they supervise: an override sees its whole team, also when the
    # period is read in chunks of employees and the team's agents are paid in another chunk)
    pool_teams = {t for e in emp_ids for t in team_days.get(e, {})}
    pool_teams |= {t for e in emp_ids if employees[e].user_id for t in supervised.get(employees[e].user_id, ())}
    member_ids = sorted({e for e, teams in team_days.items() if set(teams) & pool_teams} | set(emp_ids))
    end = min(until, last) if until else last
    sums = kpi_sums(employee_ids=member_ids, start=first, end=end)
    if until:
        elapsed = (end - first).days + 1
        sums = {
            k: engine.project_sums(v, elapsed_days=elapsed, total_days=(last - first).days + 1) for k, v in sums.items()
        }
    targets = _targets_by_employee(period, employees, primary_team, campaigns)
    certified = _certificate_gate_answers(employees, first, last)

    # team inputs
    team_sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    team_hours: dict[int, dict[int, Decimal]] = defaultdict(dict)
    team_members: dict[int, set[int]] = defaultdict(set)
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
            team_members[team_id].add(emp_id)
    team_targets: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for t in Target.objects.filter(period=period, team__isnull=False):
        team_targets[t.team_id][t.code] = t.value
    teams: dict[int, engine.TeamInputs] = {}
    for team_id in set(team_sums) | {t for ids in supervised.values() for t in ids}:
        teams[team_id] = engine.TeamInputs(
            team_id=team_id,
            kpi_sums=dict(team_sums.get(team_id, {})),
            member_hours=team_hours.get(team_id, {}),
            targets=team_targets.get(team_id, {}),
        )

    ndays = (last - first).days + 1
    segments: list[engine.Segment] = []
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
            segments.append(
                engine.Segment(
                    employee_id=emp_id,
                    plan_version_id=version_id,
                    plan=plans[version_id],
                    inputs=inputs,
                    team_id=primary_team.get(emp_id),
                    leave_days=leave.get(emp_id, {}).get(version_id, 0),
                )
            )
    return PeriodReading(
        period=period,
        inputs=engine.PeriodInputs(
            first=first,
            last=last,
            segments=tuple(segments),
            teams=teams,
            team_members={t: frozenset(m) for t, m in team_members.items()},
            kpi_sums=sums,
        ),
        versions=versions,
    )


# ----------------------------------------------------------------------------- change markers
#: every table :func:`period_inputs_read` and the fingerprint read, KPI facts and certificates
#: apart (their apps mark them); ``tests/incentives/services/test_stale_runs.py`` holds this list
#: to the tables those reads actually touch, so a new input cannot be left unmarked.
MARKED_MODELS = (
    PlanAssignment,
    PlanVersion,
    Plan,
    Target,
    Employee,
    User,
    Campaign,
    CampaignAssignment,
    TeamMembership,
    Team.supervisors.through,
    Leave,
    MeasuredIncidentDay,  # the compliance incidents Acredita measured (kpi_sums, kpi_fact_digests)
)


def period_input_markers(*, period: dt.date) -> str | None:
    """A short text that changes whenever any input of the period changes (PostgreSQL and SQLite;
    None elsewhere): the change markers of the tables the period is read from (only the period's days
    of KPI facts). Read it before the inputs: a cache keyed on it is then never stale."""
    first, last = period_bounds(period)
    own = rows_change_marker(*MARKED_MODELS)
    if own is None:
        return None
    facts = kpi_facts_change_marker(start=first, end=last)
    return f"{own}|{facts}|{certificates_change_marker()}"


def _roles_marker() -> str:
    """Who holds which role (a plan may be assigned to a role): per role the count of users and the
    sums of their ids and squared ids, in one grouped query. Unlike the user table's change marker
    it does not move when someone signs in (``last_login``), which every agent does at shift start."""
    rows = (
        User.objects.order_by()
        .values("role")
        .annotate(n=Count("pk"), ids=Sum("pk"), squares=Sum(F("pk") * F("pk")))
        .order_by("role")
        .values_list("role", "n", "ids", "squares")
    )
    return ";".join(":".join(map(str, row)) for row in rows)


def projection_input_markers(*, period: dt.date) -> str | None:
    """Like :func:`period_input_markers`, for an agent's projection of `period` ("My bonus"), which
    shows the month before while the month has no facts: the facts of both months, and who holds
    which role instead of every write to the user table. None where nothing is marked."""
    own = rows_change_marker(*(model for model in MARKED_MODELS if model is not User))
    if own is None:
        return None
    first = period_bounds(add_months(period, -1))[0]
    facts = kpi_facts_change_marker(start=first, end=period_bounds(period)[1])
    return f"{own}|{facts}|{certificates_change_marker()}|{_roles_marker()}"

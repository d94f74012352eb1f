"""The calculation: frozen inputs in, payout lines with a trace out.

See ``money.py`` for the single rounding rule. Order of steps for one component line:

measure -> attainment (when the component has a target) -> threshold -> tiers -> modifiers
-> kickers -> proration -> floor -> cap -> gates -> rounding.

A failed gate is applied last, so the trace still shows what the line would have paid.
Pool lines: the team's pool is computed on team sums (no proration), rounded once and split
among members by paid hours (largest remainder). Override lines: computed on a supervised
team's sums (or the total of its members' payouts) and prorated by the supervisor's days.
When an agent changes plan mid-period, the caller computes one payout per plan version with
the eligible days of that version: each plan pays its share of the days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal, localcontext
from enum import StrEnum
from typing import Any

from .errors import EngineError
from .kpis import COUNT_UNITS, OWN_VALUE, RAW_KPIS, TEAM_PAYOUT, MeasureDef
from .money import ENGINE_CONTEXT, ONE, ZERO, allocate, round_money, round_money_down
from .plan import Component, Condition, Gate, GateKind, PlanVersion, Scope, TierMode, TierTable

#: raw units a "what it takes" message can be expressed in (not weighted scores)
REPORTABLE_UNITS = {"count", "currency", "hours", "seconds"}


# ---------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class AgentInputs:
    employee_id: int
    kpi_sums: Mapping[str, Decimal]
    eligible_days: int
    days_in_period: int
    targets: Mapping[str, Decimal] = field(default_factory=dict)
    #: certificate in the campaign's specialisation on the period's last day;
    #: ``None`` when no campaign of the agent requires one
    certified: bool | None = None
    #: teams whose pool the agent shares (weights are in TeamInputs.member_hours)
    team_ids: tuple[int, ...] = ()
    #: teams the agent supervises (override components)
    supervised_team_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class TeamInputs:
    team_id: int
    kpi_sums: Mapping[str, Decimal]
    member_hours: Mapping[int, Decimal]
    targets: Mapping[str, Decimal] = field(default_factory=dict)
    #: total of the members' payouts (basis of ``@team_payout`` overrides)
    payout_total: Decimal = ZERO


# ---------------------------------------------------------------------------- outputs
@dataclass(frozen=True)
class TraceStep:
    rule: str
    inputs: Mapping[str, Any]
    result: Any

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "inputs": _jsonable(dict(self.inputs)), "result": _jsonable(self.result)}


@dataclass(frozen=True)
class GateResult:
    code: str
    kind: str
    passed: bool
    #: ok, condition_not_met, no_data, not_certified, not_required, severe_incidents
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "passed": self.passed,
            "reason": self.reason,
            "params": _jsonable(dict(self.params)),
        }


@dataclass(frozen=True)
class NextTier:
    """What it takes to reach the next band (or the threshold)."""

    band: int
    lower: Decimal
    #: missing amount of the tier variable (attainment points or measure units)
    gap: Decimal
    #: missing amount of the measure (same as ``gap`` when there is no target)
    measure_gap: Decimal
    #: the raw KPI to increase and by how much (rounded up to whole units for counts)
    raw_kpi: str | None
    raw_gap: Decimal | None
    #: the line's amount at the next band's lower bound, before modifiers, gates and caps
    amount_at_next: Decimal

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(self.__dict__)


class LineKind(StrEnum):
    COMPONENT = "component"
    POOL_SHARE = "pool_share"
    OVERRIDE = "override"
    PLAN_CAP = "plan_cap"
    PLAN_FLOOR = "plan_floor"


@dataclass(frozen=True)
class PayoutLine:
    code: str
    kind: LineKind
    name: str
    concept: str
    amount: Decimal
    exact: Decimal
    trace: tuple[TraceStep, ...]
    gates: tuple[GateResult, ...] = ()
    team_id: int | None = None
    measure: str | None = None
    measure_value: Decimal | None = None
    target_value: Decimal | None = None
    attainment: Decimal | None = None
    band: int | None = None
    capped: bool = False
    floored: bool = False
    next_tier: NextTier | None = None

    @property
    def failed_gates(self) -> tuple[GateResult, ...]:
        return tuple(g for g in self.gates if not g.passed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": str(self.kind),
            "name": self.name,
            "concept": self.concept,
            "amount": str(self.amount),
            "exact": str(self.exact),
            "team_id": self.team_id,
            "measure": self.measure,
            "measure_value": _jsonable(self.measure_value),
            "target_value": _jsonable(self.target_value),
            "attainment": _jsonable(self.attainment),
            "band": self.band,
            "capped": self.capped,
            "floored": self.floored,
            "gates": [g.as_dict() for g in self.gates],
            "next_tier": self.next_tier.as_dict() if self.next_tier else None,
            "trace": [s.as_dict() for s in self.trace],
        }


@dataclass(frozen=True)
class Payout:
    employee_id: int
    plan_code: str
    plan_version: int
    currency: str
    proration: Decimal
    lines: tuple[PayoutLine, ...]
    gates: tuple[GateResult, ...]
    total: Decimal

    @property
    def failed_gates(self) -> tuple[GateResult, ...]:
        return tuple(g for g in self.gates if not g.passed)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


# ---------------------------------------------------------------------------- measures
def measure_value(plan: PlanVersion, code: str, sums: Mapping[str, Decimal]) -> Decimal | None:
    """Value of a measure over the period's sums; ``None`` when a ratio has no denominator."""
    mdef = plan.measure_def(code)
    if mdef is None:
        raise KeyError(code)
    return _measure(mdef, sums)


def _measure(mdef: MeasureDef, sums: Mapping[str, Decimal]) -> Decimal | None:
    num = ZERO
    for code in mdef.numerator:
        num += sums.get(code, ZERO)
    if not mdef.denominator:
        return num * mdef.scale
    den = ZERO
    for code in mdef.denominator:
        den += sums.get(code, ZERO)
    if den == 0:
        return None
    return mdef.scale * num / den


#: id(table) -> (table, its tiers sorted): keyed by identity, because hashing a frozen table (its
#: tiers and their Decimals) on every line cost more than sorting it; the table is kept, so its id
#: is not reused while the entry lives
_SORTED_TIERS: dict[int, tuple[TierTable, tuple]] = {}


def sorted_tiers(table: TierTable) -> tuple:
    hit = _SORTED_TIERS.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    if len(_SORTED_TIERS) > 1024:
        _SORTED_TIERS.clear()
    tiers = tuple(sorted(table.tiers, key=lambda t: t.lower))
    _SORTED_TIERS[id(table)] = (table, tiers)
    return tiers


def tier_result(table: TierTable, x: Decimal) -> tuple[int, Decimal, list[dict[str, Any]]]:
    """(1-based band reached, value paid, slices) for a non-negative tier variable ``x``."""
    tiers = sorted_tiers(table)
    band = 1
    for i, t in enumerate(tiers):
        if x >= t.lower and (t.upper is None or x < t.upper):
            band = i + 1
            break
    else:  # beyond every band (cannot happen for a validated, open-ended table)
        band = len(tiers)
    if table.mode == TierMode.RETROACTIVE:
        t = tiers[band - 1]
        value = x * t.rate + t.amount
        return band, value, [{"band": band, "base": x, "rate": t.rate, "amount": t.amount, "paid": value}]
    slices: list[dict[str, Any]] = []
    total = ZERO
    for i, t in enumerate(tiers):
        if x <= t.lower:
            break
        top = x if t.upper is None else min(x, t.upper)
        piece = top - t.lower
        paid = piece * t.rate
        total += paid
        slices.append({"band": i + 1, "from": t.lower, "to": top, "rate": t.rate, "paid": paid})
    return band, total, slices


def _condition_value(
    plan: PlanVersion, cond: Condition, sums: Mapping[str, Decimal], own: Decimal | None
) -> Decimal | None:
    if cond.measure == OWN_VALUE:
        return own
    return measure_value(plan, cond.measure, sums)


def evaluate_gates(plan: PlanVersion, inputs: AgentInputs) -> tuple[GateResult, ...]:
    """Evaluate every gate of the plan on the payee's own KPI sums and certificate."""
    results = []
    for gate in plan.gates:
        results.append(_evaluate_gate(plan, gate, inputs))
    return tuple(results)


def _evaluate_gate(plan: PlanVersion, gate: Gate, inputs: AgentInputs) -> GateResult:
    if gate.kind == GateKind.CERTIFICATE:
        if inputs.certified is None:
            return GateResult(gate.code, gate.kind, True, "not_required")
        if inputs.certified:
            return GateResult(gate.code, gate.kind, True, "ok")
        return GateResult(gate.code, gate.kind, False, "not_certified")
    if gate.kind == GateKind.NO_SEVERE_INCIDENTS:
        severe = Decimal(inputs.kpi_sums.get("incidentes_graves", ZERO))
        if severe > 0:
            return GateResult(gate.code, gate.kind, False, "severe_incidents", {"count": severe})
        return GateResult(gate.code, gate.kind, True, "ok", {"count": severe})
    cond = gate.condition
    if cond is None:
        raise EngineError("gate_missing_condition", {"gate": gate.code})
    value = measure_value(plan, cond.measure, inputs.kpi_sums)
    params = {"kpi": cond.measure, "op": str(cond.op), "threshold": cond.value, "value": value}
    if value is None:
        return GateResult(gate.code, gate.kind, gate.pass_without_data, "no_data", params)
    if cond.op.holds(value, cond.value):
        return GateResult(gate.code, gate.kind, True, "ok", params)
    return GateResult(gate.code, gate.kind, False, "condition_not_met", params)


# ---------------------------------------------------------------------------- one line
@dataclass
class _Line:
    steps: list[TraceStep] = field(default_factory=list)

    def step(self, rule: str, result: Any, **inputs: Any) -> None:
        self.steps.append(TraceStep(rule, inputs, result))


#: (id(table), goal) -> (table, the table's value at ``goal``): a line's "next tier" asks for the
#: value at a band's lower bound (or the threshold), the same few points for every agent
_VALUE_AT: dict[tuple[int, Decimal], tuple[TierTable, Decimal]] = {}


def _value_at(table: TierTable, goal: Decimal) -> Decimal:
    key = (id(table), goal)
    hit = _VALUE_AT.get(key)
    if hit is not None and hit[0] is table:
        return hit[1]
    if len(_VALUE_AT) > 4096:
        _VALUE_AT.clear()
    value = tier_result(table, goal)[1]
    _VALUE_AT[key] = (table, value)
    return value


def _component_exact(
    plan: PlanVersion,
    comp: Component,
    *,
    sums: Mapping[str, Decimal],
    targets: Mapping[str, Decimal],
    factor: Decimal,
    team_payout: Decimal,
    gates: tuple[GateResult, ...],
    prorate: bool,
) -> dict[str, Any]:
    """Full-precision amount of one component line with its trace and explain data.

    Run for every line of every agent: the trace steps are appended directly (no helper call per
    step), in the order and with the inputs the module docstring lists."""
    steps: list[TraceStep] = []
    add = steps.append
    capped = floored = False
    next_tier: NextTier | None = None
    band: int | None = None
    if comp.measure == TEAM_PAYOUT:
        value: Decimal | None = team_payout
        add(TraceStep("measure", {"measure": comp.measure, "definition": "team members' payout total"}, value))
        mdef = None
    else:
        mdef = plan.measure_def(comp.measure)
        if mdef is None:
            raise EngineError("unknown_measure", {"measure": comp.measure})
        value = _measure(mdef, sums)
        get = sums.get
        add(
            TraceStep(
                "measure",
                {
                    "measure": comp.measure,
                    "numerator": {c: Decimal(get(c, ZERO)) for c in mdef.numerator},
                    "denominator": {c: Decimal(get(c, ZERO)) for c in mdef.denominator},
                    "scale": mdef.scale,
                },
                value,
            )
        )
    measure_value = value
    x: Decimal | None = value
    target: Decimal | None = None
    target_value: Decimal | None = None
    attainment: Decimal | None = None
    if comp.target is not None and value is not None:
        raw_target = targets.get(comp.target)
        if raw_target is None or Decimal(raw_target) <= 0:
            add(TraceStep("missing_target", {"target": comp.target}, None))
            x = None
        else:
            target = Decimal(raw_target)
            if plan.prorate_targets and prorate and factor != ONE:
                add(TraceStep("prorate_target", {"target": target, "factor": factor}, target * factor))
                target = target * factor
            x = value / target
            add(TraceStep("attainment", {"measure_value": value, "target": target}, x))
        target_value = target
        attainment = x
    amount = ZERO
    if x is None:
        if comp.target is None or value is None:
            add(TraceStep("no_data", {"measure": comp.measure}, ZERO))
    else:
        if x < 0:
            add(TraceStep("clamp_negative", {"value": x}, ZERO))
            x = ZERO
        band, tier_value, slices = tier_result(comp.tiers, x)
        below = comp.threshold is not None and x < comp.threshold
        if below:
            add(TraceStep("threshold", {"value": x, "threshold": comp.threshold}, ZERO))
        else:
            amount = comp.multiplier * tier_value
            add(
                TraceStep(
                    f"tiers_{comp.tiers.mode}",
                    {"value": x, "band": band, "slices": slices, "multiplier": comp.multiplier},
                    amount,
                )
            )
            for mod in comp.modifiers:
                when = mod.when
                cv = _condition_value(plan, when, sums, x)
                applied = cv is not None and when.op.holds(cv, when.value)
                if applied:
                    amount = amount * mod.factor
                add(
                    TraceStep(
                        "modifier",
                        {
                            "code": mod.code,
                            "kpi": when.measure,
                            "value": cv,
                            "op": str(when.op),
                            "threshold": when.value,
                            "factor": mod.factor,
                            "applied": applied,
                        },
                        amount,
                    )
                )
            for kick in comp.kickers:
                when = kick.when
                cv = _condition_value(plan, when, sums, x)
                applied = cv is not None and when.op.holds(cv, when.value)
                if applied:
                    amount = amount + kick.amount
                add(
                    TraceStep(
                        "kicker",
                        {
                            "code": kick.code,
                            "kpi": when.measure,
                            "value": cv,
                            "op": str(when.op),
                            "threshold": when.value,
                            "bonus": kick.amount,
                            "applied": applied,
                        },
                        amount,
                    )
                )
        next_tier = _next_tier(comp, x, value, target, mdef, sums, below)
    cap, floor = comp.cap, comp.floor
    if prorate and factor != ONE:
        amount = amount * factor
        add(TraceStep("proration", {"factor": factor}, amount))
        cap = None if cap is None else round_money_down(cap * factor, plan.currency)
        floor = None if floor is None else round_money(floor * factor, plan.currency)
    failed = [g for g in gates if not g.passed] if gates else []
    if floor is not None and amount < floor and not failed:
        add(TraceStep("floor", {"amount": amount, "floor": floor}, floor))
        amount = floor
        floored = True
    if cap is not None and amount > cap:
        add(TraceStep("cap", {"amount": amount, "cap": cap}, cap))
        amount = cap
        capped = True
    if failed:
        add(TraceStep("gate_failed", {"gates": [g.code for g in failed], "would_pay": amount}, ZERO))
        amount = ZERO
    return {
        "capped": capped,
        "floored": floored,
        "next_tier": next_tier,
        "band": band,
        "measure_value": measure_value,
        "target_value": target_value,
        "attainment": attainment,
        "exact": amount,
        "steps": steps,
    }


def _next_tier(
    comp: Component,
    x: Decimal,
    value: Decimal | None,
    target: Decimal | None,
    mdef: MeasureDef | None,
    sums: Mapping[str, Decimal],
    below_threshold: bool,
) -> NextTier | None:
    tiers = sorted_tiers(comp.tiers)
    goal: Decimal | None = None
    band = 0
    if below_threshold and comp.threshold is not None:
        goal = comp.threshold
        band = next((i + 1 for i, t in enumerate(tiers) if t.upper is None or goal < t.upper), 1)
    else:
        for i, t in enumerate(tiers):
            if t.lower > x:
                goal, band = t.lower, i + 1
                break
    if goal is None or value is None:
        return None
    gap = goal - x
    measure_gap = gap * target if target is not None else gap
    raw_kpi: str | None = None
    raw_gap: Decimal | None = None
    unit = RAW_KPIS.get(mdef.numerator[0]) if mdef is not None and len(mdef.numerator) == 1 else None
    if mdef is not None and unit in REPORTABLE_UNITS and mdef.scale != 0:
        raw_kpi = mdef.numerator[0]
        if mdef.denominator:
            den = sum((Decimal(sums.get(c, ZERO)) for c in mdef.denominator), ZERO)
            raw_gap = measure_gap * den / mdef.scale
        else:
            raw_gap = measure_gap / mdef.scale
        if unit in COUNT_UNITS:
            raw_gap = raw_gap.to_integral_value(rounding=ROUND_CEILING)
        else:
            raw_gap = raw_gap.quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    return NextTier(band, goal, gap, measure_gap, raw_kpi, raw_gap, comp.multiplier * _value_at(comp.tiers, goal))


# ---------------------------------------------------------------------------- payouts
def pool_amount(
    plan: PlanVersion, comp: Component, team: TeamInputs
) -> tuple[Decimal, list[TraceStep], dict[str, Any]]:
    """The team's rounded pool for a pool component (no gates, no proration)."""
    with localcontext(ENGINE_CONTEXT):
        data = _component_exact(
            plan,
            comp,
            sums=team.kpi_sums,
            targets=team.targets,
            factor=ONE,
            team_payout=team.payout_total,
            gates=(),
            prorate=False,
        )
        return round_money(data["exact"], plan.currency), data["steps"], data


def pool_shares(plan: PlanVersion, comp: Component, team: TeamInputs) -> dict[int, Decimal]:
    total, _, _ = pool_amount(plan, comp, team)
    hours = {k: Decimal(v) for k, v in team.member_hours.items()}
    return allocate(total, hours, plan.currency)


def agent_payout_calculate(
    *,
    plan: PlanVersion,
    inputs: AgentInputs,
    teams: Mapping[int, TeamInputs] | None = None,
    pool_cache: dict | None = None,
) -> Payout:
    """Compute one agent's payout under one plan version for one period (or a share of it).

    ``pool_cache`` (any dict, shared across the agents of a run) memoises each team's pool
    and its split, which are the same for every member."""
    teams = teams or {}
    with localcontext(ENGINE_CONTEXT):
        if inputs.days_in_period <= 0:
            factor = ZERO
        else:
            factor = Decimal(inputs.eligible_days) / Decimal(inputs.days_in_period)
        gate_results = evaluate_gates(plan, inputs)
        by_code = {g.code: g for g in gate_results}
        lines: list[PayoutLine] = []
        for comp in plan.components:
            gates = tuple(by_code[g.code] for g in plan.gates_for(comp.code))
            if comp.scope == Scope.AGENT:
                data = _component_exact(
                    plan,
                    comp,
                    sums=inputs.kpi_sums,
                    targets=inputs.targets,
                    factor=factor,
                    team_payout=ZERO,
                    gates=gates,
                    prorate=comp.prorate,
                )
                lines.append(_line(plan, comp, LineKind.COMPONENT, data, gates, None))
            elif comp.scope == Scope.POOL:
                for team_id in inputs.team_ids:
                    team = teams.get(team_id)
                    if team is None:
                        continue
                    lines.append(_pool_line(plan, comp, team, inputs.employee_id, gates, pool_cache))
            else:
                for team_id in inputs.supervised_team_ids:
                    team = teams.get(team_id)
                    if team is None:
                        continue
                    data = _component_exact(
                        plan,
                        comp,
                        sums=team.kpi_sums,
                        targets=team.targets,
                        factor=factor,
                        team_payout=Decimal(team.payout_total),
                        gates=gates,
                        prorate=comp.prorate,
                    )
                    lines.append(_line(plan, comp, LineKind.OVERRIDE, data, gates, team_id))
        lines.extend(_plan_limits(plan, lines, factor, gate_results))
        total = sum((ln.amount for ln in lines), ZERO)
        return Payout(
            employee_id=inputs.employee_id,
            plan_code=plan.code,
            plan_version=plan.version,
            currency=plan.currency,
            proration=factor,
            lines=tuple(lines),
            gates=gate_results,
            total=total,
        )


def _line(
    plan: PlanVersion,
    comp: Component,
    kind: LineKind,
    data: dict[str, Any],
    gates: tuple[GateResult, ...],
    team_id: int | None,
) -> PayoutLine:
    exact = data["exact"]
    amount = round_money(exact, plan.currency)
    steps = list(data["steps"])
    steps.append(TraceStep("round_half_up", {"exact": exact, "currency": plan.currency}, amount))
    return PayoutLine(
        code=comp.code,
        kind=kind,
        name=comp.name,
        concept=comp.concept or comp.code,
        amount=amount,
        exact=exact,
        trace=tuple(steps),
        gates=gates,
        team_id=team_id,
        measure=comp.measure,
        measure_value=data["measure_value"],
        target_value=data["target_value"],
        attainment=data["attainment"],
        band=data["band"],
        capped=data["capped"],
        floored=data["floored"],
        next_tier=data["next_tier"],
    )


def _pool_line(
    plan: PlanVersion,
    comp: Component,
    team: TeamInputs,
    employee_id: int,
    gates: tuple[GateResult, ...],
    cache: dict | None = None,
) -> PayoutLine:
    key = (plan.code, plan.version, comp.code, team.team_id, id(team))
    cached = cache.get(key) if cache is not None else None
    if cached is None:
        total, steps, data = pool_amount(plan, comp, team)
        hours = {k: Decimal(v) for k, v in team.member_hours.items()}
        shares = allocate(total, hours, plan.currency)
        cached = (total, steps, data, hours, shares, sum(hours.values(), ZERO))
        if cache is not None:
            cache[key] = cached
    total, steps, data, hours, shares, team_hours = cached
    share = shares.get(employee_id, ZERO)
    steps = list(steps)
    steps.append(TraceStep("round_half_up", {"exact": data["exact"], "currency": plan.currency}, total))
    steps.append(
        TraceStep(
            "pool_split_by_hours",
            {
                "pool": total,
                "hours": hours.get(employee_id, ZERO),
                "team_hours": team_hours,
                "method": "largest_remainder",
            },
            share,
        )
    )
    failed = [g for g in gates if not g.passed]
    if failed:
        steps.append(TraceStep("gate_failed", {"gates": [g.code for g in failed], "would_pay": share}, ZERO))
        share = ZERO
    return PayoutLine(
        code=comp.code,
        kind=LineKind.POOL_SHARE,
        name=comp.name,
        concept=comp.concept or comp.code,
        amount=share,
        exact=share,
        trace=tuple(steps),
        gates=gates,
        team_id=team.team_id,
        measure=comp.measure,
        measure_value=data["measure_value"],
        target_value=data["target_value"],
        attainment=data["attainment"],
        band=data["band"],
        capped=data["capped"],
        floored=data["floored"],
        next_tier=data["next_tier"],
    )


def _plan_limits(
    plan: PlanVersion, lines: list[PayoutLine], factor: Decimal, gates: tuple[GateResult, ...]
) -> list[PayoutLine]:
    subtotal = sum((ln.amount for ln in lines), ZERO)
    plan_gate_failed = [g for g in gates if not g.passed and _is_plan_gate(plan, g.code)]
    out: list[PayoutLine] = []
    cap = None if plan.cap is None else round_money_down(plan.cap * factor, plan.currency)
    floor = None if plan.floor is None else round_money(plan.floor * factor, plan.currency)
    if floor is not None and subtotal < floor and not plan_gate_failed:
        diff = floor - subtotal
        step = TraceStep("plan_floor", {"subtotal": subtotal, "floor": floor, "factor": factor}, diff)
        out.append(PayoutLine("plan_floor", LineKind.PLAN_FLOOR, "", "plan_floor", diff, diff, (step,)))
        subtotal = floor
    if cap is not None and subtotal > cap:
        diff = cap - subtotal
        step = TraceStep("plan_cap", {"subtotal": subtotal, "cap": cap, "factor": factor}, diff)
        out.append(PayoutLine("plan_cap", LineKind.PLAN_CAP, "", "plan_cap", diff, diff, (step,)))
    return out


def _is_plan_gate(plan: PlanVersion, code: str) -> bool:
    return any(g.code == code and not g.applies_to for g in plan.gates)


def project_sums(sums: Mapping[str, Decimal], *, elapsed_days: int, total_days: int) -> dict[str, Decimal]:
    """Linear month-end projection of additive sums (ratios of sums are unchanged by it)."""
    if elapsed_days <= 0:
        return {k: Decimal(v) for k, v in sums.items()}
    with localcontext(ENGINE_CONTEXT):
        f = Decimal(total_days) / Decimal(elapsed_days)
        return {k: Decimal(v) * f for k, v in sums.items()}


def days_share(eligible_days: int, days_in_period: int) -> Decimal:
    return ZERO if days_in_period <= 0 else Decimal(eligible_days) / Decimal(days_in_period)


__all__ = [
    "AgentInputs",
    "GateResult",
    "LineKind",
    "NextTier",
    "Payout",
    "PayoutLine",
    "TeamInputs",
    "TraceStep",
    "days_share",
    "evaluate_gates",
    "measure_value",
    "agent_payout_calculate",
    "pool_amount",
    "pool_shares",
    "project_sums",
    "tier_result",
]

"""Semantic validation of plan versions (beyond the JSON Schema).

Issue codes:

``plan_no_components``, ``unknown_currency``, ``invalid_dates``, ``duplicate_component``,
``duplicate_gate``, ``duplicate_measure``, ``measure_unknown_raw``, ``measure_shadows_builtin``,
``unknown_measure``, ``team_payout_outside_override``, ``tiers_empty``, ``tiers_gap_at_start``,
``tiers_gap``, ``tiers_overlap``, ``tiers_not_open_ended``, ``tier_empty_band``,
``tier_amount_in_marginal``, ``negative_rate``, ``negative_amount``, ``invalid_multiplier``,
``invalid_factor``, ``cap_below_floor``, ``amount_precision``, ``gate_unknown_kpi``,
``gate_unknown_component``, ``gate_missing_condition``, ``modifier_unknown_kpi``,
``kicker_unknown_kpi``.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import PlanInvalid, PlanIssue
from .kpis import OWN_VALUE, RAW_KPIS, TEAM_PAYOUT, builtin_measure
from .money import MINOR_UNITS, fits_minor_unit
from .plan import Condition, GateKind, PlanVersion, Scope, TierMode, TierTable


def validate_plan(plan: PlanVersion) -> tuple[PlanIssue, ...]:
    """Return every problem found (empty tuple when the plan is valid)."""
    issues: list[PlanIssue] = []
    add = issues.append
    if not plan.components:
        add(PlanIssue("plan_no_components", {}, "components", "a plan needs at least one component"))
    currency_ok = plan.currency in MINOR_UNITS
    if not currency_ok:
        add(PlanIssue("unknown_currency", {"currency": plan.currency}, "currency"))
    if plan.valid_to is not None and plan.valid_to < plan.valid_from:
        add(
            PlanIssue(
                "invalid_dates",
                {"valid_from": plan.valid_from.isoformat(), "valid_to": plan.valid_to.isoformat()},
                "valid_to",
                "valid_to is before valid_from",
            )
        )

    seen: set[str] = set()
    for i, m in enumerate(plan.measures):
        path = f"measures[{i}]"
        if m.code in seen:
            add(PlanIssue("duplicate_measure", {"measure": m.code}, path))
        seen.add(m.code)
        if builtin_measure(m.code) is not None:
            add(PlanIssue("measure_shadows_builtin", {"measure": m.code}, path))
        for raw in m.numerator + m.denominator:
            if raw not in RAW_KPIS:
                add(PlanIssue("measure_unknown_raw", {"measure": m.code, "kpi": raw}, path))

    def known(code: str) -> bool:
        return plan.measure_def(code) is not None

    def check_money(value: Decimal | None, path: str, what: str) -> None:
        if value is None:
            return
        if value < 0:
            add(PlanIssue("negative_amount", {"field": what, "value": str(value)}, path))
        if currency_ok and not fits_minor_unit(value, plan.currency):
            add(
                PlanIssue(
                    "amount_precision",
                    {"field": what, "value": str(value), "currency": plan.currency},
                    path,
                    "money amounts must fit the currency's minor unit",
                )
            )

    def check_cap_floor(cap: Decimal | None, floor: Decimal | None, path: str) -> None:
        check_money(cap, path, "cap")
        check_money(floor, path, "floor")
        if cap is not None and floor is not None and cap < floor:
            add(
                PlanIssue(
                    "cap_below_floor",
                    {"cap": str(cap), "floor": str(floor)},
                    path,
                    "the cap is below the floor",
                )
            )

    def check_condition(cond: Condition, path: str, code: str, owner: str) -> None:
        if cond.measure == OWN_VALUE and owner != "gate":
            return
        if not known(cond.measure):
            add(PlanIssue(code, {"kpi": cond.measure, owner: path}, path))

    codes: set[str] = set()
    for i, c in enumerate(plan.components):
        path = f"components[{i}]"
        if c.code in codes:
            add(PlanIssue("duplicate_component", {"component": c.code}, path))
        codes.add(c.code)
        if c.measure == TEAM_PAYOUT:
            if c.scope != Scope.OVERRIDE:
                add(PlanIssue("team_payout_outside_override", {"component": c.code}, path))
        elif not known(c.measure):
            add(PlanIssue("unknown_measure", {"component": c.code, "measure": c.measure}, path))
        if c.multiplier < 0:
            add(PlanIssue("invalid_multiplier", {"component": c.code}, path))
        issues.extend(tier_issues(c.tiers, f"{path}.tiers", c.code))
        for j, mod in enumerate(c.modifiers):
            mpath = f"{path}.modifiers[{j}]"
            if mod.factor < 0:
                add(PlanIssue("invalid_factor", {"modifier": mod.code}, mpath))
            check_condition(mod.when, mpath, "modifier_unknown_kpi", "modifier")
        for j, kick in enumerate(c.kickers):
            kpath = f"{path}.kickers[{j}]"
            check_money(kick.amount, kpath, "kicker")
            check_condition(kick.when, kpath, "kicker_unknown_kpi", "kicker")
        check_cap_floor(c.cap, c.floor, path)
    check_cap_floor(plan.cap, plan.floor, "plan")

    gate_codes: set[str] = set()
    for i, g in enumerate(plan.gates):
        path = f"gates[{i}]"
        if g.code in gate_codes:
            add(PlanIssue("duplicate_gate", {"gate": g.code}, path))
        gate_codes.add(g.code)
        if g.kind == GateKind.KPI:
            if g.condition is None:
                add(PlanIssue("gate_missing_condition", {"gate": g.code}, path))
            elif not known(g.condition.measure):
                add(
                    PlanIssue(
                        "gate_unknown_kpi",
                        {"gate": g.code, "kpi": g.condition.measure},
                        path,
                        f"gate {g.code} uses unknown KPI {g.condition.measure}",
                    )
                )
        for comp in g.applies_to:
            if comp not in codes:
                add(PlanIssue("gate_unknown_component", {"gate": g.code, "component": comp}, path))
    return tuple(issues)


def tier_issues(table: TierTable, path: str, component: str) -> list[PlanIssue]:
    """Contiguity: first band starts at 0, each upper is the next lower, last band open-ended."""
    out: list[PlanIssue] = []
    tiers = table.tiers
    if not tiers:
        return [PlanIssue("tiers_empty", {"component": component}, path)]
    ordered = sorted(enumerate(tiers), key=lambda it: it[1].lower)
    first_index, first = ordered[0]
    if first.lower != 0:
        out.append(
            PlanIssue(
                "tiers_gap_at_start",
                {"component": component, "lower": str(first.lower)},
                f"{path}[{first_index}]",
                "the first band must start at 0",
            )
        )
    for pos, (idx, tier) in enumerate(ordered):
        tpath = f"{path}[{idx}]"
        if tier.upper is not None and tier.upper <= tier.lower:
            out.append(
                PlanIssue(
                    "tier_empty_band",
                    {"component": component, "lower": str(tier.lower), "upper": str(tier.upper)},
                    tpath,
                )
            )
        if tier.rate < 0:
            out.append(PlanIssue("negative_rate", {"component": component, "band": idx + 1}, tpath))
        if tier.amount < 0:
            out.append(PlanIssue("negative_amount", {"component": component, "field": "amount"}, tpath))
        if table.mode == TierMode.MARGINAL and tier.amount != 0:
            out.append(PlanIssue("tier_amount_in_marginal", {"component": component}, tpath))
        if pos + 1 < len(ordered):
            nxt = ordered[pos + 1][1]
            params = {
                "component": component,
                "band": idx + 1,
                "upper": "" if tier.upper is None else str(tier.upper),
                "next_lower": str(nxt.lower),
            }
            if tier.upper is None or tier.upper > nxt.lower:
                out.append(PlanIssue("tiers_overlap", params, tpath, "bands overlap"))
            elif tier.upper < nxt.lower:
                out.append(PlanIssue("tiers_gap", params, tpath, "gap between bands"))
        elif tier.upper is not None:
            out.append(
                PlanIssue(
                    "tiers_not_open_ended",
                    {"component": component, "upper": str(tier.upper)},
                    tpath,
                    "the last band must be open-ended",
                )
            )
    return out


def ensure_valid(plan: PlanVersion) -> PlanVersion:
    issues = validate_plan(plan)
    if issues:
        raise PlanInvalid(issues)
    return plan

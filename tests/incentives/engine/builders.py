"""Small builders for engine tests (no Django)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from incentives.engine import (
    AgentInputs,
    Component,
    Condition,
    Gate,
    GateKind,
    Op,
    PlanVersion,
    Scope,
    Tier,
    TierMode,
    TierTable,
)


def bands(mode: str, *rows: tuple) -> TierTable:
    """rows: (lower, upper|None, rate[, amount])"""
    tiers = []
    for row in rows:
        lower, upper, rate, *rest = row
        amount = rest[0] if rest else "0"
        tiers.append(Tier(D(lower), None if upper is None else D(upper), D(rate), D(amount)))
    return TierTable(TierMode(mode), tuple(tiers))


def component(code: str = "c1", measure: str = "monto_recuperado", **kw) -> Component:
    kw.setdefault("tiers", bands("retroactive", ("0", None, "0.01")))
    return Component(code=code, name=code.title(), measure=measure, **kw)


def plan(*components: Component, **kw) -> PlanVersion:
    kw.setdefault("currency", "MXN")
    return PlanVersion(
        code=kw.pop("code", "p"),
        version=kw.pop("version", 1),
        name=kw.pop("name", "Plan"),
        currency=kw.pop("currency"),
        valid_from=kw.pop("valid_from", dt.date(2026, 1, 1)),
        valid_to=kw.pop("valid_to", None),
        components=components or (component(),),
        **kw,
    )


def agent(sums: dict | None = None, *, days: tuple[int, int] = (30, 30), **kw) -> AgentInputs:
    return AgentInputs(
        employee_id=kw.pop("employee_id", 1),
        kpi_sums={k: D(str(v)) for k, v in (sums or {}).items()},
        eligible_days=days[0],
        days_in_period=days[1],
        **kw,
    )


def kpi_gate(code: str, measure: str, op: str, value: str, *applies_to: str) -> Gate:
    return Gate(code, GateKind.KPI, Condition(measure, Op(op), D(value)), tuple(applies_to))


__all__ = ["D", "Scope", "agent", "bands", "component", "kpi_gate", "plan"]

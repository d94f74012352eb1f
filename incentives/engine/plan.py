"""Declarative bonus plan versions (frozen dataclasses, no Django)."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .kpis import MeasureDef, builtin_measure


class TierMode(StrEnum):
    #: the whole value is paid at the rate of the band reached
    RETROACTIVE = "retroactive"
    #: each slice of the value is paid at its own band's rate
    MARGINAL = "marginal"


class Scope(StrEnum):
    #: computed on the agent's own KPIs
    AGENT = "agent"
    #: computed on the team's KPIs and split among members by paid hours
    POOL = "pool"
    #: computed on a supervised team's result and paid to the supervisor
    OVERRIDE = "override"


class GateKind(StrEnum):
    KPI = "kpi"
    CERTIFICATE = "certificate"
    NO_SEVERE_INCIDENTS = "no_severe_incidents"


class Op(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="

    def holds(self, left: Decimal, right: Decimal) -> bool:
        return _OPS[self](left, right)


#: one comparison per operator (asked for every modifier, kicker and gate of every agent)
_OPS = {
    Op.GE: operator.ge,
    Op.GT: operator.gt,
    Op.LE: operator.le,
    Op.LT: operator.lt,
    Op.EQ: operator.eq,
}


@dataclass(frozen=True)
class Condition:
    """``measure op value``; ``measure`` may be ``@value`` (the component's tier variable)."""

    measure: str
    op: Op
    value: Decimal


@dataclass(frozen=True)
class Tier:
    """Band ``[lower, upper)``; ``upper=None`` is open-ended. Pays ``value x rate + amount``."""

    lower: Decimal
    upper: Decimal | None
    rate: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)


@dataclass(frozen=True)
class TierTable:
    mode: TierMode
    tiers: tuple[Tier, ...]


@dataclass(frozen=True)
class Gate:
    """Yes/no precondition. ``applies_to`` empty = the whole plan, else component codes.

    KPI gates are evaluated on the payee's own KPI sums; ``pass_without_data`` decides what a
    zero denominator means (default: the gate fails with reason ``no_data``).
    """

    code: str
    kind: GateKind
    condition: Condition | None = None
    applies_to: tuple[str, ...] = ()
    pass_without_data: bool = False


@dataclass(frozen=True)
class Modifier:
    """Multiplies the component's amount by ``factor`` when ``when`` holds (accelerators too)."""

    code: str
    when: Condition
    factor: Decimal


@dataclass(frozen=True)
class Kicker:
    """One-off ``amount`` added when ``when`` holds (crossing a level)."""

    code: str
    when: Condition
    amount: Decimal


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    measure: str
    tiers: TierTable
    scope: Scope = Scope.AGENT
    #: target code: when set the tier variable is attainment = measure / target (a fraction)
    target: str | None = None
    #: payout = multiplier x tier result (e.g. the on-target incentive for attainment tiers)
    multiplier: Decimal = Decimal(1)
    #: hurdle on the tier variable: nothing is paid below it
    threshold: Decimal | None = None
    modifiers: tuple[Modifier, ...] = ()
    kickers: tuple[Kicker, ...] = ()
    cap: Decimal | None = None
    floor: Decimal | None = None
    #: scale by eligible days / days in period (never for pools: hours already do it)
    prorate: bool = True
    #: payroll concept code
    concept: str = ""


@dataclass(frozen=True)
class PlanVersion:
    code: str
    version: int
    name: str
    currency: str
    valid_from: dt.date
    valid_to: dt.date | None
    components: tuple[Component, ...]
    gates: tuple[Gate, ...] = ()
    measures: tuple[MeasureDef, ...] = ()
    cap: Decimal | None = None
    floor: Decimal | None = None
    #: also scale targets by eligible days (a mid-month hire gets a prorated goal)
    prorate_targets: bool = True
    description: str = ""

    def component(self, code: str) -> Component:
        for c in self.components:
            if c.code == code:
                return c
        raise KeyError(code)

    def measure_def(self, code: str) -> MeasureDef | None:
        for m in self.measures:
            if m.code == code:
                return m
        return builtin_measure(code)

    def gates_for(self, component_code: str) -> tuple[Gate, ...]:
        key = (id(self), component_code)
        hit = _GATES_FOR.get(key)
        if hit is not None and hit[0] is self:
            return hit[1]
        if len(_GATES_FOR) > 4096:
            _GATES_FOR.clear()
        gates = tuple(g for g in self.gates if not g.applies_to or component_code in g.applies_to)
        _GATES_FOR[key] = (self, gates)
        return gates


#: (id(plan), component code) -> (plan, its gates): asked for every line of every agent; keyed by
#: identity (hashing a frozen plan walks all of it), the plan kept so its id is not reused
_GATES_FOR: dict[tuple[int, str], tuple[PlanVersion, tuple[Gate, ...]]] = {}

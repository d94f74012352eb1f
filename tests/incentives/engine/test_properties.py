"""Property-based tests of the engine (hypothesis)."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from incentives.engine import (
    Condition,
    Gate,
    GateKind,
    LineKind,
    Modifier,
    Op,
    PlanVersion,
    Tier,
    TierMode,
    TierTable,
    agent_payout_calculate,
    allocate,
    validate_plan,
)

from .builders import agent, component, kpi_gate, plan

settings.register_profile("engine", max_examples=150, deadline=None)
settings.load_profile("engine")

money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=5000)


@st.composite
def tier_tables(draw, monotone: bool = False) -> TierTable:
    mode = draw(st.sampled_from(list(TierMode)))
    cuts = sorted(set(draw(st.lists(st.integers(1, 2000), max_size=4))))
    lowers = [0, *cuts]
    rates = draw(st.lists(st.decimals(0, 5, places=3), min_size=len(lowers), max_size=len(lowers)))
    if monotone:
        rates = sorted(rates)
    amounts = [D(0)] * len(lowers)
    if mode == TierMode.RETROACTIVE:
        amounts = draw(st.lists(st.decimals(0, 500, places=2), min_size=len(lowers), max_size=len(lowers)))
        if monotone:
            amounts = sorted(amounts)
    tiers = []
    for i, low in enumerate(lowers):
        upper = D(lowers[i + 1]) if i + 1 < len(lowers) else None
        tiers.append(Tier(D(low), upper, rates[i], amounts[i]))
    return TierTable(mode, tuple(tiers))


@st.composite
def plans(draw, monotone: bool = False, gated: bool = False) -> PlanVersion:
    n = draw(st.integers(1, 3))
    comps = []
    for i in range(n):
        cap = draw(st.none() | money)
        floor = draw(st.none() | money) if not monotone else None
        if cap is not None and floor is not None and floor > cap:
            cap, floor = floor, cap
        mods = ()
        if draw(st.booleans()):
            # accelerator on the component's own value: monotone when factor >= 1
            factor = draw(st.decimals(1, 2, places=2) if monotone else st.decimals(0, 2, places=2))
            mods = (Modifier("acc", Condition("@value", Op.GE, D(draw(st.integers(0, 2000)))), factor),)
        comps.append(
            component(
                f"c{i}",
                "promesas_cumplidas",
                tiers=draw(tier_tables(monotone=monotone)),
                cap=cap,
                floor=floor,
                modifiers=mods,
                prorate=draw(st.booleans()),
            )
        )
    gates = ()
    if gated:
        gates = (
            kpi_gate("calidad_min", "calidad", ">=", "85"),
            Gate("cert", GateKind.CERTIFICATE),
        )
    plan_cap = draw(st.none() | money)
    p = plan(*comps, gates=gates, cap=plan_cap)
    assert validate_plan(p) == ()
    return p


days = st.integers(0, 31).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(max(d, 28))))


@given(p=plans(), kept=counts, period=days)
def test_caps_are_never_exceeded(p, kept, period):
    payout = agent_payout_calculate(plan=p, inputs=agent({"promesas_cumplidas": kept}, days=period))
    for line, comp in zip(payout.lines, p.components, strict=False):
        if comp.cap is not None:
            assert line.amount <= comp.cap
    if p.cap is not None:
        assert payout.total <= p.cap


@given(p=plans(), kept=counts, period=days)
def test_lines_sum_to_the_total_and_are_rounded(p, kept, period):
    payout = agent_payout_calculate(plan=p, inputs=agent({"promesas_cumplidas": kept}, days=period))
    assert payout.total == sum(line.amount for line in payout.lines)
    assert all(line.amount == line.amount.quantize(D("0.01")) for line in payout.lines)


@given(p=plans(monotone=True), a=counts, b=counts, period=days)
def test_payout_never_decreases_with_attainment(p, a, b, period):
    low, high = sorted((a, b))
    pay_low = agent_payout_calculate(plan=p, inputs=agent({"promesas_cumplidas": low}, days=period))
    pay_high = agent_payout_calculate(plan=p, inputs=agent({"promesas_cumplidas": high}, days=period))
    assert pay_high.total >= pay_low.total
    components = [ln for ln in pay_low.lines if ln.kind == LineKind.COMPONENT]
    for l1, l2 in zip(components, pay_high.lines, strict=False):
        assert l2.code == l1.code and l2.amount >= l1.amount


@given(
    p=plans(gated=True),
    kept=counts,
    quality=st.decimals(0, 100, places=1),
    evaluations=st.integers(0, 10),
    certified=st.none() | st.booleans(),
)
def test_a_failed_gate_pays_zero_and_names_the_gate(p, kept, quality, evaluations, certified):
    sums = {
        "promesas_cumplidas": kept,
        "evaluaciones_calidad": evaluations,
        "puntaje_calidad_ponderado": quality * evaluations,
    }
    payout = agent_payout_calculate(plan=p, inputs=agent(sums, certified=certified))
    expected_failures = set()
    if evaluations == 0 or quality < 85:
        expected_failures.add("calidad_min")
    if certified is False:
        expected_failures.add("cert")
    assert {g.code for g in payout.failed_gates} == expected_failures
    if expected_failures:
        assert payout.total == 0
        for line in payout.lines:
            assert {g.code for g in line.failed_gates} == expected_failures
            assert any(s.rule == "gate_failed" for s in line.trace) or line.exact == 0


@given(
    total=money,
    weights=st.dictionaries(st.integers(1, 50), st.decimals(0, 300, places=2), min_size=1, max_size=12),
)
def test_pool_allocation_adds_up_exactly(total, weights):
    shares = allocate(total, weights, "MXN")
    if any(w > 0 for w in weights.values()) and total > 0:
        assert sum(shares.values()) == total
    assert all(s >= 0 for s in shares.values())
    assert set(shares) == set(weights)

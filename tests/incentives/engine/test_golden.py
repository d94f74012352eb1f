"""Golden cases: numbers worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from incentives.engine import (
    Condition,
    Gate,
    GateKind,
    Kicker,
    LineKind,
    Modifier,
    Op,
    TeamInputs,
    agent_payout_calculate,
    tier_result,
)
from incentives.engine.money import allocate, round_money

from .builders import Scope, agent, bands, component, kpi_gate, plan

RATES = (("0", "50", "10"), ("50", "100", "15"), ("100", None, "20"))


@pytest.mark.parametrize(
    ("mode", "kept", "expected"),
    [
        # retroactive: the whole count at the band reached
        ("retroactive", 40, "400.00"),
        ("retroactive", 50, "750.00"),
        ("retroactive", 80, "1200.00"),
        ("retroactive", 120, "2400.00"),
        # marginal: each slice at its own rate: 50x10 + 50x15 + 20x20
        ("marginal", 40, "400.00"),
        ("marginal", 50, "500.00"),
        ("marginal", 80, "950.00"),
        ("marginal", 120, "1650.00"),
    ],
)
def test_retroactive_vs_marginal_tiers(mode, kept, expected):
    p = plan(component("ptp", "promesas_cumplidas", tiers=bands(mode, *RATES)))
    payout = agent_payout_calculate(plan=p, inputs=agent({"promesas_cumplidas": kept}))
    assert payout.total == D(expected)
    assert payout.lines[0].trace[-2].rule == f"tiers_{mode}"


def test_marginal_trace_lists_each_slice():
    band, value, slices = tier_result(bands("marginal", *RATES), D(120))
    assert band == 3 and value == D(1650)
    assert [(s["band"], s["from"], s["to"], s["paid"]) for s in slices] == [
        (1, D(0), D(50), D(500)),
        (2, D(50), D(100), D(750)),
        (3, D(100), D(120), D(400)),
    ]


@pytest.mark.parametrize(
    ("eligible", "expected"),
    [(30, "3000.00"), (15, "1500.00"), (10, "1000.00"), (7, "700.00"), (0, "0.00")],
)
def test_proration_by_eligible_days(eligible, expected):
    # 1% of 300,000 collected = 3,000; prorated by eligible days / 30
    p = plan(component("rec", tiers=bands("retroactive", ("0", None, "0.01"))), prorate_targets=False)
    payout = agent_payout_calculate(plan=p, inputs=agent({"monto_recuperado": 300000}, days=(eligible, 30)))
    assert payout.total == D(expected)


def test_proration_rounds_each_line_once_half_up():
    p = plan(component("rec", tiers=bands("retroactive", ("0", None, "0.01"))))
    payout = agent_payout_calculate(plan=p, inputs=agent({"monto_recuperado": 1000}, days=(1, 3)))
    # 10 x 1/3 = 3.333... -> 3.33
    assert payout.total == D("3.33")
    assert payout.lines[0].exact.quantize(D("0.0001")) == D("3.3333")


def test_mid_period_plan_change_each_plan_pays_its_share_of_days():
    plan_a = plan(component("rec", tiers=bands("retroactive", ("0", None, "0.01"))), code="a")
    plan_b = plan(component("rec", tiers=bands("retroactive", ("0", None, "0.02"))), code="b")
    sums = {"monto_recuperado": 300000}
    first = agent_payout_calculate(plan=plan_a, inputs=agent(sums, days=(10, 30)))
    second = agent_payout_calculate(plan=plan_b, inputs=agent(sums, days=(20, 30)))
    assert (first.total, second.total) == (D("1000.00"), D("4000.00"))


def test_prorated_target_keeps_attainment_fair_for_a_mid_month_hire():
    comp = component(
        "rec",
        target="meta",
        multiplier=D(3000),
        tiers=bands("retroactive", ("0", "1", "0", "0"), ("1", None, "0", "1")),
    )
    p = plan(comp)
    # hired for 15 of 30 days: target 100,000 becomes 50,000; 50,000 collected = 100 %
    payout = agent_payout_calculate(
        plan=p,
        inputs=agent({"monto_recuperado": 50000}, days=(15, 30), targets={"meta": D(100000)}),
    )
    line = payout.lines[0]
    assert line.attainment == D(1)
    assert payout.total == D("1500.00")  # 3,000 on-target amount, prorated


def test_threshold_pays_nothing_below_and_says_so():
    comp = component("rec", threshold=D(50000), tiers=bands("marginal", ("0", None, "0.05")))
    payout = agent_payout_calculate(plan=plan(comp), inputs=agent({"monto_recuperado": 49999}))
    assert payout.total == 0
    assert "threshold" in [s.rule for s in payout.lines[0].trace]
    assert payout.lines[0].next_tier.raw_gap == D(1)


def test_next_tier_says_how_many_kept_promises_are_missing():
    p = plan(component("ptp", "promesas_cumplidas", tiers=bands("retroactive", *RATES)))
    payout = agent_payout_calculate(plan=p, inputs=agent({"promesas_cumplidas": 43}))
    nxt = payout.lines[0].next_tier
    assert (nxt.raw_kpi, nxt.raw_gap, nxt.band) == ("promesas_cumplidas", D(7), 2)
    assert nxt.amount_at_next == D(750)


def test_next_tier_on_a_ratio_counts_whole_numerator_units():
    # kept-promise rate 60/100 = 60 %; next band at 70 % needs 10 more kept promises
    comp = component(
        "cump",
        "cumplimiento_promesas",
        tiers=bands("retroactive", ("0", "70", "0", "0"), ("70", None, "0", "500")),
    )
    payout = agent_payout_calculate(plan=plan(comp), inputs=agent({"promesas": 100, "promesas_cumplidas": 60}))
    nxt = payout.lines[0].next_tier
    assert (nxt.raw_kpi, nxt.raw_gap) == ("promesas_cumplidas", D(10))


def test_next_tier_on_attainment_is_expressed_in_the_measure():
    comp = component(
        "rec",
        target="meta",
        tiers=bands("retroactive", ("0", "1", "0", "0"), ("1", None, "0", "1000")),
    )
    payout = agent_payout_calculate(
        plan=plan(comp), inputs=agent({"monto_recuperado": 90000}, targets={"meta": D(100000)})
    )
    nxt = payout.lines[0].next_tier
    assert nxt.measure_gap == D(10000) and nxt.raw_kpi == "monto_recuperado"


@pytest.mark.parametrize(
    ("gate", "sums", "certified", "reason"),
    [
        (
            kpi_gate("calidad_min", "calidad", ">=", "85"),
            {"evaluaciones_calidad": 4, "puntaje_calidad_ponderado": 320},
            None,
            "condition_not_met",
        ),
        (kpi_gate("calidad_min", "calidad", ">=", "85"), {}, None, "no_data"),
        (Gate("cert", GateKind.CERTIFICATE), {}, False, "not_certified"),
        (Gate("graves", GateKind.NO_SEVERE_INCIDENTS), {"incidentes_graves": 1}, None, "severe_incidents"),
    ],
)
def test_failed_gate_pays_zero_and_names_the_gate(gate, sums, certified, reason):
    p = plan(component("rec"), gates=(gate,), floor=D("500.00"))
    payout = agent_payout_calculate(plan=p, inputs=agent({"monto_recuperado": 100000, **sums}, certified=certified))
    assert payout.total == 0
    (failed,) = payout.failed_gates
    assert (failed.code, failed.reason) == (gate.code, reason)
    last = payout.lines[0].trace[-2]
    assert last.rule == "gate_failed" and last.inputs["gates"] == [gate.code]
    assert last.inputs["would_pay"] == D(1000)


def test_passing_gates_and_certificate_not_required():
    gates = (
        kpi_gate("calidad_min", "calidad", ">=", "85"),
        Gate("cert", GateKind.CERTIFICATE),
        Gate("graves", GateKind.NO_SEVERE_INCIDENTS),
    )
    sums = {"monto_recuperado": 100000, "evaluaciones_calidad": 2, "puntaje_calidad_ponderado": 180}
    payout = agent_payout_calculate(plan=plan(component("rec"), gates=gates), inputs=agent(sums))
    assert payout.total == D("1000.00")
    assert [g.reason for g in payout.gates] == ["ok", "not_required", "ok"]


def test_gate_on_one_component_leaves_the_others_paid():
    p = plan(
        component("rec"),
        component("ptp", "promesas_cumplidas", tiers=bands("retroactive", ("0", None, "10"))),
        gates=(kpi_gate("calidad_min", "calidad", ">=", "85", "rec"),),
    )
    sums = {
        "monto_recuperado": 100000,
        "promesas_cumplidas": 5,
        "evaluaciones_calidad": 1,
        "puntaje_calidad_ponderado": 70,
    }
    payout = agent_payout_calculate(plan=p, inputs=agent(sums))
    assert [ln.amount for ln in payout.lines] == [D(0), D("50.00")]


def test_modifier_scales_and_kicker_adds():
    comp = component(
        "rec",
        modifiers=(Modifier("calidad_baja", Condition("calidad", Op.LT, D(80)), D("0.75")),),
        kickers=(Kicker("supera", Condition("@value", Op.GE, D(100000)), D("250.00")),),
    )
    sums = {"monto_recuperado": 100000, "evaluaciones_calidad": 1, "puntaje_calidad_ponderado": 70}
    payout = agent_payout_calculate(plan=plan(comp), inputs=agent(sums))
    assert payout.total == D("1000.00")  # 1,000 x 0.75 + 250
    rules = [(s.rule, s.inputs.get("applied")) for s in payout.lines[0].trace]
    assert ("modifier", True) in rules and ("kicker", True) in rules


def test_component_cap_and_floor_are_recorded():
    capped = agent_payout_calculate(
        plan=plan(component("rec", cap=D("800.00"))), inputs=agent({"monto_recuperado": 100000})
    )
    assert capped.total == D("800.00") and capped.lines[0].capped
    floored = agent_payout_calculate(
        plan=plan(component("rec", floor=D("300.00"))), inputs=agent({"monto_recuperado": 1000})
    )
    assert floored.total == D("300.00") and floored.lines[0].floored


def test_prorated_cap_is_rounded_down():
    payout = agent_payout_calculate(
        plan=plan(component("rec", cap=D("1000.00"))), inputs=agent({"monto_recuperado": 10**7}, days=(17, 30))
    )
    assert payout.total == D("566.66")


def test_plan_cap_adds_a_negative_line_and_plan_floor_a_top_up():
    p = plan(component("a"), component("b"), cap=D("1500.00"))
    payout = agent_payout_calculate(plan=p, inputs=agent({"monto_recuperado": 100000}))
    assert [ln.kind for ln in payout.lines][-1] == LineKind.PLAN_CAP
    assert payout.lines[-1].amount == D("-500.00") and payout.total == D("1500.00")
    p = plan(component("a"), floor=D("2000.00"))
    payout = agent_payout_calculate(plan=p, inputs=agent({"monto_recuperado": 100000}))
    assert payout.lines[-1].kind == LineKind.PLAN_FLOOR and payout.total == D("2000.00")


def test_team_pool_split_by_hours_adds_up_to_the_pool():
    comp = component("bolsa", scope=Scope.POOL, prorate=False, tiers=bands("retroactive", ("0", None, "0.001")))
    team = TeamInputs(
        team_id=7,
        kpi_sums={"monto_recuperado": D(1000000)},
        member_hours={1: D(160), 2: D(80), 3: D(80)},
    )
    shares = [
        agent_payout_calculate(plan=plan(comp), inputs=agent({}, employee_id=e, team_ids=(7,)), teams={7: team}).total
        for e in (1, 2, 3)
    ]
    assert shares == [D("500.00"), D("250.00"), D("250.00")]


def test_largest_remainder_allocation_is_exact():
    shares = allocate(D("100.00"), {1: D(1), 2: D(1), 3: D(1)}, "MXN")
    assert shares == {1: D("33.34"), 2: D("33.33"), 3: D("33.33")}
    assert allocate(D("10"), {1: D(0), 2: D(0)}, "MXN") == {1: D(0), 2: D(0)}


def test_supervisor_override_on_team_payout():
    comp = component("sup", "@team_payout", scope=Scope.OVERRIDE, tiers=bands("retroactive", ("0", None, "0.08")))
    team = TeamInputs(team_id=3, kpi_sums={}, member_hours={}, payout_total=D("25000.00"))
    payout = agent_payout_calculate(
        plan=plan(comp), inputs=agent({}, employee_id=9, supervised_team_ids=(3,)), teams={3: team}
    )
    assert payout.total == D("2000.00") and payout.lines[0].team_id == 3


@pytest.mark.parametrize(
    ("amount", "expected"), [("0.005", "0.01"), ("0.0049", "0.00"), ("2.675", "2.68"), ("-0.005", "-0.01")]
)
def test_rounding_is_half_up_to_minor_unit(amount, expected):
    assert round_money(D(amount), "MXN") == D(expected)


def test_zero_decimal_currency():
    p = plan(component("rec", tiers=bands("retroactive", ("0", None, "0.015"))), currency="CLP")
    assert agent_payout_calculate(plan=p, inputs=agent({"monto_recuperado": 1030})).total == D(15)


def test_next_tier_on_a_weighted_score_is_given_in_score_points_only():
    comp = component("cal", "calidad", tiers=bands("retroactive", ("0", "85", "0", "0"), ("85", None, "0", "400")))
    sums = {"evaluaciones_calidad": 3, "puntaje_calidad_ponderado": 250}
    nxt = agent_payout_calculate(plan=plan(comp), inputs=agent(sums)).lines[0].next_tier
    assert nxt.raw_kpi is None and nxt.raw_gap is None
    assert nxt.gap.quantize(D("0.01")) == D("1.67")  # 83.33 -> 85 points


def test_next_tier_on_money_is_rounded_up_to_cents():
    comp = component("rec", tiers=bands("retroactive", ("0", "1000.005", "0"), ("1000.005", None, "0.01")))
    nxt = agent_payout_calculate(plan=plan(comp), inputs=agent({"monto_recuperado": 1000})).lines[0].next_tier
    assert (nxt.raw_kpi, nxt.raw_gap) == ("monto_recuperado", D("0.01"))

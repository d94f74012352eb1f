from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

import jsonschema
import pytest

from incentives.engine import (
    Condition,
    Gate,
    GateKind,
    Kicker,
    MeasureDef,
    Op,
    PlanInvalid,
    ensure_valid,
    plan_from_dict,
    plan_from_json,
    plan_schema,
    plan_to_dict,
    plan_to_json,
    validate_plan,
)

from .builders import Scope, bands, component, kpi_gate, plan

DEMO = Path(__file__).resolve().parents[3] / "incentives" / "demo" / "plans"


def codes(p) -> list[str]:
    return [i.code for i in validate_plan(p)]


@pytest.mark.parametrize(
    ("p", "code"),
    [
        (plan(component(tiers=bands("retroactive", ("0", "100", "1"), ("90", None, "2")))), "tiers_overlap"),
        (plan(component(tiers=bands("retroactive", ("0", "80", "1"), ("100", None, "2")))), "tiers_gap"),
        (plan(component(tiers=bands("marginal", ("10", None, "1")))), "tiers_gap_at_start"),
        (plan(component(tiers=bands("marginal", ("0", "10", "1")))), "tiers_not_open_ended"),
        (plan(component(tiers=bands("marginal", ("0", "0", "1"), ("0", None, "1")))), "tier_empty_band"),
        (plan(component(tiers=bands("marginal", ("0", None, "1", "5")))), "tier_amount_in_marginal"),
        (plan(component(tiers=bands("marginal", ("0", None, "-1")))), "negative_rate"),
        (plan(component(tiers=bands("marginal"))), "tiers_empty"),
        (plan(component(cap=D("100"), floor=D("200"))), "cap_below_floor"),
        (plan(component(), cap=D("100"), floor=D("200")), "cap_below_floor"),
        (plan(component(cap=D("100.005"))), "amount_precision"),
        (plan(component(cap=D("100.5")), currency="CLP"), "amount_precision"),
        (plan(component(floor=D("-1"))), "negative_amount"),
        (plan(component(), gates=(kpi_gate("g", "felicidad", ">=", "1"),)), "gate_unknown_kpi"),
        (plan(component(), gates=(kpi_gate("g", "calidad", ">=", "1", "nope"),)), "gate_unknown_component"),
        (plan(component(), gates=(Gate("g", GateKind.KPI),)), "gate_missing_condition"),
        (plan(component(), gates=(kpi_gate("g", "calidad", ">=", "1"),) * 2), "duplicate_gate"),
        (plan(component("a"), component("a")), "duplicate_component"),
        (plan(component(measure="felicidad")), "unknown_measure"),
        (plan(component(measure="@team_payout")), "team_payout_outside_override"),
        (plan(component(kickers=(Kicker("k", Condition("nope", Op.GE, D(1)), D(1)),))), "kicker_unknown_kpi"),
        (plan(component(), currency="XXX"), "unknown_currency"),
        (plan(component(), valid_to=dt.date(2025, 1, 1)), "invalid_dates"),
        (plan(component(), measures=(MeasureDef("m", ("nope",)),)), "measure_unknown_raw"),
        (plan(component(), measures=(MeasureDef("calidad", ("contactos",)),)), "measure_shadows_builtin"),
        (plan(component(multiplier=D(-1))), "invalid_multiplier"),
    ],
)
def test_it_reports_the_issue_code(p, code):
    assert code in codes(p)
    with pytest.raises(PlanInvalid) as exc:
        ensure_valid(p)
    assert code in exc.value.params["codes"]


def test_issues_carry_params_and_path():
    p = plan(component("rec", tiers=bands("retroactive", ("0", "100", "1"), ("90", None, "2"))))
    (issue,) = validate_plan(p)
    assert issue.path == "components[0].tiers[0]"
    assert issue.params == {"component": "rec", "band": 1, "upper": "100", "next_lower": "90"}


def test_unordered_but_contiguous_bands_are_valid():
    p = plan(component(tiers=bands("marginal", ("50", None, "2"), ("0", "50", "1"))))
    assert codes(p) == []


def test_custom_measure_and_override_team_payout_are_valid():
    p = plan(
        component("sup", "@team_payout", scope=Scope.OVERRIDE),
        component("m", "efectividad"),
        measures=(MeasureDef("efectividad", ("promesas",), ("contactos",), D(100)),),
    )
    assert codes(p) == []


@pytest.mark.parametrize("name", ["tramo_temprano", "tramo_tardio", "supervisores"])
def test_demo_plans_load_and_round_trip(name):
    text = (DEMO / f"{name}.json").read_text("utf-8")
    p = plan_from_json(text)
    assert plan_from_json(plan_to_json(p)) == p
    assert plan_to_json(plan_from_json(plan_to_json(p))) == plan_to_json(p)


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(plan_schema())


def test_dumped_plans_validate_against_the_published_schema():
    p = plan(component(), gates=(kpi_gate("g", "calidad", ">=", "85"),), cap=D("10.00"))
    jsonschema.validate(plan_to_dict(p), plan_schema())


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.pop("currency"), ""),
        (lambda d: d.update(currency="pesos"), "currency"),
        (lambda d: d["components"][0]["tiers"].update(mode="stepped"), "components[0].tiers.mode"),
        (lambda d: d["components"][0]["tiers"]["bands"][0].update(rate="1,5"), "components[0].tiers.bands[0].rate"),
        (lambda d: d.update(extra=1), ""),
        (lambda d: d.update(components=[]), "components"),
    ],
)
def test_schema_violations_are_reported_with_a_path(mutate, path):
    data = json.loads(plan_to_json(plan(component())))
    mutate(data)
    with pytest.raises(PlanInvalid) as exc:
        plan_from_dict(data)
    assert exc.value.issues[0].code == "schema_invalid"
    assert exc.value.issues[0].path == path


def test_semantic_errors_after_schema_on_load():
    data = json.loads(plan_to_json(plan(component())))
    data["components"][0]["tiers"]["bands"] = [
        {"lower": "0", "upper": "10", "rate": "1"},
        {"lower": "5", "upper": None, "rate": "1"},
    ]
    data["cap"], data["floor"] = "1.00", "2.00"
    with pytest.raises(PlanInvalid) as exc:
        plan_from_dict(data)
    assert set(exc.value.params["codes"]) == {"tiers_overlap", "cap_below_floor"}


def test_invalid_json_has_a_code():
    with pytest.raises(PlanInvalid) as exc:
        plan_from_json("{not json")
    assert exc.value.issues[0].code == "invalid_json"


def test_numbers_are_accepted_and_dumped_as_strings():
    data = json.loads(plan_to_json(plan(component())))
    data["components"][0]["tiers"]["bands"][0]["rate"] = 0.01
    p = plan_from_dict(data)
    assert p.components[0].tiers.tiers[0].rate == D("0.01")
    assert plan_to_dict(p)["components"][0]["tiers"]["bands"][0]["rate"] == "0.01"

"""Load and dump plan versions as JSON, validated by ``plan_schema.json``."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from .errors import PlanInvalid, PlanIssue
from .kpis import MeasureDef
from .plan import (
    Component,
    Condition,
    Gate,
    GateKind,
    Kicker,
    Modifier,
    Op,
    PlanVersion,
    Scope,
    Tier,
    TierMode,
    TierTable,
)
from .validation import validate_plan

SCHEMA_ID = "acredita.plan/1"


@cache
def plan_schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("plan_schema.json").read_text("utf-8"))


@cache
def _plan_validator():
    """One validator for the process: building one per plan (and losing its resolved references)
    cost ~35 ms a plan, paid for every plan version a run reads."""
    import jsonschema

    return jsonschema.Draft202012Validator(plan_schema())


def schema_issues(data: Any) -> list[PlanIssue]:
    issues = []
    for err in sorted(_plan_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path).lstrip(".")
        issues.append(PlanIssue("schema_invalid", {"path": path, "message": err.message}, path, err.message))
    return issues


def _dec(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:  # schema guards this; keep a code for direct callers
        raise PlanInvalid([PlanIssue("invalid_decimal", {"value": str(value)})]) from exc


def _opt(value: Any) -> Decimal | None:
    return None if value is None else _dec(value)


def _cond(d: dict[str, Any]) -> Condition:
    return Condition(d["measure"], Op(d["op"]), _dec(d["value"]))


def plan_from_dict(data: Any, *, validate: bool = True) -> PlanVersion:
    """Build a plan version from parsed JSON; raises ``PlanInvalid`` listing every issue."""
    issues = schema_issues(data)
    if issues:
        raise PlanInvalid(issues)
    try:
        valid_from = dt.date.fromisoformat(data["valid_from"])
        valid_to = dt.date.fromisoformat(data["valid_to"]) if data.get("valid_to") else None
    except ValueError as exc:
        raise PlanInvalid([PlanIssue("invalid_date", {"message": str(exc)}, "valid_from")]) from exc
    components = []
    for c in data["components"]:
        tiers = TierTable(
            TierMode(c["tiers"]["mode"]),
            tuple(
                Tier(_dec(t["lower"]), _opt(t.get("upper")), _dec(t.get("rate", 0)), _dec(t.get("amount", 0)))
                for t in c["tiers"]["bands"]
            ),
        )
        components.append(
            Component(
                code=c["code"],
                name=c["name"],
                measure=c["measure"],
                tiers=tiers,
                scope=Scope(c.get("scope", "agent")),
                target=c.get("target"),
                multiplier=_dec(c.get("multiplier", 1)),
                threshold=_opt(c.get("threshold")),
                modifiers=tuple(
                    Modifier(m["code"], _cond(m["when"]), _dec(m["factor"])) for m in c.get("modifiers", [])
                ),
                kickers=tuple(Kicker(k["code"], _cond(k["when"]), _dec(k["amount"])) for k in c.get("kickers", [])),
                cap=_opt(c.get("cap")),
                floor=_opt(c.get("floor")),
                prorate=c.get("prorate", True),
                concept=c.get("concept", ""),
            )
        )
    plan = PlanVersion(
        code=data["code"],
        version=data["version"],
        name=data["name"],
        currency=data["currency"],
        valid_from=valid_from,
        valid_to=valid_to,
        components=tuple(components),
        gates=tuple(
            Gate(
                g["code"],
                GateKind(g["kind"]),
                _cond(g["condition"]) if g.get("condition") else None,
                tuple(g.get("applies_to", ())),
                g.get("pass_without_data", False),
            )
            for g in data.get("gates", [])
        ),
        measures=tuple(
            MeasureDef(
                m["code"],
                tuple(m["numerator"]),
                tuple(m.get("denominator", ())),
                _dec(m.get("scale", 1)),
                m.get("unit", ""),
            )
            for m in data.get("measures", [])
        ),
        cap=_opt(data.get("cap")),
        floor=_opt(data.get("floor")),
        prorate_targets=data.get("prorate_targets", True),
        description=data.get("description", ""),
    )
    if validate:
        semantic = validate_plan(plan)
        if semantic:
            raise PlanInvalid(semantic)
    return plan


def plan_from_json(text: str | bytes, *, validate: bool = True) -> PlanVersion:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PlanInvalid([PlanIssue("invalid_json", {"message": str(exc)})]) from exc
    return plan_from_dict(data, validate=validate)


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _cond_dict(c: Condition) -> dict[str, Any]:
    return {"measure": c.measure, "op": str(c.op), "value": str(c.value)}


def plan_to_dict(plan: PlanVersion) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "code": plan.code,
        "version": plan.version,
        "name": plan.name,
        "description": plan.description,
        "currency": plan.currency,
        "valid_from": plan.valid_from.isoformat(),
        "valid_to": plan.valid_to.isoformat() if plan.valid_to else None,
        "prorate_targets": plan.prorate_targets,
        "cap": _s(plan.cap),
        "floor": _s(plan.floor),
        "measures": [
            {
                "code": m.code,
                "numerator": list(m.numerator),
                "denominator": list(m.denominator),
                "scale": str(m.scale),
                "unit": m.unit,
            }
            for m in plan.measures
        ],
        "gates": [
            {
                "code": g.code,
                "kind": str(g.kind),
                **({"condition": _cond_dict(g.condition)} if g.condition else {}),
                "applies_to": list(g.applies_to),
                "pass_without_data": g.pass_without_data,
            }
            for g in plan.gates
        ],
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "scope": str(c.scope),
                "measure": c.measure,
                "target": c.target,
                "multiplier": str(c.multiplier),
                "threshold": _s(c.threshold),
                "tiers": {
                    "mode": str(c.tiers.mode),
                    "bands": [
                        {"lower": str(t.lower), "upper": _s(t.upper), "rate": str(t.rate), "amount": str(t.amount)}
                        for t in c.tiers.tiers
                    ],
                },
                "modifiers": [
                    {"code": m.code, "when": _cond_dict(m.when), "factor": str(m.factor)} for m in c.modifiers
                ],
                "kickers": [{"code": k.code, "when": _cond_dict(k.when), "amount": str(k.amount)} for k in c.kickers],
                "cap": _s(c.cap),
                "floor": _s(c.floor),
                "prorate": c.prorate,
                "concept": c.concept,
            }
            for c in plan.components
        ],
    }


def plan_to_json(plan: PlanVersion) -> str:
    """Canonical JSON (stable key order, 2-space indent, UTF-8 text)."""
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"

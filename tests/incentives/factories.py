"""Builders for incentives service tests."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from incentives import services
from incentives.models import PlanAssignment

DEMO = Path(__file__).resolve().parents[2] / "incentives" / "demo" / "plans"
PERIOD = dt.date(2026, 10, 1)


def demo_definition(name: str = "tramo_tardio", **changes) -> dict:
    data = json.loads((DEMO / f"{name}.json").read_text("utf-8"))
    data.update(changes)
    return data


def simple_definition(code: str = "simple", **changes) -> dict:
    """1% of collected amount, quality gate >= 80 on the whole plan."""
    data = {
        "schema": "acredita.plan/1",
        "code": code,
        "version": 1,
        "name": "Plan simple",
        "currency": "MXN",
        "valid_from": "2026-01-01",
        "valid_to": None,
        "gates": [
            {"code": "calidad_minima", "kind": "kpi", "condition": {"measure": "calidad", "op": ">=", "value": "80"}}
        ],
        "components": [
            {
                "code": "recuperacion",
                "name": "Recuperación",
                "measure": "monto_recuperado",
                "tiers": {"mode": "retroactive", "bands": [{"lower": "0", "upper": None, "rate": "0.01"}]},
                "concept": "BONO_REC",
            },
            {
                "code": "promesas",
                "name": "Promesas cumplidas",
                "measure": "promesas_cumplidas",
                "tiers": {
                    "mode": "marginal",
                    "bands": [
                        {"lower": "0", "upper": "50", "rate": "10"},
                        {"lower": "50", "upper": None, "rate": "20"},
                    ],
                },
                "prorate": False,
                "concept": "BONO_PTP",
            },
        ],
    }
    data.update(copy.deepcopy(changes))
    return data


def published_plan(
    actor, *, definition: dict | None = None, teams=(), start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), **assign
):
    version = services.plan_version_create(actor=actor, definition=definition or simple_definition())
    services.plan_version_publish(actor=actor, version=version)
    for team in teams:
        PlanAssignment.objects.create(plan_version=version, team=team, start=start, end=end)
    if assign:
        PlanAssignment.objects.create(plan_version=version, start=start, end=end, **assign)
    version.refresh_from_db()
    return version


def facts(employee, days: int = 10, *, start: dt.date = PERIOD, **values):
    from kpi.models import FeedProfile
    from tests.kpi.factories import KpiFactFactory, KpiImportFactory

    # the canonical profile comes from a data migration; a flushed (transactional) test DB lacks it
    profile, _ = FeedProfile.objects.get_or_create(code="canonico", defaults={"name": "Canónico"})
    batch = KpiImportFactory(profile=profile)
    return [
        KpiFactFactory(employee=employee, day=start + dt.timedelta(days=i), batch=batch, **values) for i in range(days)
    ]


D = Decimal

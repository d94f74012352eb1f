"""The demo seeder: three months of facts, deterministic and idempotent."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from kpi.demo import seeder as demo
from kpi.models import KpiFact, KpiImport
from tests.factories import CampaignAssignmentFactory, CampaignFactory, EmployeeFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo_world():
    campaign = CampaignFactory(bucket="1-30")
    agents = []
    for number in (1, 2, 3, 4, 30, 45):
        employee = EmployeeFactory(employee_code=f"A{number:04d}", hire_date=dt.date(2023, 1, 1))
        CampaignAssignmentFactory(employee=employee, campaign=campaign, start=dt.date(2023, 1, 1))
        agents.append(employee)
    return SimpleNamespace(today=TODAY, agents=agents)


def test_it_seeds_three_months_and_a_second_run_changes_nothing(demo_world):
    demo.seed(world=demo_world)
    count = KpiFact.objects.count()
    values = list(KpiFact.objects.order_by("employee_id", "day").values_list("monto_recuperado", flat=True))

    demo.seed(world=demo_world)

    assert KpiFact.objects.count() == count
    assert list(KpiFact.objects.order_by("employee_id", "day").values_list("monto_recuperado", flat=True)) == values
    assert KpiFact.objects.earliest("day").day == dt.date(2026, 9, 1)
    assert KpiFact.objects.latest("day").day == dt.date(2026, 11, 21)  # the 22nd is a Sunday
    assert not KpiFact.objects.filter(day__week_day=1).exists()  # no Sundays
    assert KpiImport.objects.filter(original_name="ejemplo-con-errores.csv", status="rejected").count() == 1


def test_it_has_the_characters_the_plans_need(demo_world):
    demo.seed(world=demo_world)

    hire = KpiFact.objects.filter(employee__employee_code=demo.MID_MONTH_HIRE)
    leaver = KpiFact.objects.filter(employee__employee_code=demo.LEAVER)
    assert hire.earliest("day").day == dt.date(2026, 10, 16)
    assert leaver.latest("day").day == dt.date(2026, 10, 14)
    quality = KpiFact.objects.filter(employee__employee_code="A0003", evaluaciones_calidad__gt=0)
    assert max(quality.values_list("puntaje_calidad", flat=True)) < 80
    assert KpiFact.objects.filter(employee__employee_code="A0004", incidentes_graves__gt=0).exists()


def test_every_seeded_row_would_pass_the_feed_validator(demo_world):
    from kpi.ingest.validate import EXCEEDS_RULES, WITHOUT_RULES

    demo.seed(world=demo_world)

    for fact in KpiFact.objects.all():
        for _code, checked, bound in EXCEEDS_RULES:
            assert getattr(fact, checked) <= getattr(fact, bound), (fact, checked)
        for _code, checked, count in WITHOUT_RULES:
            assert not (getattr(fact, checked) > 0 and getattr(fact, count) == 0), (fact, checked)
        assert fact.segundos_gestion <= 86_400 and fact.horas_pagadas <= 24

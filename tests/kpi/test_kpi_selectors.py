"""kpi_sums / kpi_daily_facts: the contract the incentives engine reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kpi.catalogue import derive
from kpi.models import MeasuredIncidentDay
from kpi.selectors import SUM_CODES, kpi_daily_facts, kpi_derived, kpi_sums
from tests.factories import CampaignFactory, EmployeeFactory
from tests.kpi.factories import KpiFactFactory

pytestmark = pytest.mark.django_db


def test_kpi_sums_adds_every_metric_over_the_inclusive_range_in_two_queries(django_assert_num_queries):
    ana, beto, nadie = EmployeeFactory(), EmployeeFactory(), EmployeeFactory()
    KpiFactFactory(employee=ana, day=dt.date(2026, 10, 1), evaluaciones_calidad=1, puntaje_calidad=Decimal("80"))
    KpiFactFactory(employee=ana, day=dt.date(2026, 10, 31), evaluaciones_calidad=3, puntaje_calidad=Decimal("100"))
    KpiFactFactory(employee=ana, day=dt.date(2026, 11, 1))  # outside
    KpiFactFactory(employee=beto, day=dt.date(2026, 10, 15), incidentes_graves=1, incidentes_cumplimiento=2)

    MeasuredIncidentDay.objects.create(employee=beto, day=dt.date(2026, 10, 15), incidentes_medidos=3)
    MeasuredIncidentDay.objects.create(employee=nadie, day=dt.date(2026, 11, 1), incidentes_medidos=1)  # outside

    with django_assert_num_queries(2):  # the feed's facts, then the measured incidents
        sums = kpi_sums(employee_ids=[ana.pk, beto.pk, nadie.pk], start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))

    assert set(sums) == {ana.pk, beto.pk}
    assert set(sums[ana.pk]) == set(SUM_CODES)
    assert sums[ana.pk]["intentos"] == 200
    assert sums[ana.pk]["monto_recuperado"] == Decimal("1600.00")
    assert sums[ana.pk]["puntaje_calidad_ponderado"] == Decimal("380")
    assert sums[beto.pk]["incidentes_graves"] == 1
    assert (sums[beto.pk]["incidentes_cumplimiento"], sums[beto.pk]["incidentes_medidos"]) == (2, 3)
    assert sums[ana.pk]["incidentes_medidos"] == 0
    assert all(isinstance(v, Decimal) for v in sums[ana.pk].values())


def test_quality_is_weighted_by_evaluations_and_ratios_come_from_sums():
    ana = EmployeeFactory()
    KpiFactFactory(
        employee=ana,
        day=dt.date(2026, 10, 1),
        evaluaciones_calidad=1,
        puntaje_calidad=Decimal("80"),
        intentos=100,
        contactos=10,
    )
    KpiFactFactory(
        employee=ana,
        day=dt.date(2026, 10, 2),
        evaluaciones_calidad=3,
        puntaje_calidad=Decimal("100"),
        intentos=10,
        contactos=10,
    )

    sums = kpi_sums(employee_ids=[ana.pk], start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 2))[ana.pk]
    derived = kpi_derived(sums)

    assert derived["calidad"] == Decimal("95.00")  # (80*1 + 100*3) / 4, not (80 + 100) / 2
    assert derived["contactabilidad"] == Decimal("18.18")  # 20 / 110, not mean(10%, 100%)


def test_kpi_sums_can_limit_to_campaigns():
    ana = EmployeeFactory()
    early, late = CampaignFactory(), CampaignFactory()
    KpiFactFactory(employee=ana, campaign=early, monto_recuperado=Decimal("10"))
    KpiFactFactory(employee=ana, campaign=late, monto_recuperado=Decimal("5"))

    sums = kpi_sums(employee_ids=[ana.pk], start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 1), campaign_ids=[late.pk])

    assert sums[ana.pk]["monto_recuperado"] == Decimal("5")


def test_kpi_sums_of_nobody_is_empty_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert kpi_sums(employee_ids=[], start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31)) == {}


def test_kpi_daily_facts_lists_the_days_in_order():
    ana = EmployeeFactory()
    for day in (3, 1, 2):
        KpiFactFactory(employee=ana, day=dt.date(2026, 10, day))

    facts = kpi_daily_facts(employee_id=ana.pk, start=dt.date(2026, 10, 2), end=dt.date(2026, 10, 3))

    assert [f.day.day for f in facts] == [2, 3]


@pytest.mark.parametrize(
    ("sums", "code", "expected"),
    [
        ({"contactos": 0, "intentos": 0}, "contactabilidad", None),
        ({"monto_recuperado": Decimal("1000"), "horas_pagadas": Decimal("8")}, "recaudo_por_hora", Decimal("125.00")),
        ({"incidentes_cumplimiento": 1, "contactos_titular": 400}, "tasa_incidentes", Decimal("2.50")),
        ({"segundos_gestion": 1000, "llamadas_atendidas": 3}, "tmo", Decimal("333")),
    ],
)
def test_derived_kpis(sums, code, expected):
    assert derive(sums)[code] == expected

"""One KPI catalogue (kpi.catalogue): the feed, the fact table, the bonus engine, the test helpers
and the KpiDefinition rows all follow it."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from incentives import engine
from kpi import catalogue
from kpi.ingest import codes
from kpi.models import KpiDefinition, KpiFact
from kpi.selectors import kpi_sums
from kpi.services import kpi_catalogue_sync
from tests.factories import EmployeeFactory
from tests.kpi.factories import KpiFactFactory

FIELDS = (
    "name_es",
    "name_en",
    "unit",
    "kind",
    "aggregation",
    "numerator",
    "denominator",
    "multiplier",
    "decimals",
    "feed_alias",
    "order",
)


def _row(obj) -> tuple:
    return tuple(Decimal(getattr(obj, f)) if f == "multiplier" else getattr(obj, f) for f in FIELDS)


@pytest.mark.django_db
def test_the_definition_rows_are_the_catalogue():
    rows = {d.code: _row(d) for d in KpiDefinition.objects.all()}
    assert rows == {spec.code: _row(spec) for spec in catalogue.ALL_KPIS}


@pytest.mark.django_db
def test_the_sync_on_migrate_repairs_drifted_rows_and_drops_unknown_codes():
    KpiDefinition.objects.filter(code="tmo").update(name_es="otro nombre", decimals=3)
    KpiDefinition.objects.filter(code="llamadas_por_hora").delete()
    KpiDefinition.objects.create(
        code="incidentes_por_mil_rpc",
        name_es="x",
        name_en="x",
        unit="per_thousand",
        kind="derived",
        aggregation="ratio",
    )

    assert kpi_catalogue_sync() == 3
    assert kpi_catalogue_sync() == 0
    assert set(KpiDefinition.objects.values_list("code", flat=True)) == set(catalogue.KPIS_BY_CODE)
    assert KpiDefinition.objects.get(code="tmo").name_es == catalogue.KPIS_BY_CODE["tmo"].name_es


def test_the_feed_columns_are_the_catalogues_raw_metrics():
    assert codes.RAW_METRICS is catalogue.RAW_METRICS
    assert codes.METRIC_CODES == tuple(s.code for s in catalogue.RAW_KPIS)
    for spec in catalogue.RAW_KPIS:
        assert codes.CANONICAL_ALIASES[spec.code] == spec.code
        assert codes.CANONICAL_ALIASES[spec.feed_alias] == spec.code
        assert spec.feed.scale == spec.decimals


def test_the_fact_table_has_a_column_per_feed_metric():
    columns = {f.name for f in KpiFact._meta.get_fields()} - {"id", "employee", "day", "campaign", "batch"}
    assert columns == set(codes.METRIC_CODES)


def test_every_kpi_users_see_is_a_measure_plans_can_use_with_the_same_formula():
    assert set(engine.RAW_KPIS) == set(catalogue.SUM_CODES)
    for spec in catalogue.ALL_KPIS:
        measure = engine.builtin_measure(spec.code)
        assert measure is not None, spec.code
        if spec.kind in (catalogue.RAW, catalogue.MEASURED):
            assert (measure.numerator, measure.denominator, measure.scale) == ((spec.code,), (), 1)
        else:
            assert measure.numerator == (spec.numerator,)
            assert measure.denominator == (spec.denominator,)
            assert measure.scale == spec.multiplier
    assert set(engine.DERIVED_KPIS) == {s.code for s in catalogue.DERIVED_KPIS}
    assert engine.builtin_measure("incidentes_por_mil_rpc") is None  # one name: tasa_incidentes


def test_the_engine_and_the_kpi_pages_compute_the_same_ratios():
    sums = {code: Decimal(n) for n, code in enumerate(catalogue.SUM_CODES, start=7)}
    shown = catalogue.derive(sums)
    p = engine.PlanVersion(code="p", version=1, name="p", currency="MXN", valid_from=None, valid_to=None, components=())
    for code, value in shown.items():
        spec = catalogue.KPIS_BY_CODE[code]
        exact = engine.measure_value(p, code, sums)
        assert value == exact.quantize(Decimal(1).scaleb(-spec.decimals)), code


@pytest.mark.django_db
def test_the_period_sums_and_the_fact_factory_carry_every_catalogue_metric():
    ana = EmployeeFactory()
    fact = KpiFactFactory(employee=ana)
    assert all(getattr(fact, code) is not None for code in codes.METRIC_CODES)
    declared = set(KpiFactFactory._meta.declarations)
    assert set(codes.METRIC_CODES) <= declared
    sums = kpi_sums(employee_ids=[ana.pk], start=fact.day, end=fact.day)
    assert set(sums[ana.pk]) == set(catalogue.SUM_CODES)


@pytest.mark.django_db
def test_stored_plans_naming_the_old_incident_code_are_migrated(world):
    from incentives.models import Plan, PlanVersion

    migration = importlib.import_module("incentives.migrations.0002_rename_incidentes_por_mil_rpc")
    plan = Plan.objects.create(code="viejo", name="Viejo")
    gate = {"kind": "threshold", "measure": "incidentes_por_mil_rpc", "op": "<=", "value": "2"}
    version = PlanVersion.objects.create(
        plan=plan, number=1, valid_from="2026-01-01", definition={"gates": [gate], "name": "incidentes_por_mil_rpc x"}
    )

    migration.forwards(apps, None)

    version.refresh_from_db()
    assert version.definition["gates"][0]["measure"] == "tasa_incidentes"
    assert version.definition["name"] == "incidentes_por_mil_rpc x"  # only whole codes are renamed
    migration.backwards(apps, None)
    version.refresh_from_db()
    assert version.definition["gates"][0]["measure"] == "incidentes_por_mil_rpc"

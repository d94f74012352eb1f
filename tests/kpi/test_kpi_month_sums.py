"""The monthly summary of the facts (``KpiMonthSum``): every writer keeps it equal to the sums of
the daily facts, in its own transaction, on SQLite and on PostgreSQL (run with DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi.catalogue import FACT_SUM_CODES, QUALITY_WEIGHT
from kpi.demo import seeder as demo
from kpi.models import FeedProfile, KpiFact, KpiImport, KpiMonthSum
from kpi.selectors import kpi_monthly_sums
from kpi.services import kpi_import_create, kpi_import_process
from kpi.summary import month_sums_rebuild, month_sums_refresh
from tests.factories import CampaignAssignmentFactory, CampaignFactory, EmployeeFactory
from tests.kpi.ingest.helpers import TODAY, csv_bytes, row

pytestmark = pytest.mark.django_db

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def load(data: bytes, name: str = "feed.csv") -> KpiImport:
    profile = FeedProfile.objects.get(code="canonico")
    kpi_import = kpi_import_create(profile=profile, uploaded=ContentFile(data), filename=name)
    return kpi_import_process(import_id=kpi_import.pk, today=TODAY)


def facts_summed() -> dict[tuple, dict[str, Decimal]]:
    """What the summary must hold, computed here from the daily facts."""
    out: dict[tuple, dict[str, Decimal]] = defaultdict(lambda: {code: Decimal(0) for code in FACT_SUM_CODES})
    for fact in KpiFact.objects.all():
        sums = out[(fact.employee_id, fact.day.replace(day=1), fact.campaign_id)]
        for code in FACT_SUM_CODES:
            value = fact.puntaje_calidad_ponderado if code == QUALITY_WEIGHT else getattr(fact, code)
            sums[code] += Decimal(value)
    return dict(out)


def summary() -> dict[tuple, dict[str, Decimal]]:
    return {
        (s.employee_id, s.month, s.campaign_id): {code: Decimal(getattr(s, code)) for code in FACT_SUM_CODES}
        for s in KpiMonthSum.objects.all()
    }


def test_a_load_writes_the_months_it_touched(feed_world):
    a001 = feed_world["employees"]["A001"].pk
    data = csv_bytes([row(fecha="2026-10-05"), row(fecha="2026-11-02"), row(fecha="2026-11-03", campana="")])

    assert load(data).status == KpiImport.Status.LOADED

    assert summary() == facts_summed()
    assert set(summary()) == {
        (a001, OCT, feed_world["campaigns"]["TRAMO1"].pk),
        (a001, NOV, feed_world["campaigns"]["TRAMO1"].pk),
        (a001, NOV, None),
    }
    nov = summary()[(a001, NOV, feed_world["campaigns"]["TRAMO1"].pk)]
    assert nov["monto_recuperado"] == Decimal("800.50") and nov[QUALITY_WEIGHT] == Decimal("181.00")


def test_a_correction_of_the_same_period_replaces_the_months_sums(feed_world):
    a001 = feed_world["employees"]["A001"].pk
    tramo1 = feed_world["campaigns"]["TRAMO1"].pk
    load(csv_bytes([row(fecha="2026-11-02"), row(fecha="2026-11-03")]))

    corrected = load(
        csv_bytes([row(fecha="2026-11-02", monto_recuperado="1000.00"), row(fecha="2026-11-04")]),
        name="corrected.csv",
    )

    assert corrected.status == KpiImport.Status.LOADED, corrected.errors
    assert (corrected.inserted_count, corrected.updated_count) == (1, 1)
    assert summary() == facts_summed()
    assert summary()[(a001, NOV, tramo1)]["monto_recuperado"] == Decimal("2601.00")  # 1000 + 800.50 x 2


def test_a_removal_of_facts_leaves_no_sum_behind(feed_world):
    load(csv_bytes([row(fecha="2026-10-05"), row(fecha="2026-11-02"), row(agente="A002", fecha="2026-11-02")]))
    a001 = feed_world["employees"]["A001"].pk

    KpiFact.objects.filter(day__month=11, employee_id=a001).delete()
    month_sums_refresh(first=dt.date(2026, 11, 2), last=dt.date(2026, 11, 2))

    assert summary() == facts_summed()
    assert not KpiMonthSum.objects.filter(employee_id=a001, month=NOV).exists()
    assert KpiMonthSum.objects.filter(employee_id=a001, month=OCT).exists()  # another month: untouched


def test_a_rejected_load_changes_no_sum(feed_world):
    load(csv_bytes([row(fecha="2026-11-02")]))
    before = summary()

    rejected = load(csv_bytes([row(fecha="2026-11-03"), row(agente="A002", promesas_cumplidas="9")]), name="bad.csv")

    assert rejected.status == KpiImport.Status.REJECTED
    assert summary() == before == facts_summed()


def test_the_rebuild_of_the_backfill_migration_sums_every_month(feed_world):
    load(csv_bytes([row(fecha="2026-10-05"), row(fecha="2026-11-02"), row(agente="A002", fecha="2026-11-09")]))
    KpiMonthSum.objects.all().delete()

    month_sums_rebuild()

    assert summary() == facts_summed() and len(summary()) == 3


def test_the_charts_read_the_same_sums_from_the_summary_as_from_the_facts(feed_world, monkeypatch):
    load(
        csv_bytes(
            [
                row(fecha="2026-10-05"),
                row(fecha="2026-11-02", campana="TRAMO2", monto_recuperado="10.25"),
                row(agente="A002", fecha="2026-11-09", campana=""),
            ]
        )
    )
    ids = [e.pk for e in feed_world["employees"].values()]
    start, end = OCT, dt.date(2026, 11, 30)
    cases = [
        {},
        {"by": "employee_id"},
        {"by": "campaign__bucket"},
        {"by": "campaign_id", "codes": ["monto_recuperado"]},
    ]
    from_summary = [kpi_monthly_sums(employee_ids=ids, start=start, end=end, **kw) for kw in cases]
    monkeypatch.setattr("kpi.selectors._whole_months", lambda start, end: False)  # the facts' path

    from_facts = [kpi_monthly_sums(employee_ids=ids, start=start, end=end, **kw) for kw in cases]

    assert from_summary == from_facts and from_summary[0]


def test_a_demo_seed_writes_its_months():
    campaign = CampaignFactory(bucket="1-30")
    agents = [EmployeeFactory(employee_code=f"A{n:04d}", hire_date=dt.date(2023, 1, 1)) for n in (1, 2)]
    for agent in agents:
        CampaignAssignmentFactory(employee=agent, campaign=campaign, start=dt.date(2023, 1, 1))

    demo.seed(world=SimpleNamespace(today=TODAY, agents=agents))

    assert KpiFact.objects.exists()
    assert summary() == facts_summed()


AGENT_CODES = ("A001", "A002", "a003")
DAYS = [dt.date(2026, 10, 28) + dt.timedelta(days=i) for i in range(8)]  # across the month's end

a_row = st.fixed_dictionaries(
    {
        "agente": st.sampled_from(AGENT_CODES),
        "fecha": st.sampled_from(DAYS).map(str),
        "campana": st.sampled_from(["TRAMO1", "TRAMO2", ""]),
        "monto_recuperado": st.decimals(min_value=0, max_value=99999, places=2).map(str),
        "intentos": st.integers(min_value=40, max_value=500).map(str),
        "puntaje_calidad": st.decimals(min_value=0, max_value=100, places=1).map(str),
        "evaluaciones_calidad": st.integers(min_value=0, max_value=9).map(str),
    }
)
a_feed = st.lists(a_row, min_size=1, max_size=12, unique_by=lambda r: (r["agente"], r["fecha"], r["campana"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(feeds=st.lists(a_feed, min_size=1, max_size=4))
def test_the_summary_always_equals_the_sum_of_the_daily_facts(feed_world, feeds):
    for index, rows in enumerate(feeds):
        load(csv_bytes([row(**r) for r in rows]), name=f"feed-{index}.csv")
        assert summary() == facts_summed()

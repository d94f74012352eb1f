"""The PostgreSQL path: the fast lane, COPY into a staging table, set-based upsert, change summary."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi.ingest import METRIC_CODES
from kpi.models import FeedProfile, KpiFact, KpiImport
from kpi.services import kpi_import_create, kpi_import_process
from tests.kpi.ingest.helpers import TODAY, csv_bytes, row

pytestmark = [pytest.mark.services("postgres"), pytest.mark.django_db]


def load(data: bytes, name: str = "feed.csv") -> KpiImport:
    profile = FeedProfile.objects.get(code="canonico")
    kpi_import = kpi_import_create(profile=profile, uploaded=ContentFile(data), filename=name)
    return kpi_import_process(import_id=kpi_import.pk, today=TODAY)


def test_it_loads_with_copy_and_replaces_corrected_rows(feed_world):
    assert connection.vendor == "postgresql"
    rows = [
        row(agente=agent, fecha=f"2026-11-{day:02d}", campana=campaign)
        for agent in ("A001", "A002")
        for day in range(1, 11)
        for campaign in ("TRAMO1", "TRAMO2")
    ]
    first = load(csv_bytes(rows))
    assert (first.status, first.inserted_count) == (KpiImport.Status.LOADED, 40)

    corrected_rows = [dict(r) for r in rows]
    corrected_rows[0]["monto_recuperado"] = "1000.00"
    corrected_rows.append(row(agente="a003", fecha="2026-11-01", campana=""))
    second = load(csv_bytes(corrected_rows), name="corrected.csv")

    assert (second.inserted_count, second.updated_count, second.unchanged_count) == (1, 1, 39)
    assert second.changes["deltas"] == {"monto_recuperado": "199.50"}
    assert second.changes["samples"][0]["changes"] == {"monto_recuperado": ["800.50", "1000.00"]}
    assert KpiFact.objects.count() == 41
    fact = KpiFact.objects.get(
        employee=feed_world["employees"]["A001"], day="2026-11-01", campaign=feed_world["campaigns"]["TRAMO1"]
    )
    assert fact.monto_recuperado == Decimal("1000.00") and fact.batch == second


def test_the_direct_copy_keeps_every_decimal_exact(feed_world):
    big = row(
        monto_prometido="999999999999.99",
        monto_cumplido="999999999999.99",
        monto_recuperado="123456789012.34",
        horas_pagadas="23.99",
        puntaje_calidad="99.99",
    )

    kpi_import = load(csv_bytes([big, row(agente="A002", campana="", monto_recuperado="0.01")]))

    assert kpi_import.inserted_count == 2
    fact = KpiFact.objects.get(employee=feed_world["employees"]["A001"])
    assert (fact.monto_prometido, fact.monto_recuperado) == (Decimal("999999999999.99"), Decimal("123456789012.34"))
    assert (fact.horas_pagadas, fact.puntaje_calidad, fact.day.isoformat()) == (
        Decimal("23.99"),
        Decimal("99.99"),
        "2026-11-02",
    )
    other = KpiFact.objects.get(employee=feed_world["employees"]["A002"])
    assert other.campaign_id is None and other.monto_recuperado == Decimal("0.01") and other.batch == kpi_import


def test_a_null_campaign_row_is_matched_on_reload(feed_world):
    load(csv_bytes([row(campana="")]))

    again = load(csv_bytes([row(campana="", intentos="101")]), name="again.csv")

    assert (again.inserted_count, again.updated_count) == (0, 1)
    assert KpiFact.objects.get().intentos == 101


def test_a_rejected_file_stores_nothing_on_postgres(feed_world):
    kpi_import = load(csv_bytes([row(), row(agente="A002", promesas_cumplidas="99")]))

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert KpiFact.objects.count() == 0


# --------------------------------------------------------------------------- the fast lane


def facts_dump() -> list[tuple]:
    return list(
        KpiFact.objects.order_by("day", "employee_id", "campaign_id").values_list(
            "employee_id", "day", "campaign_id", *METRIC_CODES
        )
    )


def load_both_ways(data: bytes) -> tuple[tuple, tuple]:
    """Load the same bytes through the fast lane and through the full validator (each on an empty
    fact table); returns (status, counts, error codes, facts) of each."""
    outcomes = []
    for lane in (True, False):
        with transaction.atomic(), override_settings(KPI_FAST_LANE=lane):
            kpi_import = load(data)
            outcomes.append(
                (
                    kpi_import.status,
                    (kpi_import.row_count, kpi_import.inserted_count, kpi_import.first_day, kpi_import.last_day),
                    sorted((e["row"], e["column"], e["code"]) for e in kpi_import.errors),
                    facts_dump(),
                )
            )
            transaction.set_rollback(True)
    return outcomes[0], outcomes[1]


def test_a_plain_feed_takes_the_fast_lane_and_stores_what_the_full_validator_stores(feed_world, caplog):
    rows = [
        row(agente=agent, fecha=f"2026-11-{day:02d}", campana=campaign, monto_recuperado=f"-{day}.5")
        for agent in ("A001", "A002", "ÑANDÚ01")
        for day in range(1, 8)
        for campaign in ("TRAMO1", "tramo2")
    ]
    data = b"\xef\xbb\xbf" + csv_bytes(rows).replace(b"\n", b"\r\n")

    with caplog.at_level(logging.INFO, logger="kpi.services"):
        fast, full = load_both_ways(data)

    assert fast == full
    assert fast[0] == KpiImport.Status.LOADED and fast[1][:2] == (42, 42) and len(fast[3]) == 42
    declined = [r.getMessage() for r in caplog.records if "fast lane declined" in r.getMessage()]
    assert len(declined) == 0  # the second load ran with the lane switched off


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([row(), row(agente="A002", promesas_cumplidas="6")], "a row breaks a rule"),
        ([row(), row(agente="A002", horas_pagadas="24.5")], "a row breaks a rule"),
        ([row(), row(agente="A002", intentos="3000000000")], "database"),
        ([row(), row(agente="A002", fecha="2026-09-30")], "fecha"),
        ([row(), row(agente="NADIE")], "agente"),
        ([row(), row(intentos="5")], "repeated agent-day"),
        ([row(), row(agente="A002", intentos="1.234")], "line shape"),
    ],
)
def test_whatever_the_lane_declines_gets_the_full_report_and_stores_nothing(feed_world, caplog, rows, reason):
    with caplog.at_level(logging.INFO, logger="kpi.services"):
        fast, full = load_both_ways(csv_bytes(rows))

    assert fast == full
    assert fast[0] == KpiImport.Status.REJECTED and fast[2] and fast[3] == []
    declined = [r.getMessage() for r in caplog.records if "fast lane declined" in r.getMessage()]
    assert len(declined) == 1 and reason in declined[0]


def test_a_corrected_file_gives_way_to_the_upsert_with_its_change_summary(feed_world, caplog):
    load(csv_bytes([row(), row(agente="A002")]))

    with caplog.at_level(logging.INFO, logger="kpi.services"):
        second = load(csv_bytes([row(intentos="101"), row(agente="A002")]), name="fixed.csv")

    assert (second.inserted_count, second.updated_count, second.unchanged_count) == (0, 1, 1)
    assert any("UniqueViolation" in r.getMessage() for r in caplog.records)
    assert sorted(KpiFact.objects.values_list("intentos", flat=True)) == [100, 101]


def test_a_period_locked_while_the_lane_loaded_is_rejected_whole(feed_world, monkeypatch):
    monkeypatch.setattr("kpi.services.locked_day_snapshot", lambda: lambda day: False)
    monkeypatch.setattr("kpi.services.locked_day_predicate", lambda: lambda day: day.month == 11)

    kpi_import = load(csv_bytes([row(), row(agente="A002")]))

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert {e["code"] for e in kpi_import.errors} == {"locked_period"}
    assert KpiFact.objects.count() == 0


class RecordingCache:
    """The real cache, remembering every value set."""

    def __init__(self):
        self.values = []

    def set(self, key, value, **kwargs):
        self.values.append(value)
        cache.set(key, value, **kwargs)

    def __getattr__(self, name):
        return getattr(cache, name)


def test_the_lane_reports_progress_through_the_cache(feed_world, monkeypatch):
    recorder = RecordingCache()
    monkeypatch.setattr("kpi.services.cache", recorder)
    monkeypatch.setattr("kpi.loader.FAST_LANE_BLOCK", 512)
    clock = iter(range(0, 10_000))
    monkeypatch.setattr("kpi.services.time", type("Clock", (), {"monotonic": staticmethod(lambda: next(clock))}))

    kpi_import = load(
        csv_bytes([row(agente=a, fecha=f"2026-11-{d:02d}") for a in ("A001", "A002") for d in range(1, 20)])
    )

    assert kpi_import.status == KpiImport.Status.LOADED and kpi_import.progress == 100
    assert len(recorder.values) > 3 and recorder.values == sorted(recorder.values) and max(recorder.values) <= 95
    assert cache.get(kpi_import.progress_cache_key) is None  # cleared once final


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "promesas": st.sampled_from(["0", "2", "5"]),
                "promesas_cumplidas": st.sampled_from(["0", "2", "6"]),
                "monto_prometido": st.sampled_from(["0", "500.00", "1000"]),
                "monto_cumplido": st.sampled_from(["0", "600.00", "1200.5"]),
                "evaluaciones_calidad": st.sampled_from(["0", "1"]),
                "puntaje_calidad": st.sampled_from(["0", "90.5", "100.5"]),
                "horas_pagadas": st.sampled_from(["8", "24", "24.01"]),
                "segundos_gestion": st.sampled_from(["0", "86400", "86401"]),
                "incidentes_graves": st.sampled_from(["0", "1", "2"]),
            }
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_database_rule_check_agrees_with_the_validator(feed_world, values):
    rows = [
        row(agente=agent, **cells) for agent, cells in zip(("A001", "A002", "a003", "ÑANDÚ01"), values, strict=False)
    ]

    fast, full = load_both_ways(csv_bytes(rows))

    assert fast == full

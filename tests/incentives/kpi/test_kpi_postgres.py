"""The PostgreSQL path: COPY into a staging table, set-based upsert, change summary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from incentives.kpi.models import FeedProfile, KpiFact, KpiImport
from incentives.kpi.services import kpi_import_create, kpi_import_process
from tests.incentives.kpi.ingest.helpers import TODAY, csv_bytes, row

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

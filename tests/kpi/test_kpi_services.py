"""The load service: whole-file validation, nothing stored on error, duplicates, corrections."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from core.models import AuditEvent
from kpi.models import FeedProfile, KpiFact, KpiImport
from kpi.selectors import kpi_import_error_report
from kpi.services import kpi_import_create, kpi_import_create_from_rows, kpi_import_process
from tests.kpi.ingest.helpers import GOOD, HEADER, TODAY, csv_bytes, row
from tests.kpi.ingest.test_kpi_feed_bad_cases import BAD_CASES

pytestmark = pytest.mark.django_db


def load(data: bytes, profile: FeedProfile, *, name: str = "feed.csv", dry_run: bool = False) -> KpiImport:
    kpi_import = kpi_import_create(profile=profile, uploaded=ContentFile(data), filename=name, dry_run=dry_run)
    return kpi_import_process(import_id=kpi_import.pk, today=TODAY)


def profile_for(engine_profile) -> FeedProfile:
    if engine_profile is None:
        return FeedProfile.objects.get(code="canonico")
    profile, _ = FeedProfile.objects.get_or_create(
        code=engine_profile.code,
        defaults={
            "name": engine_profile.code,
            "delimiter": engine_profile.delimiter or "",
            "encoding": engine_profile.encoding,
        },
    )
    return profile


@pytest.mark.parametrize(
    ("data", "profile", "code", "message"), [(c[1], c[2], c[3], c[6]) for c in BAD_CASES], ids=[c[0] for c in BAD_CASES]
)
def test_it_rejects_every_bad_feed_whole_and_stores_nothing(feed_world, data, profile, code, message):
    # A good row for another agent rides along: it must not be stored either.
    kpi_import = load(data, profile_for(profile))

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert KpiFact.objects.count() == 0
    error = next(e for e in kpi_import.errors if e["code"] == code)
    with translation.override("en"):
        assert message in kpi_import_error_report(kpi_import=kpi_import)
    assert error["code"] == code


def test_it_rejects_the_whole_file_when_one_row_is_bad(feed_world, canonical_profile):
    data = csv_bytes([row(agente="A001"), row(agente="A002", promesas_cumplidas="9")])

    kpi_import = load(data, canonical_profile)

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert kpi_import.error_count == 1 and kpi_import.row_count == 2
    assert KpiFact.objects.count() == 0
    assert AuditEvent.objects.filter(action="kpi_import.reject").count() == 1


def test_it_loads_a_good_file(feed_world, canonical_profile):
    data = csv_bytes([row(agente="A001"), row(agente="A002", campana="")])

    kpi_import = load(data, canonical_profile)

    assert kpi_import.status == KpiImport.Status.LOADED, kpi_import.errors
    assert (kpi_import.inserted_count, kpi_import.updated_count, kpi_import.progress) == (2, 0, 100)
    fact = KpiFact.objects.get(employee=feed_world["employees"]["A001"])
    assert fact.campaign == feed_world["campaigns"]["TRAMO1"]
    assert fact.monto_recuperado == Decimal("800.50") and fact.intentos == 100 and fact.batch == kpi_import
    assert KpiFact.objects.get(employee=feed_world["employees"]["A002"]).campaign is None
    assert AuditEvent.objects.filter(action="kpi_import.load", object_id=str(kpi_import.pk)).exists()


def test_the_same_file_twice_is_recognised_and_not_counted_twice(feed_world, canonical_profile):
    data = csv_bytes([row(agente="A001"), row(agente="A002")])
    first = load(data, canonical_profile)

    second = load(data, canonical_profile, name="again.csv")

    assert second.status == KpiImport.Status.DUPLICATE
    assert second.duplicate_of == first
    assert KpiFact.objects.count() == 2
    assert AuditEvent.objects.filter(action="kpi_import.duplicate").count() == 1


def test_processing_an_import_twice_is_harmless(feed_world, canonical_profile):
    kpi_import = load(csv_bytes([row()]), canonical_profile)

    again = kpi_import_process(import_id=kpi_import.pk, today=TODAY)

    assert again.status == KpiImport.Status.LOADED
    assert KpiFact.objects.count() == 1


def test_a_corrected_file_replaces_values_and_summarises_the_change(feed_world, canonical_profile):
    load(csv_bytes([row(agente="A001"), row(agente="A002")]), canonical_profile)

    corrected = load(
        csv_bytes(
            [
                row(agente="A001", monto_recuperado="900.00", promesas_cumplidas="4"),
                row(agente="A002"),
                row(agente="A001", fecha="2026-11-03"),
            ]
        ),
        canonical_profile,
        name="corrected.csv",
    )

    assert corrected.status == KpiImport.Status.LOADED
    assert (corrected.inserted_count, corrected.updated_count, corrected.unchanged_count) == (1, 1, 1)
    assert KpiFact.objects.count() == 3
    fact = KpiFact.objects.get(employee=feed_world["employees"]["A001"], day="2026-11-02")
    assert fact.monto_recuperado == Decimal("900.00") and fact.batch == corrected
    sample = corrected.changes["samples"][0]
    assert sample["employee_code"] == "A001"
    assert sample["changes"] == {"promesas_cumplidas": ["3", "4"], "monto_recuperado": ["800.50", "900.00"]}
    assert corrected.changes["deltas"] == {"promesas_cumplidas": "1", "monto_recuperado": "99.50"}
    event = AuditEvent.objects.get(action="kpi_import.load", object_id=str(corrected.pk))
    assert event.after["updated"] == 1 and event.before["changed"][0]["values"]["monto_recuperado"] == "800.50"


def test_a_correction_in_a_locked_period_is_refused(feed_world, canonical_profile):
    kpi_import = load(csv_bytes([row(fecha="2026-09-15")]), canonical_profile)

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert kpi_import.errors[0]["code"] == "locked_period"


def test_a_dry_run_validates_and_stores_nothing(feed_world, canonical_profile):
    kpi_import = load(csv_bytes([row()]), canonical_profile, dry_run=True)

    assert kpi_import.status == KpiImport.Status.VALIDATED
    assert kpi_import.row_count == 1
    assert KpiFact.objects.count() == 0


def test_it_loads_a_latin_dialer_export(feed_world):
    profile = FeedProfile.objects.get(code="marcador-latam")
    header = ["Fecha", "Agente", "Campaña", *HEADER[3:]]
    rows = [
        {
            **GOOD,
            "Fecha": "02/11/2026",
            "Agente": "dl-ñandú01",
            "Campaña": "TRAMO2",
            "monto_prometido": "1.000,00",
            "monto_cumplido": "600",
            "monto_recuperado": "1.234,56",
            "puntaje_calidad": "90,5",
        }
    ]
    data = csv_bytes(rows, header=header, delimiter=";", encoding="latin-1")

    kpi_import = load(data, profile)

    assert kpi_import.status == KpiImport.Status.LOADED, kpi_import.errors
    fact = KpiFact.objects.get()
    assert fact.employee == feed_world["employees"]["ÑANDÚ01"]
    assert (fact.monto_recuperado, fact.puntaje_calidad) == (Decimal("1234.56"), Decimal("90.50"))


def test_it_loads_an_xlsx_file(feed_world, canonical_profile):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([GOOD[h] for h in HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)

    kpi_import = load(buffer.getvalue(), canonical_profile, name="feed.xlsx")

    assert kpi_import.status == KpiImport.Status.LOADED, kpi_import.errors
    assert KpiFact.objects.get().monto_recuperado == Decimal("800.50")


def test_it_loads_json_rows(feed_world, canonical_profile):
    rows = [
        {
            "date": "2026-11-02",
            "agent": "A001",
            "attempts": 10,
            "contacts": 5,
            "rpc": 2,
            "ptp_count": 1,
            "ptp_amount": "100.00",
            "kept_count": 1,
            "kept_amount": 100,
            "collected_amount": 250.5,
            "paid_hours": 8,
            "handled_calls": 20,
            "handle_seconds": 6000,
            "qa_evaluations": 0,
            "qa_score": None,
            "compliance_incidents": 0,
        }
    ]
    kpi_import = kpi_import_create_from_rows(profile=canonical_profile, rows=rows)

    kpi_import = kpi_import_process(import_id=kpi_import.pk, today=TODAY)

    assert kpi_import.status == KpiImport.Status.LOADED, kpi_import.errors
    fact = KpiFact.objects.get()
    assert fact.monto_recuperado == Decimal("250.50") and fact.incidentes_graves == 0 and fact.campaign is None


def test_the_celery_task_processes_once_and_is_safe_to_run_twice(feed_world, canonical_profile, monkeypatch):
    import datetime as dt

    from kpi.tasks import kpi_import_process_task

    monkeypatch.setattr("kpi.services.timezone.localdate", lambda: dt.date(2026, 11, 23))
    kpi_import = kpi_import_create(
        profile=canonical_profile, uploaded=ContentFile(csv_bytes([row()])), filename="f.csv"
    )

    assert kpi_import_process_task(kpi_import.pk) == "loaded"
    assert kpi_import_process_task(kpi_import.pk) == "loaded"
    assert KpiFact.objects.count() == 1

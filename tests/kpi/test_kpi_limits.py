"""Bounded feed uploads: size, an XLSX's declared uncompressed size, rows, a fatal header, NUL.

Every test file is built here: a ZIP bomb with zipfile, a big-rows file kept small by lowering
the limit with ``override_settings``."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.services import api_token_create
from kpi.models import FeedProfile, KpiFact, KpiImport
from kpi.services import kpi_import_create, kpi_import_process
from tests.kpi.ingest.helpers import HEADER, TODAY, check, csv_bytes, row

pytestmark = pytest.mark.django_db
API = "/api/v1/kpi-feeds"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


def zip_bomb(expanded: int) -> bytes:
    """A small XLSX-shaped ZIP whose shared strings expand to ``expanded`` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"A" * expanded + b"</sst>")
    return out.getvalue()


def xlsx_feed(rows: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for day in range(1, rows + 1):
        ws.append([row(fecha=f"2026-11-{day:02d}")[c] for c in HEADER])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def bearer(user) -> dict:
    _token, plaintext = api_token_create(
        actor=user,
        name="feeds",
        scopes=["kpi:write"],
        expires_at=timezone.now() + dt.timedelta(days=30),
        mfa_satisfied=True,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def process(data: bytes, name: str = "feed.csv") -> KpiImport:
    profile = FeedProfile.objects.get(code="canonico")
    kpi_import = kpi_import_create(profile=profile, uploaded=ContentFile(data), filename=name)
    return kpi_import_process(import_id=kpi_import.pk, today=TODAY)


def web_upload(client, data: bytes, name: str, capture):
    profile = FeedProfile.objects.get(code="canonico")
    with capture(execute=True):
        return client.post(reverse("kpi:import_new"), {"profile": profile.pk, "file": SimpleUploadedFile(name, data)})


# --------------------------------------------------------------------------- the XLSX bomb


@override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1_000_000)
def test_the_web_form_refuses_a_zip_bomb_before_openpyxl_opens_it(
    feed_world, world, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the bomb"))
    bomb = zip_bomb(5_000_000)
    assert len(bomb) < 20_000

    client = client_for(world.analyst)
    client.cookies["django_language"] = "es"
    response = web_upload(client, bomb, "bomba.xlsx", django_capture_on_commit_callbacks)

    assert response.status_code == 200  # the form again, with the error on the file field
    assert "Descomprimido, el archivo ocuparía" in response.content.decode()
    assert KpiImport.objects.count() == 0


@override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1_000_000)
def test_a_stored_zip_bomb_is_rejected_without_being_parsed(feed_world, monkeypatch):
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the bomb"))

    kpi_import = process(zip_bomb(5_000_000), "bomba.xlsx")

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert [e["code"] for e in kpi_import.errors] == ["archive_too_large"]


@override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1_000_000)
def test_the_api_answers_413_to_a_zip_bomb(feed_world, world, client):
    response = client.post(API, {"file": SimpleUploadedFile("b.xlsx", zip_bomb(5_000_000))}, **bearer(world.analyst))

    assert response.status_code == 413
    assert "Uncompressed" in response.json()["detail"] or "Descomprimido" in response.json()["detail"]
    assert KpiImport.objects.count() == 0


# --------------------------------------------------------------------------- size


@override_settings(UPLOAD_MAX_BYTES=2_000)
def test_the_api_answers_413_to_a_file_above_the_limit(feed_world, world, client):
    data = csv_bytes([row(fecha=f"2026-11-{d:02d}") for d in range(1, 23)])
    assert len(data) > 2_000

    response = client.post(API, {"file": SimpleUploadedFile("feed.csv", data)}, **bearer(world.analyst))

    assert response.status_code == 413 and response.json()["detail"]
    assert KpiImport.objects.count() == 0


@override_settings(UPLOAD_MAX_BYTES=2_000)
def test_the_api_answers_413_to_json_rows_above_the_limit(feed_world, world, client):
    body = json.dumps({"rows": [row(fecha=f"2026-11-{d:02d}") for d in range(1, 23)]})
    assert len(body) > 2_000

    response = client.post(API, body, content_type="application/json", **bearer(world.analyst))

    assert response.status_code == 413
    assert KpiImport.objects.count() == 0


def test_json_rows_above_djangos_form_limit_but_within_the_upload_limit_are_read(feed_world, world, client):
    rows = [row(agente="A001", fecha=f"2026-11-{d:02d}", campana=f"C{n}") for d in range(1, 3) for n in range(12_000)]
    body = json.dumps({"rows": rows, "dry_run": True})
    assert 2_621_440 < len(body) < 25 * 1024 * 1024

    response = client.post(API, body, content_type="application/json", **bearer(world.analyst))

    assert response.status_code == 422  # read and validated (unknown campaigns), not refused
    assert response.json()["errors"][0]["code"] == "unknown_campaign"


@override_settings(UPLOAD_MAX_BYTES=2_000)
def test_the_web_form_refuses_a_file_above_the_limit_and_stores_nothing(
    feed_world, world, client_for, django_capture_on_commit_callbacks
):
    data = csv_bytes([row(fecha=f"2026-11-{d:02d}") for d in range(1, 23)])
    client = client_for(world.analyst)
    client.cookies["django_language"] = "es"

    response = web_upload(client, data, "feed.csv", django_capture_on_commit_callbacks)

    assert response.status_code == 413
    assert "El archivo supera el límite de" in response.content.decode()
    assert KpiImport.objects.count() == 0


def test_the_openapi_document_lists_413():
    from django.test import Client

    document = Client().get("/api/v1/openapi.json").json()
    assert "413" in document["paths"]["/api/v1/kpi-feeds"]["post"]["responses"]


# --------------------------------------------------------------------------- rows and header


@override_settings(UPLOAD_MAX_ROWS=3)
def test_a_csv_with_more_rows_than_the_limit_is_rejected_at_the_first_row_beyond(feed_world):
    data = csv_bytes([row(fecha=f"2026-11-{d:02d}") for d in range(1, 8)])

    kpi_import = process(data)

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert [(e["code"], e["row"]) for e in kpi_import.errors] == [("too_many_rows", 5)]
    assert KpiFact.objects.count() == 0


@override_settings(UPLOAD_MAX_ROWS=3)
def test_an_xlsx_whose_sheet_declares_too_many_rows_is_rejected_before_reading_them(feed_world):
    kpi_import = process(xlsx_feed(5), "feed.xlsx")

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert [e["code"] for e in kpi_import.errors] == ["too_many_rows"]


def test_a_missing_column_stops_before_the_rows_are_read():
    header = [c for c in HEADER if c != "intentos"]
    rows = (row(agente="NOBODY", fecha=f"2026-11-{d % 28 + 1:02d}") for d in range(2_000))
    data = csv_bytes(list(rows), header=header)

    result = check(data)

    assert {e.code for e in result.errors} == {"missing_column"}
    assert result.row_count == 0


# --------------------------------------------------------------------------- NUL


def test_a_nul_in_a_feed_cell_rejects_the_feed_naming_row_and_column(feed_world):
    data = csv_bytes([row(agente="A001"), row(agente="A0\x0002")])

    kpi_import = process(data)

    assert kpi_import.status == KpiImport.Status.REJECTED
    nul = [e for e in kpi_import.errors if e["code"] == "nul_character"]
    assert [(e["row"], e["column"]) for e in nul] == [(3, "agente")]
    assert "\x00" not in json.dumps(kpi_import.errors)
    assert KpiFact.objects.count() == 0


def test_a_nul_in_a_feed_header_rejects_the_feed(feed_world):
    kpi_import = process(csv_bytes([row()], header=[*HEADER[:-1], "incidentes\x00graves"]))

    assert kpi_import.status == KpiImport.Status.REJECTED
    assert [(e["code"], e["row"]) for e in kpi_import.errors] == [("nul_character", 1)]


def test_a_nul_in_a_json_row_answers_422_naming_the_item(feed_world, world, client):
    body = json.dumps({"rows": [row(agente="A001"), {**row(agente="A002"), "campana": "TRAMO\x001"}]})

    response = client.post(API, body, content_type="application/json", **bearer(world.analyst))

    assert response.status_code == 422
    errors = [(e["code"], e["row"], e["column"]) for e in response.json()["errors"]]
    assert ("nul_character", 2, "campana") in errors
    assert KpiFact.objects.count() == 0


# --------------------------------------------------------------------------- retention of rejected files


def test_rejected_files_lose_their_bytes_after_the_retention_but_keep_the_record(
    feed_world, settings, django_capture_on_commit_callbacks
):
    from django.conf import settings as live

    from core.models import AuditEvent
    from kpi.tasks import rejected_files_purge_task

    settings.UPLOAD_REJECTED_RETENTION_DAYS = 30
    rejected = process(csv_bytes([row(agente="Z9")]))
    loaded = process(csv_bytes([row(agente="A001")]))
    name, storage = rejected.file.name, rejected.file.storage
    assert rejected.status == KpiImport.Status.REJECTED and storage.exists(name)
    assert "kpi-purge-rejected-files" in live.CELERY_BEAT_SCHEDULE

    with time_machine.travel(dt.datetime(2026, 12, 22, 15, 0, tzinfo=dt.UTC), tick=False):  # 29 days on
        with django_capture_on_commit_callbacks(execute=True):
            assert rejected_files_purge_task.delay().get() == 0
    with time_machine.travel(dt.datetime(2026, 12, 24, 15, 0, tzinfo=dt.UTC), tick=False):  # 31 days on
        with django_capture_on_commit_callbacks(execute=True):
            assert rejected_files_purge_task.delay().get() == 1
            assert rejected_files_purge_task.delay().get() == 0  # safe twice

    rejected.refresh_from_db()
    loaded.refresh_from_db()
    assert not storage.exists(name) and not rejected.file and rejected.file_deleted_at is not None
    assert (rejected.original_name, rejected.size, rejected.error_count) == ("feed.csv", rejected.size, 1)
    assert rejected.sha256 and rejected.errors[0]["code"] == "unknown_agent"
    assert loaded.file and storage.exists(loaded.file.name)  # loaded files are kept
    assert AuditEvent.objects.filter(action="kpi_import.file_purge").count() == 1


# --------------------------------------------------------------------------- one load per file


def test_the_database_refuses_a_second_loaded_import_of_one_file(feed_world):
    from django.db import IntegrityError, transaction

    first = process(csv_bytes([row(agente="A001")]))
    twin = KpiImport.objects.create(profile=first.profile, sha256=first.sha256, status=KpiImport.Status.PENDING)

    with pytest.raises(IntegrityError), transaction.atomic():
        KpiImport.objects.filter(pk=twin.pk).update(status=KpiImport.Status.LOADED)


def test_a_load_refused_by_the_constraint_becomes_a_duplicate(feed_world, monkeypatch):
    """The check before loading saw no twin (the race), the database still refuses the second load."""
    first = process(csv_bytes([row(agente="A001")]))
    monkeypatch.setattr(KpiImport, "loaded_twin", _twin_only_after_the_load(KpiImport.loaded_twin))

    second = process(csv_bytes([row(agente="A001")]))

    assert second.status == KpiImport.Status.DUPLICATE and second.duplicate_of_id == first.pk
    assert KpiFact.objects.count() == 1


def _twin_only_after_the_load(real):
    """Blind before and during the load (as two concurrent uploads are); sees the twin only once the
    database has refused the second load."""
    import sys

    def fake(kpi_import):
        return real(kpi_import) if sys._getframe(1).f_code.co_name == "_unless_loaded_meanwhile" else None

    return fake

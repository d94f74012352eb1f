"""A contact log's file holds debtors' accounts and numbers in clear, which the portal otherwise keeps
only as keyed hashes: once the log is processed (loaded, rejected, a duplicate, failed) its bytes are
gone from MEDIA_ROOT, and nothing that stays (the record, the error report, the page, the audit, the
command's output, the logs) quotes a number or an account. The SHA-256 still recognises the file."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import logging
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from compliance.ingest.validate import masked
from compliance.models import ContactAttempt, ContactImport
from compliance.services import contact_import_create, contact_import_process, contact_import_stale_purge
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais\n"
NUMBER = "+57 300 7654321"
ACCOUNT = "CTA-PRIVADA-99"
CLEAR = ("3007654321", "300 7654321", "7654321", ACCOUNT)
GOOD = HEADER + f"2026-03-08T07:12:00-05:00,A0001,{ACCOUNT},{NUMBER},llamada,no_contesta,CO\n"
BAD = HEADER + f"2026-03-08T07:12:00-05:00,A0001,{ACCOUNT},{NUMBER},fax,no_contesta,CO\n"
NOW = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def clear_in_media(media: Path) -> list[str]:
    """The files under MEDIA_ROOT that quote the number or the account."""
    if not media.exists():
        return []
    found = []
    for path in media.rglob("*"):
        if path.is_file():
            data = path.read_bytes().decode("utf-8", "replace")
            if any(text in data for text in CLEAR):
                found.append(str(path))
    return found


def quotes_clear(text: str) -> bool:
    return any(clear in text for clear in CLEAR)


def upload(client, text: str, django_capture_on_commit_callbacks, *, name="marcador.csv"):
    with time_machine.travel(NOW), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("compliance:import_new"),
            {"profile": "canonical", "file": SimpleUploadedFile(name, text.encode())},
        )
    assert response.status_code == 302
    return ContactImport.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1]), response


def test_it_deletes_an_accepted_web_uploads_file_and_keeps_its_hash_size_and_counts(
    world, client_for, media, django_capture_on_commit_callbacks
):
    client = client_for(world.compliance)
    imp, response = upload(client, GOOD, django_capture_on_commit_callbacks)
    assert imp.status == ContactImport.Status.LOADED and ContactAttempt.objects.count() == 1
    assert not imp.file and imp.file_deleted_at is not None
    assert imp.size == len(GOOD.encode()) and len(imp.sha256) == 64 and imp.row_count == 1
    assert imp.original_name == "marcador.csv"
    assert clear_in_media(media) == []
    assert not quotes_clear(client.get(response["Location"]).content.decode())
    events = AuditEvent.objects.filter(object_type="compliance.contactimport")
    assert events.exists() and not any(quotes_clear(f"{e.summary} {e.before} {e.after}") for e in events)


def test_it_deletes_a_rejected_web_uploads_file_and_its_error_report_quotes_no_number(
    world, client_for, media, django_capture_on_commit_callbacks
):
    client = client_for(world.compliance)
    too_long = "9" * 201
    text = BAD + f"2026-03-08T07:12:00-05:00,A0001,{too_long},{NUMBER},llamada,no_contesta,CO\n"
    imp, response = upload(client, text, django_capture_on_commit_callbacks)
    assert imp.status == ContactImport.Status.REJECTED and not ContactAttempt.objects.exists()
    assert not imp.file and imp.file_deleted_at is not None
    assert clear_in_media(media) == []
    codes = [(e["row"], e["column"], e["value"], e["code"]) for e in imp.errors]
    assert (2, "canal", "fax", "unknown_channel") in codes  # the report still names row, column and value
    assert (3, "cuenta", None, "too_long") in codes  # but never quotes an account
    assert not quotes_clear(str(imp.errors)) and too_long not in str(imp.errors)
    page = client.get(response["Location"]).content.decode()
    assert "«fax» no es un canal" in page and not quotes_clear(page)


def test_a_file_without_its_header_row_is_refused_without_quoting_its_first_row(
    world, media, django_capture_on_commit_callbacks
):
    text = f"2026-03-08T07:12:00-05:00,A0001,{ACCOUNT},{NUMBER},llamada,no_contesta,CO\n" * 2
    imp = contact_import_create(uploaded=io.BytesIO(text.encode()), filename="sin-cabecera.csv")
    with django_capture_on_commit_callbacks(execute=True):
        imp = contact_import_process(import_id=imp.pk, now=NOW)
    assert imp.status == ContactImport.Status.REJECTED
    assert [e["code"] for e in imp.errors] == ["missing_header"]
    assert not quotes_clear(str(imp.errors))
    assert clear_in_media(media) == []


def test_a_duplicate_is_still_recognised_by_its_hash_once_the_first_files_bytes_are_gone(
    world, client_for, media, django_capture_on_commit_callbacks
):
    client = client_for(world.compliance)
    first, _ = upload(client, GOOD, django_capture_on_commit_callbacks)
    assert not first.file
    again, _ = upload(client, GOOD, django_capture_on_commit_callbacks, name="otra-vez.csv")
    assert again.status == ContactImport.Status.DUPLICATE and again.duplicate_of == first
    assert again.sha256 == first.sha256 and not again.file and again.file_deleted_at is not None
    assert ContactAttempt.objects.count() == 1 and clear_in_media(media) == []


@time_machine.travel(NOW)
def test_the_command_leaves_no_clear_file_after_a_load_or_a_rejection_and_prints_no_number(
    world, media, tmp_path, django_capture_on_commit_callbacks
):
    good, bad = tmp_path / "bueno.csv", tmp_path / "malo.csv"
    good.write_text(GOOD)
    bad.write_text(BAD.replace(ACCOUNT, "9" * 201))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_contacts", str(good), stdout=out)
    assert ContactImport.objects.get(original_name="bueno.csv").status == ContactImport.Status.LOADED
    err = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError, match="rejected"):
        call_command("import_contacts", str(bad), stdout=out, stderr=err)
    assert "2\tcanal\tfax\tunknown_channel" in err.getvalue()
    assert not quotes_clear(out.getvalue() + err.getvalue()) and "9" * 201 not in err.getvalue()
    assert not ContactImport.objects.exclude(file="").exists()
    assert clear_in_media(media) == []


def test_a_log_that_fails_while_processing_is_marked_failed_its_file_deleted_and_the_log_quotes_nothing(
    world, media, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    import compliance.services as services

    def boom(*args, **kwargs):
        raise ValueError(f"cannot read {NUMBER} of {ACCOUNT}")

    monkeypatch.setattr(services, "validate_contacts", boom)
    imp = contact_import_create(uploaded=io.BytesIO(GOOD.encode()), filename="marcador.csv")
    with caplog.at_level(logging.ERROR, logger="compliance.services"), django_capture_on_commit_callbacks(execute=True):
        imp = contact_import_process(import_id=imp.pk, now=NOW)
    assert imp.status == ContactImport.Status.FAILED and imp.failure == "ValueError"
    assert not imp.file and clear_in_media(media) == []
    assert "ValueError" in caplog.text and not quotes_clear(caplog.text)


def test_the_data_migration_deletes_the_files_of_logs_already_processed(world, media):
    done = ContactImport(status=ContactImport.Status.LOADED, sha256="a" * 64, original_name="viejo.csv")
    done.file.save("viejo.csv", ContentFile(GOOD.encode()), save=False)
    done.save()
    waiting = ContactImport(status=ContactImport.Status.PENDING, sha256="b" * 64, original_name="nuevo.csv")
    waiting.file.save("nuevo.csv", ContentFile(b"fecha_hora\n"), save=False)
    waiting.save()
    migration = importlib.import_module("compliance.migrations.0004_contact_log_files_delete")

    migration.delete_files(apps, None)

    done.refresh_from_db()
    waiting.refresh_from_db()
    assert not done.file and done.file_deleted_at is not None and done.sha256 == "a" * 64
    assert waiting.file and waiting.file_deleted_at is None  # processing will delete it
    assert clear_in_media(media) == []


@pytest.mark.parametrize(
    ("text", "moment", "shown"),
    [
        ("+57 300 1234567", False, "•••"),
        ("300-123-4567", False, "•••"),
        ("A0001", False, "A0001"),
        ("2026-03-08 08:00", True, "2026-03-08 08:00"),
        ("+57 300 1234567", True, "•••"),
        ("2026-03-08T07:12:00-05:00", False, "•••T07:12:00-05:00"),  # a header cell, not a time
    ],
)
def test_it_masks_runs_of_seven_digits_and_keeps_timestamps_readable(text, moment, shown):
    assert masked(text, moment=moment) == shown


def test_a_log_never_processed_is_failed_and_its_file_deleted_after_a_day(
    world, media, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW - dt.timedelta(hours=25)):
        old = contact_import_create(uploaded=io.BytesIO(GOOD.encode()), filename="perdido.csv")
    with time_machine.travel(NOW - dt.timedelta(hours=1)):
        recent = contact_import_create(uploaded=io.BytesIO(BAD.encode()), filename="reciente.csv")

    with time_machine.travel(NOW), django_capture_on_commit_callbacks(execute=True):
        assert contact_import_stale_purge() == 1
        assert contact_import_stale_purge() == 0

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == ContactImport.Status.FAILED and not old.file and old.file_deleted_at is not None
    assert recent.status == ContactImport.Status.PENDING and recent.file  # still to be processed
    assert AuditEvent.objects.filter(action="contact_import.stale_purge").count() == 1

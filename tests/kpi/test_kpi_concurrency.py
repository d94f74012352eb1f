"""Four simultaneous uploads of one file on PostgreSQL: one "loaded", three "duplicate", facts once."""

from __future__ import annotations

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from kpi.models import FeedProfile, KpiFact, KpiImport
from kpi.services import kpi_import_create, kpi_import_process
from tests.kpi.ingest.helpers import TODAY, csv_bytes, row


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("fast_lane", [True, False])
def test_four_simultaneous_uploads_of_one_file_load_it_once(feed_world, settings, fast_lane):
    settings.KPI_FAST_LANE = fast_lane
    profile = FeedProfile.objects.get(code="canonico")
    data = csv_bytes([row(agente=a, fecha=f"2026-11-{d:02d}") for a in ("A001", "A002") for d in range(1, 21)])
    imports = [kpi_import_create(profile=profile, uploaded=ContentFile(data), filename="feed.csv") for _ in range(4)]
    barrier = threading.Barrier(4)
    errors: list[Exception] = []

    def process(pk: int) -> None:
        try:
            barrier.wait()
            kpi_import_process(import_id=pk, today=TODAY)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=process, args=(i.pk,)) for i in imports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(KpiImport.objects.values_list("status", flat=True))
    assert statuses == ["duplicate", "duplicate", "duplicate", "loaded"], [
        (i.status, i.failure) for i in KpiImport.objects.all()
    ]
    loaded = KpiImport.objects.get(status="loaded")
    assert set(KpiImport.objects.filter(status="duplicate").values_list("duplicate_of", flat=True)) == {loaded.pk}
    assert KpiFact.objects.count() == 40

"""A profile is versioned; each import records the version it read its file with (#18 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from kpi.models import FeedProfile, KpiImport
from kpi.services import kpi_import_create, kpi_import_process
from tests.kpi.ingest.helpers import HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db


def test_changing_how_a_profile_reads_files_makes_a_new_version_and_renaming_it_does_not(db):
    profile = FeedProfile.objects.create(code="crm-es", name="CRM")
    assert profile.version == 1

    profile.name = "CRM de cobranza"
    profile.save()
    profile.ignore_unknown_columns = True
    profile.save()
    profile.footer_labels = ["TOTAL"]
    profile.save()

    profile.refresh_from_db()
    assert profile.version == 3
    assert profile.to_engine().version == 3


def test_an_import_records_the_profile_version_it_used(feed_world, monkeypatch):
    monkeypatch.setattr("kpi.services.timezone.localdate", lambda: dt.date(2026, 11, 23))
    profile = FeedProfile.objects.create(code="con-extras", name="Con extras", ignore_unknown_columns=True)
    profile.blank_zero_metrics = ["incidentes_graves"]
    profile.save()
    data = csv_bytes([row(Sitio="CDMX", incidentes_graves="")], header=[*HEADER, "Sitio"])

    kpi_import = kpi_import_create(profile=profile, uploaded=ContentFile(data, name="f.csv"), filename="f.csv")
    kpi_import = kpi_import_process(import_id=kpi_import.pk)

    assert kpi_import.status == KpiImport.Status.LOADED, kpi_import.errors
    assert kpi_import.profile_version == 2

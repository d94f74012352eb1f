"""The period lock kpi asks incentives for through ``kpi.locks``: honoured, and failing closed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile

from incentives.models import PayoutRun, RunStatus
from kpi import locks
from kpi.models import FeedProfile, KpiFact, KpiImport
from kpi.services import kpi_import_create, kpi_import_process
from tests.factories import CampaignFactory, EmployeeFactory
from tests.kpi.ingest.helpers import AGENTS, CAMPAIGNS, TODAY, csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_lock_world(db):
    """The feed world without the test double for the lock: incentives' registered hook answers."""
    for code in AGENTS:
        EmployeeFactory(employee_code=code, dialer_login=f"dl-{code.lower()}")
    for code in CAMPAIGNS:
        CampaignFactory(code=code)
    return FeedProfile.objects.get(code="canonico")


def load(profile: FeedProfile, day: str) -> KpiImport:
    kpi_import = kpi_import_create(profile=profile, uploaded=ContentFile(csv_bytes([row(fecha=day)])), filename="f.csv")
    return kpi_import_process(import_id=kpi_import.pk, today=TODAY)


def test_a_feed_for_a_month_with_an_approved_bonus_run_is_refused(real_lock_world):
    PayoutRun.objects.create(period=dt.date(2026, 10, 1), status=RunStatus.APPROVED)

    refused = load(real_lock_world, "2026-10-15")
    loaded = load(real_lock_world, "2026-11-02")

    assert refused.status == KpiImport.Status.REJECTED
    assert [e["code"] for e in refused.errors] == ["locked_period"]
    assert loaded.status == KpiImport.Status.LOADED
    assert list(KpiFact.objects.values_list("day", flat=True)) == [dt.date(2026, 11, 2)]


def test_a_draft_run_does_not_lock_its_month(real_lock_world):
    PayoutRun.objects.create(period=dt.date(2026, 10, 1), status=RunStatus.DRAFT)

    assert load(real_lock_world, "2026-10-15").status == KpiImport.Status.LOADED


def test_without_a_registered_lock_the_load_fails_and_stores_nothing(real_lock_world, monkeypatch):
    monkeypatch.setattr(locks, "_lock", None)

    with pytest.raises(ImproperlyConfigured):
        locks.period_lock()
    kpi_import = load(real_lock_world, "2026-11-02")

    assert kpi_import.status == KpiImport.Status.FAILED
    assert "ImproperlyConfigured" in kpi_import.failure
    assert KpiFact.objects.count() == 0


def test_a_broken_lock_hook_stops_the_load_instead_of_opening_the_period(real_lock_world, monkeypatch):
    def broken(day):
        raise RuntimeError("lock unavailable")

    monkeypatch.setattr(locks, "_lock", locks.PeriodLock(is_locked=broken, snapshot=lambda: broken))

    kpi_import = load(real_lock_world, "2026-11-02")

    assert kpi_import.status == KpiImport.Status.FAILED
    assert "lock unavailable" in kpi_import.failure
    assert KpiFact.objects.count() == 0

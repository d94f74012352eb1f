"""Fixtures for the KPI app: the feed world of the engine tests, in the database."""

from __future__ import annotations

import pytest

from tests.factories import CampaignFactory, EmployeeFactory
from tests.kpi.ingest.helpers import AGENTS, CAMPAIGNS, locked_before_october


@pytest.fixture
def feed_world(db, monkeypatch):
    """Employees and campaigns named as in ``ingest.helpers``; days before October locked."""
    employees = {code: EmployeeFactory(employee_code=code, dialer_login=f"dl-{code.lower()}") for code in AGENTS}
    campaigns = {code: CampaignFactory(code=code) for code in CAMPAIGNS}
    monkeypatch.setattr("kpi.services.locked_day_predicate", lambda: locked_before_october)
    monkeypatch.setattr("kpi.services.locked_day_snapshot", lambda: locked_before_october)
    return {"employees": employees, "campaigns": campaigns}


@pytest.fixture
def canonical_profile(db):
    from kpi.models import FeedProfile

    return FeedProfile.objects.get(code="canonico")

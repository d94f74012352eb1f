"""Bonus runs for payroll through the API: totals per currency as decimal strings, payouts and lines
only after the final approval, the payroll file."""

from __future__ import annotations

import pytest

from core.models import AuditEvent
from incentives.services import (
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_submit,
)
from tests.apitools import bearer
from tests.incentives.factories import PERIOD

pytestmark = pytest.mark.django_db
READ = "incentives:read"


@pytest.fixture
def run(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    return run


def close(w, run):
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    payout_run_approve_final(run=run, actor=w.hr)
    return payout_run_lock(run=run, actor=w.hr)


def test_runs_list_with_totals_per_currency_as_decimal_strings(run, bonus_world, client):
    body = client.get(f"/api/v1/payout-runs?period={PERIOD:%Y-%m}", **bearer(bonus_world.hr, READ)).json()

    assert body["total"] == 1
    item = body["items"][0]
    assert (item["id"], item["status"], item["final_approval"]) == (run.pk, "submitted", False)
    assert item["totals"] == {"MXN": "1140.00"} and item["payout_count"] == 4  # three agents and the supervisor


def test_a_manager_reads_their_teams_totals_only(run, bonus_world, client):
    item = client.get(f"/api/v1/payout-runs/{run.pk}", **bearer(bonus_world.manager, READ)).json()

    assert item["totals"] == {"MXN": "760.00"} and item["payout_count"] == 3  # team A: two agents, its supervisor


def test_payouts_are_refused_with_409_before_the_final_approval(run, bonus_world, client):
    response = client.get(f"/api/v1/payout-runs/{run.pk}/payouts", **bearer(bonus_world.hr, READ))

    assert response.status_code == 409
    assert response.json()["type"] == "/api/v1/problems/conflict"


def test_payouts_and_lines_after_the_final_approval(run, bonus_world, client):
    close(bonus_world, run)

    body = client.get(f"/api/v1/payout-runs/{run.pk}/payouts", **bearer(bonus_world.hr, READ)).json()

    assert [p["employee"] for p in body["items"]] == ["A0001", "A0002", "A0003", "S0001"]
    first = body["items"][0]
    assert first["total"] == "380.00" and first["currency"] == "MXN"
    assert sum(float(line["amount"]) for line in first["lines"]) == 380.0


def test_a_run_of_other_teams_is_404(bonus_world, client):
    response = client.get("/api/v1/payout-runs/999999", **bearer(bonus_world.hr, READ))

    assert response.status_code == 404


def test_payroll_exports_the_locked_runs_file_and_audits_it(run, bonus_world, client):
    close(bonus_world, run)
    headers = bearer(bonus_world.hr, "incentives:write")

    response = client.post(
        f"/api/v1/payout-runs/{run.pk}/payroll-exports", {"format": "csv"}, content_type="application/json", **headers
    )

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"A0001" in response.content
    assert AuditEvent.objects.filter(action="payroll.export").exists()
    files = client.get(f"/api/v1/payout-runs/{run.pk}/payroll-exports", **headers).json()
    assert [f["format"] for f in files] == ["csv"]


def test_payroll_of_a_run_not_yet_locked_is_a_409(run, bonus_world, client):
    response = client.post(
        f"/api/v1/payout-runs/{run.pk}/payroll-exports",
        {"format": "csv"},
        content_type="application/json",
        **bearer(bonus_world.hr, "incentives:write"),
    )

    assert response.status_code == 409 and response.json()["errors"][0]["code"] == "not_exportable"


def test_a_bad_period_is_a_422_naming_it(bonus_world, client):
    response = client.get("/api/v1/payout-runs?period=2026-13", **bearer(bonus_world.hr, READ))

    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "period"

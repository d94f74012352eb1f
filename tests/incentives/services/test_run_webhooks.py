"""A bonus run publishes payout_run.approved at its final approval and payout_run.exported when a
payroll file is written, in that order (subject: the run); earlier steps publish nothing."""

import pytest

from incentives.exports import payroll_export
from incentives.services import (
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_submit,
)
from tests.incentives.factories import PERIOD
from tests.receiver import published, subscribe

pytestmark = pytest.mark.django_db


def test_final_approval_then_export_publish_in_order(bonus_world):
    w = bonus_world
    subscribe("payout_run.approved", "payout_run.exported")
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    run = payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    assert published() == []
    run = payout_run_approve_final(run=run, actor=w.hr)
    run = payout_run_lock(run=run, actor=w.hr)
    payroll_export(actor=w.hr, run=run)
    approved, exported = published()
    assert (approved["type"], exported["type"]) == ("payout_run.approved", "payout_run.exported")
    assert approved["subject"] == exported["subject"] == f"payout_run:{run.pk}"
    assert approved["data"]["period"] == PERIOD.isoformat() and approved["data"]["totals"] == run.totals
    assert exported["data"]["status"] == "exported"

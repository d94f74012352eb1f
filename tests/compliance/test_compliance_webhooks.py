"""A scan publishes compliance.breach for each new enforced breach (never the debtor's account), and a
dial suspension publishes clearance.changed; running the scan again publishes nothing new."""

import datetime as dt
import io
import json

import pytest
import time_machine

from compliance.services import compliance_scan, contact_import_create, contact_import_process
from tests.compliance.test_licence_to_dial import ten_calls_in_seven_days
from tests.receiver import published, subscribe

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC))
def test_breaches_and_the_suspension_they_cause_are_published_once(world, django_capture_on_commit_callbacks):
    subscribe("compliance.breach", "clearance.changed")
    imp = contact_import_create(uploaded=io.BytesIO(ten_calls_in_seven_days("A0001").encode()), filename="l.csv")
    contact_import_process(import_id=imp.pk)
    compliance_scan(period=dt.date(2026, 3, 1), remedial=False)
    breaches, clearance = published("compliance.breach"), published("clearance.changed")
    assert breaches and {b["data"]["employee_code"] for b in breaches} == {"A0001"}
    assert "5551234" not in json.dumps(breaches) and "US-1" not in json.dumps(breaches)
    [change] = clearance
    assert change["data"] == {
        "employee_code": "A0001",
        "suspended": True,
        "change": "start",
        "suspension": change["data"]["suspension"],
    }
    compliance_scan(period=dt.date(2026, 3, 1), remedial=False)
    assert len(published()) == len(breaches) + 1

"""An HR system keeps the organisation in sync: bulk upserts, all or nothing, row-named errors,
Idempotency-Key, audited; campaign assignments pass through the licence-to-dial check."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from core.models import AuditEvent, CampaignAssignment, Employee, IdempotencyKey, Leave, Team, TeamMembership
from core.org_sync import MAX_ROWS
from tests.apitools import bearer

pytestmark = pytest.mark.django_db


def post(client, headers, path, rows, **extra):
    return client.post(
        f"/api/v1/org/{path}", json.dumps({"rows": rows}), content_type="application/json", **headers, **extra
    )


@pytest.fixture
def hr(world):
    return bearer(world.hr, "org:write")


def employee(code="E0100", **fields):
    return {"employee_code": code, "first_name": "Ana", "last_name": "Ruiz", "hire_date": "2026-01-05", **fields}


def test_employees_are_created_then_updated_then_left_alone(world, client, hr):
    site = world.team_a.site.code
    first = post(client, hr, "employees", [employee(site=site, dialer_login="ana.r"), employee("E0101")])
    assert first.status_code == 200, first.json()
    assert first.json() == {"created": 2, "updated": 0, "unchanged": 0, "warnings": []}

    changed = post(client, hr, "employees", [employee(site=site, dialer_login="ana.r", termination_date="2026-06-30")])
    again = post(client, hr, "employees", [employee(site=site, dialer_login="ana.r", termination_date="2026-06-30")])

    assert changed.json()["updated"] == 1 and again.json()["unchanged"] == 1
    ana = Employee.objects.get(employee_code="E0100")
    assert (ana.termination_date, ana.dialer_login, ana.site.code) == (dt.date(2026, 6, 30), "ana.r", site)
    assert AuditEvent.objects.filter(action="org.employees_upsert").count() == 2  # the unchanged batch wrote nothing


def test_a_batch_with_any_bad_row_stores_nothing_and_names_each_row_and_field(world, client, hr):
    response = post(
        client,
        hr,
        "employees",
        [
            employee("E0200"),
            employee("E0201", site="nowhere"),
            employee("E0202", termination_date="2025-01-01"),
            employee("E0200"),
        ],
    )

    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "/api/v1/problems/rejected"
    assert [(e["row"], e["field"], e["code"]) for e in body["errors"]] == [
        (1, "site", "unknown"),
        (2, "termination_date", "end_before_start"),
        (3, "employee_code", "duplicate_row"),
    ]
    assert not Employee.objects.filter(employee_code__startswith="E02").exists()


def test_a_malformed_row_is_named_by_row_and_field(world, client, hr):
    response = post(client, hr, "employees", [employee(), employee("E0301", hire_date="05/01/2026", email="x")])

    assert response.status_code == 422
    assert {(e["row"], e["field"]) for e in response.json()["errors"]} == {
        (1, "rows[1].hire_date"),
        (1, "rows[1].email"),
    }


def test_at_most_ten_thousand_rows(world, client, hr):
    response = post(client, hr, "teams", [{"code": f"t{i}", "name": "x", "site": "s"} for i in range(MAX_ROWS + 1)])

    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "rows"


def test_teams_and_dated_memberships(world, client, hr):
    site = world.team_a.site.code
    assert post(client, hr, "teams", [{"code": "equipo-c", "name": "Equipo C", "site": site}]).json()["created"] == 1
    rows = [
        {"employee": "A0001", "team": world.team_a.code, "start": "2024-01-15", "end": "2026-02-28"},
        {"employee": "A0001", "team": "equipo-c", "start": "2026-03-01"},
    ]

    response = post(client, hr, "team-memberships", rows)

    assert response.json() == {"created": 1, "updated": 1, "unchanged": 0, "warnings": []}
    assert TeamMembership.objects.get(employee=world.agent_employee, team__code="equipo-c").end is None
    assert Team.objects.get(code="equipo-c").name == "Equipo C"


def test_overlapping_memberships_are_refused(world, client, hr):
    post(client, hr, "teams", [{"code": "equipo-c", "name": "Equipo C", "site": world.team_a.site.code}])

    response = post(client, hr, "team-memberships", [{"employee": "A0001", "team": "equipo-c", "start": "2026-03-01"}])

    assert response.status_code == 422
    assert [(e["row"], e["code"]) for e in response.json()["errors"]] == [(0, "overlap")]
    assert not TeamMembership.objects.filter(team__code="equipo-c").exists()


def test_campaign_assignments_run_the_licence_check(world, client, hr, settings):
    settings.COMPLIANCE_REFUSE_UNCLEARED_ASSIGNMENT = True
    other = type(world.campaign).objects.create(
        company=world.campaign.company,
        code="otra",
        name="Otra",
        client="C",
        bucket="1-30",
        country="MX",
        required_specialisation=world.specialisation,
    )

    response = post(
        client, hr, "campaign-assignments", [{"employee": "A0002", "campaign": other.code, "start": "2026-03-01"}]
    )

    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "refused"
    assert not CampaignAssignment.objects.filter(campaign=other).exists()


def test_leave_and_an_unknown_employee(world, client, hr):
    ok = post(client, hr, "leave", [{"employee": "A0001", "kind": "sick", "start": "2026-03-02", "end": "2026-03-04"}])
    bad = post(client, hr, "leave", [{"employee": "ZZZ", "start": "2026-03-02", "end": "2026-03-04"}])

    assert ok.json()["created"] == 1 and Leave.objects.get().kind == "sick"
    assert [(e["row"], e["field"], e["code"]) for e in bad.json()["errors"]] == [(0, "employee", "unknown")]


def test_the_same_idempotency_key_replays_and_another_body_conflicts(world, client, hr):
    key = {"HTTP_IDEMPOTENCY_KEY": "sync-2026-03-01"}
    first = post(client, hr, "employees", [employee("E0400")], **key)
    replay = post(client, hr, "employees", [employee("E0400")], **key)
    other = post(client, hr, "employees", [employee("E0401")], **key)

    assert first.json()["created"] == 1
    assert replay.status_code == 200 and replay.json() == first.json()  # not "unchanged": the first answer
    assert replay["Idempotent-Replayed"] == "true"
    assert other.status_code == 409 and other.json()["type"] == "/api/v1/problems/idempotency_conflict"
    assert not Employee.objects.filter(employee_code="E0401").exists()
    assert IdempotencyKey.objects.count() == 1


def test_an_analyst_may_not_change_the_organisation(world, client):
    response = post(client, bearer(world.analyst, "org:write"), "employees", [employee()])

    assert response.status_code == 403 and not Employee.objects.filter(employee_code="E0100").exists()

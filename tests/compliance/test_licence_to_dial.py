"""The licence to dial: a certificate in the campaign's specialisation and no suspension (K severe
breaches in the window) clear an agent for a campaign on a day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from compliance.selectors import dial_clearance
from compliance.services import compliance_scan, contact_import_create, contact_import_process
from core.services import api_token_create
from tests.factories import CampaignAssignmentFactory, CampaignFactory

pytestmark = pytest.mark.django_db
HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais,estado\n"


@pytest.fixture
def open_campaign(world):
    campaign = CampaignFactory(required_specialisation=None)
    for employee in (world.agent_employee, world.teammate_employee):
        CampaignAssignmentFactory(employee=employee, campaign=campaign, start=dt.date(2026, 1, 1))
    return campaign


def ten_calls_in_seven_days(agent: str) -> str:
    days = (2, 3, 3, 4, 5, 5, 6, 7, 7, 8)
    return HEADER + "".join(
        f"2026-03-{d:02d}T{15 + i % 2}:00:00+00:00,{agent},US-1,5551234,llamada,no_contesta,US,TX\n"
        for i, d in enumerate(days)
    )


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC))
def test_three_severe_breaches_in_the_window_suspend_the_licence_and_it_returns_after_the_window(world, open_campaign):
    imp = contact_import_create(uploaded=io.BytesIO(ten_calls_in_seven_days("A0001").encode()), filename="l.csv")
    contact_import_process(import_id=imp.pk)
    compliance_scan(period=dt.date(2026, 3, 1), remedial=False)
    rows = {
        r.employee.pk: r
        for r in dial_clearance(user=world.compliance, campaign=open_campaign, day=dt.date(2026, 3, 10))
    }
    agent, teammate = rows[world.agent_employee.pk], rows[world.teammate_employee.pk]
    assert (agent.severe_breaches, agent.suspended, agent.cleared) == (3, True, False)
    assert teammate.cleared
    # 30 days after the last breach (8 March) it has left the window
    later = dial_clearance(user=world.compliance, campaign=open_campaign, day=dt.date(2026, 4, 7))
    assert all(r.cleared for r in later)


def test_without_a_certificate_in_the_campaigns_specialisation_nobody_is_cleared(world):
    rows = dial_clearance(user=world.compliance, campaign=world.campaign, day=dt.date(2026, 3, 10))
    assert rows and not any(r.cleared for r in rows) and not any(r.suspended for r in rows)


def test_the_dialer_list_is_a_csv_and_the_page_says_why(world, open_campaign, client_for):
    client = client_for(world.compliance)
    page = client.get(reverse("compliance:clearance"), {"campaign": world.campaign.pk, "day": "2026-03-10"})
    assert "Sin certificado vigente en la especialidad de la campaña." in page.content.decode()
    csv = client.get(
        reverse("compliance:clearance"), {"campaign": open_campaign.pk, "day": "2026-03-10", "format": "csv"}
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "agente,nombre,habilitado,certificado,incumplimientos_graves,suspendido"
    assert any(line.startswith("A0001,") and ",si," in line for line in lines)


def test_the_dialer_reads_the_clearance_list_through_the_api_with_a_scoped_token(world, open_campaign, client):
    _token, plaintext = api_token_create(
        actor=world.compliance,
        name="marcador",
        scopes=["compliance:read"],
        expires_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        mfa_satisfied=True,
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    url = "/api/v1/clearance"
    response = client.get(url, {"campaign": open_campaign.pk, "day": "2026-03-10"}, **headers)
    assert response.status_code == 200
    body = response.json()
    assert body["dia"] == "2026-03-10" and {a["agente"] for a in body["agentes"]} == {"A0001", "A0002"}
    assert all(a["habilitado"] for a in body["agentes"])
    assert client.get(url, {"campaign": 999999, "day": "2026-03-10"}, **headers).status_code == 404
    assert client.get(url, {"campaign": open_campaign.pk}).status_code == 401
    _t, kpi_only = api_token_create(
        actor=world.compliance,
        name="kpi",
        scopes=["kpi:read"],
        expires_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        mfa_satisfied=True,
    )
    assert client.get(url, {"campaign": open_campaign.pk}, HTTP_AUTHORIZATION=f"Bearer {kpi_only}").status_code == 403


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC))
def test_a_suspension_is_a_stored_audited_state_mailed_to_the_agent_and_supervisor_once(
    world, open_campaign, django_capture_on_commit_callbacks, mailoutbox
):
    from compliance.models import DialSuspension
    from core.models import AuditEvent

    imp = contact_import_create(uploaded=io.BytesIO(ten_calls_in_seven_days("A0001").encode()), filename="l.csv")
    with django_capture_on_commit_callbacks(execute=True):
        contact_import_process(import_id=imp.pk)  # its scan runs after commit
    suspension = DialSuspension.objects.get()
    assert (suspension.employee, suspension.start) == (
        world.agent_employee,
        dt.date(2026, 3, 8),
    )  # the third severe breach
    assert AuditEvent.objects.filter(action="dial_suspension.start").count() == 1
    to = sorted(address for m in mailoutbox for address in m.to)
    assert to == sorted([world.agent.email, world.supervisor.email])
    assert mailoutbox[0].subject.startswith("Habilitación para marcar suspendida")  # Spanish by default
    assert "no puede marcar del" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        compliance_scan(period=dt.date(2026, 3, 1), remedial=False)  # again: nothing changes
    assert DialSuspension.objects.count() == 1 and len(mailoutbox) == 2
    assert AuditEvent.objects.filter(action__startswith="dial_suspension.").count() == 1


def test_suspension_spans_start_on_the_kth_breach_and_end_when_the_first_leaves_the_window():
    from compliance.services import suspension_spans

    d = dt.date
    days = [d(2026, 3, 1), d(2026, 3, 2), d(2026, 3, 10)]
    assert suspension_spans(days, limit=3, window=30) == [(d(2026, 3, 10), d(2026, 3, 30), 3)]
    assert suspension_spans(days, limit=3, window=9) == []  # 1 March left the window on 10 March
    assert suspension_spans(days[:2], limit=3, window=30) == []

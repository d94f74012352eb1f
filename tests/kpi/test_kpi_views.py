"""Upload pages (analyst, HR), the KPI pages and their scope."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpi.models import FeedProfile, KpiFact, KpiImport, MeasuredIncidentDay
from tests.kpi.factories import KpiFactFactory
from tests.kpi.ingest.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


def upload(client, data: bytes, *, name="feed.csv", dry_run=False, capture=None):
    profile = FeedProfile.objects.get(code="canonico")
    payload = {"profile": profile.pk, "file": SimpleUploadedFile(name, data, content_type="text/csv")}
    if dry_run:
        payload["dry_run"] = "on"
    with capture(execute=True):
        return client.post(reverse("kpi:import_new"), payload)


def test_an_analyst_uploads_a_feed_and_sees_it_loaded(
    feed_world, world, client_for, clock, django_capture_on_commit_callbacks
):
    client = client_for(world.analyst)

    response = upload(
        client, csv_bytes([row(agente="A001"), row(agente="A002")]), capture=django_capture_on_commit_callbacks
    )

    kpi_import = KpiImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("kpi:import_detail", args=[kpi_import.pk])
    assert kpi_import.status == KpiImport.Status.LOADED and kpi_import.created_by == world.analyst
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "kpi:import_status" not in page.content.decode()
    assert KpiFact.objects.count() == 2


def test_a_rejected_upload_shows_each_error_and_offers_the_csv(
    feed_world, world, client_for, clock, django_capture_on_commit_callbacks
):
    client = client_for(world.hr)
    client.cookies["django_language"] = "en"

    upload(
        client,
        csv_bytes([row(agente="Z9"), row(agente="A002", fecha="2026-02-31")]),
        capture=django_capture_on_commit_callbacks,
    )

    kpi_import = KpiImport.objects.get()
    page = client.get(reverse("kpi:import_detail", args=[kpi_import.pk]), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert kpi_import.status == KpiImport.Status.REJECTED
    assert "Unknown agent &#x27;Z9&#x27; (employee_code)." in body
    report = client.get(reverse("kpi:import_errors_csv", args=[kpi_import.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert report["Content-Type"].startswith("text/csv")
    text = report.content.decode()
    assert "2,agente,Z9,unknown_agent,Unknown agent 'Z9' (employee_code)." in text
    assert "3,fecha,2026-02-31,impossible_date,'2026-02-31' is not a real calendar day." in text
    assert KpiFact.objects.count() == 0


def test_the_error_report_is_translated_to_spanish(
    feed_world, world, client_for, clock, django_capture_on_commit_callbacks
):
    client = client_for(world.analyst)
    upload(client, csv_bytes([row(agente="Z9")]), capture=django_capture_on_commit_callbacks)

    report = client.get(reverse("kpi:import_errors_csv", args=[KpiImport.objects.get().pk]), HTTP_ACCEPT_LANGUAGE="es")

    assert "Agente desconocido 'Z9'" in report.content.decode()


def test_the_status_partial_polls_until_final_then_refreshes(feed_world, world, client_for):
    kpi_import = KpiImport.objects.create(
        profile=FeedProfile.objects.get(code="canonico"),
        sha256="x" * 64,
        status=KpiImport.Status.VALIDATING,
        progress=40,
    )
    client = client_for(world.analyst)
    url = reverse("kpi:import_status", args=[kpi_import.pk])

    running = client.get(url, HTTP_HX_REQUEST="true")
    KpiImport.objects.filter(pk=kpi_import.pk).update(status=KpiImport.Status.LOADED, progress=100)
    done = client.get(url, HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 1s"' in running.content.decode() and 'aria-valuenow="40"' in running.content.decode()
    assert "HX-Refresh" not in running
    assert done["HX-Refresh"] == "true"


@pytest.mark.parametrize("role", ["agent", "supervisor", "manager", "editor", "compliance"])
def test_only_analysts_hr_and_admins_upload(world, client_for, role):
    client = client_for(getattr(world, role))

    assert client.get(reverse("kpi:import_new")).status_code == 403
    assert client.get(reverse("kpi:import_list")).status_code == 403


def test_an_agent_sees_their_own_kpis_and_daily_facts(world, client_for, clock):
    KpiFactFactory(employee=world.agent_employee, day=dt.date(2026, 11, 2), monto_recuperado="1234.50")
    KpiFactFactory(employee=world.teammate_employee, day=dt.date(2026, 11, 2), monto_recuperado="999.99")
    client = client_for(world.agent)

    response = client.get(reverse("kpi:my_kpis"), follow=True)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="dia-2026-11-02"' in body and "234,50" in body and "999,99" not in body


def test_an_agent_cannot_open_a_teammates_kpis(world, client_for):
    client = client_for(world.agent)

    url = reverse("kpi:employee_kpis", args=[world.teammate_employee.employee_code])
    assert client.get(url).status_code == 404


def test_a_supervisor_sees_their_team_but_not_another(world, client_for, clock):
    KpiFactFactory(employee=world.teammate_employee, day=dt.date(2026, 11, 2))
    client = client_for(world.supervisor)

    own_team = client.get(reverse("kpi:employee_kpis", args=[world.teammate_employee.employee_code]))
    other_team = client.get(reverse("kpi:employee_kpis", args=[world.outsider_employee.employee_code]))
    team_page = client.get(reverse("kpi:team_kpis"))

    assert own_team.status_code == 200
    assert other_team.status_code == 404
    body = team_page.content.decode()
    assert world.teammate_employee.employee_code in body and world.outsider_employee.employee_code not in body


def test_the_daily_facts_page_takes_a_date_range_and_highlights_a_day(world, client_for, clock):
    for day in (1, 2, 3):
        KpiFactFactory(employee=world.agent_employee, day=dt.date(2026, 10, day))
    client = client_for(world.hr)

    response = client.get(
        reverse("kpi:employee_kpis", args=[world.agent_employee.employee_code]),
        {"desde": "2026-10-02", "hasta": "2026-10-03", "dia": "2026-10-03"},
    )

    body = response.content.decode()
    assert 'id="dia-2026-10-01"' not in body and 'id="dia-2026-10-02"' in body
    assert 'aria-current="true"' in body


def test_a_feed_header_cannot_become_a_formula_in_the_error_report(
    feed_world, world, client_for, clock, django_capture_on_commit_callbacks
):
    from tests.core.test_exports import assert_csv_is_inert, csv_cells
    from tests.kpi.ingest.helpers import HEADER

    client = client_for(world.analyst)
    evil = "=cmd|' /C calc'!A0"
    upload(
        client,
        csv_bytes([{**row(agente="Z9"), evil: "@x"}], header=[*HEADER, evil]),
        capture=django_capture_on_commit_callbacks,
    )

    kpi_import = KpiImport.objects.get()
    report = client.get(reverse("kpi:import_errors_csv", args=[kpi_import.pk]))
    text = report.content.decode()
    assert kpi_import.status == KpiImport.Status.REJECTED
    assert_csv_is_inert(text)
    assert "'" + evil in [cell for r in csv_cells(text) for cell in r]


def test_an_agents_kpis_show_the_measured_incidents_beside_the_feeds_own(world, client_for, clock):
    KpiFactFactory(employee=world.agent_employee, day=dt.date(2026, 11, 2), incidentes_cumplimiento=4)
    MeasuredIncidentDay.objects.create(
        employee=world.agent_employee, day=dt.date(2026, 11, 2), incidentes_medidos=7, incidentes_medidos_graves=5
    )
    client = client_for(world.agent)

    body = client.get(reverse("kpi:employee_kpis", args=[world.agent_employee.employee_code]), {"mes": "2026-11"})

    text = body.content.decode()
    feed = text.index("<dt>Incidentes de cumplimiento</dt><dd>4</dd>")
    measured = text.index("<dt>Incidentes de cumplimiento medidos</dt><dd>7</dd>")
    assert feed < measured  # the customer's count first, the measured one after it
    assert "<dt>Incidentes graves medidos</dt><dd>5</dd>" in text

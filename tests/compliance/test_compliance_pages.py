"""The compliance pages: breaches in the reader's scope (404 outside it), the evidence, the agent's
own breaches with the course that teaches the rule, the contact-log upload."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from compliance.models import Breach, ContactImport
from compliance.services import contact_import_create, contact_import_process
from tests.learning.factories import course

HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais\n"
pytestmark = pytest.mark.django_db


@pytest.fixture
def breaches(world, django_capture_on_commit_callbacks):
    """A Sunday call in Bogotá by the agent (team A), an early call in Mexico by the outsider (team B)."""
    course("regulacion-colombia")
    text = HEADER + (
        "2026-03-08T07:12:00-05:00,A0001,CTA-1,3001234567,llamada,no_contesta,CO\n"
        "2026-03-04T06:40:00-06:00,A0003,MX-1,5512345678,llamada,buzon,MX\n"
    )
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)):
        imp = contact_import_create(uploaded=io.BytesIO(text.encode()), filename="log.csv")
        with django_capture_on_commit_callbacks(execute=True):
            contact_import_process(import_id=imp.pk)
    return {b.employee_id: b for b in Breach.objects.filter(advisory=False)}


def test_the_compliance_officer_sees_every_breach_in_spanish_words(world, breaches, client_for):
    page = client_for(world.compliance).get(reverse("compliance:breach_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Llamada a las 07:12 del domingo 8 de marzo de 2026 a una cuenta de Colombia" in text
    assert "una cuenta de México" in text
    assert ">dia_no_habil<" not in text and "Día no hábil o festivo" in text  # words, not codes


def test_a_supervisor_sees_only_their_team_and_gets_404_for_another_teams_breach(world, breaches, client_for):
    client = client_for(world.supervisor)
    text = client.get(reverse("compliance:breach_list")).content.decode()
    assert "una cuenta de Colombia" in text and "una cuenta de México" not in text
    other = breaches[world.outsider_employee.pk]
    assert client.get(reverse("compliance:breach_detail", args=[other.pk])).status_code == 404


def test_the_breach_page_shows_the_evidence_attempt_rule_version_and_source(world, breaches, client_for):
    breach = breaches[world.agent_employee.pk]
    text = client_for(world.compliance).get(reverse("compliance:breach_detail", args=[breach.pk])).content.decode()
    assert "Ley 2300 de 2023, art. 3" in text
    assert "versión 1" in text and "America/Bogota" in text and "El intento que incumple" in text
    assert "8 Mar 2026 07:12" in text  # the debtor's wall clock, not the server's zone
    assert "3001234567" not in text and "CTA-1" not in text


def test_the_agent_sees_own_breach_and_the_assigned_course_and_nobody_elses(world, breaches, client_for):
    client = client_for(world.agent)
    text = client.get(reverse("compliance:my_breaches")).content.decode()
    assert "domingo 8 de marzo" in text and "Curso regulacion-colombia" in text
    assert client.get(reverse("compliance:breach_list")).status_code == 403
    other = breaches[world.outsider_employee.pk]
    assert client.get(reverse("compliance:breach_detail", args=[other.pk])).status_code == 404
    own = breaches[world.agent_employee.pk]
    assert client.get(reverse("compliance:breach_detail", args=[own.pk])).status_code == 200


def test_the_csv_export_has_the_issues_columns(world, breaches, client_for):
    response = client_for(world.compliance).get(reverse("compliance:breach_list_csv"))
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("regla,pais,agente,cuenta_hash,fecha_hora_local")
    assert any(line.startswith("dia_no_habil,CO,A0001,") and "2026-03-08T07:12-05:00" in line for line in lines)


def test_a_rejected_upload_names_the_row_in_spanish_and_stores_nothing(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.compliance)
    upload = SimpleUploadedFile(
        "log.csv", (HEADER + "2026-03-08T07:12:00-05:00,A0001,C,1,fax,no_contesta,CO\n").encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("compliance:import_new"), {"profile": "canonical", "file": upload})
    assert response.status_code == 302
    imp = ContactImport.objects.get()
    assert imp.status == ContactImport.Status.REJECTED
    text = client.get(response["Location"]).content.decode()
    assert "«fax» no es un canal" in text and "no se guardó nada" in text


@override_settings(UPLOAD_MAX_BYTES=100)
def test_an_upload_over_the_portal_limit_is_refused_with_413(world, client_for):
    upload = SimpleUploadedFile("log.csv", (HEADER * 10).encode())
    response = client_for(world.compliance).post(
        reverse("compliance:import_new"), {"profile": "canonical", "file": upload}
    )
    assert response.status_code == 413 and not ContactImport.objects.exists()


def test_an_agent_cannot_upload_contact_logs(world, client_for):
    assert client_for(world.agent).get(reverse("compliance:import_new")).status_code == 403

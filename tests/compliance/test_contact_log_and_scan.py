"""Contact logs in (all or nothing, row-named errors, duplicates), the scan (breaches once, with
evidence), and the remedial course a breach assigns."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine

from compliance.models import Breach, ContactAttempt, ContactImport, RuleSetVersion
from compliance.pseudonym import account_hash
from compliance.services import compliance_scan, contact_import_create, contact_import_process
from core.models import AuditEvent
from learning.models import Assignment
from tests.learning.factories import course

HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais,zona_horaria,estado,campana\n"
pytestmark = pytest.mark.django_db


@pytest.fixture
def load(django_capture_on_commit_callbacks):
    """Upload and process a log; the scan it enqueues after commit runs too (Celery is eager here)."""

    def run(text: str, *, name="contactos.csv", user=None, dry_run=False) -> ContactImport:
        imp = contact_import_create(uploaded=io.BytesIO(text.encode()), filename=name, user=user, dry_run=dry_run)
        with django_capture_on_commit_callbacks(execute=True):
            return contact_import_process(import_id=imp.pk, now=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))

    return run


def test_every_country_has_its_fact_sheet_rule_set_after_migrate():
    assert sorted(RuleSetVersion.objects.values_list("country", flat=True)) == ["CL", "CO", "MX", "PE", "US"]


def test_a_file_with_one_bad_row_stores_nothing_and_names_row_column_and_value(world, load):
    text = HEADER + (
        "2026-03-08T07:12:00-05:00,A0001,CTA-1,+57 300 1234567,llamada,no_contesta,CO,,,\n"
        "2026-03-08T08:00:00-05:00,A0001,CTA-1,+57 300 1234567,fax,no_contesta,CO,,,\n"
        "2026-03-08 08:00,ZZZ,CTA-1,+57 300 1234567,llamada,no_contesta,CO,,,\n"
        "2026-03-08T08:00:00-05:00,A0001,CTA-1,+1 555,llamada,no_contesta,US,,XX,\n"
    )
    imp = load(text, user=world.compliance)
    assert imp.status == ContactImport.Status.REJECTED
    assert ContactAttempt.objects.count() == 0
    found = [(e["row"], e["column"], e["value"], e["code"]) for e in imp.errors]
    assert (3, "canal", "fax", "unknown_channel") in found
    assert (4, "agente", "ZZZ", "unknown_agent") in found
    assert (4, "fecha_hora", "2026-03-08 08:00", "timestamp_without_offset") in found
    assert (5, "estado", "XX", "unknown_state") in found


def test_a_loaded_log_keeps_no_account_or_number_in_clear_and_the_same_file_is_recognised(world, load):
    text = HEADER + "2026-03-08T07:12:00-05:00,A0001,CTA-1,+57 300 1234567,llamada,no_contesta,CO,,,\n"
    first = load(text, user=world.compliance)
    assert first.status == ContactImport.Status.LOADED and first.inserted_count == 1
    attempt = ContactAttempt.objects.get()
    assert attempt.account_hash == account_hash("cta-1") and "CTA" not in attempt.account_hash
    assert "3001234567" not in attempt.destination_hash
    again = load(text, name="otra-vez.csv", user=world.compliance)
    assert again.status == ContactImport.Status.DUPLICATE and again.duplicate_of == first
    assert ContactAttempt.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC))
def test_a_sunday_call_in_bogota_is_one_breach_with_evidence_and_assigns_the_colombian_course(world, load):
    colombia = course("regulacion-colombia")
    load(HEADER + "2026-03-08T07:12:00-05:00,A0001,CTA-1,3001234567,llamada,no_contesta,CO,,,\n")  # the upload scans
    breach = Breach.objects.get()
    assert (breach.code, breach.country, breach.employee, breach.ruleset.version) == (
        "dia_no_habil",
        "CO",
        world.agent_employee,
        1,
    )
    assert list(breach.evidence.all()) == [breach.attempt]
    assignment = Assignment.objects.get(employee=world.agent_employee)
    assert assignment.course_id == colombia.pk and assignment.due_date == dt.date(2026, 4, 15)
    assert "07:12" in assignment.reason and "domingo" in assignment.reason
    # re-running changes nothing: no new breach, no new assignment
    scan = compliance_scan(period=dt.date(2026, 3, 1))
    assert (scan.breaches_found, scan.breaches_new) == (1, 0)
    assert Breach.objects.count() == 1 and Assignment.objects.count() == 1
    assert AuditEvent.objects.filter(action="compliance_scan.run").count() == 2


@time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC))
def test_a_us_account_called_eight_times_in_seven_days_across_the_month_boundary(world, load):
    rows = [f"2026-02-{d}T15:00:00+00:00,A0002,US-9,5551234,llamada,no_contesta,US,,TX,\n" for d in (26, 27, 28)]
    rows += [f"2026-03-0{d}T15:00:00+00:00,A0002,US-9,5551234,llamada,no_contesta,US,,TX,\n" for d in (1, 2, 3, 4, 4)]
    rows[-1] = rows[-1].replace("T15:00", "T18:00")
    load(HEADER + "".join(rows))
    breach = Breach.objects.get(code="tope_7_dias")
    assert breach.employee == world.teammate_employee and breach.local_day == dt.date(2026, 3, 4)
    assert breach.evidence.count() == 8
    assert breach.attempt.zone == "America/Chicago"


def test_advisory_rules_assign_no_training(world, load):
    course("regulacion-mexico")
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)):
        load(HEADER + "2026-03-07T10:00:00-06:00,A0001,MX-1,5512345678,llamada,no_contesta,MX,,,\n")  # Saturday
    assert list(Breach.objects.values_list("code", "advisory")) == [("dia_no_habil", True)]
    assert not Assignment.objects.exists()

"""Breaches feed pay: the scan writes each agent-day's enforced breaches into the KPI facts as
measured compliance incidents (severe ones apart), beside, never over, the feed's own incident
column; bonus gates read them through the KPI catalogue, and a breach found after a run makes the
run stale."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
import time_machine

from compliance.models import Breach
from compliance.services import compliance_scan, contact_import_create, contact_import_process
from core.models import AuditEvent
from incentives import engine
from incentives.models import Payout
from incentives.selectors import run_staleness
from incentives.services import payout_run_compute
from kpi import catalogue
from kpi.models import KpiFact, MeasuredIncidentDay
from kpi.selectors import kpi_sums
from tests.incentives.factories import PERIOD, facts, published_plan, simple_definition

HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais,zona_horaria,estado,campana\n"
SUNDAY_IN_BOGOTA = "2026-10-04T10:00:00-05:00,A0001,CTA-1,3001234567,llamada,no_contesta,CO,,,\n"
# 06:30 in Mexico City: the enforced 07:00-22:00 rule (severe) and the advisory [U] Profeco one
EARLY_IN_MEXICO = "2026-10-06T06:30:00-06:00,A0001,CTA-2,5512345678,llamada,no_contesta,MX,,,\n"
LATE_IN_MEXICO = "2026-10-06T22:30:00-06:00,A0001,CTA-3,5512345679,llamada,no_contesta,MX,,,\n"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def load(world, django_capture_on_commit_callbacks):
    """Upload a contact log and process it; the scan it enqueues after commit runs too."""

    def run(text: str, name: str = "contactos.csv"):
        imp = contact_import_create(uploaded=io.BytesIO(text.encode()), filename=name, user=world.compliance)
        with django_capture_on_commit_callbacks(execute=True):
            return contact_import_process(import_id=imp.pk, now=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))

    return run


def test_the_scan_writes_enforced_breaches_per_agent_and_day_with_the_severe_ones_apart(world, load):
    load(HEADER + SUNDAY_IN_BOGOTA + EARLY_IN_MEXICO + LATE_IN_MEXICO)
    assert Breach.objects.filter(advisory=True).exists()  # the [U] Profeco rule was seen, labelled
    days = {
        (row.day, row.incidentes_medidos, row.incidentes_medidos_graves)
        for row in MeasuredIncidentDay.objects.filter(employee=world.agent_employee)
    }
    enforced = Breach.objects.filter(advisory=False)
    assert days == {
        (dt.date(2026, 10, 4), enforced.filter(local_day="2026-10-04").count(), 1),
        (dt.date(2026, 10, 6), 2, 2),  # the advisory breach of the early call does not count
    }
    assert AuditEvent.objects.filter(action="kpi.measured_incidents").count() == 1


def test_scanning_the_month_again_changes_no_count_and_writes_no_row(world, load):
    load(HEADER + SUNDAY_IN_BOGOTA + EARLY_IN_MEXICO)
    before = list(MeasuredIncidentDay.objects.values_list("pk", "day", "incidentes_medidos", "updated_at"))
    compliance_scan(period=PERIOD, actor=world.compliance)
    assert list(MeasuredIncidentDay.objects.values_list("pk", "day", "incidentes_medidos", "updated_at")) == before
    assert AuditEvent.objects.filter(action="kpi.measured_incidents").count() == 1


def test_the_feeds_own_incident_column_is_kept_apart_and_summed_beside_the_measured_one(world, load):
    facts(world.agent_employee, 10, incidentes_cumplimiento=1, incidentes_graves=0)
    load(HEADER + EARLY_IN_MEXICO)
    assert set(KpiFact.objects.values_list("incidentes_cumplimiento", flat=True)) == {1}  # untouched
    sums = kpi_sums(employee_ids=[world.agent_employee.pk], start=PERIOD, end=dt.date(2026, 10, 31))
    mine = sums[world.agent_employee.pk]
    assert (mine["incidentes_cumplimiento"], mine["incidentes_graves"]) == (D(10), D(0))  # what the feed says
    assert (mine["incidentes_medidos"], mine["incidentes_medidos_graves"]) == (D(1), D(1))  # what was measured


def test_measured_incidents_are_kpis_of_the_one_catalogue_plans_can_gate_on():
    for code in ("incidentes_medidos", "incidentes_medidos_graves"):
        spec = catalogue.KPIS_BY_CODE[code]
        assert spec.kind == catalogue.MEASURED and spec.feed is None  # never a feed column
        assert code in catalogue.SUM_CODES and code not in catalogue.FACT_SUM_CODES
        assert engine.builtin_measure(code) is not None


def _gated_plan(world):
    definition = simple_definition(
        "sin-graves",
        gates=[
            {
                "code": "sin_incidentes_graves",
                "kind": "kpi",
                "condition": {"measure": "incidentes_medidos_graves", "op": "<=", "value": "0"},
            }
        ],
    )
    published_plan(world.analyst, definition=definition, teams=(world.team_a,))
    for employee in (world.agent_employee, world.teammate_employee):
        facts(employee, 10, incidentes_cumplimiento=0, incidentes_graves=0)


def test_a_gate_on_measured_severe_incidents_withholds_the_bonus_of_the_agent_who_broke_the_law(world, load):
    _gated_plan(world)
    load(HEADER + EARLY_IN_MEXICO)
    run = payout_run_compute(period=PERIOD, actor=world.analyst)
    agent = Payout.objects.get(run=run, employee=world.agent_employee)
    teammate = Payout.objects.get(run=run, employee=world.teammate_employee)
    assert [g["code"] for g in agent.failed_gates] == ["sin_incidentes_graves"]
    assert agent.total == 0 and teammate.total > 0


def test_a_breach_found_after_a_run_was_computed_makes_the_run_stale(world, load):
    _gated_plan(world)
    run = payout_run_compute(period=PERIOD, actor=world.analyst)
    assert not run_staleness(run=run).stale
    load(HEADER + EARLY_IN_MEXICO)  # the dialer's log arrives late; its scan finds the breach
    staleness = run_staleness(run=run)
    assert staleness.stale and "kpi" in staleness.kinds

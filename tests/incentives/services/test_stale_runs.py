"""A run knows when its inputs changed: it stores what it read, a later change makes it stale
(what changed, whom it affects, the amount at stake), and a stale run goes no further until it
is recomputed, which returns it to draft and tells the approvers."""

from __future__ import annotations

import datetime as dt
import gc
import re
import weakref
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from certification.models import Certificate
from core.models import Leave
from incentives import selectors
from incentives.errors import IncentivesError
from incentives.exports import payroll_export
from incentives.fingerprint import run_fingerprint
from incentives.models import PayoutRun, RunEvent, RunStatus, Target
from incentives.run_inputs import MARKED_MODELS, period_inputs_read
from incentives.selectors import run_stale_preview, run_staleness
from incentives.services import (
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_submit,
)
from kpi.models import FeedProfile, KpiFact, KpiImport
from kpi.services import kpi_import_create, kpi_import_process
from tests.incentives.factories import PERIOD
from tests.kpi.ingest.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db

CORRECTED_DAY = dt.date(2026, 10, 3)


def correct_a_kpi(w, amount: str = "0.00") -> KpiImport:
    """A KPI correction through the import service: A0001's amount recovered on one day."""
    data = csv_bytes(
        [
            row(
                fecha=CORRECTED_DAY.isoformat(),
                agente="A0001",
                campana="",
                monto_recuperado=amount,
                monto_cumplido="600.00",
                puntaje_calidad="90.00",
                segundos_gestion="9000",
                incidentes_cumplimiento="0",
            )
        ]
    )
    profile = FeedProfile.objects.get(code="canonico")
    kpi_import = kpi_import_create(profile=profile, uploaded=ContentFile(data), filename="correccion.csv")
    kpi_import = kpi_import_process(import_id=kpi_import.pk, today=dt.date(2026, 11, 23))
    assert kpi_import.status == KpiImport.Status.LOADED, kpi_import.errors
    assert kpi_import.updated_count == 1
    return kpi_import


@pytest.fixture
def computed(bonus_world):
    w = bonus_world
    w.manager_b = w.team_b.managers.get()
    w.run = payout_run_compute(period=PERIOD, actor=w.analyst)
    return w


def test_a_fresh_run_is_not_stale(computed):
    staleness = run_staleness(run=computed.run)
    assert staleness.known and not staleness.stale


def test_a_kpi_correction_after_compute_makes_the_run_stale_naming_whom_it_affects(computed):
    w = computed
    correct_a_kpi(w)
    staleness = run_staleness(run=w.run)
    assert staleness.stale and staleness.kinds == ("kpi",)
    assert staleness.employees == {w.agent_employee.pk: ("kpi",)}
    preview = run_stale_preview(run=w.run)
    # 800.00 less recovered: 1% of it
    assert preview.at_stake == {"MXN": D("8.00")} and preview.net == {"MXN": D("-8.00")} and preview.moved == 1
    assert preview.rows == [("A0001", w.agent_employee.full_name, "MXN", D("380.00"), D("372.00"))]
    assert w.run.payouts.get(employee=w.agent_employee).total == D("380.00")  # the preview wrote nothing


def test_a_stale_run_cannot_be_submitted_or_approved(computed):
    w = computed
    correct_a_kpi(w)
    with pytest.raises(IncentivesError) as exc:
        payout_run_submit(run=w.run, actor=w.analyst)
    assert exc.value.code == "run_stale" and exc.value.params["count"] == 1
    with translation.override("es"):
        assert "desactualizada" in exc.value.message and "indicadores" in exc.value.message
    PayoutRun.objects.filter(pk=w.run.pk).update(status=RunStatus.SUBMITTED)
    with pytest.raises(IncentivesError) as exc:
        payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    assert exc.value.code == "run_stale"
    PayoutRun.objects.filter(pk=w.run.pk).update(status=RunStatus.TEAMS_APPROVED)
    with pytest.raises(IncentivesError) as exc:
        payout_run_approve_final(run=w.run, actor=w.hr)
    assert exc.value.code == "run_stale"


def test_the_reproduction_a_correction_after_compute_is_not_approved_locked_and_exported_unchanged(computed):
    w = computed
    payout_run_submit(run=w.run, actor=w.analyst)
    payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    correct_a_kpi(w)  # allowed while the run is submitted: the run becomes stale
    with pytest.raises(IncentivesError):
        payout_run_approve_team(run=w.run, team=w.team_b, actor=w.manager_b)
    w.run.refresh_from_db()
    assert w.run.status == RunStatus.SUBMITTED


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        (
            lambda w: Target.objects.create(period=PERIOD, code="monto_recuperado", employee=w.agent_employee, value=1),
            "targets",
        ),
        (
            lambda w: Leave.objects.create(
                employee=w.agent_employee, start=dt.date(2026, 10, 20), end=dt.date(2026, 10, 22)
            ),
            "leave",
        ),
        (lambda w: w.version.assignments.update(end=dt.date(2026, 10, 15)), "assignments"),
        (lambda w: type(w.version).objects.filter(pk=w.version.pk).update(valid_to=dt.date(2026, 10, 20)), "plans"),
    ],
    ids=["target", "leave", "assignment", "plan version"],
)
def test_each_input_kind_makes_the_run_stale(computed, change, kind):
    change(computed)
    staleness = run_staleness(run=computed.run)
    assert kind in staleness.kinds
    assert computed.agent_employee.pk in staleness.employees


def test_a_certificate_on_the_gate_day_makes_the_run_stale(computed, monkeypatch):
    w = computed  # the campaign of the world requires a specialisation nobody held when the run was computed
    monkeypatch.setattr(
        "incentives.run_inputs.certificates_valid_on",
        lambda *, agent_ids, specialisation, day: {w.agent_employee.pk: object()},
    )
    staleness = run_staleness(run=w.run)
    assert staleness.kinds == ("certificates",)
    assert list(staleness.employees) == [w.agent_employee.pk]


@pytest.mark.parametrize(
    ("status", "step", "code"),
    [
        (RunStatus.APPROVED, lambda run, w: payout_run_lock(run=run, actor=w.hr), "run_stale"),
        (RunStatus.LOCKED, lambda run, w: payroll_export(actor=w.hr, run=run), "run_stale_closed"),
    ],
    ids=["lock", "export"],
)
def test_a_stale_run_is_not_locked_or_exported(computed, status, step, code):
    w = computed
    Target.objects.create(period=PERIOD, code="monto_recuperado", employee=w.agent_employee, value=1)
    PayoutRun.objects.filter(pk=w.run.pk).update(status=status)
    w.run.refresh_from_db()
    with pytest.raises(IncentivesError) as exc:
        step(w.run, w)
    assert exc.value.code == code
    w.run.refresh_from_db()
    assert w.run.status == status and not w.run.exports.exists()


def test_recomputing_a_stale_submitted_run_returns_it_to_draft_and_tells_the_approvers(
    computed, django_capture_on_commit_callbacks
):
    w = computed
    for user in (w.manager, w.manager_b, w.hr):
        user.email = f"{user.username}@acredita.test"
        user.save(update_fields=["email"])
    payout_run_submit(run=w.run, actor=w.analyst)
    payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    correct_a_kpi(w)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = payout_run_compute(period=PERIOD, actor=w.analyst)
    assert run.pk == w.run.pk and run.status == RunStatus.DRAFT
    assert run.payouts.get(employee=w.agent_employee).total == D("372.00")
    assert not run.run_teams.filter(approved_at__isnull=False).exists()
    event = RunEvent.objects.get(run=run, action="reopen_stale")
    assert (event.from_status, event.to_status) == (RunStatus.SUBMITTED, RunStatus.DRAFT)
    assert not run_staleness(run=run).stale
    told = {address for m in mail.outbox for address in m.to}
    assert {w.manager.email, w.manager_b.email} <= told and w.hr.email not in told
    payout_run_submit(run=run, actor=w.analyst)  # fresh again: it can go on


def test_a_fresh_submitted_run_is_still_not_recomputed(computed):
    w = computed
    payout_run_submit(run=w.run, actor=w.analyst)
    with pytest.raises(IncentivesError) as exc:
        payout_run_compute(period=PERIOD, actor=w.analyst)
    assert exc.value.code == "run_not_draft"


def test_the_run_page_warns_in_spanish_with_what_changed_and_whom(computed, client_for):
    w = computed
    correct_a_kpi(w)
    page = client_for(w.analyst).get(f"/incentivos/corridas/{w.run.pk}/").content.decode()
    assert "Esta corrida está desactualizada" in page
    assert "indicadores" in page and "A0001" in page
    assert "372.00" in page or "372,00" in page


def test_the_kpi_import_report_says_corrections_mark_runs_stale(computed, client_for):
    w = computed
    kpi_import = correct_a_kpi(w)
    page = client_for(w.analyst).get(f"/kpis/cargas/{kpi_import.pk}/").content.decode()
    assert "queda desactualizada" in page


def test_facts_outside_the_period_do_not_make_the_run_stale(computed):
    KpiFact.objects.filter(employee=computed.agent_employee, day=dt.date(2026, 10, 1)).update(day=dt.date(2026, 9, 30))
    assert run_staleness(run=computed.run).kinds == ("kpi",)  # a day left the period: stale
    other = KpiFact.objects.get(employee=computed.agent_employee, day=dt.date(2026, 9, 30))
    other.monto_recuperado = D("1.00")
    other.save()
    assert run_staleness(run=computed.run).kinds == ("kpi",)  # September's values are not read


CHANGES_BEHIND_THE_CACHE = [
    (lambda w: KpiFact.objects.filter(employee=w.agent_employee, day=CORRECTED_DAY).update(monto_recuperado=1), "kpi"),
    (lambda w: KpiFact.objects.filter(employee=w.agent_employee, day=CORRECTED_DAY).delete(), "kpi"),
    (
        lambda w: Target.objects.create(period=PERIOD, code="monto_recuperado", employee=w.agent_employee, value=1),
        "targets",
    ),
    (
        lambda w: Leave.objects.create(
            employee=w.agent_employee, start=dt.date(2026, 10, 20), end=dt.date(2026, 10, 22)
        ),
        "leave",
    ),
    (lambda w: w.version.assignments.update(end=dt.date(2026, 10, 15)), "assignments"),
    (lambda w: type(w.version).objects.filter(pk=w.version.pk).update(valid_to=dt.date(2026, 10, 20)), "plans"),
]


@pytest.mark.parametrize(
    ("change", "kind"),
    CHANGES_BEHIND_THE_CACHE,
    ids=["kpi update", "kpi delete", "target", "leave", "assignment", "plan version"],
)
def test_the_staleness_cache_never_hides_a_change_written_behind_the_services_back(computed, change, kind):
    w = computed
    assert not run_staleness(run=w.run).stale
    with CaptureQueriesContext(connection) as cached:
        assert not run_staleness(run=w.run).stale  # the second check is answered from the cache
    assert len(cached.captured_queries) == 3  # the change markers only
    change(w)  # a plain ORM write: no service, no signal, no hook told anyone
    assert kind in run_staleness(run=w.run).kinds


def _tables_read(queries) -> set[str]:
    tables = set()
    for q in queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', q["sql"]))
    return tables


def test_every_table_the_stale_check_reads_has_a_change_marker(computed):
    """The cache is keyed on the markers of ``run_inputs.MARKED_MODELS`` (plus KPI facts and
    certificates): a read of any other table would be a change the cache could hide."""
    with CaptureQueriesContext(connection) as ctx:
        run_fingerprint(period_inputs_read(period=PERIOD))
    marked = {m._meta.db_table for m in MARKED_MODELS} | {KpiFact._meta.db_table, Certificate._meta.db_table}
    read = _tables_read(ctx.captured_queries)
    assert read, "no query captured"
    assert read <= marked, f"read but not marked: {sorted(read - marked)}"


def test_the_stale_preview_computes_a_chunk_at_a_time_as_the_run_writer_does(computed, settings, monkeypatch):
    """Chunks of one employee: the same preview as the period at once, without combining every chunk
    in memory: each chunk is calculated only after the one before was folded and let go."""
    w = computed
    correct_a_kpi(w)
    at_once = run_stale_preview(run=w.run)

    settings.INCENTIVES_RUN_CHUNK_SIZE = 1
    alive_at_start: list[int] = []
    calculated: list[weakref.ref] = []
    calculate = selectors.run_chunk_calculate

    def tracked(**kwargs):
        gc.collect()
        alive_at_start.append(sum(1 for ref in calculated if ref() is not None))
        part = calculate(**kwargs)
        calculated.append(weakref.ref(part))
        return part

    def combine(*args, **kwargs):
        raise AssertionError("the preview combined every chunk in memory")

    monkeypatch.setattr(selectors, "run_chunk_calculate", tracked)
    monkeypatch.setattr(selectors, "run_chunks_combine", combine)
    chunked = run_stale_preview(run=w.run)

    assert len(alive_at_start) > 1 and set(alive_at_start) == {0}
    assert chunked == at_once
    assert chunked.rows == [("A0001", w.agent_employee.full_name, "MXN", D("380.00"), D("372.00"))]

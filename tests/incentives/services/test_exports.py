from __future__ import annotations

import csv
import hashlib
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from core.models import AuditEvent
from incentives.errors import IncentivesError
from incentives.exports import payroll_export, payroll_file
from incentives.models import ExportTemplate, PayrollExport, RunStatus
from incentives.services import (
    adjustment_create,
    adjustment_decide,
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_submit,
)
from incentives.statements import statement_pdf
from tests.incentives.factories import PERIOD
from tests.pdftools import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked_run(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    adj = adjustment_create(
        actor=w.hr,
        run=run,
        employee=w.teammate_employee,
        amount=D("-15.50"),
        reason="clawback",
        comment="Pago revertido",
    )
    adjustment_decide(actor=w.analyst, adjustment=adj, approve=True)
    payout_run_submit(run=run, actor=w.analyst)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    other_hr = type(w.hr).objects.create(username="hr-final", role="hr")
    payout_run_approve_final(run=run, actor=other_hr)
    w.run = payout_run_lock(run=run, actor=other_hr)
    w.other_hr = other_hr
    return w


def test_export_is_refused_before_final_approval(bonus_world):
    run = payout_run_compute(period=PERIOD, actor=bonus_world.analyst)
    with pytest.raises(IncentivesError) as exc:
        payroll_export(actor=bonus_world.other_hr if hasattr(bonus_world, "other_hr") else None, run=run)
    assert exc.value.code == "not_exportable"


def test_csv_export_rows_and_audit(locked_run):
    w = locked_run
    data, name = payroll_export(actor=w.other_hr, run=w.run)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["codigo_empleado", "concepto", "importe", "moneda", "periodo"]
    assert rows[1:] == [
        ["A0001", "BONO_PTP", "300.00", "MXN", "2026-10"],
        ["A0001", "BONO_REC", "80.00", "MXN", "2026-10"],
        ["A0002", "AJUSTE", "-15.50", "MXN", "2026-10"],
        ["A0002", "BONO_PTP", "300.00", "MXN", "2026-10"],
        ["A0002", "BONO_REC", "80.00", "MXN", "2026-10"],
        ["A0003", "BONO_PTP", "300.00", "MXN", "2026-10"],
        ["A0003", "BONO_REC", "80.00", "MXN", "2026-10"],
    ]
    w.run.refresh_from_db()
    assert w.run.status == RunStatus.EXPORTED
    digest = hashlib.sha256(data).hexdigest()
    assert PayrollExport.objects.get().sha256 == digest
    event = AuditEvent.objects.get(action="payroll.export")
    assert event.after["sha256"] == digest


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_same_run_exported_twice_gives_identical_bytes(locked_run, fmt):
    import time

    w = locked_run
    first, _ = payroll_export(actor=w.other_hr, run=w.run, file_format=fmt)
    time.sleep(1.1)  # different wall-clock second: timestamps must not leak into the file
    w.run.refresh_from_db()
    second, _ = payroll_export(actor=w.other_hr, run=w.run, file_format=fmt)
    assert first == second
    assert PayrollExport.objects.filter(run=w.run).count() == 2


def test_xlsx_content_and_template_columns(locked_run):
    w = locked_run
    template = ExportTemplate.objects.create(
        code="banco",
        name="Banco",
        delimiter=";",
        decimal_separator=",",
        columns=[
            {"header": "Empleado", "field": "employee_code"},
            {"header": "Nombre", "field": "employee_name"},
            {"header": "Importe", "field": "amount"},
        ],
    )
    text = payroll_file(run=w.run, template=template, file_format="csv").decode()
    assert text.splitlines()[0] == "Empleado;Nombre;Importe"
    assert text.splitlines()[1].endswith(";300,00")
    wb = load_workbook(io.BytesIO(payroll_file(run=w.run, template=template, file_format="xlsx")))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0] == ("Empleado", "Nombre", "Importe")
    assert rows[1][0] == "A0001" and float(rows[1][2]) == 300.0


def test_export_payroll_command_writes_identical_files(locked_run, tmp_path):
    from django.core.management import call_command

    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    call_command("export_payroll", "--period", "2026-10", "--out", str(a))
    call_command("export_payroll", "--period", "2026-10", "--out", str(b))
    assert a.read_bytes() == b.read_bytes() and b"BONO_REC" in a.read_bytes()


def test_statement_pdf_is_in_spanish_and_explains_the_lines(locked_run, tmp_path):
    w = locked_run
    pdf = statement_pdf(run=w.run, employee=w.teammate_employee)
    raw = pdf_text(pdf)
    text = " ".join(raw.split())
    assert "2026-10" in text
    assert w.teammate_employee.employee_code in text
    assert "Recuperación" in text and "Promesas cumplidas" in text
    assert "monto_recuperado" not in text  # KPIs by name, never by code
    assert "Estado de bonos 2026-10" in text
    assert "Total: $364.50 MXN" in text  # 380.00 - 15.50 clawback, es_MX money format


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_employee_first_name_cannot_become_a_formula_in_payroll(locked_run, fmt):
    from tests.core.test_exports import assert_csv_is_inert, assert_xlsx_is_inert, csv_cells, xlsx_cells

    w = locked_run
    w.agent_employee.first_name = "=cmd|' /C calc'!A0"
    w.agent_employee.save()
    template = ExportTemplate.objects.create(
        code="con-nombre",
        name="Con nombre",
        columns=[
            {"header": "Nombre", "field": "employee_name"},
            {"header": "Importe", "field": "amount"},
        ],
    )

    data = payroll_file(run=w.run, template=template, file_format=fmt)

    if fmt == "xlsx":
        assert_xlsx_is_inert(data)
        cells = xlsx_cells(data)
        assert cells[2].value.startswith("'=cmd")
        assert [c.data_type for c in cells[2:]][1::2] == ["n"] * (len(cells) // 2 - 1)  # amounts stay numbers
    else:
        text = data.decode("utf-8")
        assert_csv_is_inert(text)
        rows = csv_cells(text)
        assert rows[1][0].startswith("'=cmd") and [r[1] for r in rows[1:]].count("-15.50") == 1

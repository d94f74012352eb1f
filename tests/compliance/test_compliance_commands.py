"""`import_contacts FILE [--profile] [--dry-run]` and `compliance_scan --period YYYY-MM [--format csv]`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from compliance.models import Breach, ContactAttempt, ContactImport

pytestmark = pytest.mark.django_db
HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais\n"


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "marcador.csv"
    path.write_text(
        HEADER
        + "2026-03-08T07:12:00-05:00,A0001,CTA-1,3001234567,llamada,no_contesta,CO\n"
        + "2026-03-04T06:40:00-06:00,A0003,MX-1,5512345678,llamada,buzon,MX\n"
    )
    return path


@time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC))
def test_a_dry_run_stores_nothing_and_a_rejected_file_exits_1_naming_the_row(world, log_file, tmp_path):
    out = io.StringIO()
    call_command("import_contacts", str(log_file), "--dry-run", stdout=out)
    assert "validated" in out.getvalue() and not ContactAttempt.objects.exists()
    bad = tmp_path / "malo.csv"
    bad.write_text(HEADER + "2026-03-08T07:12:00-05:00,A0001,CTA-1,3001234567,fax,no_contesta,CO\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_contacts", str(bad), stdout=io.StringIO(), stderr=err)
    assert "2\tcanal\tfax\tunknown_channel" in err.getvalue()
    assert ContactImport.objects.filter(status="rejected").count() == 1 and not ContactAttempt.objects.exists()


@time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC))
def test_the_scan_prints_one_csv_row_per_breach_and_a_rerun_stores_nothing_new(world, log_file):
    call_command("import_contacts", str(log_file), stdout=io.StringIO())
    out = io.StringIO()
    call_command("compliance_scan", "--period", "2026-03", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("regla,pais,agente,cuenta_hash,fecha_hora_local")
    enforced = [line for line in lines[1:] if line.endswith(",no")]
    assert [line.split(",")[:3] for line in enforced] == [
        ["fuera_de_horario", "MX", "A0003"],
        ["dia_no_habil", "CO", "A0001"],
    ]
    assert "2026-03-08T07:12-05:00" in enforced[1]
    summary = io.StringIO()
    call_command("compliance_scan", "--period", "2026-03", stdout=summary)
    assert "(0 new)" in summary.getvalue() and "dia_no_habil" in summary.getvalue()
    assert Breach.objects.count() == 3  # two enforced, one advisory (Mexico, Monday to Friday [U])


def test_a_bad_period_is_refused_plainly(db):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("compliance_scan", "--period", "marzo")

"""python manage.py import_kpis FILE [--profile CODE] [--dry-run]"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kpi.models import KpiFact, KpiImport
from tests.kpi.ingest.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_is_nov_23(monkeypatch):
    import datetime as dt

    monkeypatch.setattr("kpi.services.timezone.localdate", lambda: dt.date(2026, 11, 23))


def run(*args, language="en"):
    out, err = io.StringIO(), io.StringIO()
    with translation.override(language):
        call_command("import_kpis", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_loads_a_file_and_prints_the_counts(feed_world, tmp_path, today_is_nov_23):
    path = tmp_path / "feed.csv"
    path.write_bytes(csv_bytes([row(agente="A001"), row(agente="A002")]))

    out, _err = run(str(path))

    assert "Loaded: 2 new, 0 replaced, 0 unchanged" in out
    assert KpiFact.objects.count() == 2


def test_it_prints_every_error_and_exits_non_zero(feed_world, tmp_path, today_is_nov_23):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row(agente="Z9"), row(agente="A002", contactos="-3")]))
    err = io.StringIO()

    with pytest.raises(CommandError) as excinfo:
        with translation.override("en"):
            call_command("import_kpis", str(path), stdout=io.StringIO(), stderr=err)

    assert excinfo.value.returncode == 1
    assert (
        "2\tagente\tZ9\tunknown_agent\tUnknown agent 'Z9' (employee_code)." in err.getvalue()
        or "unknown_agent" in err.getvalue()
    )
    assert "3\tcontactos\t-3\tnegative_value" in err.getvalue()
    assert KpiFact.objects.count() == 0


def test_dry_run_stores_nothing(feed_world, tmp_path, today_is_nov_23):
    path = tmp_path / "feed.csv"
    path.write_bytes(csv_bytes([row()]))

    out, _err = run(str(path), "--dry-run")

    assert "Valid (dry run)" in out
    assert KpiFact.objects.count() == 0
    assert KpiImport.objects.get().status == KpiImport.Status.VALIDATED


def test_it_uses_the_named_profile(feed_world, tmp_path, today_is_nov_23):
    path = tmp_path / "feed.csv"
    path.write_bytes(
        csv_bytes(
            [
                row(
                    monto_recuperado="1.234,50",
                    fecha="02/11/2026",
                    agente="dl-a001",
                    monto_prometido="1.000,00",
                    monto_cumplido="600",
                    puntaje_calidad="90,5",
                )
            ],
            delimiter=";",
        )
    )

    out, _err = run(str(path), "--profile", "marcador-latam")

    assert "Loaded: 1 new" in out


def test_an_unknown_profile_is_an_error(db, tmp_path):
    path = tmp_path / "feed.csv"
    path.write_bytes(b"x")

    with pytest.raises(CommandError, match="Unknown profile 'nope'"):
        run(str(path), "--profile", "nope")


def test_its_status_lines_and_report_read_in_spanish_by_default(feed_world, tmp_path, today_is_nov_23):
    path = tmp_path / "fechas-eeuu.csv"
    path.write_bytes(csv_bytes([row(agente="A001"), row(agente="A002", fecha="11/05/2026")]))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as excinfo:
        call_command("import_kpis", str(path), stdout=out, stderr=err)

    assert "Estado: Rechazado · filas: 2" in out.getvalue()
    assert "Status:" not in out.getvalue() and "rows:" not in out.getvalue()
    assert "fila\tcolumna\tvalor\tcódigo\tmensaje" in err.getvalue()
    assert "3\tfecha\t11/05/2026\tbad_date\t'11/05/2026' no es una fecha con el formato aaaa-mm-dd" in err.getvalue()
    assert "nada guardado" in str(excinfo.value) and "errors" not in str(excinfo.value)
    assert KpiFact.objects.count() == 0


def test_a_loaded_file_is_reported_in_spanish(feed_world, tmp_path, today_is_nov_23):
    path = tmp_path / "feed.csv"
    path.write_bytes(csv_bytes([row(agente="A001")]))

    out, _err = run(str(path), language="es")

    assert "Cargado — filas nuevas: 1, reemplazadas: 0, sin cambios: 0" in out

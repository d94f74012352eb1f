"""python manage.py kpi_profile_detect FILE [--save CODE] [--date-format F]: a proposal printed in
the reader's language; --save stores a new profile, then a new version; an import through it loads
the Excel-es export exactly."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from core.models import AuditEvent
from kpi.models import FeedProfile, KpiFact, KpiImport
from tests.kpi.ingest.test_kpi_profile_detect import EXCEL_ROWS, excel_es

pytestmark = pytest.mark.django_db


def run(*args, language="es"):
    out = io.StringIO()
    with translation.override(language):
        call_command("kpi_profile_detect", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def today_is_nov_23(monkeypatch):
    import datetime as dt

    monkeypatch.setattr("kpi.services.timezone.localdate", lambda: dt.date(2026, 11, 23))


def test_it_proposes_a_profile_in_spanish_and_saves_it_then_a_new_version(feed_world, tmp_path, today_is_nov_23):
    path = tmp_path / "export-excel.csv"
    path.write_bytes(excel_es())

    shown = run(str(path))
    assert "Delimitador: punto y coma" in shown and "Formato de fecha: dd/mm/aaaa" in shown
    assert "Nombre del agente → se ignora" in shown and "Intentos de contacto → intentos" in shown
    assert not FeedProfile.objects.filter(code="excel-es").exists()

    saved = run(str(path), "--save", "excel-es", "--name", "Excel (es)")
    profile = FeedProfile.objects.get(code="excel-es")
    assert "Perfil excel-es creado (versión 1)" in saved
    assert (profile.encoding, profile.delimiter, profile.decimal_separator, profile.date_format) == (
        "latin-1",
        ";",
        ",",
        "dd/mm/yyyy",
    )
    assert AuditEvent.objects.filter(action="feed_profile.save").count() == 1

    call_command("import_kpis", str(path), "--profile", "excel-es", stdout=io.StringIO(), stderr=io.StringIO())
    kpi_import = KpiImport.objects.get()
    assert kpi_import.status == KpiImport.Status.LOADED and kpi_import.profile_version == 1
    assert KpiFact.objects.count() == 2

    path.write_bytes(excel_es(footer=False))  # no totals row this time: it reads differently
    again = run(str(path), "--save", "excel-es")
    assert "guardado como versión 2" in again and FeedProfile.objects.get(code="excel-es").version == 2


def test_ambiguous_dates_are_not_saved_until_the_format_is_chosen(feed_world, tmp_path):
    path = tmp_path / "ambiguo.csv"
    path.write_bytes(excel_es([r.replace("20/11/2026", "05/11/2026") for r in EXCEL_ROWS]))

    assert "ambiguo" in run(str(path))
    with pytest.raises(CommandError):
        run(str(path), "--save", "ambiguo")
    assert not FeedProfile.objects.filter(code="ambiguo").exists()
    run(str(path), "--save", "ambiguo", "--date-format", "dd/mm/yyyy")
    assert FeedProfile.objects.get(code="ambiguo").date_format == "dd/mm/yyyy"


def test_it_names_agents_by_dialer_login_when_the_sample_does(feed_world, tmp_path):
    path = tmp_path / "marcador.csv"
    path.write_bytes(excel_es([r.replace(";A001;", ";dl-a001;").replace("ÑANDÚ01", "dl-a002") for r in EXCEL_ROWS]))

    run(str(path), "--save", "marcador")

    assert FeedProfile.objects.get(code="marcador").agent_key == "dialer_login"

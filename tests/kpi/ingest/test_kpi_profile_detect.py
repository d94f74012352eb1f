"""A profile proposed from a sample (#18): an Excel-es export in Windows-1252 (semicolons, decimal
commas, thousands points, accented Spanish headers with units, an extra column, a totals row)
loads exactly through the profile detected from it; ambiguous dates are never guessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kpi.ingest.detect import column_code, profile_detect

from .helpers import check

EXCEL_HEADER = (
    "Fecha;Agente;Campaña;Intentos de contacto;Contactos efectivos;Contactos con titular;Promesas de pago;"
    "Monto prometido (MXN);Promesas cumplidas;Monto cumplido (MXN);Monto recuperado (MXN);Horas pagadas;"
    "Llamadas atendidas;Segundos de gestión;Evaluaciones de calidad;Puntaje de calidad;"
    "Incidentes de cumplimiento;Incidentes graves;Nombre del agente"
)
EXCEL_ROWS = (
    "02/11/2026;A001;TRAMO1;100;40;20;5;1.000,00;3;600,00;1.234,56;7,5;30;20000;2;90,5;1;0;Ana Pérez",
    "20/11/2026;ÑANDÚ01;TRAMO2;80;30;10;2;250,50;1;100,00;-35,10;8;25;18000;1;88;0;0;José Núñez",
)


def excel_es(rows=EXCEL_ROWS, *, footer=True) -> bytes:
    lines = [EXCEL_HEADER, *rows]
    if footer:
        lines.append("TOTAL" + ";" * EXCEL_HEADER.count(";"))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def load(data: bytes, profile):
    return check(data, profile, filename="export.csv")


def test_an_excel_es_windows_1252_export_loads_exactly_through_the_profile_detected_from_it():
    data = excel_es()
    proposal = profile_detect(data)

    assert (proposal.encoding, proposal.delimiter) == ("latin-1", ";")
    assert (proposal.decimal_separator, proposal.thousands_separator) == (",", ".")
    assert proposal.date_format == "dd/mm/yyyy" and proposal.footer_labels == ("TOTAL",)
    assert proposal.ignore_columns == ("Nombre del agente",)
    assert dict(proposal.columns)["Intentos de contacto"] == "intentos"
    assert dict(proposal.columns)["Segundos de gestión"] == "segundos_gestion"
    result = load(data, proposal.profile("excel-es"))

    assert result.ok, result.errors
    first, second = result.facts.fact(0), result.facts.fact(1)
    assert (first.day.isoformat(), first.employee_id, first.campaign_id) == ("2026-11-02", 1, 10)
    assert first.values["monto_recuperado"] == Decimal("1234.56") and first.values["horas_pagadas"] == Decimal("7.50")
    assert first.values["monto_prometido"] == Decimal("1000.00") and first.values["puntaje_calidad"] == Decimal("90.5")
    assert (second.day.isoformat(), second.employee_id) == ("2026-11-20", 3)  # ÑANDÚ01, read from Windows-1252
    assert second.values["monto_recuperado"] == Decimal("-35.10")


def test_dates_that_read_two_ways_leave_the_format_to_the_profile():
    rows = [r.replace("20/11/2026", "05/11/2026") for r in EXCEL_ROWS]
    proposal = profile_detect(excel_es(rows))

    assert proposal.date_format is None and proposal.date_guess.ambiguous
    assert ("05/11/2026", date(2026, 11, 5), date(2026, 5, 11)) in proposal.date_guess.examples
    with pytest.raises(ValueError, match="choose"):
        proposal.profile("excel-es")
    chosen = load(excel_es(rows), proposal.profile("excel-es", date_format="dd/mm/yyyy"))
    assert chosen.ok and chosen.facts.fact(1).day.isoformat() == "2026-11-05"


def test_a_report_with_a_title_block_and_durations_is_read_from_its_header():
    header = "fecha,agente,intentos,contactos,horas_pagadas,segundos_gestion,puntaje_calidad"
    lines = [
        "Informe de gestión por agente",
        "Generado el 2026-11-21",
        header,
        "2026-11-02,A001,10,4,8,01:30:15,",
    ]
    proposal = profile_detect(("\n".join(lines) + "\n").encode())

    assert proposal.title_rows == 2 and proposal.delimiter == ","
    assert proposal.durations == (("segundos_gestion", "hh:mm:ss"),)
    assert proposal.encoding == "utf-8" and proposal.date_format == "yyyy-mm-dd"


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Monto Recuperado (MXN)", "monto_recuperado"),
        ("PROMESAS DE PAGO", "promesas"),
        ("Segundos de gestion", "segundos_gestion"),
        ("Campana", "campana"),
        ("Intentos de contato", "intentos"),  # a close spelling
        ("Supervisor", None),
    ],
)
def test_a_header_is_matched_to_its_kpi_whatever_its_accents_case_unit_or_a_typo(header, code):
    assert column_code(header) == code

"""Profiles that declare what a real export carries (#18 §2): extra columns, units in headers,
a totals row, blank cells per metric."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from kpi.ingest import FeedProfile, ProfileError

from .helpers import HEADER, check, csv_bytes, row

EXTRA = ["Nombre del agente", "Supervisor", "Sitio", "Tiempo en pausa", "AHT"]


def _with_extra_columns() -> bytes:
    extra = dict(zip(EXTRA, ["Ana Pérez", "Luis", "CDMX", "00:12:00", "310"], strict=True))
    return csv_bytes([row(**extra)], header=[*HEADER, *EXTRA])


def test_an_export_with_extra_columns_is_refused_unless_the_profile_chooses_to_ignore_them():
    refused = check(_with_extra_columns(), FeedProfile())
    every_unknown = check(_with_extra_columns(), FeedProfile(ignore_unknown_columns=True))
    named = check(_with_extra_columns(), FeedProfile(ignore_columns=tuple(EXTRA)))
    one_left = check(_with_extra_columns(), FeedProfile(ignore_columns=tuple(EXTRA[:4])))

    assert [e.code for e in refused.errors] == ["unknown_column"] * 5
    assert every_unknown.ok and named.ok, (every_unknown.errors, named.errors)
    assert len(every_unknown.facts) == len(named.facts) == 1
    assert [(e.code, e.column) for e in one_left.errors] == [("unknown_column", "AHT")]


@pytest.mark.parametrize(
    "header",
    ["Monto Recuperado (MXN)", "MONTO RECUPERADO [MXN]", "Monto recuperado (MXN)", "collected_amount (COP)"],
)
def test_a_header_with_a_unit_accents_or_case_names_its_kpi(header):
    names = [header if h == "monto_recuperado" else h for h in HEADER]
    names[2] = "Campaña"
    result = check(csv_bytes([row(**{header: "1234.56"})], header=names))

    assert result.ok, result.errors
    assert result.facts.fact(0).values["monto_recuperado"] == Decimal("1234.56")


def test_an_excel_totals_row_is_skipped_when_the_profile_declares_it():
    data = csv_bytes([row(), row(agente="A002")]) + b"TOTAL" + b"," * (len(HEADER) - 1) + b"\n"

    without = check(data, FeedProfile())
    declared = check(data, FeedProfile(footer_labels=("Total",)))

    assert not without.ok
    assert declared.ok, declared.errors
    assert declared.row_count == 2 and len(declared.facts) == 2


def test_a_blank_cell_means_zero_only_for_the_metrics_the_profile_says():
    data = csv_bytes([row(incidentes_graves=""), row(agente="A002", intentos="")])

    result = check(data, FeedProfile(blank_zero_metrics=("incidentes_graves",)))

    assert [(e.code, e.row, e.column) for e in result.errors] == [("blank_value", 3, "intentos")]
    assert result.facts.fact(0).values["incidentes_graves"] == 0


def test_a_blank_policy_for_an_unknown_metric_is_refused():
    with pytest.raises(ProfileError, match="bono"):
        FeedProfile(blank_zero_metrics=("bono",))


def _interval_report() -> bytes:
    title = b"Reporte de intervalos - Marcador Norte\nGenerado: 2026-11-03 08:00\n\n"
    return title + csv_bytes([row(), row(agente="A002", contactos="x")])


def test_a_title_block_above_the_header_is_skipped_when_the_profile_declares_it():
    without = check(_interval_report(), FeedProfile())
    declared = check(_interval_report(), FeedProfile(title_rows=2))

    assert [e.code for e in without.errors] == ["missing_header"]
    assert [(e.code, e.row, e.column) for e in declared.errors] == [("not_a_number", 6, "contactos")]
    assert declared.row_count == 2


def test_a_title_block_in_a_workbook_is_skipped_too(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Reporte de intervalos"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append([row()[h] for h in HEADER])
    path = tmp_path / "intervalos.xlsx"
    workbook.save(path)

    result = check(path.read_bytes(), FeedProfile(title_rows=1))

    assert result.ok, result.errors
    assert len(result.facts) == 1

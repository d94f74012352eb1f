"""Every malformed-feed case the validator must reject, with its code and message."""

from __future__ import annotations

import pytest

from kpi.ingest import FeedProfile

from .helpers import GOOD, HEADER, check, csv_bytes, row

SEMI = FeedProfile(code="semi", delimiter=";")
LATIN1 = FeedProfile(code="latin1", encoding="latin-1")

BAD_CASES = [
    # (id, file bytes, profile, code, row, column, message)
    (
        "wrong_delimiter",
        csv_bytes([row()]),
        SEMI,
        "wrong_delimiter",
        1,
        None,
        "The file seems to be separated by ',', but the profile expects ';'.",
    ),
    (
        "missing_header",
        csv_bytes([row()], header=None).split(b"\n", 1)[1],
        None,
        "missing_header",
        1,
        None,
        "The first row is not a header: none of its names is a known column (2026-11-02, A001, TRAMO1, 100, 40).",
    ),
    (
        "unknown_metric",
        csv_bytes([row(bono="3")], header=[*HEADER, "bono"]),
        None,
        "unknown_column",
        1,
        "bono",
        "Unknown column 'bono'.",
    ),
    (
        "missing_column",
        csv_bytes([row()], header=[h for h in HEADER if h != "contactos"]),
        None,
        "missing_column",
        1,
        None,
        "Required column 'contactos' is missing.",
    ),
    (
        "duplicate_column",
        csv_bytes([row(contacts="40")], header=[*HEADER, "contacts"]),
        None,
        "duplicate_column",
        1,
        "contacts",
        "Column 'contacts' repeats 'contactos', already given by 'contactos'.",
    ),
    (
        "text_in_number",
        csv_bytes([row(intentos="cien")]),
        None,
        "not_a_number",
        2,
        "intentos",
        "'cien' is not a number.",
    ),
    (
        "comma_decimal_under_dot_profile",
        csv_bytes([row(monto_recuperado="1.234,56")], delimiter=";"),
        SEMI,
        "wrong_decimal_separator",
        2,
        "monto_recuperado",
        "'1.234,56' uses ',' as decimal separator; this profile uses '.'.",
    ),
    (
        "thousands_not_allowed",
        csv_bytes([row(monto_recuperado="1,234.56")], delimiter=";"),
        SEMI,
        "wrong_thousands_separator",
        2,
        "monto_recuperado",
        "'1,234.56' uses ',' to group thousands; this profile expects no separator.",
    ),
    (
        "decimal_count",
        csv_bytes([row(promesas="3.5")]),
        None,
        "not_an_integer",
        2,
        "promesas",
        "'3.5' must be a whole number.",
    ),
    (
        "third_decimal_in_money",
        csv_bytes([row(monto_recuperado="10.125")]),
        None,
        "too_many_decimals",
        2,
        "monto_recuperado",
        "'10.125' has more than 2 decimals.",
    ),
    (
        "february_31",
        csv_bytes([row(fecha="2026-02-31")]),
        None,
        "impossible_date",
        2,
        "fecha",
        "'2026-02-31' is not a real calendar day.",
    ),
    (
        "us_date_under_the_canonical_profile",
        csv_bytes([row(fecha="11/05/2026")]),
        None,
        "bad_date",
        2,
        "fecha",
        "'11/05/2026' is not a date in the format yyyy-mm-dd (e.g. 2026-11-05), the one this profile takes.",
    ),
    (
        "two_digit_year",
        csv_bytes([row(fecha="05/11/26")]),
        None,
        "bad_date",
        2,
        "fecha",
        "'05/11/26' is not a date in the format yyyy-mm-dd (e.g. 2026-11-05), the one this profile takes.",
    ),
    (
        "future_date",
        csv_bytes([row(fecha="2026-11-24")]),
        None,
        "future_date",
        2,
        "fecha",
        "Date 2026-11-24 is in the future (today is 2026-11-23).",
    ),
    (
        "locked_period",
        csv_bytes([row(fecha="2026-09-30")]),
        None,
        "locked_period",
        2,
        "fecha",
        "Date 2026-09-30 is in a locked period; its facts cannot change.",
    ),
    (
        "unknown_agent",
        csv_bytes([row(agente="Z999")]),
        None,
        "unknown_agent",
        2,
        "agente",
        "Unknown agent 'Z999' (employee_code).",
    ),
    (
        "unknown_campaign",
        csv_bytes([row(campana="LEGAL")]),
        None,
        "unknown_campaign",
        2,
        "campana",
        "Unknown campaign 'LEGAL'.",
    ),
    (
        "duplicate_rows",
        csv_bytes([row(), row()]),
        None,
        "duplicate_row",
        3,
        "agente",
        "Agent 'A001' already has a row for 2026-11-02 in campaign TRAMO1 at row 2.",
    ),
    (
        "mixed_campaign_rows",
        csv_bytes([row(), row(campana="")]),
        None,
        "mixed_campaign_rows",
        3,
        "campana",
        "Agent 'A001' has rows for 2026-11-02 both with and without a campaign (see row 2); "
        "a day is either split by campaign or not.",
    ),
    (
        "negative_count",
        csv_bytes([row(contactos="-4")]),
        None,
        "negative_value",
        2,
        "contactos",
        "'-4' is negative; 'contactos' cannot be below zero.",
    ),
    (
        "kept_over_promised",
        csv_bytes([row(promesas_cumplidas="6")]),
        None,
        "kept_exceed_promises",
        2,
        "promesas_cumplidas",
        "Kept promises (6) exceed promises (5).",
    ),
    (
        "kept_amount_over_promised",
        csv_bytes([row(monto_cumplido="1000.01")]),
        None,
        "kept_amount_exceed_promised",
        2,
        "monto_cumplido",
        "Kept amount (1000.01) exceeds the promised amount (1000.00).",
    ),
    (
        "rpc_over_contacts",
        csv_bytes([row(contactos_titular="41")]),
        None,
        "rpc_exceed_contacts",
        2,
        "contactos_titular",
        "Right-party contacts (41) exceed contacts (40).",
    ),
    (
        "contacts_over_attempts",
        csv_bytes([row(contactos="101", contactos_titular="20")]),
        None,
        "contacts_exceed_attempts",
        2,
        "contactos",
        "Contacts (101) exceed attempts (100).",
    ),
    (
        "promised_amount_without_promises",
        csv_bytes([row(promesas="0", promesas_cumplidas="0", monto_cumplido="0")]),
        None,
        "promised_amount_without_promises",
        2,
        "monto_prometido",
        "Promised amount 1000.00 with zero promises.",
    ),
    (
        "kept_amount_without_kept",
        csv_bytes([row(promesas_cumplidas="0")]),
        None,
        "kept_amount_without_kept",
        2,
        "monto_cumplido",
        "Kept amount 600.00 with zero kept promises.",
    ),
    (
        "quality_over_100",
        csv_bytes([row(puntaje_calidad="101")]),
        None,
        "quality_out_of_range",
        2,
        "puntaje_calidad",
        "Quality score '101' is outside 0-100.",
    ),
    (
        "quality_without_evaluations",
        csv_bytes([row(evaluaciones_calidad="0")]),
        None,
        "quality_without_evaluations",
        2,
        "puntaje_calidad",
        "Quality score 90.50 with zero evaluations.",
    ),
    (
        "quality_blank_with_evaluations",
        csv_bytes([row(puntaje_calidad="")]),
        None,
        "quality_blank_with_evaluations",
        2,
        "puntaje_calidad",
        "The quality score is empty but there are 2 evaluations.",
    ),
    (
        "hours_over_24",
        csv_bytes([row(horas_pagadas="25")]),
        None,
        "hours_exceed_day",
        2,
        "horas_pagadas",
        "'25' paid hours is more than a day (24).",
    ),
    (
        "handle_seconds_over_a_day",
        csv_bytes([row(segundos_gestion="90000")]),
        None,
        "handle_seconds_exceed_day",
        2,
        "segundos_gestion",
        "'90000' handle seconds is more than a day (86400).",
    ),
    (
        "severe_over_incidents",
        csv_bytes([row(incidentes_graves="2")]),
        None,
        "severe_exceed_incidents",
        2,
        "incidentes_graves",
        "Severe incidents (2) exceed compliance incidents (1).",
    ),
    (
        "blank_count",
        csv_bytes([row(llamadas_atendidas="")]),
        None,
        "blank_value",
        2,
        "llamadas_atendidas",
        "Column 'llamadas_atendidas' is empty.",
    ),
    ("blank_agent", csv_bytes([row(agente="")]), None, "blank_value", 2, "agente", "Column 'agente' is empty."),
    (
        "short_row",
        csv_bytes([row()]) + b"2026-11-03,A001,TRAMO1,1,1\n",
        None,
        "wrong_field_count",
        3,
        None,
        "The row has 5 fields; the header has 18.",
    ),
    (
        "latin1_read_as_utf8",
        csv_bytes([row(agente="ÑANDÚ01")], encoding="latin-1"),
        None,
        "bad_encoding",
        2,
        None,
        "The file is not valid UTF-8: byte 0xD1 at row 2 (1 rows affected). Is it a Latin-1 file? "
        "Choose a Latin-1 profile.",
    ),
    (
        "utf8_read_as_latin1",
        csv_bytes([row(agente="ÑANDÚ01")]),
        LATIN1,
        "utf8_read_as_latin1",
        2,
        None,
        "The file looks like UTF-8 but the profile reads it as Latin-1 (1 rows affected); choose a UTF-8 profile.",
    ),
    ("empty_file", b"", None, "empty_file", None, None, "The file is empty."),
    ("blank_lines_only", b"\n\r\n  \n", None, "empty_file", None, None, "The file is empty."),
    ("header_only", csv_bytes([]), None, "no_data_rows", 1, None, "The file has a header but no data rows."),
    (
        "corrupt_xlsx",
        b"PK\x03\x04garbage",
        None,
        "unreadable_file",
        None,
        None,
        "The file cannot be read as XLSX: File is not a zip file.",
    ),
    (
        "runaway_quote",
        csv_bytes([row()]) + b'2026-11-03,"A002' + b"x" * 140_000 + b"\n",
        None,
        "malformed_row",
        3,
        None,
        "The row cannot be parsed as CSV: field larger than field limit (131072).",
    ),
]


@pytest.mark.parametrize(
    ("data", "profile", "code", "row_number", "column", "message"),
    [case[1:] for case in BAD_CASES],
    ids=[case[0] for case in BAD_CASES],
)
def test_it_rejects_a_malformed_feed_with_a_precise_error(data, profile, code, row_number, column, message):
    result = check(data, profile)

    assert not result.ok
    matching = [e for e in result.errors if e.code == code]
    assert matching, [e.as_dict() for e in result.errors]
    error = matching[0]
    assert (error.row, error.column, error.detail) == (row_number, column, message)


def test_it_has_at_least_25_distinct_reason_codes():
    assert len({case[3] for case in BAD_CASES}) >= 25


def test_it_keeps_the_value_as_written_in_the_error():
    result = check(csv_bytes([row(intentos=" 1O0 ")]))

    assert result.errors[0].value == " 1O0 "


def test_it_reports_every_error_not_only_the_first():
    rows = [row(agente="A001", intentos="x"), row(agente="A002", contactos="-1"), row(agente="Z9", fecha="2026-02-30")]

    result = check(csv_bytes(rows))

    assert [(e.row, e.code) for e in result.errors] == [
        (2, "not_a_number"),
        (3, "negative_value"),
        (4, "impossible_date"),
        (4, "unknown_agent"),
    ]


def test_it_caps_the_kept_errors_but_counts_them_all_in_file_order():
    rows = [row(agente="A001", fecha=f"2026-10-{d:02d}", intentos="x") for d in range(1, 31)]
    rows += [row(agente="A002", fecha=f"2026-10-{d:02d}", contactos="41", contactos_titular="50") for d in range(1, 31)]

    result = check(csv_bytes(rows), max_errors=10)

    assert result.error_count == 60
    assert result.truncated
    assert [e.row for e in result.errors] == list(range(2, 12))


def test_it_skips_combination_checks_on_a_row_with_a_bad_cell():
    # The unparseable promises cell must not also report "kept > promised".
    result = check(csv_bytes([row(promesas="cinco")]))

    assert [e.code for e in result.errors] == ["not_a_number"]


def test_it_reports_every_unknown_column_and_still_checks_rows():
    data = csv_bytes([row(x="1", y="2", intentos="-1")], header=[*HEADER, "x", "y"])

    result = check(data)

    assert [(e.code, e.column) for e in result.errors] == [
        ("negative_value", "intentos"),
        ("unknown_column", "x"),
        ("unknown_column", "y"),
    ] or [(e.code, e.column) for e in result.errors] == [
        ("unknown_column", "x"),
        ("unknown_column", "y"),
        ("negative_value", "intentos"),
    ]


def test_the_good_row_used_by_these_cases_is_valid():
    result = check(csv_bytes([GOOD]))

    assert result.ok, [e.detail for e in result.errors]

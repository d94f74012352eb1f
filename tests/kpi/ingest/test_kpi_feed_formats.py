"""Formats the validator accepts: delimiters, separators, dates, encodings, headers, XLSX, JSON."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi.ingest import CANONICAL, DIALER_LATAM, FeedProfile, ProfileError, validate_rows
from kpi.ingest.codes import METRICS_BY_CODE, normalise_header
from kpi.ingest.numbers import NumberParser
from kpi.ingest.validate import _fast_column

from .helpers import AGENTS, CAMPAIGNS, GOOD, HEADER, TODAY, check, csv_bytes, row


def only_fact(result):
    assert result.ok, [e.detail for e in result.errors]
    facts = list(result.facts)
    assert len(facts) == 1
    return facts[0]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_detects_the_delimiter(delimiter):
    result = check(csv_bytes([row()], delimiter=delimiter))

    assert only_fact(result).values["monto_recuperado"] == Decimal("800.50")
    assert result.delimiter == delimiter


def test_it_reads_utf8_with_a_bom():
    result = check(b"\xef\xbb\xbf" + csv_bytes([row(agente="ÑANDÚ01")]))

    assert only_fact(result).employee_id == AGENTS["ÑANDÚ01"]


def test_it_reads_a_latin1_dialer_export_with_comma_decimals_and_day_first_dates():
    data = csv_bytes(
        [
            row(
                fecha="02/11/2026",
                agente="ÑANDÚ01",
                monto_prometido="1.000,00",
                monto_cumplido="600",
                monto_recuperado="1.234.567,8",
                puntaje_calidad="90,5",
                horas_pagadas="7,5",
            )
        ],
        delimiter=";",
        encoding="latin-1",
    )

    fact = only_fact(check(data, DIALER_LATAM))

    assert fact.day == date(2026, 11, 2)
    assert fact.values["monto_recuperado"] == Decimal("1234567.80")
    assert fact.values["horas_pagadas"] == Decimal("7.50")
    assert fact.values["puntaje_calidad"] == Decimal("90.50")


def test_auto_encoding_accepts_utf8_and_latin1():
    profile = FeedProfile(encoding="auto")

    assert check(csv_bytes([row(agente="ÑANDÚ01")], encoding="latin-1"), profile).ok
    assert check(csv_bytes([row(agente="ÑANDÚ01")], encoding="utf-8"), profile).ok


def test_it_understands_english_names_accents_and_profile_headers():
    english = [
        "date",
        "Agent",
        "Campaña",
        "attempts",
        "contacts",
        "RPC",
        "ptp_count",
        "PTP Amount",
        "kept_count",
        "kept_amount",
        "collected_amount",
        "paid_hours",
        "handled_calls",
        "handle_seconds",
        "qa_evaluations",
        "qa_score",
        "compliance_incidents",
        "Severe Compliance Incidents",
    ]
    data = csv_bytes([{e: GOOD[h] for e, h in zip(english, HEADER, strict=True)}], header=english)

    assert only_fact(check(data)).values["promesas"] == 5

    mapped = FeedProfile(header_map=(("Gestor", "agente"), ("Recaudo", "monto_recuperado")), ignore_columns=("Notas",))
    header = ["Gestor" if h == "agente" else "Recaudo" if h == "monto_recuperado" else h for h in HEADER]
    data = csv_bytes(
        [{**{h: GOOD.get(h, "") for h in header}, "Gestor": "A002", "Recaudo": "5", "Notas": "x"}],
        header=[*header, "Notas"],
    )
    fact = only_fact(check(data, mapped))
    assert fact.employee_id == 2 and fact.values["monto_recuperado"] == Decimal("5.00")


def test_optional_and_defaulted_columns_load_their_default():
    header = [h for h in HEADER if h not in ("incidentes_graves", "segundos_gestion")]
    profile = FeedProfile(defaults=(("segundos_gestion", "0"),))

    fact = only_fact(check(csv_bytes([row()], header=header), profile))

    assert fact.values["incidentes_graves"] == 0 and fact.values["segundos_gestion"] == 0


def test_a_day_without_evaluations_may_leave_the_score_blank():
    fact = only_fact(check(csv_bytes([row(evaluaciones_calidad="0", puntaje_calidad="")])))

    assert fact.values["puntaje_calidad"] == Decimal("0.00")


def test_hours_and_scores_round_half_up_to_two_decimals():
    fact = only_fact(check(csv_bytes([row(horas_pagadas="7.335", puntaje_calidad="88.125")])))

    assert (fact.values["horas_pagadas"], fact.values["puntaje_calidad"]) == (Decimal("7.34"), Decimal("88.13"))


def test_agents_are_matched_casefolded_and_campaign_is_optional():
    header = [h for h in HEADER if h != "campana"]

    fact = only_fact(check(csv_bytes([row(agente="A003")], header=header)))

    assert fact.employee_id == AGENTS["a003"] and fact.campaign_id is None


def test_it_reads_xlsx_with_typed_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(
        [date(2026, 11, 2), "A001", "TRAMO1", 100, 40, 20, 5, 1000.0, 3, 600, 800.5, 8, 30, 20000, 2, 90.5, 1, 0]
    )
    sheet.append([None] * len(HEADER))  # a blank row is skipped
    sheet.append(["2026-11-03", "A001", "TRAMO1", 100, 40, 20, 5, "1000", 3, 600, 800.5, 8, 30, 20000, 2, 90.5, 1, "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    result = check(buffer.getvalue())

    assert result.format == "xlsx"
    assert [(e.row, e.column, e.code) for e in result.errors] == [(4, "incidentes_graves", "not_a_number")]


def test_json_rows_accept_numbers_and_strings():
    rows = [
        {"fecha": "2026-11-02", "agente": "A001", **{k: v for k, v in GOOD.items() if k not in ("fecha", "agente")}}
    ]
    rows[0]["monto_recuperado"] = 800.5
    rows[0]["intentos"] = 100

    result = validate_rows(rows, agents=AGENTS, campaigns=CAMPAIGNS, today=TODAY)

    assert only_fact(result).values["monto_recuperado"] == Decimal("800.50")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"delimiter": "|"},
        {"decimal_separator": ",", "thousands_separator": ","},
        {"date_format": "yy"},
        {"encoding": "utf-16"},
        {"header_map": (("x", "nope"),)},
        {"defaults": (("nope", "0"),)},
    ],
)
def test_an_impossible_profile_is_refused(kwargs):
    with pytest.raises(ProfileError):
        FeedProfile(**kwargs)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" Campaña ", "campana"), ("Paid Hours", "paid_hours"), ("\ufeffFecha", "fecha"), ("QA-Score", "qa_score")],
)
def test_headers_are_normalised(raw, expected):
    assert normalise_header(raw) == expected


money = st.integers(min_value=0, max_value=10**11)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(money, min_size=1, max_size=40),
    st.sampled_from([CANONICAL, DIALER_LATAM]),
    st.sampled_from(["monto_recuperado", "horas_pagadas", "intentos"]),
    st.data(),
)
def test_the_column_fast_path_agrees_with_the_cell_parser(cents, profile, code, data):
    spec = METRICS_BY_CODE[code]
    texts = []
    for value in cents:
        value = value if spec.maximum is None else value % (spec.maximum + 1)
        if spec.scale == 0:
            texts.append(str(value // 100))
            continue
        whole, frac = divmod(value, 100)
        style = data.draw(st.sampled_from(["full", "short", "int"]))
        mark = profile.decimal_separator
        text = {"full": f"{whole}{mark}{frac:02d}", "short": f"{whole}{mark}{frac // 10}", "int": str(whole)}[style]
        texts.append(text)
    parser = NumberParser(spec, profile)

    fast = _fast_column(tuple(texts), spec, 10**spec.scale, spec.maximum, profile.decimal_separator)
    slow = [parser.parse(t)[0] for t in texts]

    if fast is not None:
        assert list(fast) == slow
    else:  # the fast path may decline, never disagree
        assert any(v is None for v in slow) or profile.thousands_separator

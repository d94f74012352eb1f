"""The fast lane (``ingest.fastlane``): what it takes, what it declines, and that whatever it takes
the full validator takes too, with the same values."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi.ingest import CANONICAL, DIALER_LATAM, FeedProfile, validate_feed
from kpi.ingest.codes import METRICS_BY_CODE, scaled_to_decimal
from kpi.ingest.fastlane import Scanner, plan
from kpi.ingest.validate import EXCEEDS_RULES, WITHOUT_RULES
from tests.kpi.ingest.helpers import AGENTS, CAMPAIGNS, HEADER, TODAY, csv_bytes, locked_before_october, row

# codes the lane leaves to the database's rule check (loader.rule_violations_sql)
ROW_RULE_CODES = {code for code, _a, _b in EXCEEDS_RULES + WITHOUT_RULES} | {
    "quality_out_of_range",
    "hours_exceed_day",
    "handle_seconds_exceed_day",
    "value_too_large",
}


def scanner_for(layout, profile: FeedProfile, agents=AGENTS) -> Scanner:
    """A scanner as the loader builds one, for import id 7, with days before October locked."""
    return Scanner(
        layout=layout,
        profile=profile,
        agents=agents,
        campaigns=CAMPAIGNS,
        today=TODAY,
        is_locked=locked_before_october,
        suffix=f"{layout.delimiter}7",
    )


def scan(data: bytes, profile: FeedProfile = CANONICAL, block_lines: int | None = None) -> tuple[Scanner | None, str]:
    layout = plan(data, profile)
    if layout is None:
        return None, ""
    scanner = scanner_for(layout, profile)
    body = data[layout.data_offset :].decode("utf-8")
    lines = body.splitlines(keepends=True)
    size = block_lines or max(len(lines), 1)
    out = []
    for start in range(0, len(lines), size):
        text = scanner.feed("".join(lines[start : start + size]))
        if text is None:
            return scanner, ""
        out.append(text)
    return scanner, "".join(out)


def copied(scanner: Scanner, text: str) -> list[dict[str, str]]:
    columns = [*scanner.copy_columns(), "batch_id"]
    return [dict(zip(columns, line.split(scanner.layout.delimiter), strict=True)) for line in text.splitlines()]


def test_a_plain_feed_becomes_copy_rows_with_ids():
    data = csv_bytes([row(), row(agente="a003", campana="TRAMO2", fecha="2026-11-03", monto_recuperado="-12.5")])

    scanner, text = scan(data, block_lines=1)

    assert scanner.declined is None and scanner.rows == 2
    first, second = copied(scanner, text)
    assert (first["employee_id"], first["day"], first["campaign_id"], first["batch_id"]) == (
        "1",
        "2026-11-02",
        "10",
        "7",
    )
    assert (first["monto_recuperado"], first["puntaje_calidad"], first["horas_pagadas"]) == ("800.50", "90.5", "8")
    assert (second["employee_id"], second["campaign_id"], second["monto_recuperado"]) == ("4", "20", "-12.5")
    assert scanner.employee_ids() == {1, 4} and scanner.campaign_ids() == {10, 20}
    assert [d.isoformat() for d in scanner.days()] == ["2026-11-02", "2026-11-03"]


def test_a_semicolon_feed_with_decimal_commas_is_copied_with_points():
    data = csv_bytes(
        [
            row(
                fecha="02/11/2026",
                agente="dl-a001",
                monto_prometido="1000",
                monto_cumplido="600",
                monto_recuperado="800,50",
                horas_pagadas="7,5",
                puntaje_calidad="90,25",
            )
        ],
        delimiter=";",
    )
    profile = FeedProfile(delimiter=";", decimal_separator=",", date_format="dd/mm/yyyy", agent_key="dialer_login")
    layout = plan(data, profile)
    scanner = scanner_for(layout, profile, agents={"dl-a001": 1})

    (line,) = copied(scanner, scanner.feed(data[layout.data_offset :].decode()))

    assert (line["day"], line["monto_recuperado"], line["horas_pagadas"]) == ("2026-11-02", "800.50", "7.5")
    assert line["puntaje_calidad"] == "90.25"


def test_the_header_decides_whether_the_lane_can_take_a_file():
    bom = b"\xef\xbb\xbf" + csv_bytes([row()])
    assert plan(bom, CANONICAL).data_offset == bom.index(b"\n") + 1
    assert plan(csv_bytes([row()], header=[*HEADER[:3], *HEADER[3:-1]]), CANONICAL) is not None  # optional column
    declined = {
        "unknown column": csv_bytes([row()], header=[*HEADER, "extra"]),
        "repeated column": csv_bytes([row()], header=[*HEADER, "intentos"]),
        "identity after a metric": csv_bytes([row()], header=[HEADER[0], HEADER[3], HEADER[1], *HEADER[4:]]),
        "required metric missing": csv_bytes([row()], header=[h for h in HEADER if h != "promesas"]),
        "blank header cell": csv_bytes([row()], header=[*HEADER, ""]),
        "no newline at all": b"fecha,agente",
    }
    for reason, data in declined.items():
        assert plan(data, CANONICAL) is None, reason
    assert plan(csv_bytes([row()]), FeedProfile(encoding="latin-1")) is None
    assert plan(csv_bytes([row()]), FeedProfile(ignore_columns=("notas",), defaults=(("intentos", "0"),))) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"intentos": "+5"},
        {"intentos": " 5"},
        {"intentos": "5.0"},
        {"intentos": "1e3"},
        {"intentos": ""},
        {"contactos": "-1"},
        {"monto_recuperado": "1,234.50"},
        {"monto_prometido": "10.001"},
        {"monto_prometido": "NaN"},
        {"horas_pagadas": "8."},
        {"horas_pagadas": ".5"},
        {"intentos": "١٢"},
        {"agente": "NADIE"},
        {"agente": ""},
        {"campana": ""},
        {"campana": "TRAMO9"},
        {"fecha": "2026-12-24"},
        {"fecha": "2026-09-30"},
        {"fecha": "31/02/2026"},
        {"fecha": "11/05/2026"},
        {"agente": '"A001"'},
    ],
)
def test_the_lane_declines_what_it_does_not_read_plainly(changes):
    scanner, _text = scan(csv_bytes([row(agente="A002"), row(**changes)]))

    assert scanner.declined is not None


def test_the_lane_declines_a_repeated_agent_day_within_and_across_blocks():
    within, _ = scan(csv_bytes([row(), row(intentos="7")]))
    across, _ = scan(csv_bytes([row(), row(agente="A002"), row(intentos="7")]), block_lines=2)

    assert within.declined == across.declined == "repeated agent-day"


# --------------------------------------------------------------------------- agreement

PLAIN = {
    "count": ["0", "3", "7", "12", "007"],
    "money": ["0", "0.00", "10", "10.5", "10.50"],
    "net": ["0", "10.50", "-3.25", "-0.5"],
    "hours": ["8", "8.00", "7.5", "24"],
    "score": ["0", "90.5", "100"],
    "seconds": ["0", "20000", "86400"],
}
TRICKY = {
    "count": ["+3", "-1", "3.0", "3.5", " 4", "", "1e2", "2147483648", "3,0"],
    "money": ["10.505", "1,234.50", "1.234,50", ".5", "9" * 13, "NaN", "+1", "-3.25"],
    "net": ["10.505", "--1", "+1", "- 1"],
    "hours": ["24.01", "25", "7.555", "", "8."],
    "score": ["100.01", "85.125", ""],
    "seconds": ["86401", "-5"],
}
KIND = {
    "monto_prometido": "money",
    "monto_cumplido": "money",
    "monto_recuperado": "net",
    "horas_pagadas": "hours",
    "puntaje_calidad": "score",
    "segundos_gestion": "seconds",
}
PROFILES = {
    "canonical": (CANONICAL, ["2026-11-02", "2026-11-03", "2026-11-20"], ["A001", "A002", "a003", "ÑANDÚ01"]),
    "latam": (DIALER_LATAM, ["02/11/2026", "03/11/2026", "20/11/2026"], ["dl-a001", "dl-a002", "dl-a003"]),
    "lenient": (
        FeedProfile(ignore_unknown_columns=True, blank_zero_metrics=("intentos", "horas_pagadas", "puntaje_calidad")),
        ["2026-11-02", "2026-11-03"],
        ["A001", "A002"],
    ),
    "month-first": (
        FeedProfile(date_format="mm/dd/yyyy"),
        ["11/02/2026", "11/03/2026", "11/20/2026"],
        ["A001", "A002"],
    ),
}


def _draw_rows(data, profile, days, agents, plain: bool) -> list[dict[str, str]]:
    def cell(kind: str) -> str:
        choices = PLAIN[kind] if plain else PLAIN[kind] * 3 + TRICKY[kind]
        text = data.draw(st.sampled_from(choices))
        return text.replace(".", ",") if profile.decimal_separator == "," and text in PLAIN[kind] else text

    odd_days = ["2026-12-24", "31/02/2026", "2026-09-01", "", "11/05/2026", "05/11/2026", "2026-11-05"]
    odd_agents = ["NADIE", " A002", ""]
    rows = []
    for _ in range(data.draw(st.integers(1, 6))):
        rows.append(
            {
                "fecha": data.draw(st.sampled_from(days if plain else days + odd_days)),
                "agente": data.draw(st.sampled_from(agents if plain else agents + odd_agents)),
                "campana": data.draw(st.sampled_from(["TRAMO1", "TRAMO2"] + ([] if plain else ["tramo1", "", "X"]))),
                **{code: cell(KIND.get(code, "count")) for code in HEADER[3:]},
            }
        )
    return rows


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(PROFILES)), st.booleans(), st.data())
def test_whatever_the_lane_takes_the_validator_takes_with_the_same_values(profile_name, plain, data):
    profile, days, agent_names = PROFILES[profile_name]
    rows = _draw_rows(data, profile, days, agent_names, plain)
    delimiter = profile.delimiter or ","
    csv_data = csv_bytes(rows, delimiter=delimiter)
    agents = {**AGENTS, **{f"dl-{k.lower()}": v for k, v in AGENTS.items()}}
    layout = plan(csv_data, profile)
    assert layout is not None
    scanner = scanner_for(layout, profile, agents=agents)
    text = scanner.feed(csv_data[layout.data_offset :].decode("utf-8"))
    keys = [
        (
            agents[r["agente"].strip()] if r["agente"].strip() in agents else r["agente"],
            r["fecha"],
            r["campana"].upper(),
        )
        for r in rows
    ]
    if plain and len(set(keys)) == len(keys):
        assert text is not None, scanner.declined  # a plainly written feed is never sent the slow way
    if text is None:
        return  # declining is always allowed

    result = validate_feed(
        io.BytesIO(csv_data),
        profile=profile,
        agents=agents,
        campaigns=CAMPAIGNS,
        today=TODAY,
        is_locked=locked_before_october,
    )

    # the lane leaves the row rules to the database; any other error would be a wrong "yes"
    assert {e.code for e in result.errors} <= ROW_RULE_CODES
    facts = result.facts
    for i, line in enumerate(copied(scanner, text)):
        assert int(line["employee_id"]) == facts.employee_ids[i]
        assert line["day"] == facts.fact(i).day.isoformat()
        assert int(line["campaign_id"] or 0) == facts.campaign_ids[i]
        if _row_has_error(result, facts.rows[i]):
            continue
        for code in scanner.layout.metrics:
            expected = scaled_to_decimal(facts.metrics[code][i], METRICS_BY_CODE[code].scale)
            assert Decimal(line[code]) == expected, (code, line[code])


def _row_has_error(result, row_number: int) -> bool:
    return any(e.row == row_number for e in result.errors)

"""Durations in metric cells (#18): a profile declares, per metric, that its cells are written as
``hh:mm:ss``, ``mm:ss`` or minutes; they load in the KPI's own unit (handle time in seconds, paid
time in hours), and a cell written otherwise is named by row and column."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from kpi.ingest import FeedProfile, ProfileError
from kpi.ingest.fastlane import plan
from kpi.messages import error_message

from .helpers import check, csv_bytes, row


@pytest.mark.parametrize(
    ("written", "handle", "paid", "seconds", "hours"),
    [
        ("hh:mm:ss", "01:30:15", "08:00:00", 5415, Decimal("8.00")),
        ("hh:mm:ss", "0:00:59", "07:45:00", 59, Decimal("7.75")),
        ("mm:ss", "90:15", "450:00", 5415, Decimal("7.50")),
        ("minutes", "90.25", "480", 5415, Decimal("8.00")),
        ("minutes", "0.5", "20", 30, Decimal("0.33")),  # 20 min = 0.333 h: rounded half-up to the KPI's decimals
    ],
)
def test_a_duration_cell_loads_in_the_kpis_unit(written, handle, paid, seconds, hours):
    profile = FeedProfile(durations=(("segundos_gestion", written), ("horas_pagadas", written)))

    result = check(csv_bytes([row(segundos_gestion=handle, horas_pagadas=paid)]), profile)

    assert result.ok, result.errors
    values = result.facts.fact(0).values
    assert values["segundos_gestion"] == seconds and values["horas_pagadas"] == hours


def test_minutes_follow_the_profiles_decimal_comma():
    profile = FeedProfile(delimiter=";", decimal_separator=",", durations=(("segundos_gestion", "minutes"),))
    data = csv_bytes(
        [row(segundos_gestion="90,25", monto_prometido="1000,00", monto_cumplido="600,00", monto_recuperado="800,50")],
        delimiter=";",
    )
    data = data.replace(b";90.5;", b";90,5;")  # the quality score, with the profile's comma too

    result = check(data, profile)

    assert result.ok, result.errors
    assert result.facts.fact(0).values["segundos_gestion"] == 5415


def test_a_cell_not_written_as_the_profile_says_is_named_by_row_and_column_in_spanish():
    profile = FeedProfile(durations=(("segundos_gestion", "hh:mm:ss"),))
    data = csv_bytes([row(segundos_gestion="01:30:15"), row(agente="A002", segundos_gestion="5415")])

    result = check(data, profile)

    assert not result.ok and len(result.facts) == 2
    (error,) = result.errors
    assert (error.code, error.row, error.column, error.value) == ("bad_duration", 3, "segundos_gestion", "5415")
    with translation.override("es"):
        text = error_message(error)
    assert "5415" in text and "hh:mm:ss" in text and "segundos_gestion" in text and "duración" in text


def test_a_duration_beyond_a_day_is_refused_like_the_number_it_stands_for():
    profile = FeedProfile(durations=(("segundos_gestion", "hh:mm:ss"),))

    result = check(csv_bytes([row(segundos_gestion="25:00:00")]), profile)

    assert [e.code for e in result.errors] == ["handle_seconds_exceed_day"]


def test_an_xlsx_time_cell_is_a_duration_as_it_is():
    workbook = Workbook()
    sheet = workbook.active
    header = list(row())
    sheet.append(header)
    values = {**row(), "segundos_gestion": dt.time(1, 30, 15), "horas_pagadas": dt.timedelta(hours=7, minutes=30)}
    sheet.append([values[h] for h in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    profile = FeedProfile(durations=(("segundos_gestion", "hh:mm:ss"), ("horas_pagadas", "hh:mm:ss")))

    result = check(buffer.getvalue(), profile, filename="intervalos.xlsx")

    assert result.ok, result.errors
    values = result.facts.fact(0).values
    assert values["segundos_gestion"] == 5415 and values["horas_pagadas"] == Decimal("7.50")


def test_only_time_metrics_take_durations_and_only_the_three_formats():
    with pytest.raises(ProfileError):
        FeedProfile(durations=(("intentos", "hh:mm:ss"),))
    with pytest.raises(ProfileError):
        FeedProfile(durations=(("segundos_gestion", "h:m"),))


def test_the_fast_lane_declines_a_profile_with_durations():
    profile = FeedProfile(durations=(("segundos_gestion", "hh:mm:ss"),))
    assert plan(csv_bytes([row(segundos_gestion="01:30:15")]), profile) is None
    assert plan(csv_bytes([row()]), FeedProfile()) is not None

"""One date format per profile (#18): no date is ever read another way than the profile says."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from kpi.ingest import CANONICAL, FeedProfile, ProfileError, guess_date_format
from kpi.messages import error_message

from .helpers import check, csv_bytes, row


def test_the_canonical_profile_refuses_a_us_date_naming_row_column_and_the_format_expected():
    result = check(csv_bytes([row(fecha="2026-11-02"), row(agente="A002", fecha="11/05/2026")]), CANONICAL)

    assert not result.ok
    [error] = result.errors
    assert (error.code, error.row, error.column, error.value) == ("bad_date", 3, "fecha", "11/05/2026")
    assert "yyyy-mm-dd" in error.detail and "2026-11-05" in error.detail


def test_a_profile_takes_exactly_one_date_format():
    with pytest.raises(ProfileError, match="exactly one"):
        FeedProfile(date_format="auto")


@pytest.mark.parametrize(
    ("date_format", "day"),
    [("dd/mm/yyyy", date(2026, 5, 11)), ("mm/dd/yyyy", date(2026, 11, 5))],
)
def test_the_same_cell_is_the_day_its_profile_says(date_format, day):
    result = check(csv_bytes([row(fecha="11/05/2026")]), FeedProfile(date_format=date_format), is_locked=None)

    assert result.ok, result.errors
    assert result.facts.fact(0).day == day


def test_a_day_first_profile_refuses_an_iso_date():
    result = check(csv_bytes([row(fecha="2026-11-05")]), FeedProfile(date_format="dd/mm/yyyy"))

    assert [(e.code, e.column) for e in result.errors] == [("bad_date", "fecha")]


def test_sample_dates_that_read_differently_day_first_and_month_first_make_the_profile_choose():
    guess = guess_date_format(["11/05/2026", "03/05/2026", ""])

    assert guess.ambiguous
    assert guess.proposed is None
    assert set(guess.candidates) == {"dd/mm/yyyy", "mm/dd/yyyy"}
    assert guess.examples[0] == ("11/05/2026", date(2026, 5, 11), date(2026, 11, 5))


@pytest.mark.parametrize(
    ("cells", "proposed"),
    [
        (["13/05/2026", "11/05/2026"], "dd/mm/yyyy"),
        (["05/13/2026", "11/05/2026"], "mm/dd/yyyy"),
        (["2026-11-05", "2026-11-06"], "yyyy-mm-dd"),
        (["01/01/2026", "02/02/2026"], "dd/mm/yyyy"),  # the same day either way: nothing to choose
        (["05/11/26"], None),
    ],
)
def test_sample_dates_that_fit_one_reading_propose_it(cells, proposed):
    guess = guess_date_format(cells)

    assert not guess.ambiguous
    assert guess.proposed == proposed


def test_the_spanish_date_message_names_the_expected_format_in_spanish_without_english_words():
    [error] = check(csv_bytes([row(fecha="11/05/2026")]), CANONICAL).errors

    with translation.override("es"):
        text = error_message(error)

    assert "aaaa-mm-dd" in text and "2026-11-05" in text
    assert " or " not in text and "yyyy" not in text


def test_a_report_stored_before_one_format_per_profile_reads_in_spanish():
    stored = {"code": "bad_date", "row": 2, "column": "fecha", "value": "05/11/26"}
    stored["params"] = {"format": "yyyy-mm-dd or dd/mm/yyyy"}

    with translation.override("es"):
        text = error_message(stored)

    assert "aaaa-mm-dd o dd/mm/aaaa" in text and " or " not in text

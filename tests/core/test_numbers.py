"""Money and numbers for people: Babel (CLDR) in the reader's language and the currency's country."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from core.numbers import (
    currency_digits,
    format_count_tick,
    format_money,
    format_month,
    format_number,
    format_percent,
    locale_for,
)

AMOUNT = Decimal("8497.98")


@pytest.mark.parametrize(
    ("currency", "language", "expected"),
    [
        ("MXN", "es", "$8,497.98"),
        ("COP", "es", "$8.497,98"),
        ("CLP", "es", "$8.498"),  # the peso chileno has no cents
        ("PEN", "es", "S/\xa08,497.98"),
        ("MXN", "en", "MX$8,497.98"),  # English readers: en_US conventions, unambiguous symbols
        ("COP", "en", "COP8,497.98"),
        ("CLP", "en", "CLP8,498"),
        ("PEN", "en", "PEN8,497.98"),
    ],
)
def test_money_follows_the_readers_language_and_the_currencys_country(currency, language, expected):
    assert format_money(AMOUNT, currency, language=language) == expected


def test_the_active_language_is_the_default_reader():
    with translation.override("es"):
        assert format_money(Decimal("1657632.3"), "COP") == "$1.657.632,30"
    with translation.override("en"):
        assert format_money(Decimal("1657632.3"), "COP") == "COP1,657,632.30"


@pytest.mark.parametrize(
    ("language", "currency", "locale"),
    [
        ("es", "MXN", "es_MX"),
        ("es", "COP", "es_CO"),
        ("es", "CLP", "es_CL"),
        ("es", "PEN", "es_PE"),
        ("en", "COP", "en_US"),
        ("en", "MXN", "en_US"),
        ("es", None, "es_MX"),
        ("es-co", "CLP", "es_CL"),
    ],
)
def test_locale_choice(language, currency, locale):
    assert locale_for(language=language, currency=currency) == locale


def test_numbers_and_percentages_are_grouped_and_never_raw():
    assert format_number(Decimal("7575.63"), language="es") == "7,575.63"
    assert format_number(Decimal("890786.930000000"), decimals=2, language="es", currency="COP") == "890.786,93"
    assert format_number(1, language="es") == "1"
    assert format_percent(Decimal("0.972"), language="es") == "97.2\xa0%"
    assert format_percent(Decimal("1"), language="es", currency="COP") == "100,0\xa0%"
    assert format_percent(Decimal("0.972"), language="en") == "97.2%"


def test_missing_and_non_numbers_show_a_dash():
    assert format_money(None, "MXN") == "—"
    assert format_money("abc", "MXN") == "—"
    assert format_number(None) == "—"


def test_minor_units_come_from_iso_4217():
    assert [currency_digits(c) for c in ("MXN", "COP", "CLP", "PEN")] == [2, 2, 0, 2]


def test_whole_amounts_for_a_charts_axis_keep_the_countrys_grouping_and_symbol():
    assert format_money(50000, "COP", language="es", whole=True) == "$50.000"
    assert format_money(50000, "MXN", language="es", whole=True) == "$50,000"
    assert format_money(-1500, "MXN", language="en", whole=True) == "-MX$1,500"
    assert format_money(Decimal("1234.50"), "COP", language="es") == "$1.234,50"  # unchanged without it


def test_months_are_written_in_the_readers_language():
    assert format_month(dt.date(2026, 11, 1), language="es") == "nov 2026"
    assert format_month(dt.date(2026, 11, 1), language="en") == "Nov 2026"


def test_a_count_axis_labels_only_whole_numbers():
    assert [format_count_tick(v, language="es") for v in (0, Decimal("0.5"), 1, 12000)] == ["0", "", "1", "12,000"]
    assert format_count_tick(Decimal("2.0"), language="en") == "2"

"""Numbers for people: money, plain numbers and percentages formatted with Babel (CLDR data).

The locale is chosen from the reader's language and the currency's country:

* Spanish readers get the currency's country conventions: MXN ``es_MX`` ($8,497.98), COP ``es_CO``
  ($8.497,98), CLP ``es_CL`` ($8.498, no cents), PEN ``es_PE`` (S/ 8,497.98).
* English readers get ``en_US`` conventions whatever the currency (CLDR has no ``en_CO`` / ``en_CL`` /
  ``en_PE`` / ``en_MX`` locale), so a foreign peso is written with its unambiguous symbol:
  ``MX$8,497.98``, ``COP 8,497.98``, ``CLP 8,498``, ``PEN 8,497.98``.

Amounts keep the currency's minor unit (``currency_digits``: ISO 4217 through Babel, 0 for CLP).
Plain numbers and percentages without a currency use the reader's language with the company's
default country (Mexico).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import translation

#: the country whose conventions a currency is written in for Spanish readers
CURRENCY_COUNTRY = {"MXN": "MX", "COP": "CO", "CLP": "CL", "PEN": "PE", "USD": "US"}
SPANISH_LOCALES = {"MX": "es_MX", "CO": "es_CO", "CL": "es_CL", "PE": "es_PE", "US": "es_US"}
DEFAULT_COUNTRY = "MX"
EMPTY = "—"


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "es").split("-")[0].split("_")[0].lower()


def locale_for(*, language: str | None = None, currency: str | None = None) -> str:
    """The Babel locale for a reader's language (es/en; default: the active one) and a currency."""
    if _language(language) == "en":
        return "en_US"
    country = CURRENCY_COUNTRY.get((currency or "").upper(), DEFAULT_COUNTRY)
    return SPANISH_LOCALES.get(country, "es_MX")


def currency_digits(currency: str) -> int:
    """Minor-unit exponent of a currency (2 for MXN, 0 for CLP)."""
    return babel_numbers.get_currency_precision(currency.upper())


def to_decimal(value) -> Decimal | None:
    """A Decimal for anything number-like (Decimal, int, float, numeric string); None otherwise."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return d if d.is_finite() else None


def format_money(amount, currency: str, *, language: str | None = None, whole: bool = False) -> str:
    """``$8,497.98`` (MXN, es), ``$8.497,98`` (COP, es), ``$8.498`` (CLP, es), ``MX$8,497.98`` (MXN, en).

    ``whole=True`` writes no minor unit (``$50.000``: a chart's axis, where the ticks are round)."""
    d = to_decimal(amount)
    if d is None:
        return EMPTY
    if not currency:
        return format_number(d, decimals=0 if whole else 2, language=language)
    currency = currency.upper()
    locale = locale_for(language=language, currency=currency)
    if whole:
        pattern = babel_numbers.Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
        return babel_numbers.format_currency(
            d, currency, format=re.sub(r"\.0+", "", pattern), locale=locale, currency_digits=False
        )
    return babel_numbers.format_currency(d, currency, locale=locale, currency_digits=True)


def format_number(
    value, *, decimals: int | None = None, language: str | None = None, currency: str | None = None
) -> str:
    """A plain number with the reader's grouping: ``decimals`` fixed, or up to 2 when None (``1``, ``7,575.63``)."""
    d = to_decimal(value)
    if d is None:
        return EMPTY
    if decimals is None:
        pattern = "#,##0.##"
    elif decimals == 0:
        pattern = "#,##0"
    else:
        pattern = "#,##0." + "0" * decimals
    return babel_numbers.format_decimal(d, format=pattern, locale=locale_for(language=language, currency=currency))


def format_percent(ratio, *, decimals: int = 1, language: str | None = None, currency: str | None = None) -> str:
    """A ratio (0.972) as a percentage (``97.2 %`` in es_MX, ``97.2%`` in en_US)."""
    d = to_decimal(ratio)
    if d is None:
        return EMPTY
    loc = locale_for(language=language, currency=currency)
    pattern = "#,##0%" if decimals == 0 else "#,##0." + "0" * decimals + "%"
    text = babel_numbers.format_percent(d, format=pattern, locale=loc)
    if loc.startswith("es"):
        # Spanish style (RAE, CLDR's es): a (non-breaking) space before the sign
        text = text.replace("%", "\xa0%") if "\xa0%" not in text else text
    return text


def format_count_tick(value, *, language: str | None = None) -> str:
    """An axis tick of a chart of counts: a whole number in the reader's grouping, and nothing for a
    tick between two whole numbers (a chart of one or two runs gets ticks at 0, 0.5 and 1)."""
    d = to_decimal(value)
    if d is None or d != d.to_integral_value():
        return ""
    return format_number(d, decimals=0, language=language)


def format_month(day, *, language: str | None = None) -> str:
    """A month as people write it, short (a chart's axis): ``nov 2026`` (es), ``Nov 2026`` (en)."""
    if day is None:
        return EMPTY
    return babel_dates.format_skeleton("yMMM", day, locale=locale_for(language=language))

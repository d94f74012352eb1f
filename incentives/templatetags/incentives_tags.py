"""Numbers for people in the incentives pages, PDFs and e-mails: every amount, count and
percentage goes through :mod:`core.numbers` (Babel), in the active language and the currency's
country."""

from __future__ import annotations

from django import template

from core.numbers import format_money, format_number, format_percent, to_decimal
from incentives.messages import run_event_label, stale_kinds_label
from incentives.presenter import Presenter

register = template.Library()


@register.filter
def money(value, currency: str = "") -> str:
    """``{{ amount|money:payout.currency }}`` → ``$8,497.98`` (MXN), ``$8.497,98`` (COP), ``$8.498`` (CLP)."""
    return format_money(value, currency or "")


@register.filter
def number(value, decimals=None) -> str:
    """``{{ n|number }}`` (up to 2 decimals) or ``{{ n|number:0 }}``, with the language's grouping."""
    return format_number(value, decimals=None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value, decimals=1) -> str:
    """A ratio as a percentage: ``{{ 0.972|percent }}`` → ``97.2 %``."""
    return format_percent(value, decimals=int(decimals))


@register.filter
def points(value, decimals=1) -> str:
    """A value already on a 0-100 scale (a score, a rate in %) as a percentage: ``97.2 %``."""
    d = to_decimal(value)
    return format_percent(None if d is None else d / 100, decimals=int(decimals))


@register.filter
def money_change(value, currency: str = "") -> str:
    """A change with its sign: ``+$80.00``, ``−$80.00`` (a true minus sign), ``$0.00``."""
    d = to_decimal(value)
    if d is None or d == 0:
        return format_money(d, currency or "")
    text = format_money(abs(d), currency or "")
    return ("+" if d > 0 else "\u2212") + text


@register.filter
def percent_change(ratio, decimals=1) -> str:
    """A ratio of change with its sign: ``+25.0 %``, ``−50.0 %``."""
    d = to_decimal(ratio)
    if d is None or d == 0:
        return format_percent(d, decimals=int(decimals))
    return ("+" if d > 0 else "\u2212") + format_percent(abs(d), decimals=int(decimals))


@register.filter
def money_totals(totals) -> str:
    """One total per currency, never summed across currencies: ``$8,497.98 · $ 1.000,00``.

    ``totals`` is a ``{currency: amount}`` mapping (a run's or a team's ``totals``) or a list of pairs."""
    if not totals:
        return format_money(0, "")
    pairs = totals.items() if hasattr(totals, "items") else totals
    return " · ".join(f"{format_money(amount, cur)} {cur}" for cur, amount in sorted(pairs))


@register.filter
def gate_label(result, kpis=None) -> str:
    """A gate result by what it asks ("Quality ≥ 85"), never its code; ``kpis`` from ``kpi_labels()``."""
    return Presenter(currency="", kpis=kpis or {}).gate_label(result)


@register.filter
def stale_kinds(kinds) -> str:
    """The changed input kinds of a stale run, in words ("KPI facts, targets")."""
    return stale_kinds_label(kinds)


@register.filter
def run_event(action: str) -> str:
    """A run history entry's action in words ("final approval"), never its code."""
    return run_event_label(action)

"""Formatting of explain traces: readable numbers and inputs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


def _number(value) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    places = 0 if d == d.to_integral_value() else min(4, max(2, -d.as_tuple().exponent))
    d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize() if places else d.quantize(Decimal(1))
    if places and d == d.to_integral_value():
        d = d.quantize(Decimal("0.01"))
    return number_format(d, use_l10n=True, force_grouping=False)


@register.filter
def trace_value(value) -> str:
    """A trace input or result for people: numbers to at most 4 decimals, lists and dicts flattened."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {trace_value(v)}" for k, v in value.items()) or "—"
    if isinstance(value, (list, tuple)):
        return "; ".join(trace_value(v) for v in value) or "—"
    formatted = _number(value)
    return formatted if formatted is not None else str(value)


@register.filter
def trace_rule(code: str) -> str:
    from incentives.messages import RULES

    return str(RULES.get(code, code))


@register.filter
def money(value) -> str:
    """An amount for people: two decimals with the language's grouping (es: 1 657 632,30 with non-breaking spaces, as Spanish style guides ask)."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)

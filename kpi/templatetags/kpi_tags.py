from django import template
from django.utils.translation import get_language

from core.numbers import format_number

register = template.Library()

SUFFIX = {"percent": " %", "seconds": " s", "hours": " h"}


@register.filter
def kpi_value(value, spec):
    """Format a KPI value by its unit (``spec`` is a catalogue KpiSpec); "–" when undefined."""
    if value is None:
        return "–"
    decimals = spec.decimals if spec.unit != "count" else 0
    text = format_number(value, decimals=decimals)
    return f"{text}{SUFFIX.get(spec.unit, '')}"


@register.filter
def kpi_number(value, decimals=2):
    """A number with the reader's grouping (Babel); "–" when undefined."""
    if value is None or value == "":
        return "–"
    return format_number(value, decimals=int(decimals))


@register.filter
def kpi_name(spec):
    return spec.name_en if (get_language() or "es").startswith("en") else spec.name_es


@register.filter
def attr(obj, name):
    return getattr(obj, name, None)

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()

SUFFIX = {"percent": " %", "seconds": " s", "hours": " h"}


@register.filter
def kpi_value(value, spec):
    """Format a KPI value by its unit (``spec`` is a catalogue KpiSpec); "–" when undefined."""
    if value is None:
        return "–"
    decimals = spec.decimals if spec.unit != "count" else 0
    text = number_format(Decimal(value), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{text}{SUFFIX.get(spec.unit, '')}"


@register.filter
def kpi_name(spec):
    return spec.name_en if (get_language() or "es").startswith("en") else spec.name_es


@register.filter
def attr(obj, name):
    return getattr(obj, name, None)

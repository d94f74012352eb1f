"""The raw daily metrics a KPI feed carries, and the identity columns of a row.

Pure Python: no Django import. The metric columns come from the one KPI catalogue,
``kpi.catalogue`` (also pure), which the ``KpiDefinition`` rows and ``KpiFact`` columns follow.

Values are held as *scaled integers* while validating (``monto_recuperado`` ``1234.56``
is held as ``123456`` with scale 2) so that 110,000 rows x 15 metrics fit in compact
``array('q')`` columns and compare quickly; :func:`scaled_to_decimal` turns them back.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from kpi.catalogue import RAW_KPIS, RAW_METRICS, MetricKind, MetricSpec

__all__ = [
    "AGENT",
    "CAMPAIGN",
    "CANONICAL_ALIASES",
    "DATE",
    "DURATION_UNITS",
    "UNIT_SECONDS",
    "IDENTITY_COLUMNS",
    "METRICS_BY_CODE",
    "METRIC_CODES",
    "RAW_METRICS",
    "MetricKind",
    "MetricSpec",
    "normalise_header",
    "scaled_to_decimal",
    "scaled_to_text",
]

METRICS_BY_CODE: dict[str, MetricSpec] = {m.code: m for m in RAW_METRICS}
METRIC_CODES: tuple[str, ...] = tuple(m.code for m in RAW_METRICS)
#: seconds in one of a KPI's time units; the metrics measured in one can be written as durations
UNIT_SECONDS: dict[str, int] = {"seconds": 1, "minutes": 60, "hours": 3600}
DURATION_UNITS: dict[str, str] = {
    spec.code: spec.unit for spec in RAW_KPIS if spec.feed is not None and spec.unit in UNIT_SECONDS
}

# Identity columns of a row.
DATE = "fecha"
AGENT = "agente"
CAMPAIGN = "campana"
IDENTITY_COLUMNS: tuple[str, ...] = (DATE, AGENT, CAMPAIGN)

# Every canonical column and the names a file may use for it (compared after
# :func:`normalise_header`).
CANONICAL_ALIASES: dict[str, str] = {
    DATE: DATE,
    "date": DATE,
    "dia": DATE,
    "day": DATE,
    AGENT: AGENT,
    "agent": AGENT,
    CAMPAIGN: CAMPAIGN,
    "campaign": CAMPAIGN,
}
for _m in RAW_METRICS:
    CANONICAL_ALIASES[_m.code] = _m.code
    CANONICAL_ALIASES[_m.alias] = _m.code


def normalise_header(name: str) -> str:
    """``" Campaña "`` -> ``"campana"``, ``"Paid Hours"`` -> ``"paid_hours"``."""
    text = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() else "_")
    return "_".join(part for part in "".join(out).split("_") if part)


def scaled_to_decimal(value: int, scale: int) -> Decimal:
    """``(123456, 2)`` -> ``Decimal("1234.56")``."""
    if scale == 0:
        return Decimal(value)
    return Decimal(value).scaleb(-scale)


def scaled_to_text(value: int, scale: int) -> str:
    """``(-123456, 2)`` -> ``"-1234.56"``: the text PostgreSQL's COPY reads."""
    if scale == 0:
        return str(value)
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10**scale)
    return f"{sign}{whole}.{frac:0{scale}d}"

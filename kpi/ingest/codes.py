"""The raw daily metrics a KPI feed carries, and the identity columns of a row.

Pure Python: no Django import. The Django layer mirrors these codes in the
``KpiDefinition`` catalogue (seeded by a data migration) and in ``KpiFact`` columns.

Values are held as *scaled integers* while validating (``monto_recuperado`` ``1234.56``
is held as ``123456`` with scale 2) so that 110,000 rows x 15 metrics fit in compact
``array('q')`` columns and compare quickly; :func:`scaled_to_decimal` turns them back.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

MetricKind = Literal["count", "amount", "hours", "score"]


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """One raw metric column of the canonical feed."""

    code: str
    alias: str  # the English name a file may use instead of the Spanish code
    kind: MetricKind
    scale: int  # decimal places kept (0 for counts)
    required: bool = True
    allow_negative: bool = False
    # When a value has more decimals than ``scale``: round half-up (hours, scores) or
    # reject (money, where a third decimal means the export is wrong).
    round_excess: bool = False
    maximum: int | None = None  # scaled upper bound, inclusive

    @property
    def is_integer(self) -> bool:
        return self.scale == 0

    @property
    def limit(self) -> int:
        """Largest scaled value the fact table stores: counts fit a 32-bit column, amounts
        numeric(14, 2)."""
        if self.maximum is not None:
            return self.maximum
        return 2_000_000_000 if self.scale == 0 else 10**12 * 10**self.scale - 1


RAW_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("intentos", "attempts", "count", 0),
    MetricSpec("contactos", "contacts", "count", 0),
    MetricSpec("contactos_titular", "rpc", "count", 0),
    MetricSpec("promesas", "ptp_count", "count", 0),
    MetricSpec("monto_prometido", "ptp_amount", "amount", 2),
    MetricSpec("promesas_cumplidas", "kept_count", "count", 0),
    MetricSpec("monto_cumplido", "kept_amount", "amount", 2),
    # Net amount collected: a day of reversals may be negative.
    MetricSpec("monto_recuperado", "collected_amount", "amount", 2, allow_negative=True),
    MetricSpec("horas_pagadas", "paid_hours", "hours", 2, round_excess=True, maximum=2400),
    MetricSpec("llamadas_atendidas", "handled_calls", "count", 0),
    MetricSpec("segundos_gestion", "handle_seconds", "count", 0, maximum=86_400),
    MetricSpec("evaluaciones_calidad", "qa_evaluations", "count", 0),
    MetricSpec("puntaje_calidad", "qa_score", "score", 2, round_excess=True, maximum=10_000),
    MetricSpec("incidentes_cumplimiento", "compliance_incidents", "count", 0),
    # Optional: a file without it loads 0 (used by the "no severe incidents" gate).
    MetricSpec("incidentes_graves", "severe_compliance_incidents", "count", 0, required=False),
)

METRICS_BY_CODE: dict[str, MetricSpec] = {m.code: m for m in RAW_METRICS}
METRIC_CODES: tuple[str, ...] = tuple(m.code for m in RAW_METRICS)

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

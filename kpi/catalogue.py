"""The one KPI catalogue: raw metrics of the feed and the KPIs derived from them.

Pure Python (no Django), so every layer may read it: ``kpi.ingest`` takes its feed columns
(:data:`RAW_METRICS`), the bonus engine (``incentives.engine.kpis``) its measures, ``KpiFact``
its metric columns, and ``kpi.services.kpi_catalogue_sync`` (run after every ``migrate``)
writes it into the ``KpiDefinition`` rows users see. ``tests/kpi/test_kpi_catalogue.py`` holds
them all equal. :func:`derive` computes derived KPIs from sums. Derived KPIs are ratios of
sums, never averages of daily ratios; the quality score is the evaluation-weighted average.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

# kinds
RAW = "raw"  # a column of the feed, summed over days
WEIGHTED = "weighted"  # a per-day average weighted by another raw metric (quality score)
DERIVED = "derived"  # numerator sum / denominator sum x multiplier
MEASURED = "measured"  # counted by Acredita itself (the compliance scan), never a feed column

MetricKind = Literal["count", "amount", "hours", "score"]


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """How a raw metric is read from a feed column (``kpi.ingest`` validates files with it)."""

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


@dataclass(frozen=True)
class KpiSpec:
    code: str
    name_es: str
    name_en: str
    unit: str  # count | currency | hours | seconds | score | percent | per_hour | per_thousand
    kind: str
    aggregation: str  # sum | weighted_avg | ratio
    numerator: str = ""
    denominator: str = ""
    multiplier: Decimal = Decimal(1)
    decimals: int = 2
    order: int = 0
    feed: MetricSpec | None = None  # raw and weighted KPIs: the feed column they come from

    @property
    def feed_alias(self) -> str:
        return self.feed.alias if self.feed is not None else ""


_FEED_KIND = {"count": "count", "seconds": "count", "currency": "amount", "hours": "hours", "score": "score"}


def _raw(code: str, name_es: str, name_en: str, unit: str, alias: str, scale: int = 0, **feed) -> KpiSpec:
    metric = MetricSpec(code, alias, _FEED_KIND[unit], scale, **feed)
    return KpiSpec(code, name_es, name_en, unit, RAW, "sum", decimals=scale, feed=metric)


def _ratio(code: str, name_es: str, name_en: str, unit: str, num: str, den: str, mult=1, decimals=2) -> KpiSpec:
    return KpiSpec(code, name_es, name_en, unit, DERIVED, "ratio", num, den, Decimal(mult), decimals)


#: sum over the period of (daily quality score x evaluations): the numerator of the weighted
#: quality average. Not a feed column; ``kpi.selectors.kpi_sums`` computes it.
QUALITY_WEIGHT = "puntaje_calidad_ponderado"

RAW_KPIS: tuple[KpiSpec, ...] = (
    _raw("intentos", "Intentos de contacto", "Contact attempts", "count", "attempts"),
    _raw("contactos", "Contactos efectivos", "Contacts", "count", "contacts"),
    _raw("contactos_titular", "Contactos con titular", "Right-party contacts", "count", "rpc"),
    _raw("promesas", "Promesas de pago", "Promises to pay", "count", "ptp_count"),
    _raw("monto_prometido", "Monto prometido", "Promised amount", "currency", "ptp_amount", 2),
    _raw("promesas_cumplidas", "Promesas cumplidas", "Kept promises", "count", "kept_count"),
    _raw("monto_cumplido", "Monto cumplido", "Kept amount", "currency", "kept_amount", 2),
    # Net amount collected: a day of reversals may be negative.
    _raw(
        "monto_recuperado",
        "Monto recuperado",
        "Amount collected",
        "currency",
        "collected_amount",
        2,
        allow_negative=True,
    ),
    _raw("horas_pagadas", "Horas pagadas", "Paid hours", "hours", "paid_hours", 2, round_excess=True, maximum=2400),
    _raw("llamadas_atendidas", "Llamadas atendidas", "Handled calls", "count", "handled_calls"),
    _raw("segundos_gestion", "Segundos de gestión", "Handle seconds", "seconds", "handle_seconds", maximum=86_400),
    _raw("evaluaciones_calidad", "Evaluaciones de calidad", "QA evaluations", "count", "qa_evaluations"),
    KpiSpec(
        "puntaje_calidad",
        "Puntaje de calidad (día)",
        "QA score (day)",
        "score",
        WEIGHTED,
        "weighted_avg",
        numerator=QUALITY_WEIGHT,
        denominator="evaluaciones_calidad",
        feed=MetricSpec("puntaje_calidad", "qa_score", "score", 2, round_excess=True, maximum=10_000),
    ),
    _raw(
        "incidentes_cumplimiento", "Incidentes de cumplimiento", "Compliance incidents", "count", "compliance_incidents"
    ),
    # Optional: a file without it loads 0 (used by the "no severe incidents" gate).
    _raw(
        "incidentes_graves",
        "Incidentes graves",
        "Severe compliance incidents",
        "count",
        "severe_compliance_incidents",
        required=False,
    ),
)

#: counts Acredita measures itself, summed over days like raw metrics but kept apart from the
#: feed's own columns (``kpi.models.MeasuredIncidentDay``, written by the compliance scan through
#: ``kpi.services.measured_incidents_replace``): a customer's own ``incidentes_cumplimiento`` column
#: is still loaded and shown beside them.
MEASURED_KPIS: tuple[KpiSpec, ...] = (
    KpiSpec(
        "incidentes_medidos",
        "Incidentes de cumplimiento medidos",
        "Measured compliance incidents",
        "count",
        MEASURED,
        "sum",
        decimals=0,
    ),
    KpiSpec(
        "incidentes_medidos_graves",
        "Incidentes graves medidos",
        "Measured severe compliance incidents",
        "count",
        MEASURED,
        "sum",
        decimals=0,
    ),
)
MEASURED_CODES: tuple[str, ...] = tuple(spec.code for spec in MEASURED_KPIS)

DERIVED_KPIS: tuple[KpiSpec, ...] = (
    _ratio("contactabilidad", "Contactabilidad", "Contact rate", "percent", "contactos", "intentos", 100),
    _ratio(
        "tasa_contacto_titular",
        "Contacto con titular",
        "Right-party contact rate",
        "percent",
        "contactos_titular",
        "contactos",
        100,
    ),
    _ratio("tasa_promesas", "Tasa de promesas", "Promise-to-pay rate", "percent", "promesas", "contactos_titular", 100),
    _ratio(
        "cumplimiento_promesas",
        "Cumplimiento de promesas",
        "Kept-promise rate",
        "percent",
        "promesas_cumplidas",
        "promesas",
        100,
    ),
    _ratio(
        "cumplimiento_monto",
        "Cumplimiento de monto prometido",
        "Kept amount rate",
        "percent",
        "monto_cumplido",
        "monto_prometido",
        100,
    ),
    _ratio(
        "recaudo_por_hora",
        "Recaudo por hora pagada",
        "Collected per paid hour",
        "per_hour",
        "monto_recuperado",
        "horas_pagadas",
    ),
    _ratio(
        "llamadas_por_hora",
        "Llamadas por hora",
        "Handled calls per hour",
        "per_hour",
        "llamadas_atendidas",
        "horas_pagadas",
    ),
    _ratio(
        "tmo",
        "TMO (tiempo medio de operación)",
        "Average handle time",
        "seconds",
        "segundos_gestion",
        "llamadas_atendidas",
        decimals=0,
    ),
    _ratio("calidad", "Calidad", "Quality score", "score", QUALITY_WEIGHT, "evaluaciones_calidad"),
    _ratio(
        "tasa_incidentes",
        "Incidentes por mil contactos con titular",
        "Compliance incidents per 1,000 RPCs",
        "per_thousand",
        "incidentes_cumplimiento",
        "contactos_titular",
        1000,
    ),
)

ALL_KPIS: tuple[KpiSpec, ...] = tuple(
    replace(spec, order=index * 10) for index, spec in enumerate(RAW_KPIS + MEASURED_KPIS + DERIVED_KPIS, start=1)
)
KPIS_BY_CODE: dict[str, KpiSpec] = {spec.code: spec for spec in ALL_KPIS}

#: the feed's raw metric columns, in file order
RAW_METRICS: tuple[MetricSpec, ...] = tuple(spec.feed for spec in RAW_KPIS if spec.feed is not None)

#: what a period's sums carry (``kpi.selectors.kpi_sums``, the bonus engine's raw inputs), with
#: their units: every summed raw metric plus the quality weight (a daily average is not summed)
SUM_UNITS: dict[str, str] = {
    **{spec.code: spec.unit for spec in RAW_KPIS if spec.kind == RAW},
    QUALITY_WEIGHT: "score_weight",
    **{spec.code: spec.unit for spec in MEASURED_KPIS},
}
SUM_CODES: tuple[str, ...] = tuple(SUM_UNITS)
#: the sums read from the feed's fact table (the rest are measured)
FACT_SUM_CODES: tuple[str, ...] = tuple(code for code in SUM_CODES if code not in MEASURED_CODES)

#: codes a stored plan may still use, renamed since: old code -> catalogue code
RENAMED: dict[str, str] = {"incidentes_por_mil_rpc": "tasa_incidentes"}


def derive(sums: Mapping[str, Decimal], specs: tuple[KpiSpec, ...] = DERIVED_KPIS) -> dict[str, Decimal | None]:
    """Derived KPIs from summed raw metrics; None where the denominator is zero.

    Rounded half-up to each KPI's ``decimals`` (display and gate precision).
    """
    out: dict[str, Decimal | None] = {}
    for spec in specs:
        numerator = Decimal(sums.get(spec.numerator, 0) or 0)
        denominator = Decimal(sums.get(spec.denominator, 0) or 0)
        if denominator == 0:
            out[spec.code] = None
            continue
        value = numerator * spec.multiplier / denominator
        out[spec.code] = value.quantize(Decimal(1).scaleb(-spec.decimals), rounding=ROUND_HALF_UP)
    return out

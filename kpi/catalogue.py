"""The KPI catalogue as plain data: raw metrics of the feed and the KPIs derived from them.

Pure Python. The data migration ``0002_seed_catalogue`` stores a copy of these rows in
``KpiDefinition`` (the catalogue users see and plans reference); :func:`derive` computes
derived KPIs from sums. Derived KPIs are ratios of sums, never averages of daily ratios;
the quality score is the evaluation-weighted average.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# kinds
RAW = "raw"  # a column of the feed, summed over days
WEIGHTED = "weighted"  # a per-day average weighted by another raw metric (quality score)
DERIVED = "derived"  # numerator sum / denominator sum x multiplier


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


RAW_KPIS: tuple[KpiSpec, ...] = (
    KpiSpec("intentos", "Intentos de contacto", "Contact attempts", "count", RAW, "sum", decimals=0),
    KpiSpec("contactos", "Contactos efectivos", "Contacts", "count", RAW, "sum", decimals=0),
    KpiSpec("contactos_titular", "Contactos con titular", "Right-party contacts", "count", RAW, "sum", decimals=0),
    KpiSpec("promesas", "Promesas de pago", "Promises to pay", "count", RAW, "sum", decimals=0),
    KpiSpec("monto_prometido", "Monto prometido", "Promised amount", "currency", RAW, "sum"),
    KpiSpec("promesas_cumplidas", "Promesas cumplidas", "Kept promises", "count", RAW, "sum", decimals=0),
    KpiSpec("monto_cumplido", "Monto cumplido", "Kept amount", "currency", RAW, "sum"),
    KpiSpec("monto_recuperado", "Monto recuperado", "Amount collected", "currency", RAW, "sum"),
    KpiSpec("horas_pagadas", "Horas pagadas", "Paid hours", "hours", RAW, "sum"),
    KpiSpec("llamadas_atendidas", "Llamadas atendidas", "Handled calls", "count", RAW, "sum", decimals=0),
    KpiSpec("segundos_gestion", "Segundos de gestión", "Handle seconds", "seconds", RAW, "sum", decimals=0),
    KpiSpec("evaluaciones_calidad", "Evaluaciones de calidad", "QA evaluations", "count", RAW, "sum", decimals=0),
    KpiSpec(
        "puntaje_calidad",
        "Puntaje de calidad (día)",
        "QA score (day)",
        "score",
        WEIGHTED,
        "weighted_avg",
        numerator="puntaje_calidad_ponderado",
        denominator="evaluaciones_calidad",
    ),
    KpiSpec(
        "incidentes_cumplimiento", "Incidentes de cumplimiento", "Compliance incidents", "count", RAW, "sum", decimals=0
    ),
    KpiSpec("incidentes_graves", "Incidentes graves", "Severe compliance incidents", "count", RAW, "sum", decimals=0),
)

DERIVED_KPIS: tuple[KpiSpec, ...] = (
    KpiSpec(
        "contactabilidad",
        "Contactabilidad",
        "Contact rate",
        "percent",
        DERIVED,
        "ratio",
        "contactos",
        "intentos",
        Decimal(100),
    ),
    KpiSpec(
        "tasa_contacto_titular",
        "Contacto con titular",
        "Right-party contact rate",
        "percent",
        DERIVED,
        "ratio",
        "contactos_titular",
        "contactos",
        Decimal(100),
    ),
    KpiSpec(
        "tasa_promesas",
        "Tasa de promesas",
        "Promise-to-pay rate",
        "percent",
        DERIVED,
        "ratio",
        "promesas",
        "contactos_titular",
        Decimal(100),
    ),
    KpiSpec(
        "cumplimiento_promesas",
        "Cumplimiento de promesas",
        "Kept-promise rate",
        "percent",
        DERIVED,
        "ratio",
        "promesas_cumplidas",
        "promesas",
        Decimal(100),
    ),
    KpiSpec(
        "cumplimiento_monto",
        "Cumplimiento de monto prometido",
        "Kept amount rate",
        "percent",
        DERIVED,
        "ratio",
        "monto_cumplido",
        "monto_prometido",
        Decimal(100),
    ),
    KpiSpec(
        "recaudo_por_hora",
        "Recaudo por hora pagada",
        "Collected per paid hour",
        "per_hour",
        DERIVED,
        "ratio",
        "monto_recuperado",
        "horas_pagadas",
    ),
    KpiSpec(
        "llamadas_por_hora",
        "Llamadas por hora",
        "Handled calls per hour",
        "per_hour",
        DERIVED,
        "ratio",
        "llamadas_atendidas",
        "horas_pagadas",
    ),
    KpiSpec(
        "tmo",
        "TMO (tiempo medio de operación)",
        "Average handle time",
        "seconds",
        DERIVED,
        "ratio",
        "segundos_gestion",
        "llamadas_atendidas",
        decimals=0,
    ),
    KpiSpec(
        "calidad",
        "Calidad",
        "Quality score",
        "score",
        DERIVED,
        "ratio",
        "puntaje_calidad_ponderado",
        "evaluaciones_calidad",
    ),
    KpiSpec(
        "tasa_incidentes",
        "Incidentes por mil contactos con titular",
        "Compliance incidents per 1,000 RPCs",
        "per_thousand",
        DERIVED,
        "ratio",
        "incidentes_cumplimiento",
        "contactos_titular",
        Decimal(1000),
    ),
)

ALL_KPIS: tuple[KpiSpec, ...] = tuple(
    KpiSpec(**{**spec.__dict__, "order": index * 10}) for index, spec in enumerate(RAW_KPIS + DERIVED_KPIS, start=1)
)
KPIS_BY_CODE: dict[str, KpiSpec] = {spec.code: spec for spec in ALL_KPIS}


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

"""KPI catalogue as seen by the engine: raw daily sums and derived ratios of sums.

Derived KPIs are always ratios of *sums* over the period (never averages of daily ratios);
the quality average is weighted by the number of evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

#: raw code -> unit (count, money, hours, seconds, score)
RAW_KPIS: dict[str, str] = {
    "intentos": "count",
    "contactos": "count",
    "contactos_titular": "count",
    "promesas": "count",
    "monto_prometido": "money",
    "promesas_cumplidas": "count",
    "monto_cumplido": "money",
    "monto_recuperado": "money",
    "horas_pagadas": "hours",
    "llamadas_atendidas": "count",
    "segundos_gestion": "seconds",
    "evaluaciones_calidad": "count",
    "incidentes_cumplimiento": "count",
    "incidentes_graves": "count",
    # sum of (daily average score x evaluations): numerator of the weighted quality average
    "puntaje_calidad_ponderado": "score_weight",
}

COUNT_UNITS = {"count"}


@dataclass(frozen=True)
class MeasureDef:
    """value = scale x sum(numerator) / sum(denominator); a plain sum when denominator is empty.

    ``None`` (no data) when the denominator sums to zero.
    """

    code: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    scale: Decimal = Decimal(1)
    unit: str = ""

    @property
    def is_ratio(self) -> bool:
        return bool(self.denominator)


def _ratio(code: str, num: str, den: str, scale: str = "1", unit: str = "percent") -> MeasureDef:
    return MeasureDef(code, (num,), (den,), Decimal(scale), unit)


#: derived KPIs (incentives.md "Collections KPIs"); rates are percentages 0-100
DERIVED_KPIS: dict[str, MeasureDef] = {
    m.code: m
    for m in (
        _ratio("contactabilidad", "contactos", "intentos", "100"),
        _ratio("tasa_contacto_titular", "contactos_titular", "contactos", "100"),
        _ratio("tasa_promesas", "promesas", "contactos_titular", "100"),
        _ratio("cumplimiento_promesas", "promesas_cumplidas", "promesas", "100"),
        _ratio("cumplimiento_monto", "monto_cumplido", "monto_prometido", "100"),
        _ratio("recaudo_por_hora", "monto_recuperado", "horas_pagadas", "1", "money"),
        _ratio("calidad", "puntaje_calidad_ponderado", "evaluaciones_calidad", "1", "score"),
        _ratio("incidentes_por_mil_rpc", "incidentes_cumplimiento", "contactos_titular", "1000", "rate"),
        _ratio("tmo", "segundos_gestion", "llamadas_atendidas", "1", "seconds"),
    )
}

#: special measure: total of the team members' payouts (supervisor overrides only)
TEAM_PAYOUT = "@team_payout"
#: special condition measure: the component's own tier variable (attainment or measure value)
OWN_VALUE = "@value"


@cache
def builtin_measure(code: str) -> MeasureDef | None:
    if code in RAW_KPIS:
        return MeasureDef(code, (code,), (), Decimal(1), RAW_KPIS[code])
    return DERIVED_KPIS.get(code)

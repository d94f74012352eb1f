"""The KPI catalogue as the engine sees it: raw period sums and ratios of sums.

Built from the one catalogue, ``kpi.catalogue`` (pure Python: the engine stays free of
Django), so every KPI users see on the KPI pages is a measure a plan may use. Derived KPIs
are always ratios of *sums* over the period (never averages of daily ratios); the quality
average is weighted by the number of evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from kpi import catalogue

#: raw code -> unit (count, currency, hours, seconds, score_weight): what a period's sums carry
RAW_KPIS: dict[str, str] = dict(catalogue.SUM_UNITS)

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


def _ratio(spec: catalogue.KpiSpec) -> MeasureDef:
    return MeasureDef(spec.code, (spec.numerator,), (spec.denominator,), spec.multiplier, spec.unit)


#: derived KPIs of the catalogue (rates are percentages 0-100), ratios of the period's sums
DERIVED_KPIS: dict[str, MeasureDef] = {spec.code: _ratio(spec) for spec in catalogue.DERIVED_KPIS}
#: every ratio a plan may name: the derived KPIs and the weighted daily averages (quality score)
_RATIOS: dict[str, MeasureDef] = {
    **{spec.code: _ratio(spec) for spec in catalogue.RAW_KPIS if spec.kind == catalogue.WEIGHTED},
    **DERIVED_KPIS,
}

#: special measure: total of the team members' payouts (supervisor overrides only)
TEAM_PAYOUT = "@team_payout"
#: special condition measure: the component's own tier variable (attainment or measure value)
OWN_VALUE = "@value"


@cache
def builtin_measure(code: str) -> MeasureDef | None:
    if code in RAW_KPIS:
        return MeasureDef(code, (code,), (), Decimal(1), RAW_KPIS[code])
    return _RATIOS.get(code)

"""The KPI pages' trend charts: months of sums (``selectors.kpi_monthly_sums``) and goals
(``targets.kpi_targets``) turned into ``core.charts`` charts, labelled in the reader's language.

Reads only through its selectors and the targets hook: a fixed number of queries, whatever the number of
agents or months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from core.charts import Chart, Series, line_chart
from core.dates import add_months, month_bounds
from core.models import Bucket
from core.numbers import format_month, format_number

from .catalogue import KPIS_BY_CODE, KpiSpec, derive
from .selectors import kpi_monthly_sums
from .targets import kpi_targets

#: the KPIs a trend shows, in this order (currency-free ratios first; the amount only for one agent)
TREND_KPIS = ("contactabilidad", "cumplimiento_promesas", "calidad", "tasa_incidentes", "recaudo_por_hora")
SUFFIX = {"percent": " %", "seconds": " s", "hours": " h"}
MONTHS = 6


def months_ending(month: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The first days of the ``count`` months ending with ``month``'s, oldest first."""
    first = month.replace(day=1)
    return [add_months(first, -back) for back in range(count - 1, -1, -1)]


def spec_name(spec: KpiSpec) -> str:
    return spec.name_en if (get_language() or "es").startswith("en") else spec.name_es


def value_formatter(spec: KpiSpec):
    decimals = 0 if spec.unit == "count" else spec.decimals

    def fmt(value: Decimal) -> str:
        return f"{format_number(value, decimals=decimals)}{SUFFIX.get(spec.unit, '')}"

    return fmt


def tick_formatter(spec: KpiSpec):
    def fmt(value: Decimal) -> str:
        return f"{format_number(value)}{SUFFIX.get(spec.unit, '')}"

    return fmt


def value_of(sums: Mapping[str, Decimal] | None, code: str) -> Decimal | None:
    if not sums:
        return None
    spec = KPIS_BY_CODE[code]
    if spec.kind == "derived":
        return derive(sums, (spec,))[code]
    return sums.get(code)


def employee_trends(*, employee_id: int, month: dt.date) -> list[Chart]:
    """One agent's six months up to ``month``: the amount collected against its goal, then each trend KPI."""
    months = months_ending(month)
    monthly = kpi_monthly_sums(employee_ids=[employee_id], start=months[0], end=month_bounds(month)[1])
    goals = kpi_targets(employee_ids=[employee_id], months=months).get(employee_id, {})
    labels = [format_month(m) for m in months]
    charts = []
    for code in ("monto_recuperado", *TREND_KPIS):
        spec = KPIS_BY_CODE[code]
        series = [Series(spec_name(spec), [value_of(monthly.get(m), code) for m in months])]
        target = [goals.get(m, {}).get(code) for m in months]
        if any(v is not None for v in target):
            series.append(Series(pgettext("KPI goal", "Target"), target, target=True))
        charts.append(
            line_chart(
                title=spec_name(spec),
                categories=labels,
                series=series,
                fmt=value_formatter(spec),
                tick_fmt=tick_formatter(spec),
            )
        )
    return charts


def segment_trends(*, employee_ids, month: dt.date) -> list[Chart]:
    """The currency-free trend KPIs of these employees over six months, one line per delinquency
    bucket (the portfolio's segments), after the attainment of their collection goals."""
    months = months_ending(month)
    start, end = months[0], month_bounds(month)[1]
    by_bucket = kpi_monthly_sums(employee_ids=employee_ids, start=start, end=end, by="campaign__bucket")
    buckets = [b for b in Bucket.values if b in by_bucket]  # the catalogue's order, not the query's
    labels = [format_month(m) for m in months]
    names = dict(Bucket.choices)
    charts = [attainment_chart(employee_ids=employee_ids, months=months)]
    for code in TREND_KPIS[:4]:
        spec = KPIS_BY_CODE[code]
        series = [Series(str(names[b]), [value_of(by_bucket[b].get(m), code) for m in months]) for b in buckets]
        charts.append(
            line_chart(
                title=spec_name(spec),
                categories=labels,
                series=series,
                fmt=value_formatter(spec),
                tick_fmt=tick_formatter(spec),
            )
        )
    return charts


def attainment_chart(*, employee_ids, months: list[dt.date]) -> Chart:
    """Per month, what the employees with a goal collected as a share of their goals (sum over sum, so
    currency-free as long as each agent's goal and amount share a currency), against 100 %."""
    labels = [format_month(m) for m in months]
    ids = [row["pk"] if isinstance(row, dict) else row for row in employee_ids]
    goals = kpi_targets(employee_ids=ids, months=months)
    with_goal = sorted(e for e, by_month in goals.items() if any("monto_recuperado" in g for g in by_month.values()))
    sums = kpi_monthly_sums(
        employee_ids=with_goal,
        start=months[0],
        end=month_bounds(months[-1])[1],
        by="employee_id",
        codes=["monto_recuperado"],
    )
    values: list[Decimal | None] = []
    for month in months:
        goal = collected = Decimal(0)
        for employee_id in with_goal:
            target = goals[employee_id].get(month, {}).get("monto_recuperado")
            month_sums = sums.get(employee_id, {}).get(month)
            if target and month_sums is not None:
                goal += target
                collected += month_sums.get("monto_recuperado", Decimal(0))
        values.append((collected * 100 / goal).quantize(Decimal("0.1")) if goal else None)
    percent = KPIS_BY_CODE["contactabilidad"]  # any percent KPI: the same formatting
    series = [Series(_("Collected / goal"), values)]
    if any(v is not None for v in values):
        series.append(Series(pgettext("KPI goal", "Target"), [Decimal(100)] * len(months), target=True))
    return line_chart(
        title=_("Attainment of the collection goal"),
        categories=labels,
        series=series,
        fmt=lambda v: format_number(v, decimals=1) + SUFFIX["percent"],
        tick_fmt=tick_formatter(percent),
    )

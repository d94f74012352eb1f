"""Home page panels of the KPI app: an agent's trends and a scope's goal attainment, each one chart,
opening on the last month with data (a fixed number of queries)."""

from __future__ import annotations

from django.utils import timezone

from core.charts import sparkline
from core.numbers import format_month
from core.scoping import employees_in_scope

from .catalogue import KPIS_BY_CODE
from .selectors import kpi_last_fact_day, kpi_monthly_sums
from .trends import attainment_chart, months_ending, spec_name, value_formatter, value_of

#: the agent's card: three trends, each a sparkline beside its last value
CARD_KPIS = ("contactabilidad", "cumplimiento_promesas", "calidad")


def agent_panel(request) -> dict | None:
    employee = request.user.employee_or_none
    if employee is None:
        return None
    last = kpi_last_fact_day(until=timezone.localdate(), employee_ids=[employee.pk])
    if last is None:
        return {"rows": [], "month": None}
    months = months_ending(last)
    monthly = kpi_monthly_sums(employee_ids=[employee.pk], start=months[0], end=last)
    labels = [format_month(m) for m in months]
    rows = []
    for code in CARD_KPIS:
        spec = KPIS_BY_CODE[code]
        values = [value_of(monthly.get(m), code) for m in months]
        fmt = value_formatter(spec)
        rows.append(
            {
                "name": spec_name(spec),
                "value": fmt(values[-1]) if values[-1] is not None else "—",
                "chart": sparkline(title=spec_name(spec), categories=labels, values=values, fmt=fmt),
            }
        )
    return {"rows": rows, "month": f"{last:%Y-%m}", "month_label": format_month(last)}


def team_panel(request) -> dict:
    today = timezone.localdate()
    people = employees_in_scope(request.user).values("pk")
    last = kpi_last_fact_day(until=today, employee_ids=people)
    if last is None:
        return {"chart": None}
    months = months_ending(last)
    return {"chart": attainment_chart(employee_ids=people, months=months), "month": f"{last:%Y-%m}"}

"""Dashboard cards (a fixed, small number of queries each)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from core.capabilities import user_can
from core.charts import Series, bar_chart, histogram_bins, line_chart
from core.numbers import format_count_tick, format_money, format_month, format_number
from incentives.models import RunStatus
from incentives.periods import period_of, previous_period
from incentives.selectors import (
    latest_statement_run,
    payout_totals_by_period,
    run_counts_by_period,
    runs_awaiting,
    totals_by_currency,
)

#: months of runs the analyst's card shows, ending with the latest period that has a run
RUN_MONTHS = 6
#: a tone for each run status in the stacked bars (draft still open, exported done)
STATUS_TONES = {RunStatus.DRAFT: "warn", RunStatus.EXPORTED: "ok"}


def agent_panel(request) -> dict | None:
    employee = request.user.employee_or_none
    if employee is None:
        return None
    run = latest_statement_run(employee=employee)
    totals = None
    if run is not None:
        totals = totals_by_currency(run.payouts.filter(employee=employee).values_list("currency", "total"))
    return {"card_id": "incentives-agent", "run": run, "totals": totals}


def approvals_panel(request) -> dict | None:
    acting = ("incentives.run_submit", "incentives.run_approve_team", "incentives.run_final_approve")
    if not any(user_can(request.user, capability) for capability in acting):
        return None  # a reader of runs with no step of their own (supervisors)
    runs = list(runs_awaiting(user=request.user).select_related("plan")[:5])
    return {"card_id": "incentives-approvals", "runs": runs}


def _count(value) -> str:
    return format_number(value, decimals=0)


def _months_back(period: dt.date, count: int) -> list[dt.date]:
    months = [period]
    while len(months) < count:
        months.insert(0, previous_period(months[0]))
    return months


def analyst_panel(request) -> dict:
    """The incentive analyst's morning look: runs by status over the last periods, and per currency
    the distribution of payouts in the latest period against the one before (two queries whatever
    the number of agents)."""
    this_month = period_of(timezone.localdate())
    counts = run_counts_by_period(user=request.user, since=_months_back(this_month, 24)[0])
    if not counts:
        return {"runs_chart": None, "distribution": []}
    latest = max(counts)
    periods = _months_back(latest, RUN_MONTHS)
    statuses = [s for s in RunStatus if any(s.value in counts.get(p, {}) for p in periods)]
    runs_chart = bar_chart(
        title=_("Bonus runs by status, per month"),
        categories=[format_month(p) for p in periods],
        series=[
            Series(str(s.label), [counts.get(p, {}).get(s.value, 0) for p in periods], tone=STATUS_TONES.get(s, ""))
            for s in statuses
        ],
        fmt=_count,
        tick_fmt=format_count_tick,
    )
    previous = previous_period(latest)
    totals = payout_totals_by_period(user=request.user, periods=[previous, latest])
    distribution = []
    for currency, by_period in sorted(totals.items()):
        bins = histogram_bins([t for values in by_period.values() for t in values])
        series = []
        for period in (previous, latest):
            values = by_period.get(period, [])
            in_bin = [0] * len(bins)
            for total in values:
                index = next((i for i, (_lo, hi, _n) in enumerate(bins) if total < hi), len(bins) - 1)
                in_bin[index] += 1
            series.append(Series(format_month(period), in_bin))
        distribution.append(
            line_chart(
                title=_("Agents by payout (%(currency)s): %(month)s against %(previous)s")
                % {"currency": currency, "month": format_month(latest), "previous": format_month(previous)},
                categories=[format_money(lo, currency, whole=True) for lo, _hi, _n in bins],
                series=series,
                fmt=_count,
                tick_fmt=format_count_tick,
                zero_based=True,
            )
        )
    return {
        "runs_chart": runs_chart,
        "distribution": distribution,
        "latest": f"{latest:%Y-%m}",
        "latest_label": format_month(latest),
    }

"""The charts of the bonus pages (run detail, leaderboard), built with ``core.charts`` from numbers
the page has already read or from one query each, whatever the number of agents.

Amounts are never added across currencies: a chart of money is drawn once per currency.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.charts import Chart, Series, bar_chart, histogram_bins
from core.numbers import format_money, format_number
from incentives.models import Payout, RunTeam

#: agents the leaderboard's chart shows (the table lists up to 100)
LEADERBOARD_TOP = 10


def run_team_charts(*, run_teams: list[RunTeam]) -> list[Chart]:
    """Per currency, each team's total of the run (from the run's stored team totals; no query)."""
    currencies = sorted({c for rt in run_teams for c in (rt.totals or {})})
    charts = []
    for currency in currencies:
        teams = sorted(
            (rt for rt in run_teams if currency in (rt.totals or {})),
            key=lambda rt: -Decimal(rt.totals[currency]),
        )
        charts.append(
            bar_chart(
                title=_("Total by team (%(currency)s)") % {"currency": currency},
                categories=[rt.team.name for rt in teams],
                series=[Series(_("Total"), [Decimal(rt.totals[currency]) for rt in teams])],
                fmt=lambda v, c=currency: format_money(v, c),
                tick_fmt=lambda v, c=currency: format_money(v, c, whole=True),
            )
        )
    return charts


def payout_distribution_charts(*, payouts: QuerySet[Payout]) -> list[Chart]:
    """Per currency, how many agents fall in each band of pay (one query: the visible payouts' totals)."""
    by_currency: dict[str, list[Decimal]] = {}
    for currency, total in payouts.order_by().values_list("currency", "total"):
        by_currency.setdefault(currency, []).append(total)
    charts = []
    for currency, totals in sorted(by_currency.items()):
        bins = histogram_bins(totals)
        charts.append(
            bar_chart(
                title=_("Distribution of payouts (%(currency)s)") % {"currency": currency},
                categories=[
                    _("%(low)s to %(high)s") % {"low": format_money(lo, currency), "high": format_money(hi, currency)}
                    for lo, hi, _count in bins
                ],
                series=[Series(_("Agents"), [count for _lo, _hi, count in bins])],
                fmt=lambda v: format_number(v, decimals=0),
            )
        )
    return charts


def leaderboard_chart(*, board: list[dict]) -> Chart:
    """The top agents' scores split into their three equal parts (recovery, quality, compliance), so
    the chart shows why each one ranks where it does (the board's own numbers; no query)."""
    top = board[:LEADERBOARD_TOP]
    third = Decimal(3)
    return bar_chart(
        title=_("Top %(n)s: what each score is made of") % {"n": len(top)},
        categories=[f"{row['rank']}. {row['employee'].full_name}" for row in top],
        series=[
            Series(_("Recovery"), [Decimal(str(row["recovery"])) / third for row in top]),
            Series(_("Quality"), [Decimal(str(row["quality"])) / third for row in top]),
            Series(_("Compliance"), [Decimal(str(row["compliance"])) / third for row in top]),
        ],
        fmt=lambda v: format_number(v, decimals=1),
        tick_fmt=lambda v: format_number(v),
    )

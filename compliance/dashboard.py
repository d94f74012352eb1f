"""The compliance officer's home page card: breaches per week by severity, agents suspended from
dialling today and the week's contact-log loads (a fixed number of queries whatever the agents)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.charts import Series, bar_chart
from core.models import UploadedBatch
from core.numbers import format_count_tick, format_number

from .models import RuleCode, Severity
from .selectors import breaches_by_week, contact_import_counts, dial_suspended_count

#: weeks the chart shows, ending with the current one
WEEKS = 8
#: a contact log that did not load (its rows are not in the check)
NOT_LOADED = (UploadedBatch.Status.REJECTED, UploadedBatch.Status.FAILED)


def _count(value) -> str:
    return format_number(value, decimals=0)


def officer_panel(request) -> dict:
    today = timezone.localdate()
    this_monday = today - dt.timedelta(days=today.weekday())
    mondays = [this_monday - dt.timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    counts = breaches_by_week(user=request.user, first=mondays[0], last=today)
    severities = ((Severity.SEVERE, "bad"), (Severity.MINOR, "warn"))
    per_week = {}
    per_rule = {}
    for (monday, severity, code), n in counts.items():
        per_week[(monday, severity)] = per_week.get((monday, severity), 0) + n
        per_rule[(code, severity)] = per_rule.get((code, severity), 0) + n
    chart = rules_chart = None
    if counts:
        chart = bar_chart(
            title=_("Breaches per week, by severity"),
            categories=[_("Week of %(day)s") % {"day": date_format(monday, "SHORT_DATE_FORMAT")} for monday in mondays],
            series=[
                Series(str(s.label), [per_week.get((monday, s.value), 0) for monday in mondays], tone=tone)
                for s, tone in severities
            ],
            fmt=_count,
            tick_fmt=format_count_tick,
        )
        codes = sorted(
            {code for code, _severity in per_rule},
            key=lambda code: (-sum(per_rule.get((code, s.value), 0) for s, _t in severities), code),
        )
        rules_chart = bar_chart(
            title=_("Breaches in the last %(weeks)s weeks, by rule") % {"weeks": WEEKS},
            categories=[str(RuleCode(code).label) for code in codes],
            series=[
                Series(str(s.label), [per_rule.get((code, s.value), 0) for code in codes], tone=tone)
                for s, tone in severities
            ],
            fmt=_count,
            tick_fmt=format_count_tick,
        )
    loads = contact_import_counts(since=timezone.now() - dt.timedelta(days=7))
    return {
        "chart": chart,
        "rules_chart": rules_chart,
        "weeks": WEEKS,
        "first": f"{mondays[0]:%Y-%m-%d}",
        "suspended": _count(dial_suspended_count(user=request.user, day=today)),
        "loaded": _count(loads.get(UploadedBatch.Status.LOADED, 0)),
        "not_loaded": sum(loads.get(s, 0) for s in NOT_LOADED),
    }

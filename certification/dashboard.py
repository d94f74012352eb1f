"""Dashboard cards of the certification app (a fixed, small number of queries each)."""

from __future__ import annotations

import itertools

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification import selectors
from core.charts import Series, bar_chart
from core.numbers import format_count_tick, format_number


def agent_panel(request) -> dict | None:
    employee = request.user.employee_or_none
    if employee is None:
        return None
    today = timezone.localdate()
    certs = list(selectors.certificates_of_employee(employee=employee)[:5])
    return {"certificates": [(c, c.status_on(today)) for c in certs]}


def _count(value) -> str:
    return format_number(value, decimals=0)


def hr_expiry_panel(request) -> dict:
    """HR's morning look at certification: how many certificates expire in the next 30, 60 and 90
    days at each site (a stacked bar per site; one query whatever the number of agents)."""
    today = timezone.localdate()
    by_site = selectors.certificate_expiry_by_site(user=request.user, today=today)
    windows = selectors.EXPIRY_WINDOWS
    names = [
        _("In %(days)s days or less") % {"days": windows[0]},
        *(_("In %(low)s to %(high)s days") % {"low": lo + 1, "high": hi} for lo, hi in itertools.pairwise(windows)),
    ]
    tones = ("bad", "warn", "muted")
    chart = None
    if by_site:
        sites = list(by_site)
        chart = bar_chart(
            title=_("Certificates expiring in the next %(days)s days, by site") % {"days": windows[-1]},
            categories=[site or _("No team") for site in sites],
            series=[Series(name, [by_site[site][i] for site in sites], tone=tones[i]) for i, name in enumerate(names)],
            fmt=_count,
            tick_fmt=format_count_tick,
        )
    total = sum(sum(v) for v in by_site.values())
    soonest = sum(v[0] for v in by_site.values())
    summary = ngettext(
        "%(n)s certificate expires in the next %(days)s days, %(soon)s of them within %(first)s.",
        "%(n)s certificates expire in the next %(days)s days, %(soon)s of them within %(first)s.",
        total,
    ) % {"n": _count(total), "days": windows[-1], "soon": _count(soonest), "first": windows[0]}
    return {"chart": chart, "summary": summary, "days": windows[-1]}

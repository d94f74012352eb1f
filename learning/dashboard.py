"""Learning's cards on the role home pages (a fixed, small number of queries each)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.charts import Series, bar_chart
from core.numbers import format_count_tick, format_number, format_percent
from core.scoping import employees_in_scope, sees_whole_company
from learning import selectors
from learning.models import AssignmentRule, AssignmentStatus


def agent_panel(request) -> dict | None:
    employee = request.user.employee_or_none
    if employee is None:
        return None
    today = timezone.localdate()
    rows = selectors.my_assignments(employee=employee, today=today, include_completed=False)
    for row in rows[:4]:
        base = row.course.get_url(request) or ""
        row.continue_url = f"{base}{row.continue_lesson['slug']}/" if row.continue_lesson else base
    return {
        "rows": rows[:4],
        "open_count": len(rows),
        "overdue_count": sum(1 for r in rows if r.status == AssignmentStatus.OVERDUE),
    }


def team_panel(request) -> dict:
    today = timezone.localdate()
    people = employees_in_scope(request.user, on=today).values("pk")
    summary = selectors.assignment_summary(employee_ids_qs=people, today=today)
    return {"summary": summary, "company_wide": sees_whole_company(request.user)}


def hr_panel(request) -> dict:
    context = team_panel(request)
    context["active_rules"] = AssignmentRule.objects.filter(active=True).count()
    return context


def hr_overdue_panel(request) -> dict:
    """HR's training card: the company-wide completion figures and the teams with the most mandatory
    courses overdue, each bar its overdue and still-on-time open assignments (fixed queries)."""
    context = hr_panel(request)
    today = timezone.localdate()
    people = employees_in_scope(request.user, on=today).values("pk")
    rows = selectors.overdue_by_team(employee_ids_qs=people, today=today)
    summary = context["summary"]
    context["figures"] = {
        "percent": format_percent(summary["completed"] / summary["total"] if summary["total"] else 0, decimals=0),
        "completed": format_number(summary["completed"], decimals=0),
        "total": format_number(summary["total"], decimals=0),
    }
    context["chart"] = None
    if rows:
        context["chart"] = bar_chart(
            title=_("Teams with the most mandatory training overdue"),
            categories=[r["team"].name for r in rows],
            series=[
                Series(_("Overdue"), [r["overdue"] for r in rows], tone="bad"),
                Series(_("Open, on time"), [r["open"] for r in rows], tone="muted"),
            ],
            fmt=lambda v: format_number(v, decimals=0),
            tick_fmt=format_count_tick,
        )
    return context

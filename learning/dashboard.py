"""Learning's cards on the role home pages (a fixed, small number of queries each)."""

from __future__ import annotations

from django.utils import timezone

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

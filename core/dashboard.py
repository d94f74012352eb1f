"""Core's cards on the role home page."""

from django.utils import timezone

from core.models import AuditEvent
from core.scoping import employees_in_scope, sees_whole_company, teams_in_scope
from core.selectors import team_of, teams_with_headcount


def profile_panel(request) -> dict:
    employee = request.user.employee_or_none
    today = timezone.localdate()
    return {"employee": employee, "team": team_of(employee=employee, on=today) if employee else None}


def teams_panel(request) -> dict | None:
    today = timezone.localdate()
    teams = teams_with_headcount(teams=teams_in_scope(request.user), on=today)
    return {
        "teams": teams[:8],
        "team_count": teams.count(),
        "people_count": employees_in_scope(request.user, on=today).count(),
        "company_wide": sees_whole_company(request.user),
    }


def audit_panel(request) -> dict:
    return {"events": AuditEvent.objects.select_related("actor")[:6]}

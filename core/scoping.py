"""Object scope: which employees (and so which of their records) a user may see.

One mechanism for every app:

    employees_in_scope(user)                       -> QuerySet[Employee]
    scope_queryset(qs, user, employee_field=...)   -> qs limited to the user's scope
    get_in_scope_or_404(qs, user, ..., pk=...)     -> one object, or Http404 (never 403: no leak)

Rules (capabilities in core.capabilities): `org.scope_company` sees the whole company (HR,
compliance, analysts, administrators); `org.scope_supervised_teams` the members of the teams one
supervises; `org.scope_managed_teams` the members of the teams one manages; everyone else
(agents, content editors) nobody but themself. Team membership counts when it is
current (today, or on the `on` date given), so history stays with the team it belonged to.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.capabilities import user_can
from core.models import Employee, Team


def teams_in_scope(user) -> QuerySet[Team]:
    if sees_whole_company(user):
        return Team.objects.all()
    links = [
        Q(**{field: user})
        for capability, field in (
            ("org.scope_supervised_teams", "supervisors"),
            ("org.scope_managed_teams", "managers"),
        )
        if user_can(user, capability)
    ]
    if not links:
        return Team.objects.none()
    if len(links) == 1:
        return Team.objects.filter(links[0])
    return Team.objects.filter(pk__in=Team.objects.filter(links[0] | links[1]).values("pk"))


def sees_whole_company(user) -> bool:
    return user_can(user, "org.scope_company")


def _sees_teams(user) -> bool:
    return user_can(user, "org.scope_supervised_teams") or user_can(user, "org.scope_managed_teams")


def _employee_condition(user, prefix: str, on: dt.date | None) -> Q | None:
    """Q on `prefix` (a path to an Employee) for this user's scope; None means everything."""
    if sees_whole_company(user):
        return None
    own = Q(**{f"{prefix}user": user})
    if _sees_teams(user):
        day = on or timezone.localdate()
        teams = teams_in_scope(user)
        members = (
            Q(**{f"{prefix}memberships__team__in": teams})
            & Q(**{f"{prefix}memberships__start__lte": day})
            & (Q(**{f"{prefix}memberships__end__isnull": True}) | Q(**{f"{prefix}memberships__end__gte": day}))
        )
        return own | members
    return own


def employees_in_scope(user, *, on: dt.date | None = None) -> QuerySet[Employee]:
    if not user.is_authenticated:
        return Employee.objects.none()
    condition = _employee_condition(user, "", on)
    qs = Employee.objects.all()
    return qs if condition is None else qs.filter(condition).distinct()


def scope_queryset(qs: QuerySet, user, *, employee_field: str = "employee", on: dt.date | None = None) -> QuerySet:
    """Limit any queryset whose rows belong to an employee (through `employee_field`)."""
    if not user.is_authenticated:
        return qs.none()
    if sees_whole_company(user):
        return qs
    if employee_field in ("", "self") and qs.model is Employee:
        return employees_in_scope(user, on=on).filter(pk__in=qs.values("pk"))
    visible = employees_in_scope(user, on=on).values("pk")
    return qs.filter(**{f"{employee_field}__in": visible})


def scope_by_team(qs: QuerySet, user, *, team_field: str = "team", employee_field: str = "employee") -> QuerySet:
    """Limit rows that record the team they belonged to (a payout keeps the team it was computed
    for): the whole company, rows of the teams in the user's scope, and the user's own rows."""
    if not user.is_authenticated:
        return qs.none()
    if sees_whole_company(user):
        return qs
    return qs.filter(Q(**{f"{team_field}__in": teams_in_scope(user)}) | Q(**{f"{employee_field}__user": user}))


def get_in_scope_or_404(qs: QuerySet, user, *, employee_field: str = "employee", **lookup) -> Model:
    try:
        return scope_queryset(qs, user, employee_field=employee_field).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

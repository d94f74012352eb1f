"""Object scope: which employees (and so which of their records) a user may see.

One mechanism for every app:

    employees_in_scope(user)                       -> QuerySet[Employee]
    scope_queryset(qs, user, employee_field=...)   -> qs limited to the user's scope
    get_in_scope_or_404(qs, user, ..., pk=...)     -> one object, or Http404 (never 403: no leak)

Rules: an agent sees only themself; a supervisor the members of the teams they supervise;
a manager the members of the teams they manage; HR, compliance, analysts and administrators
the whole company; a content editor nobody but themself. Team membership counts when it is
current (today, or on the `on` date given), so history stays with the team it belonged to.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.models import Employee, Team
from core.roles import COMPANY_WIDE_ROLES, Role


def teams_in_scope(user) -> QuerySet[Team]:
    if not user.is_authenticated:
        return Team.objects.none()
    if user.role in COMPANY_WIDE_ROLES or user.is_superuser:
        return Team.objects.all()
    if user.role == Role.SUPERVISOR:
        return Team.objects.filter(supervisors=user)
    if user.role == Role.MANAGER:
        return Team.objects.filter(managers=user)
    return Team.objects.none()


def sees_whole_company(user) -> bool:
    return user.is_authenticated and (user.role in COMPANY_WIDE_ROLES or user.is_superuser)


def _employee_condition(user, prefix: str, on: dt.date | None) -> Q | None:
    """Q on `prefix` (a path to an Employee) for this user's scope; None means everything."""
    if sees_whole_company(user):
        return None
    own = Q(**{f"{prefix}user": user})
    if user.role in (Role.SUPERVISOR, Role.MANAGER):
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


def get_in_scope_or_404(qs: QuerySet, user, *, employee_field: str = "employee", **lookup) -> Model:
    try:
        return scope_queryset(qs, user, employee_field=employee_field).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

"""Reads on the organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from core.models import Campaign, DemoMarker, Employee, Team, TeamMembership

DEMO_PRESENT_KEY = "core:demo-data-present"
DEMO_PRESENT_SECONDS = 300


def team_of(*, employee: Employee, on: dt.date) -> Team | None:
    membership = TeamMembership.objects.on(on).filter(employee=employee).select_related("team").first()
    return membership.team if membership else None


def employees_of_team(*, team: Team, on: dt.date) -> QuerySet[Employee]:
    return Employee.objects.filter(memberships__in=TeamMembership.objects.on(on).filter(team=team)).distinct()


def membership_days(*, employee_ids: Iterable[int], first: dt.date, last: dt.date) -> dict[int, dict[int, int]]:
    """Days each employee belonged to each team within [first, last]: {employee_id: {team_id: days}}."""
    out: dict[int, dict[int, int]] = {}
    for m in TeamMembership.objects.filter(employee_id__in=list(employee_ids)).overlapping(first, last):
        out.setdefault(m.employee_id, {}).setdefault(m.team_id, 0)
        out[m.employee_id][m.team_id] += m.days_within(first, last)
    return out


def campaigns_of(*, employee: Employee, on: dt.date) -> QuerySet[Campaign]:
    return Campaign.objects.filter(
        Q(assignments__employee=employee, assignments__start__lte=on)
        & (Q(assignments__end__isnull=True) | Q(assignments__end__gte=on))
    ).distinct()


def teams_with_headcount(*, teams: QuerySet[Team], on: dt.date) -> QuerySet[Team]:
    current = Q(memberships__start__lte=on) & (Q(memberships__end__isnull=True) | Q(memberships__end__gte=on))
    return (
        teams.select_related("site")
        .annotate(headcount=Count("memberships", filter=current))
        .order_by("site__name", "name")
    )


def demo_data_present() -> bool:
    """Whether `seed_demo` built this database (its `DemoMarker` row), cached for a few minutes:
    the "Demo mode" banner reads it on every page."""
    present = cache.get(DEMO_PRESENT_KEY)
    if present is None:
        present = DemoMarker.objects.exists()
        cache.set(DEMO_PRESENT_KEY, present, DEMO_PRESENT_SECONDS)
    return present


def demo_data_forget() -> None:
    """Drop the cached answer of :func:`demo_data_present` (after seeding)."""
    cache.delete(DEMO_PRESENT_KEY)

"""Reads on the organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, QuerySet

from core.changes import change_tokens
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


def rows_change_marker(*sources) -> str | None:
    """A short text that changes whenever a row of the given tables is inserted, updated or
    deleted (PostgreSQL and SQLite; None elsewhere, or for a table not declared with
    ``core.changes.change_marked`` on SQLite). ``sources`` are models, or ``(model, where_sql, params)``
    to mark only some rows (``where_sql`` written by the caller from model metadata, never from
    input).

    SQLite: the tables' change tokens (``core.changes``), which triggers renew on every write; a
    ``where_sql`` is not applied there (a write to any row of the table changes the marker: more
    cautious, never stale).

    PostgreSQL, per source: the count of its rows, the sum of their ``xmin`` (the id of the
    transaction that wrote each row version) and of their ``cmin`` (the command inside that
    transaction): an update by another transaction gives the row a newer, larger transaction id;
    one by the transaction that wrote the row (a service reading twice inside its own
    transaction) a later, larger command id; an insert or a delete changes the count, or, with a
    delete in the same transaction, one of the sums. One statement, so one snapshot; read it
    *before* the data it stands for and a cache keyed on it can be too cautious, never stale."""
    if connection.vendor == "sqlite":
        tables = [(source[0] if isinstance(source, tuple) else source)._meta.db_table for source in sources]
        return change_tokens(connection=connection, tables=tables)
    if connection.vendor != "postgresql":
        return None
    parts, params = [], []
    for source in sources:
        model, where, args = source if isinstance(source, tuple) else (source, "", ())
        clause = f" WHERE {where}" if where else ""
        parts.append(
            f"(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':' || coalesce(sum(cmin::text::bigint), 0)"  # noqa: S608, E501
            f" FROM {model._meta.db_table}{clause})"
        )
        params.extend(args)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT concat_ws('|', {', '.join(parts)})", params)  # noqa: S608
        return cursor.fetchone()[0]

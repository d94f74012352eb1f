"""The monthly summary of the daily facts (``KpiMonthSum``): every writer of ``KpiFact`` calls
:func:`month_sums_refresh` with the days it wrote, in its own transaction, and the months those days
fall in are summed again from the facts (delete, then one ``INSERT ... SELECT ... GROUP BY``), so the
summary equals the sum of the facts after any load, correction or removal, on PostgreSQL and SQLite.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.db import connection

from .catalogue import FACT_SUM_CODES, QUALITY_WEIGHT
from .models import KpiFact, KpiMonthSum


def _month_bounds(first: date, last: date) -> tuple[date, date]:
    end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return first.replace(day=1), end


def month_sums_refresh(*, first: date, last: date) -> None:
    """Sum again, from the facts, every month that has a day in [first, last] (all employees)."""
    if first is None or last is None:
        return
    start, end = _month_bounds(min(first, last), max(first, last))
    facts, sums = KpiFact._meta.db_table, KpiMonthSum._meta.db_table
    month = "date_trunc('month', day)::date" if connection.vendor == "postgresql" else "date(day, 'start of month')"
    codes = [c for c in FACT_SUM_CODES if c != QUALITY_WEIGHT]
    columns = ", ".join([*codes, QUALITY_WEIGHT])
    selects = ", ".join([*(f"SUM({c})" for c in codes), "SUM(puntaje_calidad * evaluaciones_calidad)"])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {sums} WHERE month BETWEEN %s AND %s", [start, end])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {sums} (employee_id, month, campaign_id, {columns}) "  # noqa: S608 - names are ours
            f"SELECT employee_id, {month}, campaign_id, {selects} FROM {facts} "
            f"WHERE day BETWEEN %s AND %s GROUP BY employee_id, {month}, campaign_id",
            [start, end],
        )


def month_sums_rebuild() -> None:
    """Every month that has facts, summed again (the backfill migration, the benches)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {KpiMonthSum._meta.db_table}")  # noqa: S608
        cursor.execute(f"SELECT MIN(day), MAX(day) FROM {KpiFact._meta.db_table}")  # noqa: S608
        first, last = cursor.fetchone()
    if first is not None:
        if isinstance(first, str):  # SQLite returns the text
            first, last = date.fromisoformat(first), date.fromisoformat(last)
        month_sums_refresh(first=first, last=last)

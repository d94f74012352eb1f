"""Small date helpers for KPI pages (period from query parameters)."""

from __future__ import annotations

import datetime as dt

from core.dates import month_bounds as calendar_month_bounds


def month_bounds(month: str | None, *, today: dt.date) -> tuple[dt.date, dt.date, str]:
    """``"2026-10"`` -> (first day, last day, "2026-10"); the current month (to date) by default."""
    try:
        year, number = (int(part) for part in (month or "").split("-"))
        first = dt.date(year, number, 1)
    except ValueError:
        first = today.replace(day=1)
    last = calendar_month_bounds(first)[1]
    if first <= today < last:
        last = today
    return first, last, f"{first:%Y-%m}"


def parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def previous_months(*, today: dt.date, count: int = 12) -> list[str]:
    out, year, month = [], today.year, today.month
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out

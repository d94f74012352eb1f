"""Period helpers: a period is a calendar month, identified by its first day."""

from __future__ import annotations

import datetime as dt
import re

from core.dates import month_bounds

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(text: str) -> dt.date:
    """'2026-03' -> date(2026, 3, 1); ValueError otherwise."""
    match = _PERIOD.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"invalid period {text!r}: expected YYYY-MM")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def period_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def period_bounds(period: dt.date) -> tuple[dt.date, dt.date]:
    return month_bounds(period)


def next_period(period: dt.date) -> dt.date:
    return period_bounds(period)[1] + dt.timedelta(days=1)


def previous_period(period: dt.date) -> dt.date:
    return period_of(period.replace(day=1) - dt.timedelta(days=1))

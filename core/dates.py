"""Calendar helpers shared by every app: months, plain dates, no database."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` (negative goes back), clamped to the end of a shorter month:
    31 January + 1 month is 28 (or 29) February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of `day`'s month."""
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])

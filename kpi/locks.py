"""Which KPI days are frozen: the one extension point kpi offers the app above it.

A day whose bonus period is closed (its run approved, locked or exported) must not take new or corrected
KPI facts. That knowledge lives in ``incentives``, which sits above kpi (incentives -> kpi), so kpi never
imports it: incentives registers the answer here from its ``AppConfig.ready()``, as apps fill
``core.registry``.

    register_period_lock(PeriodLock(...))   incentives, once, at start-up
    period_lock()                           kpi's services, each time they need the answer

There is no fallback. When nothing is registered, :func:`period_lock` raises ``ImproperlyConfigured``
instead of answering "nothing is locked": a missing or broken hook stops a load, it never opens a
closed period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PeriodLock:
    """``is_locked(day)`` asks the database each call; ``snapshot()`` asks once and returns a predicate
    that makes no query (for callers streaming a COPY on the connection)."""

    is_locked: Callable[[dt.date], bool]
    snapshot: Callable[[], Callable[[dt.date], bool]]


_lock: PeriodLock | None = None


def register_period_lock(lock: PeriodLock) -> None:
    global _lock
    _lock = lock


def period_lock() -> PeriodLock:
    if _lock is None:
        raise ImproperlyConfigured(
            "No KPI period lock is registered: the incentives app registers one in its AppConfig.ready()."
        )
    return _lock

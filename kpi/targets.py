"""KPI targets (goals) for the KPI pages' trend charts: the second extension point kpi offers the app above it.

Targets are set for bonus plans, so they live in ``incentives`` (``Target`` rows, named by the plan
components that measure a KPI against them), which sits above kpi: incentives registers the answer here
from its ``AppConfig.ready()`` (as with :mod:`kpi.locks`), and kpi never imports it.

    register_kpi_targets(reader)                    incentives, once, at start-up
    kpi_targets(employee_ids=, months=)             kpi's pages: {employee id: {month: {KPI code: Decimal}}}

Unlike the period lock, a missing reader has a safe answer: no targets (the charts draw no target line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

TargetReader = Callable[..., dict[int, dict[dt.date, dict[str, Decimal]]]]

_reader: TargetReader | None = None


def register_kpi_targets(reader: TargetReader) -> None:
    global _reader
    _reader = reader


def kpi_targets(
    *, employee_ids: Sequence[int], months: Sequence[dt.date]
) -> dict[int, dict[dt.date, dict[str, Decimal]]]:
    """Each employee's target per month (first day) and KPI code; absent where none is set."""
    if _reader is None or not employee_ids or not months:
        return {}
    return _reader(employee_ids=list(employee_ids), months=list(months))

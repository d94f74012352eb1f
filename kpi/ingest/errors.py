"""Validation errors of a KPI feed: a machine ``code`` plus ``params``.

Pure Python. ``MESSAGES`` holds the plain English developer text (``FeedError.detail``);
the Django layer (``kpi.messages``) renders the same codes as translatable
Spanish/English text with the same placeholders.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

# code -> English template. Placeholders: {row}, {column}, {value} plus the params.
MESSAGES: dict[str, str] = {
    # whole file
    "empty_file": "The file is empty.",
    "no_data_rows": "The file has a header but no data rows.",
    "unreadable_file": "The file cannot be read as {format}: {reason}.",
    "missing_sheet": "The workbook has no sheet named '{sheet}'.",
    "too_many_rows": "The file has more than {limit} data rows.",
    "archive_too_large": "Uncompressed, the file would take {size} bytes; the limit is {limit} bytes.",
    "nul_character": "The row holds a NUL character (U+0000), which no value may contain.",
    "bad_encoding": (
        "The file is not valid {encoding}: byte {byte} at row {row} ({rows} rows affected). "
        "Is it a Latin-1 file? Choose a Latin-1 profile."
    ),
    "utf8_read_as_latin1": (
        "The file looks like UTF-8 but the profile reads it as Latin-1 ({rows} rows affected); choose a UTF-8 profile."
    ),
    # header
    "missing_header": ("The first row is not a header: none of its names is a known column ({value})."),
    "wrong_delimiter": ("The file seems to be separated by '{found}', but the profile expects '{expected}'."),
    "unknown_column": "Unknown column '{column}'.",
    "duplicate_column": "Column '{column}' repeats '{code}', already given by '{first}'.",
    "missing_column": "Required column '{code}' is missing.",
    # row shape
    "wrong_field_count": "The row has {found} fields; the header has {expected}.",
    "malformed_row": "The row cannot be parsed as CSV: {reason}.",
    # values
    "blank_value": "Column '{column}' is empty.",
    "not_a_number": "'{value}' is not a number.",
    "wrong_decimal_separator": ("'{value}' uses '{found}' as decimal separator; this profile uses '{expected}'."),
    "wrong_thousands_separator": ("'{value}' uses '{found}' to group thousands; this profile expects {expected}."),
    "not_an_integer": "'{value}' must be a whole number.",
    "too_many_decimals": "'{value}' has more than {scale} decimals.",
    "negative_value": "'{value}' is negative; '{column}' cannot be below zero.",
    "value_too_large": "'{value}' is above the maximum {maximum} for '{column}'.",
    "quality_out_of_range": "Quality score '{value}' is outside 0-100.",
    "hours_exceed_day": "'{value}' paid hours is more than a day (24).",
    "handle_seconds_exceed_day": "'{value}' handle seconds is more than a day (86400).",
    "bad_duration": "'{value}' is not a duration in the format {format} (e.g. {example}), the one this profile takes for '{column}'.",
    "bad_date": "'{value}' is not a date in the format {format} (e.g. {example}), the one this profile takes.",
    "impossible_date": "'{value}' is not a real calendar day.",
    "future_date": "Date {value} is in the future (today is {today}).",
    "locked_period": "Date {value} is in a locked period; its facts cannot change.",
    "unknown_agent": "Unknown agent '{value}' ({agent_key}).",
    "unknown_campaign": "Unknown campaign '{value}'.",
    "duplicate_row": ("Agent '{agent}' already has a row for {day}{campaign_text} at row {first_row}."),
    "mixed_campaign_rows": (
        "Agent '{agent}' has rows for {day} both with and without a campaign "
        "(see row {first_row}); a day is either split by campaign or not."
    ),
    # impossible combinations
    "contacts_exceed_attempts": "Contacts ({value}) exceed attempts ({other}).",
    "rpc_exceed_contacts": "Right-party contacts ({value}) exceed contacts ({other}).",
    "kept_exceed_promises": "Kept promises ({value}) exceed promises ({other}).",
    "kept_amount_exceed_promised": ("Kept amount ({value}) exceeds the promised amount ({other})."),
    "promised_amount_without_promises": ("Promised amount {value} with zero promises."),
    "kept_amount_without_kept": "Kept amount {value} with zero kept promises.",
    "quality_without_evaluations": "Quality score {value} with zero evaluations.",
    "quality_blank_with_evaluations": ("The quality score is empty but there are {other} evaluations."),
    "severe_exceed_incidents": ("Severe incidents ({value}) exceed compliance incidents ({other})."),
}


@dataclass(frozen=True, slots=True)
class FeedError:
    """One problem in a feed. ``row`` counts as the user does (header = 1); None for
    the whole file. ``column`` is the file's own header name."""

    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def detail(self) -> str:
        """Plain English text for developers and logs (not translated)."""
        values = {"row": self.row, "column": self.column, "value": self.value}
        values.update(self.params)
        try:
            return MESSAGES[self.code].format(**values)
        except (KeyError, IndexError):  # pragma: no cover - a missing param is a bug
            return self.code

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "params": dict(self.params),
            "detail": self.detail,
        }


class ErrorCollector:
    """Counts every error and keeps the first ``limit`` in (row, column) order.

    Callers ask :meth:`wants` before building the error so a file where every cell
    is wrong does not build a million objects.
    """

    def __init__(self, limit: int = 1000) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.count = 0
        self._heap: list[tuple[int, int, int, FeedError]] = []
        self._seq = 0

    def wants(self, row: int | None, col: int) -> bool:
        """Count one error; True if it belongs among the first ``limit``."""
        self.count += 1
        if len(self._heap) < self.limit:
            return True
        worst = self._heap[0]
        return (row if row is not None else -1, col) < (-worst[0], -worst[1])

    def keep(self, error: FeedError, col: int) -> None:
        self._seq += 1
        row = error.row if error.row is not None else -1
        item = (-row, -col, -self._seq, error)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, item)
        else:
            heapq.heapreplace(self._heap, item)

    def add(self, error: FeedError, col: int = -1) -> None:
        if self.wants(error.row, col):
            self.keep(error, col)

    def sorted(self) -> tuple[FeedError, ...]:
        items = sorted(self._heap, key=lambda item: (-item[0], -item[1], -item[2]))
        return tuple(item[3] for item in items)

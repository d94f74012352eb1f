"""A batch of contact attempts sent as JSON (``POST /api/v1/contact-logs``), written as the CSV file the
import validates, so a batch gets exactly the file's validation, hashing and duplicate recognition.

Pure Python. :func:`batch_to_csv` checks what only JSON can get wrong (an unknown field, a value
that is not text or a number, a line break) naming the item and the field, and writes the items in
a fixed column order, so the same batch always gives the same bytes (and the same SHA-256).
Item ``i`` (counted from 0) is the file's row ``i + FIRST_DATA_ROW``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from .profiles import COLUMNS, ContactProfile
from .validate import ContactError

FIRST_DATA_ROW = 2  # the header is row 1


def item_of(row: int | None) -> int | None:
    """The batch item (from 0) a file row names; None for the header or the whole batch."""
    return None if row is None or row < FIRST_DATA_ROW else row - FIRST_DATA_ROW


def batch_to_csv(items: Sequence[Any], *, profile: ContactProfile) -> tuple[bytes, list[ContactError]]:
    """The CSV bytes of ``items`` (objects whose keys are contact-log columns or their aliases), or the
    errors (``row`` is the file row of the item, see :func:`item_of`). Empty bytes with errors."""
    errors: list[ContactError] = []
    rows: list[dict[str, str]] = []
    used: set[str] = set()
    for index, item in enumerate(items):
        row = index + FIRST_DATA_ROW
        if not isinstance(item, dict):
            errors.append(ContactError("item_not_object", row))
            continue
        values: dict[str, str] = {}
        for key, value in item.items():
            column = profile.canonical_column(str(key))
            if column is None:
                errors.append(ContactError("unknown_column", row, str(key)))
                continue
            if column in values:
                errors.append(ContactError("duplicate_column", row, str(key), params={"first": column}))
                continue
            if value is None:
                text = ""
            elif isinstance(value, bool) or not isinstance(value, str | int | float):
                errors.append(ContactError("not_text", row, str(key), str(value)[:200]))
                continue
            else:
                text = str(value)
            if any(ch in text for ch in "\r\n\x00"):
                errors.append(ContactError("line_break", row, str(key), text[:200]))
                continue
            values[column] = text
            used.add(column)
        rows.append(values)
    if errors:
        return b"", errors
    header = [c for c in COLUMNS if c in used]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=profile.delimiter or ",", lineterminator="\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(c, "") for c in header])
    return out.getvalue().encode("utf-8"), []

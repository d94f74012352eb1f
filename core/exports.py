"""The one writer for every CSV and XLSX file the portal hands out.

A spreadsheet opens a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so text that came from a user (a failed login's user name, a course title,
an employee's first name, a feed's header) could run when HR opens the file (OWASP "CSV
injection"). Every export goes through :func:`safe_cell`:

- numbers that are numbers (``int``, ``float``, ``Decimal``; not ``bool``) stay numbers: a CSV
  writes them as digits, an XLSX as numeric cells;
- every other value is text: dates in ISO form (an XLSX keeps a plain date as a date cell), ``None`` empty, and a text starting with one of
  the trigger characters gets a leading apostrophe (``'=SUM(A1)``). That includes text that
  *looks* like a number (``"-5"``): OWASP's rule prefixes it, and a value the code means as a
  number is passed as a number. Callers that want a column read back as numbers pass
  ``Decimal``/``int``;
- XLSX cells are written as strings (``data_type "s"``), never formulas, unless the caller wraps
  the value in :class:`Formula` on purpose.

``tabular_bytes(...)`` returns a file's bytes (payroll keeps a SHA-256 of them);
``tabular_response(...)`` returns the download, and ``streaming_csv_response(...)`` streams a
CSV of any length row by row (the audit trail).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
BOM = "\ufeff"  # Excel reads a UTF-8 CSV as UTF-8 only with it


@dataclass(frozen=True)
class Formula:
    """A cell the code itself means as a formula (never built from user input)."""

    text: str


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_plain_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def safe_text(value: object) -> str:
    """The value as text a spreadsheet will not run (a leading ``'`` before a trigger)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def safe_cell(value: object) -> object:
    """A cell value as written: numbers stay numbers, everything else is :func:`safe_text`."""
    if _is_number(value) or isinstance(value, Formula):
        return value
    return safe_text(value)


def safe_row(row: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in row]


# --------------------------------------------------------------------------- CSV


def _csv_writer(target, *, delimiter: str = ",", lineterminator: str = "\r\n"):
    return csv.writer(target, delimiter=delimiter, lineterminator=lineterminator)


def _csv_value(value: object, number_format: Callable[[object], str] | None) -> object:
    if isinstance(value, Formula):
        return value.text
    if number_format is not None and _is_number(value):
        return number_format(value)
    return value


def csv_text(
    rows: Iterable[Sequence[object]],
    headers: Sequence[object] | None = None,
    *,
    delimiter: str = ",",
    bom: bool = True,
    number_format: Callable[[object], str] | None = None,
) -> str:
    """The CSV as text. ``number_format`` renders numbers (e.g. a decimal comma), never prefixed."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = _csv_writer(buffer, delimiter=delimiter)
    if headers is not None:
        writer.writerow([_csv_value(v, number_format) for v in safe_row(headers)])
    for row in rows:
        writer.writerow([_csv_value(v, number_format) for v in safe_row(row)])
    return buffer.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(
    rows: Iterable[Sequence[object]], headers: Sequence[object] | None = None, *, bom: bool = True
) -> Iterator[str]:
    """The CSV one line at a time (for a streaming response)."""
    writer = _csv_writer(_Echo())
    if bom:
        yield BOM
    if headers is not None:
        yield writer.writerow([_csv_value(v, None) for v in safe_row(headers)])
    for row in rows:
        yield writer.writerow([_csv_value(v, None) for v in safe_row(row)])


# --------------------------------------------------------------------------- XLSX


def xlsx_workbook(
    rows: Iterable[Sequence[object]],
    headers: Sequence[object] | None = None,
    *,
    sheet_title: str | None = None,
    bold_header: bool = False,
    widths: Sequence[int] | None = None,
    freeze_header: bool = False,
):
    """An openpyxl workbook with one sheet, every text cell typed as a string (``"s"``)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    if sheet_title:
        ws.title = str(sheet_title)[:31]
    row_number = 0

    def append(values: Sequence[object], *, bold: bool = False) -> None:
        nonlocal row_number
        row_number += 1
        for column, raw in enumerate(values, start=1):
            value = safe_cell(raw)
            cell = ws.cell(row=row_number, column=column)
            if isinstance(value, Formula):
                cell.value = value.text  # openpyxl marks "=..." as a formula: the caller asked for one
            elif _is_number(value) or _is_plain_date(raw):
                cell.value = raw  # a number or a calendar date: typed, never text that could run
            else:  # text, typed as a string even if it looks like a formula or a number
                cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
                cell.data_type = "s"
            if bold:
                cell.font = Font(bold=True)

    if headers is not None:
        append(headers, bold=bold_header)
    for row in rows:
        append(row)
    for index, width in enumerate(widths or (), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if freeze_header and headers is not None:
        ws.freeze_panes = "A2"
    return wb


def xlsx_bytes(rows: Iterable[Sequence[object]], headers: Sequence[object] | None = None, **options: Any) -> bytes:
    out = io.BytesIO()
    xlsx_workbook(rows, headers, **options).save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- responses


def tabular_bytes(
    rows: Iterable[Sequence[object]],
    headers: Sequence[object] | None = None,
    *,
    format: str = "csv",  # noqa: A002 - the name callers read best
    **options: Any,
) -> bytes:
    """The file's bytes: CSV (UTF-8 with BOM unless ``bom=False``) or XLSX."""
    if format == "xlsx":
        xlsx_options = {k: v for k, v in options.items() if k not in ("delimiter", "bom", "number_format")}
        return xlsx_bytes(rows, headers, **xlsx_options)
    if format != "csv":
        raise ValueError(f"unknown export format {format!r}")
    csv_options = {k: v for k, v in options.items() if k in ("delimiter", "bom", "number_format")}
    return csv_text(rows, headers, **csv_options).encode("utf-8")


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def content_type_for(format: str) -> str:  # noqa: A002
    return XLSX_CONTENT_TYPE if format == "xlsx" else CSV_CONTENT_TYPE


def tabular_response(
    rows: Iterable[Sequence[object]],
    headers: Sequence[object] | None = None,
    *,
    format: str = "csv",  # noqa: A002
    filename: str,
    **options: Any,
) -> HttpResponse:
    """A download of ``rows`` as ``filename.<format>`` (the extension is added here)."""
    data = tabular_bytes(rows, headers, format=format, **options)
    return attachment(HttpResponse(data, content_type=content_type_for(format)), f"{filename}.{format}")


def streaming_csv_response(
    rows: Iterable[Sequence[object]], headers: Sequence[object] | None = None, *, filename: str
) -> StreamingHttpResponse:
    """A CSV of any length, written row by row as the client reads it."""
    response = StreamingHttpResponse(csv_lines(rows, headers), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response

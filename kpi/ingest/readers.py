"""Stream rows out of CSV and XLSX files without loading them whole.

Pure Python. A reader turns a binary stream into a :class:`Table`: the header, an
iterator of ``(row_number, cells)`` and what it learnt on the way (delimiter,
encoding problems, bytes read for a progress bar). Row numbers count as the user
does in a spreadsheet or a text editor: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from .errors import FeedError
from .profiles import DELIMITERS, FeedProfile

XLSX_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
NUL = "\x00"
NUL_SHOWN = "\ufffd"  # what a NUL becomes once reported: PostgreSQL text and JSON refuse U+0000


@dataclass
class ReadState:
    """Mutable facts gathered while streaming (read after the rows are consumed)."""

    total_bytes: int | None = None
    bytes_read: int = 0
    total_rows: int | None = None  # XLSX: from the sheet's dimension, when present
    bad_encoding_rows: int = 0
    first_bad_encoding: tuple[int, str] | None = None  # (row, byte)
    utf8_as_latin1_rows: int = 0
    first_utf8_as_latin1: int | None = None
    row_errors: list[FeedError] = field(default_factory=list)
    nul_pending: bool = False  # the line just read holds a NUL (U+0000): find its cell

    def fraction(self, rows_done: int) -> float | None:
        if self.total_bytes:
            return min(1.0, self.bytes_read / self.total_bytes)
        if self.total_rows:
            return min(1.0, rows_done / self.total_rows)
        return None


@dataclass
class Table:
    format: str  # "csv" | "xlsx" | "rows"
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, Sequence[object]]]
    state: ReadState
    delimiter: str | None = None
    encoding: str | None = None
    fatal: FeedError | None = None  # set when nothing can be read (empty file, ...)


def sniff_format(stream: BinaryIO, filename: str | None = None) -> str:
    """``"xlsx"`` for a ZIP container (or an .xlsx name), else ``"csv"``."""
    head = _peek(stream, 4)
    if head == XLSX_MAGIC:
        return "xlsx"
    if filename and filename.lower().endswith((".xlsx", ".xlsm")) and not head:
        return "xlsx"
    return "csv"


def _peek(stream: BinaryIO, size: int) -> bytes:
    pos = stream.tell()
    head = stream.read(size)
    stream.seek(pos)
    return head


def _stream_size(stream: BinaryIO) -> int | None:
    try:
        pos = stream.tell()
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(pos)
        return size - pos
    except (OSError, ValueError):
        return None


def open_table(stream: BinaryIO, *, profile: FeedProfile, filename: str | None = None) -> Table:
    """Open a seekable binary stream as a :class:`Table` (CSV or XLSX)."""
    if sniff_format(stream, filename) == "xlsx":
        return read_xlsx(stream, profile=profile)
    return read_csv(stream, profile=profile)


# --------------------------------------------------------------------------- CSV


def _decoded_lines(stream: BinaryIO, encoding: str, state: ReadState, first_line: int) -> Iterator[str]:
    """Decode line by line so a bad byte is pinned to its row instead of a chunk."""
    lineno = first_line - 1
    for raw in stream:
        lineno += 1
        state.bytes_read += len(raw)
        if encoding == "latin-1":
            if not raw.isascii():
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    pass
                else:
                    state.utf8_as_latin1_rows += 1
                    if state.first_utf8_as_latin1 is None:
                        state.first_utf8_as_latin1 = lineno
            yield raw.decode("latin-1")
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if encoding == "auto":
                yield raw.decode("latin-1")
                continue
            state.bad_encoding_rows += 1
            if state.first_bad_encoding is None:
                state.first_bad_encoding = (lineno, f"0x{raw[exc.start]:02X}")
            yield raw.decode("utf-8", errors="replace")


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def detect_delimiter(header_line: str, profile: FeedProfile) -> tuple[str, int]:
    """The candidate delimiter that yields most known columns, and that count."""
    best, best_known, best_fields = ",", -1, 0
    for delim in DELIMITERS:
        names = _split(header_line, delim)
        known = sum(1 for n in names if profile.canonical_column(n) is not None)
        if (known, len(names)) > (best_known, best_fields):
            best, best_known, best_fields = delim, known, len(names)
    return best, best_known


def read_csv(stream: BinaryIO, *, profile: FeedProfile) -> Table:
    state = ReadState(total_bytes=_stream_size(stream))
    lines = iter(stream)
    header_raw = b""
    header_row = 0
    titles = profile.title_rows
    for raw in lines:  # skip leading blank lines, then the profile's title rows
        header_row += 1
        state.bytes_read += len(raw)
        if header_row == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM) :]
        if raw.strip():
            if titles:
                titles -= 1
                continue
            header_raw = raw
            break
    encoding = profile.encoding
    if not header_raw:
        return Table("csv", [], 1, iter(()), state, fatal=FeedError("empty_file"))
    try:
        header_line = header_raw.decode("latin-1" if encoding == "latin-1" else "utf-8")
    except UnicodeDecodeError as exc:
        if encoding == "auto":
            header_line = header_raw.decode("latin-1")
        else:
            state.bad_encoding_rows += 1
            state.first_bad_encoding = (header_row, f"0x{header_raw[exc.start]:02X}")
            header_line = header_raw.decode("utf-8", errors="replace")
    header_line = header_line.lstrip("\ufeff")
    if NUL in header_line:
        return Table("csv", [], header_row, iter(()), state, fatal=FeedError("nul_character", row=header_row))

    detected, known = detect_delimiter(header_line, profile)
    delimiter = profile.delimiter or detected
    header = [h.strip() for h in _split(header_line.rstrip("\r\n"), delimiter)]
    fatal = None
    if profile.delimiter and known > 0 and detected != profile.delimiter:
        own = sum(1 for n in header if profile.canonical_column(n) is not None)
        if own < known and len(header) == 1:
            fatal = FeedError(
                "wrong_delimiter",
                row=header_row,
                params={"found": _show(detected), "expected": _show(profile.delimiter)},
            )

    decoded = _decoded_lines(lines, encoding, state, header_row + 1)
    table = Table(
        "csv",
        header,
        header_row,
        iter(()),
        state,
        delimiter=delimiter,
        encoding=encoding,
        fatal=fatal,
    )
    table.rows = _csv_rows(_watch_nul(decoded, state), delimiter, header_row, state, header)
    return table


def _watch_nul(lines: Iterator[str], state: ReadState) -> Iterator[str]:
    for line in lines:
        if NUL in line:
            state.nul_pending = True
        yield line


def _report_nul(cells: list, row: int, header: Sequence[str], state: ReadState) -> None:
    """Name each cell holding a NUL (the feed is rejected) and blank the NUL out of the value."""
    for j, cell in enumerate(cells):
        if isinstance(cell, str) and NUL in cell:
            column = header[j] if j < len(header) else None
            state.row_errors.append(FeedError("nul_character", row=row, column=column))
            cells[j] = cell.replace(NUL, NUL_SHOWN)


def _show(delimiter: str) -> str:
    return "\\t" if delimiter == "\t" else delimiter


def _csv_rows(
    lines: Iterator[str], delimiter: str, header_row: int, state: ReadState, header: Sequence[str] = ()
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines, delimiter=delimiter)
    end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = header_row + reader.line_num
            state.row_errors.append(FeedError("malformed_row", row=row, params={"reason": str(exc)}))
            end = reader.line_num
            continue
        start = header_row + end + 1
        end = reader.line_num
        if state.nul_pending:
            state.nul_pending = False
            _report_nul(cells, start, header, state)
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        yield start, cells


# --------------------------------------------------------------------------- XLSX


def read_xlsx(stream: BinaryIO, *, profile: FeedProfile) -> Table:
    """Read the first (or the profile's) sheet with openpyxl in read-only mode."""
    import openpyxl  # imported here: CSV-only callers do not pay for it

    state = ReadState()
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure means "not a workbook"
        return Table(
            "xlsx",
            [],
            1,
            iter(()),
            state,
            fatal=FeedError("unreadable_file", params={"format": "XLSX", "reason": str(exc)}),
        )
    if profile.sheet:
        if profile.sheet not in workbook.sheetnames:
            workbook.close()
            return Table(
                "xlsx",
                [],
                1,
                iter(()),
                state,
                fatal=FeedError("missing_sheet", params={"sheet": profile.sheet}),
            )
        sheet = workbook[profile.sheet]
    else:
        sheet = workbook.worksheets[0]
    try:
        state.total_rows = sheet.max_row
    except Exception:  # noqa: BLE001 - dimension missing from the file
        state.total_rows = None

    rows = sheet.iter_rows(values_only=True)
    header: list[str] = []
    header_row = 0
    titles = profile.title_rows
    for values in rows:
        header_row += 1
        cells = _trim(values)
        if any(c is not None and str(c).strip() for c in cells):
            if titles:  # a title block above the header (dialer interval reports)
                titles -= 1
                continue
            header = ["" if c is None else str(c).strip() for c in cells]
            break
    if not header:
        workbook.close()
        return Table("xlsx", [], 1, iter(()), state, fatal=FeedError("empty_file"))
    if any(NUL in name for name in header):  # openpyxl turns "_x0000_" into a NUL
        workbook.close()
        return Table("xlsx", [], header_row, iter(()), state, fatal=FeedError("nul_character", row=header_row))

    def generate() -> Iterator[tuple[int, Sequence[object]]]:
        try:
            number = header_row
            for values in rows:
                number += 1
                cells = _trim(values)
                if not cells or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                if any(c.__class__ is str and NUL in c for c in cells):
                    _report_nul(cells, number, header, state)
                yield number, cells
        finally:
            workbook.close()

    return Table("xlsx", header, header_row, generate(), state)


def _trim(values: Sequence[object]) -> list[object]:
    cells = list(values)
    while cells and cells[-1] is None:
        cells.pop()
    return cells


# --------------------------------------------------------------------------- rows


def rows_table(rows: Sequence[dict[str, object]]) -> Table:
    """A table from JSON-like rows (the API): the union of keys, in first-seen order;
    row numbers are the items' positions, from 1."""
    header: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for key in row:
            if key not in seen:
                seen.add(key)
                header.append(str(key))
    state = ReadState(total_rows=len(rows))
    if not rows:
        return Table("rows", [], 0, iter(()), state, fatal=FeedError("empty_file"))
    if any(NUL in name for name in header):
        first = next(n for n, row in enumerate(rows, start=1) if any(NUL in str(k) for k in row))
        return Table("rows", [], 0, iter(()), state, fatal=FeedError("nul_character", row=first))

    def generate() -> Iterator[tuple[int, Sequence[object]]]:
        for number, row in enumerate(rows, start=1):
            cells = [row.get(name) for name in header]
            if any(c.__class__ is str and NUL in c for c in cells):
                _report_nul(cells, number, header, state)
            yield number, cells

    # header_row 0: JSON rows have no header line; items count from 1.
    return Table("rows", header, 0, generate(), state)


def as_binary(data: bytes) -> BinaryIO:
    return io.BytesIO(data)

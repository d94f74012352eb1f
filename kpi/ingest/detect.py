"""A profile proposed from a sample file (#18): what its first rows say about how the source writes.

Pure Python. :func:`profile_detect` reads the header and up to ``sample_rows`` data rows of a CSV
and proposes the encoding (UTF-8, else Latin-1), the delimiter, the title rows above the header,
each column's KPI (codes and English aliases, the catalogue's Spanish names, accents, case and a
unit in parentheses aside, then a close spelling), the columns to ignore, a totals row, the
decimal and thousands separators, duration metrics (``hh:mm:ss``, ``mm:ss``) and the date format,
the last only when the sample's dates read one way: when day-first and month-first both fit and
give other days, ``date_format`` is None and ``date_guess`` holds the examples, so the profile
must choose.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field

from kpi.catalogue import RAW_KPIS

from .codes import AGENT, CANONICAL_ALIASES, DATE, DURATION_UNITS, METRICS_BY_CODE, normalise_header
from .numbers import DateFormatGuess, guess_date_format
from .profiles import DELIMITERS, FeedProfile, strip_unit

SAMPLE_BYTES = 1 << 20
_NAMES: dict[str, str] = {
    **CANONICAL_ALIASES,
    **{normalise_header(strip_unit(spec.name_es)): spec.code for spec in RAW_KPIS if spec.feed is not None},
    **{normalise_header(spec.name_en): spec.code for spec in RAW_KPIS if spec.feed is not None},
    "fecha_dia": DATE,
    "codigo_agente": AGENT,
    "codigo_empleado": AGENT,
    "usuario": AGENT,
    "login": AGENT,
}
_GROUPED_COMMA = re.compile(r"-?\d{1,3}(?:\.\d{3})+,\d+")  # 1.234,56
_GROUPED_POINT = re.compile(r"-?\d{1,3}(?:,\d{3})+\.\d+")  # 1,234.56
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_DECIMAL_POINT = re.compile(r"-?\d+\.\d+")
_HMS = re.compile(r"\d{1,4}:[0-5]\d:[0-5]\d")
_MS = re.compile(r"\d{1,6}:[0-5]\d")


@dataclass(frozen=True)
class ProfileProposal:
    """What a sample says; :meth:`profile` builds the engine profile (``date_format`` must be known)."""

    encoding: str
    delimiter: str
    decimal_separator: str
    thousands_separator: str
    date_format: str | None
    date_guess: DateFormatGuess
    title_rows: int
    columns: tuple[tuple[str, str | None], ...]  # (header as written, KPI code or None)
    header_map: tuple[tuple[str, str], ...]  # the names the profile must be told
    ignore_columns: tuple[str, ...]
    footer_labels: tuple[str, ...]
    durations: tuple[tuple[str, str], ...]
    sample: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    def profile(self, code: str, *, date_format: str | None = None, agent_key: str = "employee_code") -> FeedProfile:
        chosen = date_format or self.date_format
        if chosen is None:
            raise ValueError("the sample's dates read two ways: choose the date format")
        return FeedProfile(
            code=code,
            delimiter=self.delimiter,
            decimal_separator=self.decimal_separator,
            thousands_separator=self.thousands_separator,
            date_format=chosen,
            encoding=self.encoding,
            agent_key=agent_key,  # type: ignore[arg-type]
            header_map=self.header_map,
            ignore_columns=self.ignore_columns,
            footer_labels=self.footer_labels,
            title_rows=self.title_rows,
            durations=self.durations,
        )


def column_code(name: str) -> str | None:
    """The KPI (or identity column) a header names, as written, without its unit, or closely spelt."""
    for candidate in (name, strip_unit(name)):
        code = _NAMES.get(normalise_header(candidate))
        if code is not None:
            return code
    close = difflib.get_close_matches(normalise_header(strip_unit(name)), list(_NAMES), n=1, cutoff=0.85)
    return _NAMES[close[0]] if close else None


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:SAMPLE_BYTES]
    if len(data) > SAMPLE_BYTES:
        head = head[: head.rfind(b"\n") + 1]
    try:
        return head.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return head.decode("latin-1"), "latin-1"


def _rows(text: str, delimiter: str) -> list[list[str]]:
    try:
        return [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    except csv.Error:
        return [line.split(delimiter) for line in text.splitlines() if line.strip()]


def _header_at(rows: list[list[str]]) -> tuple[int, int]:
    """(index of the header row among the first rows, how many of its cells name a column)."""
    best, best_known = 0, -1
    for index, cells in enumerate(rows[:51]):
        known = sum(1 for c in cells if column_code(c) is not None)
        if known > best_known and known >= 2:
            best, best_known = index, known
            break
    return best, best_known


def _separators(cells: list[str], delimiter: str) -> tuple[str, str]:
    if any(_GROUPED_COMMA.fullmatch(c) for c in cells):
        return ",", "."
    if any(_GROUPED_POINT.fullmatch(c) for c in cells):
        return ".", ","
    if delimiter != "," and any(_DECIMAL_COMMA.fullmatch(c) for c in cells):
        return ",", ""
    return ".", ""


def profile_detect(data: bytes, *, sample_rows: int = 200) -> ProfileProposal:
    """The profile a CSV sample suggests (see the module's docstring)."""
    text, encoding = _decode(data)
    candidates = []
    for delimiter in DELIMITERS:
        rows = _rows(text, delimiter)
        at, known = _header_at(rows)
        candidates.append((known, -DELIMITERS.index(delimiter), delimiter, rows, at))
    _known, _order, delimiter, rows, title_rows = max(candidates, key=lambda c: (c[0], c[1]))
    header = [c.strip() for c in rows[title_rows]] if rows else []
    data_rows = [r for r in rows[title_rows + 1 :] if len(r) >= 2][:sample_rows]
    codes = [column_code(name) for name in header]
    seen: set[str] = set()
    columns, header_map, ignore = [], [], []
    plain = FeedProfile()
    for name, code in zip(header, codes, strict=True):
        if code is None or code in seen:
            columns.append((name, None))
            ignore.append(name)
            continue
        seen.add(code)
        columns.append((name, code))
        if plain.canonical_column(name) != code:
            header_map.append((name, code))

    def cells_of(code: str) -> list[str]:
        index = codes.index(code) if code in codes else None
        if index is None:
            return []
        return [r[index].strip() for r in data_rows if index < len(r) and r[index].strip()]

    footers: tuple[str, ...] = ()
    if data_rows and DATE in codes:
        first = data_rows[-1][codes.index(DATE)].strip() if codes.index(DATE) < len(data_rows[-1]) else ""
        lead = data_rows[-1][0].strip()
        if lead and not any(ch.isdigit() for ch in lead) and not any(ch.isdigit() for ch in first):
            footers = (lead,)
            data_rows = data_rows[:-1]
    durations = []
    for code in DURATION_UNITS:
        cells = cells_of(code)
        if cells and all(_HMS.fullmatch(c) for c in cells):
            durations.append((code, "hh:mm:ss"))
        elif cells and all(_MS.fullmatch(c) for c in cells):
            durations.append((code, "mm:ss"))
    timed = {code for code, _written in durations}
    numbers = [c for code in METRICS_BY_CODE if code not in timed for c in cells_of(code)]
    decimal, thousands = _separators(numbers, delimiter)
    guess = guess_date_format(cells_of(DATE))
    return ProfileProposal(
        encoding=encoding,
        delimiter=delimiter,
        decimal_separator=decimal,
        thousands_separator=thousands,
        date_format=guess.proposed,
        date_guess=guess,
        title_rows=title_rows,
        columns=tuple(columns),
        header_map=tuple(header_map),
        ignore_columns=tuple(ignore),
        footer_labels=footers,
        durations=tuple(durations),
        sample=tuple(tuple(r) for r in data_rows[:50]),
    )

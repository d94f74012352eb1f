"""Feed profiles: how one source (a dialer, a CRM export) writes its KPI files.

Pure Python. The Django ``FeedProfile`` model stores the same fields and builds one of
these with ``FeedProfile.to_engine()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .codes import CANONICAL_ALIASES, DURATION_UNITS, METRICS_BY_CODE, normalise_header

DELIMITERS: tuple[str, ...] = (",", ";", "\t")
# One date format per profile: a file's ``11/05/2026`` is 11 May or 5 November only by the
# profile's word, never by guessing (the canonical profile takes ISO dates only).
DATE_FORMATS: tuple[str, ...] = ("yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy")
ENCODINGS: tuple[str, ...] = ("utf-8", "latin-1", "auto")
# How a duration metric's cells are written (``durations``): converted to the KPI's own unit.
DURATION_FORMATS: tuple[str, ...] = ("hh:mm:ss", "mm:ss", "minutes")
AgentKey = Literal["employee_code", "dialer_login"]


class ProfileError(ValueError):
    """A profile that cannot work (e.g. the same character as decimal and thousands)."""


@dataclass(frozen=True)
class FeedProfile:
    """How to read one source's files.

        ``header_map`` pairs a source's own column names with canonical codes
        (``(("Gestor", "agente"), ("Recaudo", "monto_recuperado"))``); the Spanish codes and
        English aliases are always understood, whatever their accents and case, and with a unit in
        parentheses or brackets (``Monto Recuperado (MXN)``). ``defaults`` lets a source omit a metric
        column, loading the given value instead (``(("segundos_gestion", "0"),)``).

        ``ignore_columns`` names columns to skip; ``ignore_unknown_columns`` (chosen explicitly)
        skips every column that names no KPI. ``footer_labels``: a row whose first cell is one of
        these words (``TOTAL``) is a footer, skipped, not a fact. ``blank_zero_metrics``: metrics whose
        blank cell means 0 (any other blank metric cell rejects the row; ``blank_as_zero`` says so
        for every metric). ``title_rows``: non-blank rows above the header (a report's
    title block) to skip. ``durations``: metrics whose cells are durations (``hh:mm:ss``,
    ``mm:ss`` or a number of ``minutes``), converted to the KPI's unit (seconds, hours): e.g.
    ``(("segundos_gestion", "hh:mm:ss"),)``. ``version`` is the stored profile's version,
    recorded by each import.
    """

    code: str = "canonical"
    delimiter: str | None = None  # None: detect among , ; and tab
    decimal_separator: str = "."
    thousands_separator: str = ""
    date_format: str = "yyyy-mm-dd"  # exactly one of DATE_FORMATS
    encoding: str = "utf-8"  # utf-8 (with or without BOM), latin-1, or auto
    agent_key: AgentKey = "employee_code"
    header_map: tuple[tuple[str, str], ...] = ()
    ignore_columns: tuple[str, ...] = ()
    defaults: tuple[tuple[str, str], ...] = ()
    blank_as_zero: bool = False
    sheet: str | None = None  # XLSX: sheet name, or the first sheet
    ignore_unknown_columns: bool = False
    footer_labels: tuple[str, ...] = ()
    blank_zero_metrics: tuple[str, ...] = ()
    title_rows: int = 0  # non-blank rows above the header (a report's title block), skipped
    durations: tuple[tuple[str, str], ...] = ()  # (metric, one of DURATION_FORMATS)
    version: int = 1
    _headers: dict[str, str] = field(init=False, repr=False, compare=False)
    _footers: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.delimiter is not None and self.delimiter not in DELIMITERS:
            raise ProfileError(f"delimiter must be one of {DELIMITERS!r} or None")
        if self.decimal_separator not in (".", ","):
            raise ProfileError("decimal_separator must be '.' or ','")
        if self.thousands_separator not in ("", ".", ",", " ", "'"):
            raise ProfileError("thousands_separator must be '', '.', ',', ' ' or \"'\"")
        if self.thousands_separator == self.decimal_separator:
            raise ProfileError("decimal and thousands separators must differ")
        if self.date_format not in DATE_FORMATS:
            raise ProfileError(f"date_format must be exactly one of {DATE_FORMATS!r}, not {self.date_format!r}")
        if self.encoding not in ENCODINGS:
            raise ProfileError(f"encoding must be one of {ENCODINGS!r}")
        if self.agent_key not in ("employee_code", "dialer_login"):
            raise ProfileError("agent_key must be 'employee_code' or 'dialer_login'")
        headers = dict(CANONICAL_ALIASES)
        for source, canonical in self.header_map:
            target = CANONICAL_ALIASES.get(normalise_header(canonical))
            if target is None:
                raise ProfileError(f"header_map target {canonical!r} is not a known column")
            headers[normalise_header(source)] = target
        for code, _value in self.defaults:
            if code not in METRICS_BY_CODE:
                raise ProfileError(f"default for unknown metric {code!r}")
        if not 0 <= self.title_rows <= 50:
            raise ProfileError("title_rows must be between 0 and 50")
        for code in self.blank_zero_metrics:
            if code not in METRICS_BY_CODE:
                raise ProfileError(f"blank-means-zero for unknown metric {code!r}")
        for code, written in self.durations:
            if code not in DURATION_UNITS:
                raise ProfileError(f"{code!r} is not a duration metric ({', '.join(DURATION_UNITS)})")
            if written not in DURATION_FORMATS:
                raise ProfileError(f"duration format must be one of {DURATION_FORMATS!r}, not {written!r}")
        object.__setattr__(self, "_footers", frozenset(normalise_header(label) for label in self.footer_labels))
        object.__setattr__(self, "_headers", headers)

    def canonical_column(self, header: str) -> str | None:
        """The canonical code a file's header means, or None if unknown: the header as written
        (accents and case aside), else without its unit (``Monto Recuperado (MXN)``)."""
        code = self._headers.get(normalise_header(header))
        if code is None:
            bare = strip_unit(header)
            if bare != header:
                code = self._headers.get(normalise_header(bare))
        return code

    def is_footer(self, cell: object) -> bool:
        """Whether a row starting with ``cell`` is a footer (a totals row) to skip."""
        return bool(self._footers) and isinstance(cell, str) and normalise_header(cell) in self._footers

    def blank_is_zero(self, code: str) -> bool:
        return self.blank_as_zero or code in self.blank_zero_metrics

    def is_ignored(self, header: str) -> bool:
        name = normalise_header(header)
        return any(normalise_header(col) == name for col in self.ignore_columns)

    def duration_format(self, code: str) -> str | None:
        """How ``code``'s cells write a duration, or None when they are plain numbers."""
        return dict(self.durations).get(code)

    @property
    def default_values(self) -> dict[str, str]:
        return dict(self.defaults)


_UNIT = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def strip_unit(header: str) -> str:
    """``"Monto Recuperado (MXN)"`` -> ``"Monto Recuperado"``; ``"TMO [s]"`` -> ``"TMO"``."""
    return _UNIT.sub("", header)


CANONICAL = FeedProfile()
# A typical Latin-American dialer export: "1.234,56", 31/01/2026, semicolons, Latin-1.
DIALER_LATAM = FeedProfile(
    code="dialer-latam",
    delimiter=";",
    decimal_separator=",",
    thousands_separator=".",
    date_format="dd/mm/yyyy",
    encoding="auto",
    agent_key="dialer_login",
)

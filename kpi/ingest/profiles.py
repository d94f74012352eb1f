"""Feed profiles: how one source (a dialer, a CRM export) writes its KPI files.

Pure Python. The Django ``FeedProfile`` model stores the same fields and builds one of
these with ``FeedProfile.to_engine()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .codes import CANONICAL_ALIASES, METRICS_BY_CODE, normalise_header

DELIMITERS: tuple[str, ...] = (",", ";", "\t")
# One date format per profile: a file's ``11/05/2026`` is 11 May or 5 November only by the
# profile's word, never by guessing (the canonical profile takes ISO dates only).
DATE_FORMATS: tuple[str, ...] = ("yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy")
ENCODINGS: tuple[str, ...] = ("utf-8", "latin-1", "auto")
AgentKey = Literal["employee_code", "dialer_login"]


class ProfileError(ValueError):
    """A profile that cannot work (e.g. the same character as decimal and thousands)."""


@dataclass(frozen=True)
class FeedProfile:
    """How to read one source's files.

    ``header_map`` pairs a source's own column names with canonical codes
    (``(("Gestor", "agente"), ("Recaudo", "monto_recuperado"))``); the Spanish codes and
    English aliases are always understood. ``defaults`` lets a source omit a metric
    column, loading the given value instead (``(("segundos_gestion", "0"),)``).
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
    _headers: dict[str, str] = field(init=False, repr=False, compare=False)

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
        object.__setattr__(self, "_headers", headers)

    def canonical_column(self, header: str) -> str | None:
        """The canonical code a file's header means, or None if unknown."""
        return self._headers.get(normalise_header(header))

    def is_ignored(self, header: str) -> bool:
        name = normalise_header(header)
        return any(normalise_header(col) == name for col in self.ignore_columns)

    @property
    def default_values(self) -> dict[str, str]:
        return dict(self.defaults)


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

"""Number and date parsing under a feed profile. Pure Python.

Numbers come back as *scaled integers* (see ``codes``); problems come back as an
error ``code`` plus ``params`` so the caller builds the :class:`FeedError`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .codes import DURATION_UNITS, UNIT_SECONDS, MetricSpec, scaled_to_text
from .profiles import DATE_FORMATS, FeedProfile

Problem = tuple[str, dict[str, Any]]

_SEPARATOR_PAIRS = ((".", ","), (",", "."), (".", ""), (",", ""), (".", " "), (",", " "))


def _number_regex(decimal_sep: str, thousands_sep: str) -> re.Pattern[str]:
    dec = re.escape(decimal_sep)
    if thousands_sep:
        th = re.escape(thousands_sep)
        whole = rf"(\d{{1,3}}(?:{th}\d{{3}})+|\d+)"
    else:
        whole = r"(\d+)"
    return re.compile(rf"([+-]?){whole}(?:{dec}(\d+))?", re.ASCII)


_CLOCK = {
    "hh:mm:ss": re.compile(r"(\d{1,4}):([0-5]\d):([0-5]\d)", re.ASCII),
    "mm:ss": re.compile(r"(\d{1,6}):([0-5]\d)", re.ASCII),
}
DURATION_EXAMPLES = {"hh:mm:ss": "01:30:15", "mm:ss": "90:15", "minutes": "90.25"}


class NumberParser:
    """Parses the cells of one metric column under one profile.

    A metric the profile declares a duration (``FeedProfile.durations``) is read as ``hh:mm:ss``,
    ``mm:ss`` or a number of minutes (an XLSX time or timedelta cell as it is) and converted to the
    KPI's unit (seconds, hours), rounded half-up to its decimals; ``durations=False`` reads plain
    numbers in that unit (a profile's default value)."""

    def __init__(self, spec: MetricSpec, profile: FeedProfile, *, durations: bool = True) -> None:
        self.spec = spec
        self.profile = profile
        self.duration = profile.duration_format(spec.code) if durations else None
        self.multiplier = 10**spec.scale
        self._regex = _number_regex(profile.decimal_separator, profile.thousands_separator)
        self._alternatives = [
            (dec, th, _number_regex(dec, th))
            for dec, th in _SEPARATOR_PAIRS
            if (dec, th) != (profile.decimal_separator, profile.thousands_separator)
        ]

    def parse(self, cell: object) -> tuple[int | None, Problem | None]:
        """Scaled value, or None plus the problem. Blank cells are the caller's."""
        if self.duration is not None:
            return self._parse_duration(cell)
        if isinstance(cell, str):
            return self._parse_text(cell.strip())
        if isinstance(cell, bool) or isinstance(cell, (date, datetime)):
            return None, ("not_a_number", {})
        if isinstance(cell, int):
            return self._check(cell * self.multiplier, str(cell))
        if isinstance(cell, float):
            if not math.isfinite(cell):
                return None, ("not_a_number", {})
            return self._from_decimal(Decimal(repr(cell)), repr(cell))
        if isinstance(cell, Decimal):
            if not cell.is_finite():
                return None, ("not_a_number", {})
            return self._from_decimal(cell, str(cell))
        return None, ("not_a_number", {})

    def _parse_text(self, text: str) -> tuple[int | None, Problem | None]:
        match = self._regex.fullmatch(text)
        if match is None:
            return None, self._explain(text)
        sign, whole, frac = match.groups()
        if self.profile.thousands_separator:
            whole = whole.replace(self.profile.thousands_separator, "")
        frac = frac or ""
        scale = self.spec.scale
        if len(frac) > scale and frac[scale:].strip("0"):
            if self.spec.round_excess:
                value = Decimal(f"{sign}{whole}.{frac}")
                return self._from_decimal(value, text)
            if scale == 0:
                return None, ("not_an_integer", {})
            return None, ("too_many_decimals", {"scale": scale})
        frac = frac[:scale].ljust(scale, "0")
        value = int(whole) * self.multiplier + (int(frac) if frac else 0)
        if sign == "-":
            value = -value
        return self._check(value, text)

    def _parse_duration(self, cell: object) -> tuple[int | None, Problem | None]:
        seconds = self._duration_seconds(cell)
        if seconds is None:
            written = self.duration or ""
            example = DURATION_EXAMPLES[written].replace(".", self.profile.decimal_separator)
            return None, ("bad_duration", {"format": written, "example": example})
        in_unit = seconds / UNIT_SECONDS[DURATION_UNITS[self.spec.code]]
        scaled = in_unit.scaleb(self.spec.scale).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return self._check(int(scaled), str(cell))

    def _duration_seconds(self, cell: object) -> Decimal | None:
        """The seconds a duration cell says, or None when it is not written as the profile says."""
        if isinstance(cell, timedelta):
            return Decimal(str(cell.total_seconds())) if cell >= timedelta(0) else None
        if isinstance(cell, time):  # an XLSX cell typed as a time of day
            return Decimal(cell.hour * 3600 + cell.minute * 60 + cell.second)
        if self.duration == "minutes":
            if isinstance(cell, bool) or not isinstance(cell, (str, int, float, Decimal)):
                return None
            if isinstance(cell, str):
                match = _number_regex(self.profile.decimal_separator, "").fullmatch(cell.strip())
                if match is None or match.group(1) == "-":
                    return None
                minutes = Decimal(f"{match.group(2)}.{match.group(3) or 0}")
            else:
                minutes = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
                if not minutes.is_finite() or minutes < 0:
                    return None
            return minutes * 60
        if not isinstance(cell, str):
            return None
        match = _CLOCK[self.duration or "hh:mm:ss"].fullmatch(cell.strip())
        if match is None:
            return None
        parts = [int(part) for part in match.groups()]
        if self.duration == "mm:ss":
            return Decimal(parts[0] * 60 + parts[1])
        return Decimal(parts[0] * 3600 + parts[1] * 60 + parts[2])

    def _from_decimal(self, value: Decimal, text: str) -> tuple[int | None, Problem | None]:
        scale = self.spec.scale
        quantum = Decimal(1).scaleb(-scale)
        try:
            rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            return None, ("not_a_number", {})
        if rounded != value and not self.spec.round_excess:
            if scale == 0:
                return None, ("not_an_integer", {})
            return None, ("too_many_decimals", {"scale": scale})
        return self._check(int(rounded.scaleb(scale)), text)

    def _check(self, value: int, text: str) -> tuple[int | None, Problem | None]:
        spec = self.spec
        if value < 0 and not spec.allow_negative:
            return None, ("negative_value", {})
        if spec.maximum is not None and value > spec.maximum:
            if spec.code == "puntaje_calidad":
                return None, ("quality_out_of_range", {})
            if spec.code == "horas_pagadas":
                return None, ("hours_exceed_day", {})
            if spec.code == "segundos_gestion":
                return None, ("handle_seconds_exceed_day", {})
            return None, ("value_too_large", {"maximum": spec.maximum})
        if abs(value) > spec.limit:
            return None, ("value_too_large", {"maximum": scaled_to_text(spec.limit, spec.scale)})
        return value, None

    def _explain(self, text: str) -> Problem:
        """Why a text is not a number under this profile (the most helpful reason)."""
        profile = self.profile
        for dec, th, regex in self._alternatives:
            match = regex.fullmatch(text)
            if match is None:
                continue
            has_decimal = match.group(3) is not None
            if has_decimal and dec != profile.decimal_separator:
                return "wrong_decimal_separator", {
                    "found": dec,
                    "expected": profile.decimal_separator,
                }
            if th and th in text:
                expected = f"'{profile.thousands_separator}'" if profile.thousands_separator else "no separator"
                return "wrong_thousands_separator", {"found": th, "expected": expected}
        return "not_a_number", {}


# --------------------------------------------------------------------------- dates

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", re.ASCII)
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.ASCII)

DATE_FORMAT_EXAMPLES = {
    "yyyy-mm-dd": "2026-11-05",
    "dd/mm/yyyy": "05/11/2026",
    "mm/dd/yyyy": "11/05/2026",
}


def parse_date(cell: object, date_format: str) -> tuple[date | None, Problem | None]:
    """A calendar day read in the profile's one format, or the problem (``bad_date`` /
    ``impossible_date``, whose ``format`` param names the format expected)."""
    if isinstance(cell, datetime):
        return cell.date(), None
    if isinstance(cell, date):
        return cell, None
    label = {"format": date_format, "example": DATE_FORMAT_EXAMPLES[date_format]}
    if not isinstance(cell, str):
        return None, ("bad_date", label)
    parts = _date_parts(cell.strip(), date_format)
    if parts is None:
        return None, ("bad_date", label)
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])), None
    except ValueError:
        return None, ("impossible_date", label)


def _date_parts(text: str, date_format: str) -> tuple[str, str, str] | None:
    """(year, month, day) as written, if ``text`` has the shape of ``date_format``."""
    if date_format == "yyyy-mm-dd":
        match = _ISO.fullmatch(text)
        return (match.group(1), match.group(2), match.group(3)) if match else None
    match = _DMY.fullmatch(text)
    if match is None:
        return None
    first, second, year = match.groups()
    return (year, first, second) if date_format == "mm/dd/yyyy" else (year, second, first)


@dataclass(frozen=True)
class DateFormatGuess:
    """What a sample's date cells say about the profile's date format.

    ``candidates``: the formats under which every non-blank sample cell is a real day.
    ``ambiguous``: day-first and month-first both read every cell, and at least one cell
    reads as a different day under each (``11/05/2026``): the profile must choose.
    ``proposed``: the one format to propose, or None when nothing fits or it is ambiguous.
    """

    candidates: tuple[str, ...]
    ambiguous: bool
    proposed: str | None
    examples: tuple[tuple[str, date, date], ...] = ()  # (cell, day-first, month-first)


def guess_date_format(cells: Iterable[object]) -> DateFormatGuess:
    """Which of :data:`profiles.DATE_FORMATS` the sample's date cells fit."""
    cells = list(cells)
    texts = [c.strip() for c in cells if isinstance(c, str) and c.strip()]
    if not texts and any(isinstance(c, (date, datetime)) for c in cells):  # XLSX dates: no format to choose
        return DateFormatGuess(candidates=DATE_FORMATS, ambiguous=False, proposed="yyyy-mm-dd")
    candidates = tuple(fmt for fmt in DATE_FORMATS if texts and all(parse_date(text, fmt)[1] is None for text in texts))
    differing = tuple(
        (text, parse_date(text, "dd/mm/yyyy")[0], parse_date(text, "mm/dd/yyyy")[0])
        for text in texts
        if parse_date(text, "dd/mm/yyyy")[0] != parse_date(text, "mm/dd/yyyy")[0]
    )
    ambiguous = "dd/mm/yyyy" in candidates and "mm/dd/yyyy" in candidates and bool(differing)
    if ambiguous or not candidates:
        proposed = None
    else:
        proposed = candidates[0]
    return DateFormatGuess(candidates=candidates, ambiguous=ambiguous, proposed=proposed, examples=differing[:3])

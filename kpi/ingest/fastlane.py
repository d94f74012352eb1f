"""The fast lane for plain CSV feeds: it accepts or declines, it never reports. Pure Python.

Most feeds are plain: the identity columns first (``fecha``, ``agente`` and maybe ``campana``),
then metric cells written as ASCII digits with at most the metric's decimals, no quotes, no
blank cells. Such a file is scanned a block of lines at a time with one compiled regular
expression instead of being split and parsed cell by cell, and each line is rewritten for
PostgreSQL's ``COPY`` with the agent, day and campaign replaced by their ids while the metric
cells pass through untouched.

The lane only ever *accepts*. At the first line that does not fit (a quote, a blank, a sign, a
thousands separator, an unknown agent, a future or locked day, a repeated agent-day, ...) it
declines, the caller throws away what it wrote and the full validator (``validate.py``) reads the
file again and names every problem. Rules that compare values of a row (kept <= promised, the
maxima) are checked by the caller on the copied rows, from the same rule tables the validator
uses (``EXCEEDS_RULES``, ``WITHOUT_RULES`` and ``MetricSpec.limit``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat

from .codes import AGENT, CAMPAIGN, DATE, METRICS_BY_CODE, RAW_METRICS, MetricSpec
from .profiles import FeedProfile
from .readers import UTF8_BOM, _split, detect_delimiter
from .validate import DayPredicate, resolve_agent, resolve_campaign, resolve_day

IDENTITY = (DATE, AGENT, CAMPAIGN)


@dataclass(frozen=True)
class Layout:
    """What the header says: the delimiter, the leading identity columns and the metric columns
    (canonical codes, in file order), and where the data starts."""

    delimiter: str
    identity: tuple[str, ...]
    metrics: tuple[str, ...]
    data_offset: int


def plan(head: bytes, profile: FeedProfile) -> Layout | None:
    """The layout of a plain feed from its first bytes (which hold the header line), or None.

    None when the lane cannot take the file: a profile that writes numbers or text the lane does
    not read (Latin-1, a decimal mark equal to the delimiter, default values for missing
    columns, title or footer rows, durations), a header with a blank, unknown, ignored or repeated column, identity columns that
    are not the first ones, or a required metric missing."""
    if profile.encoding == "latin-1" or profile.defaults or profile.footer_labels or profile.title_rows:
        return None  # (title and footer rows are the validator's to skip)
    if profile.durations:
        return None  # a duration's cells are converted, not copied as written
    start = len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0
    end = head.find(b"\n", start)
    if end < 0:
        return None
    try:
        line = head[start:end].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None
    if not line.strip():
        return None
    delimiter = profile.delimiter or detect_delimiter(line, profile)[0]
    if delimiter == profile.decimal_separator or '"' in line:
        return None
    codes = [profile.canonical_column(name) for name in _split(line, delimiter)]
    if None in codes or len(set(codes)) != len(codes):
        return None
    if any(profile.is_ignored(name) for name in _split(line, delimiter)):
        return None
    lead = 0
    while lead < len(codes) and codes[lead] in IDENTITY:
        lead += 1
    identity, metrics = tuple(codes[:lead]), tuple(codes[lead:])
    if DATE not in identity or AGENT not in identity or any(code in IDENTITY for code in metrics):
        return None
    if any(spec.required and spec.code not in metrics for spec in RAW_METRICS):
        return None
    return Layout(delimiter=delimiter, identity=identity, metrics=metrics, data_offset=end + 1)


def _metric_pattern(spec: MetricSpec, mark: str) -> str:
    whole = len(str(spec.limit // 10**spec.scale))
    sign = "-?" if spec.allow_negative else ""
    if spec.scale == 0:
        return rf"{sign}[0-9]{{1,{whole}}}"
    return rf"{sign}[0-9]{{1,{whole}}}(?:{re.escape(mark)}[0-9]{{1,{spec.scale}}})?"


def line_pattern(layout: Layout, profile: FeedProfile) -> re.Pattern[str]:
    """One line of a plain feed: a group per identity cell, then one group for the metric cells."""
    d = re.escape(layout.delimiter)
    cell = rf'([^{d}"\r\n]*)'
    metrics = "".join(d + _metric_pattern(METRICS_BY_CODE[code], profile.decimal_separator) for code in layout.metrics)
    return re.compile(f"^{d.join([cell] * len(layout.identity))}({metrics})\r?$", re.MULTILINE)


@dataclass
class Scanner:
    """Turns blocks of whole lines into ``COPY ... (FORMAT csv)`` text, or declines.

    The COPY columns are :meth:`copy_columns`: the identity ids in file order (employee id, ISO
    day, campaign id or empty), the metric cells as written, then ``suffix`` (the import id)."""

    layout: Layout
    profile: FeedProfile
    agents: Mapping[str, int]
    campaigns: Mapping[str, int]
    today: date
    is_locked: DayPredicate | None
    suffix: str
    declined: str | None = None
    rows: int = 0
    first_day: int = 0
    last_day: int = 0
    _pattern: re.Pattern[str] | None = None
    _seen: set[tuple[int, ...]] = field(default_factory=set)
    _caches: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._pattern = line_pattern(self.layout, self.profile)
        self._caches = {code: {} for code in self.layout.identity}

    def copy_columns(self) -> list[str]:
        names = {DATE: "day", AGENT: "employee_id", CAMPAIGN: "campaign_id"}
        return [names[code] for code in self.layout.identity] + list(self.layout.metrics)

    def employee_ids(self) -> set[int]:
        return {key for key, _text in self._caches[AGENT].values()}

    def days(self) -> list[date]:
        return sorted(date.fromordinal(key) for key, _text in self._caches[DATE].values())

    def campaign_ids(self) -> set[int]:
        return {key for key, _text in self._caches.get(CAMPAIGN, {}).values()}

    def _decline(self, reason: str) -> None:
        self.declined = reason

    def _resolve(self, code: str, cell: str) -> tuple[int, str] | None:
        """(key, COPY text) of an identity cell, or None when the lane cannot take it."""
        if code == DATE:
            ordinal, problem, _params = resolve_day(
                cell, date_format=self.profile.date_format, today=self.today, is_locked=self.is_locked
            )
            return None if problem is not None else (ordinal, date.fromordinal(ordinal).isoformat())
        if code == AGENT:
            employee = resolve_agent(cell, self.agents)
            return None if employee <= 0 else (employee, str(employee))
        campaign = resolve_campaign(cell, self.campaigns)
        # blank campaigns decline too: a file mixing rows with and without one needs the full report
        return None if campaign <= 0 else (campaign, str(campaign))

    def feed(self, block: str) -> str | None:
        """COPY text for a block of whole lines (no partial last line), or None to decline."""
        if self.declined is not None:
            return None
        block = block.rstrip("\r\n")
        if not block:
            return ""
        matches = self._pattern.findall(block)
        n = block.count("\n") + 1
        if len(matches) != n:
            self._decline("line shape")
            return None
        columns = list(zip(*matches, strict=True))
        keys: list[list[int]] = []
        texts: list[list[str]] = []
        for code, cells in zip(self.layout.identity, columns, strict=False):
            cache = self._caches[code]
            resolved = list(map(cache.get, cells))
            if None in resolved:
                for k, cell in enumerate(cells):
                    if resolved[k] is None:
                        value = cache.get(cell) or self._resolve(code, cell)
                        if value is None:
                            self._decline(f"{code} {cell!r}")
                            return None
                        cache[cell] = resolved[k] = value
            keys.append([key for key, _text in resolved])
            texts.append([text for _key, text in resolved])
        identity_keys = list(zip(*keys, strict=True))
        if len(set(identity_keys)) != n or not self._seen.isdisjoint(identity_keys):
            self._decline("repeated agent-day")
            return None
        self._seen.update(identity_keys)
        days = keys[self.layout.identity.index(DATE)]
        low, high = min(days), max(days)
        self.first_day = low if not self.first_day else min(self.first_day, low)
        self.last_day = max(self.last_day, high)
        self.rows += n
        d = self.layout.delimiter
        parts: list[object] = []
        for k, column in enumerate(texts):
            if k:
                parts.append(repeat(d))
            parts.append(column)
        parts.append(columns[-1])  # the metric cells, each starting with the delimiter
        parts.append(repeat(self.suffix))
        text = "\n".join(map("".join, zip(*parts, strict=False))) + "\n"
        if self.profile.decimal_separator != ".":
            text = text.replace(self.profile.decimal_separator, ".")
        return text

"""What a rule set is: the contact rules of one country from one date, as data.

Pure Python. A ``RuleSetVersion`` row stores the JSON; :func:`ruleset_from_dict` checks it whole and
builds the frozen dataclasses the engine reads, or raises :class:`RuleError` naming the rule and the
field. Four kinds of rule:

- ``hours``: permitted windows per weekday in the debtor's local time, optionally closed on public
  holidays. A contact on a closed day is ``dia_no_habil``; outside the day's windows, ``fuera_de_horario``.
  A window is ``[start, end)``: 07:00 exactly is inside, 22:00 exactly is not.
- ``cap``: at most ``limit`` attempts per account over ``channels`` in a window: the local ``day``,
  the calendar ``week`` (Monday to Sunday) or a ``rolling`` run of ``days`` calendar days ending on
  the attempt's day. Every attempt beyond the limit is a breach.
- ``after_contact``: after an attempt that reached the debtor (``contacto_titular``, ``promesa``)
  over ``trigger_channels``, any later attempt over ``channels`` in the same ``day``/``week`` or within
  ``days`` calendar days (the contact's day is day 1) is a breach; ``other_channels_only`` counts only
  attempts through another channel than the contact's.
- ``min_gap``: two attempts over ``channels`` less than ``days`` calendar days apart.

``advisory`` rules come from facts marked uncertain [U] on the fact sheet: they are shown, labelled,
and never count as incidents (pay, clearance, remedial training).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .calendar import COUNTRIES, DEFAULT_ZONES, UnknownZone, zone

CHANNELS: tuple[str, ...] = ("llamada", "sms", "email", "whatsapp", "visita")
RESULTS: tuple[str, ...] = (
    "no_contesta",
    "buzon",
    "ocupado",
    "contacto_titular",
    "contacto_tercero",
    "promesa",
    "numero_erroneo",
    "enviado",
)
#: results where the debtor was reached (a "conversation", Reg F; a "contacto directo", Ley 2300)
DIRECT_CONTACT: frozenset[str] = frozenset({"contacto_titular", "promesa"})
RULE_CODES: tuple[str, ...] = (
    "fuera_de_horario",
    "dia_no_habil",
    "tope_diario",
    "tope_semanal",
    "tope_7_dias",
    "tras_contacto",
    "separacion_minima",
    "multicanal_semana",
)
KINDS: tuple[str, ...] = ("hours", "cap", "after_contact", "min_gap")
WINDOWS: tuple[str, ...] = ("day", "week", "rolling")
SEVERITIES: tuple[str, ...] = ("severe", "minor")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class RuleError(ValueError):
    """A rule set that cannot be applied; the message names the rule and the field."""


@dataclass(frozen=True, slots=True)
class Window:
    start: dt.time
    end: dt.time  # exclusive

    def contains(self, moment: dt.time) -> bool:
        return self.start <= moment < self.end

    def text(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class Rule:
    key: str  # unique within the rule set
    kind: str
    channels: frozenset[str]
    severity: str = "severe"
    advisory: bool = False
    source: str = ""  # the legal text it comes from
    note: str = ""  # why it is advisory, what is uncertain
    lesson: str = ""  # slug of the course (or lesson) that teaches it
    # hours
    days: tuple[tuple[Window, ...], ...] = ()  # 7 entries, Monday first
    holidays_closed: bool = False
    # cap / after_contact / min_gap
    code: str = ""
    limit: int = 0
    window: str = "day"
    span_days: int = 0
    trigger_channels: frozenset[str] = frozenset(CHANNELS)
    other_channels_only: bool = False

    def codes(self) -> tuple[str, ...]:
        return ("dia_no_habil", "fuera_de_horario") if self.kind == "hours" else (self.code,)


@dataclass(frozen=True, slots=True)
class RuleSet:
    country: str
    version: int
    effective_from: dt.date
    effective_to: dt.date | None  # inclusive; None: open
    timezone: str
    rules: tuple[Rule, ...]
    source: str = ""
    ref: int | None = None  # the stored row's id, carried into breaches

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _time(value: Any, where: str) -> dt.time:
    if value == "24:00":
        return dt.time.max
    try:
        hours, minutes = str(value).split(":")
        return dt.time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise RuleError(f"{where}: '{value}' is not a time HH:MM") from None


def _channels(value: Any, where: str) -> frozenset[str]:
    if value in (None, "all"):
        return frozenset(CHANNELS)
    if not isinstance(value, list) or not value:
        raise RuleError(f"{where}: channels must be 'all' or a non-empty list")
    unknown = sorted(set(value) - set(CHANNELS))
    if unknown:
        raise RuleError(f"{where}: unknown channel(s) {', '.join(unknown)}")
    return frozenset(value)


def _rule(data: dict[str, Any], index: int) -> Rule:
    if not isinstance(data, dict):
        raise RuleError(f"rule {index + 1}: must be an object")
    key = str(data.get("key") or "").strip()
    where = f"rule '{key}'" if key else f"rule {index + 1}"
    if not key:
        raise RuleError(f"{where}: 'key' is required")
    kind = data.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{where}: kind must be one of {', '.join(KINDS)}")
    severity = data.get("severity", "severe")
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    common = {
        "key": key,
        "kind": kind,
        "channels": _channels(data.get("channels", "all"), where),
        "severity": severity,
        "advisory": bool(data.get("advisory", False)),
        "source": str(data.get("source", "")),
        "note": str(data.get("note", "")),
        "lesson": str(data.get("lesson", "")),
    }
    if common["advisory"] and not common["note"]:
        raise RuleError(f"{where}: an advisory rule needs a 'note' saying what is uncertain")
    if kind == "hours":
        days_data = data.get("days")
        if not isinstance(days_data, dict) or set(days_data) - set(WEEKDAYS):
            raise RuleError(f"{where}: 'days' must map {', '.join(WEEKDAYS)} to lists of [start, end]")
        days = []
        for name in WEEKDAYS:
            windows = []
            for pair in days_data.get(name, []):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise RuleError(f"{where}: {name}: each window is [start, end]")
                start, end = _time(pair[0], f"{where}: {name}"), _time(pair[1], f"{where}: {name}")
                if end <= start:
                    raise RuleError(f"{where}: {name}: {pair[0]}–{pair[1]} ends before it starts")
                windows.append(Window(start, end))
            days.append(tuple(windows))
        return Rule(**common, days=tuple(days), holidays_closed=bool(data.get("holidays_closed", False)))
    code = data.get("code")
    if code not in RULE_CODES or code in ("fuera_de_horario", "dia_no_habil"):
        raise RuleError(f"{where}: 'code' must be one of the frequency codes")
    window = data.get("window", "day")
    span = int(data.get("days", 0) or 0)
    if kind in ("cap", "after_contact"):
        if window not in WINDOWS:
            raise RuleError(f"{where}: window must be one of {', '.join(WINDOWS)}")
        if window == "rolling" and span < 1:
            raise RuleError(f"{where}: a rolling window needs 'days' of at least 1")
    limit = int(data.get("limit", 0) or 0)
    if kind == "cap" and limit < 1:
        raise RuleError(f"{where}: 'limit' must be at least 1")
    if kind == "min_gap" and span < 1:
        raise RuleError(f"{where}: 'days' must be at least 1")
    return Rule(
        **common,
        code=code,
        limit=limit,
        window=window,
        span_days=span,
        trigger_channels=_channels(data.get("trigger_channels", "all"), where),
        other_channels_only=bool(data.get("other_channels_only", False)),
    )


def ruleset_from_dict(
    data: dict[str, Any],
    *,
    country: str,
    version: int,
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    ref: int | None = None,
) -> RuleSet:
    """Check a rule set's JSON whole and build it (:class:`RuleError` on the first problem)."""
    if country not in COUNTRIES:
        raise RuleError(f"unknown country '{country}'")
    if not isinstance(data, dict):
        raise RuleError("a rule set is a JSON object")
    tz = data.get("timezone") or DEFAULT_ZONES[country]
    try:
        zone(tz)
    except UnknownZone:
        raise RuleError(f"unknown time zone '{tz}'") from None
    if effective_to is not None and effective_to < effective_from:
        raise RuleError("the rule set ends before it starts")
    rules_data = data.get("rules")
    if not isinstance(rules_data, list):
        raise RuleError("'rules' must be a list")
    rules = tuple(_rule(item, i) for i, item in enumerate(rules_data))
    keys = [r.key for r in rules]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise RuleError(f"rule key(s) repeated: {', '.join(repeated)}")
    return RuleSet(
        country=country,
        version=version,
        effective_from=effective_from,
        effective_to=effective_to,
        timezone=tz,
        rules=rules,
        source=str(data.get("source", "")),
        ref=ref,
    )

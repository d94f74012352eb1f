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
    """A rule set that cannot be applied; the message names the rule and the field. ``code``, ``rule``
    (its key, or ``#n`` by position), ``day`` (a weekday key) and ``params`` let a caller put the
    problem in the reader's words (``compliance.messages.rule_error_text``)."""

    def __init__(self, code: str, message: str, *, rule: str = "", day: str = "", **params: Any) -> None:
        super().__init__(message)
        self.code, self.rule, self.day, self.params = code, rule, day, params


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


def _time(value: Any, where: str, *, rule: str = "", day: str = "") -> dt.time:
    if value == "24:00":
        return dt.time.max
    try:
        hours, minutes = str(value).split(":")
        return dt.time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise RuleError(
            "bad_time", f"{where}: '{value}' is not a time HH:MM", rule=rule, day=day, value=str(value)
        ) from None


def _int(value: Any, field: str, where: str, *, rule: str) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        raise RuleError(
            "not_a_number", f"{where}: '{field}' must be a whole number", rule=rule, field=field, value=str(value)
        ) from None


def _channels(value: Any, where: str, *, rule: str = "") -> frozenset[str]:
    if value in (None, "all"):
        return frozenset(CHANNELS)
    if not isinstance(value, list) or not value:
        raise RuleError("bad_channels", f"{where}: channels must be 'all' or a non-empty list", rule=rule)
    unknown = sorted(set(value) - set(CHANNELS))
    if unknown:
        raise RuleError(
            "unknown_channels",
            f"{where}: unknown channel(s) {', '.join(unknown)}",
            rule=rule,
            channels=", ".join(unknown),
        )
    return frozenset(value)


def _rule(data: dict[str, Any], index: int) -> Rule:
    if not isinstance(data, dict):
        raise RuleError("rule_not_object", f"rule {index + 1}: must be an object", rule=f"#{index + 1}")
    key = str(data.get("key") or "").strip()
    where = f"rule '{key}'" if key else f"rule {index + 1}"
    rule = key or f"#{index + 1}"
    if not key:
        raise RuleError("key_required", f"{where}: 'key' is required", rule=rule)
    kind = data.get("kind")
    if kind not in KINDS:
        raise RuleError(
            "bad_kind", f"{where}: kind must be one of {', '.join(KINDS)}", rule=rule, allowed=", ".join(KINDS)
        )
    severity = data.get("severity", "severe")
    if severity not in SEVERITIES:
        raise RuleError(
            "bad_severity",
            f"{where}: severity must be one of {', '.join(SEVERITIES)}",
            rule=rule,
            allowed=", ".join(SEVERITIES),
        )
    common = {
        "key": key,
        "kind": kind,
        "channels": _channels(data.get("channels", "all"), where, rule=rule),
        "severity": severity,
        "advisory": bool(data.get("advisory", False)),
        "source": str(data.get("source", "")),
        "note": str(data.get("note", "")),
        "lesson": str(data.get("lesson", "")),
    }
    if common["advisory"] and not common["note"]:
        raise RuleError(
            "advisory_without_note", f"{where}: an advisory rule needs a 'note' saying what is uncertain", rule=rule
        )
    if kind == "hours":
        days_data = data.get("days")
        if not isinstance(days_data, dict) or set(days_data) - set(WEEKDAYS):
            raise RuleError(
                "bad_days",
                f"{where}: 'days' must map {', '.join(WEEKDAYS)} to lists of [start, end]",
                rule=rule,
                allowed=", ".join(WEEKDAYS),
            )
        days = []
        for name in WEEKDAYS:
            windows = []
            listed = days_data.get(name, [])
            if not isinstance(listed, list):
                raise RuleError("bad_window", f"{where}: {name}: each window is [start, end]", rule=rule, day=name)
            for pair in listed:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise RuleError("bad_window", f"{where}: {name}: each window is [start, end]", rule=rule, day=name)
                start = _time(pair[0], f"{where}: {name}", rule=rule, day=name)
                end = _time(pair[1], f"{where}: {name}", rule=rule, day=name)
                if end <= start:
                    raise RuleError(
                        "window_reversed",
                        f"{where}: {name}: {pair[0]}–{pair[1]} ends before it starts",
                        rule=rule,
                        day=name,
                        window=f"{pair[0]}–{pair[1]}",
                    )
                windows.append(Window(start, end))
            days.append(tuple(windows))
        return Rule(**common, days=tuple(days), holidays_closed=bool(data.get("holidays_closed", False)))
    code = data.get("code")
    if code not in RULE_CODES or code in ("fuera_de_horario", "dia_no_habil"):
        raise RuleError("bad_code", f"{where}: 'code' must be one of the frequency codes", rule=rule)
    window = data.get("window", "day")
    span = _int(data.get("days", 0), "days", where, rule=rule)
    if kind in ("cap", "after_contact"):
        if window not in WINDOWS:
            raise RuleError(
                "bad_window_kind",
                f"{where}: window must be one of {', '.join(WINDOWS)}",
                rule=rule,
                allowed=", ".join(WINDOWS),
            )
        if window == "rolling" and span < 1:
            raise RuleError("rolling_without_days", f"{where}: a rolling window needs 'days' of at least 1", rule=rule)
    limit = _int(data.get("limit", 0), "limit", where, rule=rule)
    if kind == "cap" and limit < 1:
        raise RuleError("bad_limit", f"{where}: 'limit' must be at least 1", rule=rule)
    if kind == "min_gap" and span < 1:
        raise RuleError("bad_gap", f"{where}: 'days' must be at least 1", rule=rule)
    return Rule(
        **common,
        code=code,
        limit=limit,
        window=window,
        span_days=span,
        trigger_channels=_channels(data.get("trigger_channels", "all"), where, rule=rule),
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
        raise RuleError("unknown_country", f"unknown country '{country}'", value=country)
    if not isinstance(data, dict):
        raise RuleError("not_object", "a rule set is a JSON object")
    tz = data.get("timezone") or DEFAULT_ZONES[country]
    try:
        zone(tz)
    except UnknownZone:
        raise RuleError("unknown_zone", f"unknown time zone '{tz}'", value=str(tz)) from None
    if effective_to is not None and effective_to < effective_from:
        raise RuleError("ruleset_reversed", "the rule set ends before it starts")
    rules_data = data.get("rules")
    if not isinstance(rules_data, list):
        raise RuleError("rules_not_list", "'rules' must be a list")
    rules = tuple(_rule(item, i) for i, item in enumerate(rules_data))
    keys = [r.key for r in rules]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise RuleError("repeated_keys", f"rule key(s) repeated: {', '.join(repeated)}", keys=", ".join(repeated))
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

"""Check a contact-attempt log against the rule sets: which attempts break which rule, and why.

Pure Python. :func:`check_attempts` works in this order:

1. Each attempt is placed in the debtor's local time (its own IANA zone: daylight saving is the
   zone's business) and given the rule set of its country in force on that local date.
2. Attempts are grouped by (country, account) and ordered by time, then id; the log may hold
   earlier attempts as context (``lookback_days`` before the period) so that a week or a 7-day window
   crossing the period's start counts correctly, but only attempts whose local date is in
   ``[emit_from, emit_to]`` yield breaches.
3. For each attempt, each rule of its rule set that covers its channel is applied: ``hours``
   (closed day, then the day's windows), ``cap`` (the attempts in the same day / week / rolling days
   over the rule's channels, this one included, against the limit), ``after_contact`` (an earlier
   direct contact in the window), ``min_gap`` (the previous attempt over the channels).
4. Each broken rule yields one :class:`Breach` with its evidence: the attempt that breaks it (the
   trigger), the attempts that make it a breach, the rule set's version and the facts that a
   sentence needs (local time, limit, count, holiday name…).

The same log and rule sets always give the same breaches, so a re-run stores nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Any

from .calendar import holiday_name, local
from .rules import DIRECT_CONTACT, Rule, RuleSet


@dataclass(frozen=True, slots=True)
class Attempt:
    id: int
    at: dt.datetime  # timezone-aware
    zone: str  # the debtor's IANA zone
    country: str
    account: str  # the account's keyed hash
    channel: str
    result: str
    agent: int  # Employee id


@dataclass(frozen=True, slots=True)
class Breach:
    code: str
    rule_key: str
    country: str
    version: int
    ruleset_ref: int | None
    attempt: int  # the attempt that breaks the rule
    evidence: tuple[int, ...]  # the attempts that make it a breach, in time order (the trigger last)
    agent: int
    account: str
    local_at: dt.datetime
    severity: str
    advisory: bool
    lesson: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(slots=True)
class _Placed:
    attempt: Attempt
    local_at: dt.datetime
    day: dt.date
    ruleset: RuleSet | None


def lookback_days(rulesets: Iterable[RuleSet]) -> int:
    """How many days before a period the log must reach back for its windows to count right."""
    longest = 1
    for ruleset in rulesets:
        for rule in ruleset.rules:
            if rule.kind == "hours":
                continue
            if rule.kind == "min_gap" or rule.window == "rolling":
                longest = max(longest, rule.span_days)
            elif rule.window == "week":
                longest = max(longest, 7)
    return longest + 1  # a day's slack for the zones' offsets


def _ruleset_for(rulesets: Sequence[RuleSet], country: str, day: dt.date) -> RuleSet | None:
    for ruleset in rulesets:
        if ruleset.country == country and ruleset.in_force_on(day):
            return ruleset
    return None


def _week(day: dt.date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def _window_key(rule: Rule, day: dt.date) -> object:
    return day if rule.window == "day" else _week(day)


def _in_window(rule: Rule, earlier: dt.date, day: dt.date) -> bool:
    if rule.window == "rolling":
        return (day - earlier).days < rule.span_days
    return _window_key(rule, earlier) == _window_key(rule, day)


def check_attempts(
    attempts: Iterable[Attempt],
    rulesets: Sequence[RuleSet],
    *,
    emit_from: dt.date | None = None,
    emit_to: dt.date | None = None,
) -> Iterator[Breach]:
    """Yield every breach of the attempts whose local date is in ``[emit_from, emit_to]`` (all when
    not given): a period is the debtor's calendar, so a call at 23:00 on the 31st in Mexico City
    belongs to that month wherever the server is."""
    groups: dict[tuple[str, str], list[_Placed]] = defaultdict(list)
    for attempt in attempts:
        local_at = local(attempt.at, attempt.zone)
        placed = _Placed(attempt, local_at, local_at.date(), _ruleset_for(rulesets, attempt.country, local_at.date()))
        groups[(attempt.country, attempt.account)].append(placed)
    for key in sorted(groups):
        history = sorted(groups[key], key=lambda p: (p.attempt.at, p.attempt.id))
        yield from _check_account(history, emit_from, emit_to)


def check_attempts_by_account(
    attempts: Iterable[Attempt],
    rulesets: Sequence[RuleSet],
    *,
    emit_from: dt.date | None = None,
    emit_to: dt.date | None = None,
    tally: dict[str, int] | None = None,
) -> Iterator[Breach]:
    """The same breaches as :func:`check_attempts`, from a log already ordered by (country, account,
    time, id) (the scan's query, through the account index): one account's history is held at a
    time, so a month of a large centre's log streams through in bounded memory. The rule set in
    force is looked up once per country and local day; ``tally``, when given, gets ``checked``: the
    attempts whose local date is in ``[emit_from, emit_to]``."""
    in_force: dict[tuple[str, dt.date], RuleSet | None] = {}
    checked = 0
    for _key, group in groupby(attempts, key=_account_key):
        history = []
        for attempt in group:
            local_at = local(attempt.at, attempt.zone)
            day = local_at.date()
            found = in_force.get((attempt.country, day), _MISSING)
            if found is _MISSING:
                found = in_force[(attempt.country, day)] = _ruleset_for(rulesets, attempt.country, day)
            if (emit_from is None or day >= emit_from) and (emit_to is None or day <= emit_to):
                checked += 1
            history.append(_Placed(attempt, local_at, day, found))
        history.sort(key=_time_order)  # the order the scan reads (cheap when sorted)
        yield from _check_account(history, emit_from, emit_to)
    if tally is not None:
        tally["checked"] = tally.get("checked", 0) + checked


_MISSING: Any = object()
_account_key = attrgetter("country", "account")


def _time_order(placed: _Placed) -> tuple[dt.datetime, int]:
    return placed.attempt.at, placed.attempt.id


def _emits(placed: _Placed, emit_from: dt.date | None, emit_to: dt.date | None) -> bool:
    return (emit_from is None or placed.day >= emit_from) and (emit_to is None or placed.day <= emit_to)


def _breach(placed: _Placed, rule: Rule, code: str, evidence: Sequence[_Placed], **params: Any) -> Breach:
    ruleset = placed.ruleset
    if ruleset is None:  # pragma: no cover - only attempts with a rule set are checked
        raise ValueError("an attempt without a rule set cannot breach one")
    attempt = placed.attempt
    ordered = sorted(
        {p.attempt.id: p for p in [*evidence, placed]}.values(), key=lambda p: (p.attempt.at, p.attempt.id)
    )
    return Breach(
        code=code,
        rule_key=rule.key,
        country=attempt.country,
        version=ruleset.version,
        ruleset_ref=ruleset.ref,
        attempt=attempt.id,
        evidence=tuple(p.attempt.id for p in ordered),
        agent=attempt.agent,
        account=attempt.account,
        local_at=placed.local_at,
        severity=rule.severity,
        advisory=rule.advisory,
        lesson=rule.lesson,
        params={"channel": attempt.channel, "local_time": placed.local_at.strftime("%Y-%m-%d %H:%M"), **params},
    )


def _check_account(history: list[_Placed], emit_from, emit_to) -> Iterator[Breach]:
    # state per rule key, built over the whole history (context included)
    rolling: dict[str, deque[_Placed]] = defaultdict(deque)
    buckets: dict[tuple[str, object], list[_Placed]] = defaultdict(list)
    contacts: dict[str, list[_Placed]] = defaultdict(list)
    previous: dict[str, _Placed] = {}
    for placed in history:
        ruleset = placed.ruleset
        emit = ruleset is not None and _emits(placed, emit_from, emit_to)
        attempt = placed.attempt
        rules = ruleset.rules if ruleset is not None else ()
        for rule in rules:
            if attempt.channel not in rule.channels and rule.kind != "after_contact":
                continue
            if rule.kind == "hours":
                if emit:
                    found = _hours(placed, rule)
                    if found is not None:
                        yield found
            elif rule.kind == "cap":
                if rule.window == "rolling":
                    window = rolling[rule.key]
                    while window and (placed.day - window[0].day).days >= rule.span_days:
                        window.popleft()
                    window.append(placed)
                    inside = window
                else:
                    inside = buckets[(rule.key, _window_key(rule, placed.day))]
                    inside.append(placed)
                if emit and len(inside) > rule.limit:
                    yield _breach(
                        placed,
                        rule,
                        rule.code,
                        list(inside),
                        limit=rule.limit,
                        count=len(inside),
                        window=rule.window,
                        days=rule.span_days,
                    )
            elif rule.kind == "after_contact":
                if attempt.channel in rule.channels:
                    earlier = [
                        c
                        for c in contacts[rule.key]
                        if _in_window(rule, c.day, placed.day)
                        and (not rule.other_channels_only or c.attempt.channel != attempt.channel)
                    ]
                    if emit and earlier:
                        contact = earlier[-1]
                        yield _breach(
                            placed,
                            rule,
                            rule.code,
                            [contact],
                            contact_time=contact.local_at.strftime("%Y-%m-%d %H:%M"),
                            contact_channel=contact.attempt.channel,
                            window=rule.window,
                            days=rule.span_days,
                        )
                if attempt.result in DIRECT_CONTACT and attempt.channel in rule.trigger_channels:
                    kept = [c for c in contacts[rule.key] if _in_window(rule, c.day, placed.day)]
                    contacts[rule.key] = [*kept, placed]
            elif rule.kind == "min_gap":
                before = previous.get(rule.key)
                previous[rule.key] = placed
                if emit and before is not None and (placed.day - before.day).days < rule.span_days:
                    yield _breach(
                        placed,
                        rule,
                        rule.code,
                        [before],
                        days=rule.span_days,
                        gap_days=(placed.day - before.day).days,
                        previous_time=before.local_at.strftime("%Y-%m-%d %H:%M"),
                    )


def _hours(placed: _Placed, rule: Rule) -> Breach | None:
    day = placed.day
    windows = rule.days[day.weekday()]
    holiday = holiday_name(placed.attempt.country, day) if rule.holidays_closed else None
    if holiday is not None or not windows:
        return _breach(placed, rule, "dia_no_habil", [], weekday=day.weekday(), holiday=holiday or "")
    moment = placed.local_at.time()
    for w in windows:
        if w.start <= moment < w.end:  # Window.contains, inline: asked once per attempt and rule
            return None
    return _breach(placed, rule, "fuera_de_horario", [], weekday=day.weekday(), windows=[w.text() for w in windows])


#: the id a proposed attempt carries while it is checked (stored attempts have positive ids)
PROPOSED_ID = 0


def check_proposed(history: Iterable[Attempt], proposed: Attempt, rulesets: Sequence[RuleSet]) -> list[Breach]:
    """The rules ``proposed`` (an attempt not made yet) would break, given the account's ``history``
    (its attempts back to ``lookback_days`` before, up to now). The same rules as the scan: the
    proposed attempt is checked as if it were in the log, and only its own breaches are returned.
    Its ``result`` does not matter (a later attempt is checked against earlier contacts only)."""
    day = local(proposed.at, proposed.zone).date()
    account = [a for a in history if a.country == proposed.country and a.account == proposed.account]
    return [
        b
        for b in check_attempts([*account, proposed], rulesets, emit_from=day, emit_to=day)
        if b.attempt == proposed.id
    ]


def next_allowed(
    history: Sequence[Attempt], proposed: Attempt, rulesets: Sequence[RuleSet], *, horizon_days: int = 14
) -> dt.datetime | None:
    """The first moment from ``proposed.at`` at which the same attempt would break no enforced
    (non-advisory) rule, within ``horizon_days``; None if there is none. The candidates are the
    moment itself, then each opening of a permitted window (or local midnight, for a country whose
    rule set has no hours rule) on the following local days: caps and gaps only ever lift at a local
    day's start, hours at a window's opening."""
    tz = local(proposed.at, proposed.zone).tzinfo
    start_local = local(proposed.at, proposed.zone)
    for offset in range(horizon_days + 1):
        day = start_local.date() + dt.timedelta(days=offset)
        ruleset = _ruleset_for(rulesets, proposed.country, day)
        openings = [dt.time.min]
        if ruleset is not None:
            hours = [r for r in ruleset.rules if r.kind == "hours" and proposed.channel in r.channels]
            if hours:
                openings = sorted({w.start for r in hours for w in r.days[day.weekday()]})
        candidates = [dt.datetime.combine(day, t, tzinfo=tz) for t in openings]
        if offset == 0:
            candidates = [start_local] + [c for c in candidates if c > start_local]
        for candidate in candidates:
            moved = Attempt(
                proposed.id,
                candidate.astimezone(dt.UTC),
                proposed.zone,
                proposed.country,
                proposed.account,
                proposed.channel,
                proposed.result,
                proposed.agent,
            )
            if not any(not b.advisory for b in check_proposed(history, moved, rulesets)):
                return candidate
    return None

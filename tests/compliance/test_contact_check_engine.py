"""The preventive check in the engine: a proposed attempt against the account's history, and the next
moment it would break no enforced rule. No database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from compliance.engine import PROPOSED_ID, Attempt, check_proposed, next_allowed, ruleset_from_dict
from compliance.engine.defaults import DEFAULT_RULESETS

RULESETS = [
    ruleset_from_dict(data, country=country, version=1, effective_from=start)
    for country, (start, data) in DEFAULT_RULESETS.items()
]
NY = ZoneInfo("America/New_York")
BOG = ZoneInfo("America/Bogota")


def us_call(n, local_iso, account="acc-1", result="no_contesta"):
    at = dt.datetime.fromisoformat(local_iso).replace(tzinfo=NY)
    return Attempt(n, at, "America/New_York", "US", account, "llamada", result, 7)


def proposed(local_iso, tz=NY, country="US", zone="America/New_York", account="acc-1"):
    at = dt.datetime.fromisoformat(local_iso).replace(tzinfo=tz)
    return Attempt(PROPOSED_ID, at, zone, country, account, "llamada", "no_contesta", 7)


def enforced(breaches):
    return sorted(b.code for b in breaches if not b.advisory)


def test_an_eighth_call_in_seven_days_is_refused_and_allowed_when_the_first_leaves_the_window():
    history = [us_call(i + 1, f"2026-03-0{2 + i}T10:00") for i in range(7)]  # 2..8 March, one a day
    assert enforced(check_proposed(history, proposed("2026-03-08T15:00"), RULESETS)) == ["tope_7_dias"]
    # 9 March: 3..9 March holds six earlier calls plus this one
    assert enforced(check_proposed(history, proposed("2026-03-09T10:00"), RULESETS)) == []
    assert next_allowed(history, proposed("2026-03-08T15:00"), RULESETS) == dt.datetime(2026, 3, 9, 8, 0, tzinfo=NY)


def test_another_accounts_history_does_not_count():
    history = [us_call(i + 1, f"2026-03-0{2 + i}T10:00", account="other") for i in range(7)]
    assert enforced(check_proposed(history, proposed("2026-03-08T15:00"), RULESETS)) == []


def test_before_opening_time_the_next_allowed_moment_is_the_same_days_opening():
    early = proposed("2026-03-04T06:30")
    assert enforced(check_proposed([], early, RULESETS)) == ["fuera_de_horario"]
    assert next_allowed([], early, RULESETS) == dt.datetime(2026, 3, 4, 8, 0, tzinfo=NY)


def test_on_a_colombian_saturday_afternoon_the_next_allowed_moment_is_monday_morning():
    late = proposed("2026-03-07T16:00", tz=BOG, country="CO", zone="America/Bogota")  # Saturday, after 15:00
    assert enforced(check_proposed([], late, RULESETS)) == ["fuera_de_horario"]
    assert next_allowed([], late, RULESETS) == dt.datetime(2026, 3, 9, 7, 0, tzinfo=BOG)  # Sunday is closed


def test_an_allowed_attempt_is_its_own_next_allowed_moment():
    fine = proposed("2026-03-04T10:00")
    assert next_allowed([], fine, RULESETS) == fine.at.astimezone(NY)


def test_streaming_the_log_account_by_account_finds_exactly_what_the_whole_log_check_finds():
    import random

    from compliance.engine import check_attempts, check_attempts_by_account

    rng = random.Random(3)
    log = []
    for n in range(1, 400):
        day, hour = rng.randint(1, 20), rng.randint(5, 22)
        result = rng.choice(["no_contesta", "contacto_titular", "buzon"])
        log.append(us_call(n, f"2026-03-{day:02d}T{hour:02d}:{rng.randint(0, 59):02d}", f"acc-{n % 9}", result))
    whole = list(check_attempts(log, RULESETS, emit_from=dt.date(2026, 3, 8), emit_to=dt.date(2026, 3, 20)))
    ordered = sorted(log, key=lambda a: (a.country, a.account, a.at, a.id))
    streamed = list(
        check_attempts_by_account(ordered, RULESETS, emit_from=dt.date(2026, 3, 8), emit_to=dt.date(2026, 3, 20))
    )
    assert whole and sorted(whole, key=lambda b: (b.attempt, b.rule_key)) == sorted(
        streamed, key=lambda b: (b.attempt, b.rule_key)
    )

"""The contact-rule engine at the edges of each rule (issue #12 "Done when"): no database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from compliance.engine import Attempt, RuleError, check_attempts, ruleset_from_dict
from compliance.engine.defaults import DEFAULT_RULESETS

RULESETS = [
    ruleset_from_dict(data, country=country, version=1, effective_from=start)
    for country, (start, data) in DEFAULT_RULESETS.items()
]
ZONES = {"MX": "America/Mexico_City", "CO": "America/Bogota", "CL": "America/Santiago", "US": "America/New_York"}


def attempt(n, country, local_iso, *, channel="llamada", result="no_contesta", account="acc-1", zone=None):
    zone = zone or ZONES.get(country, "America/Lima")
    at = dt.datetime.fromisoformat(local_iso).replace(tzinfo=ZoneInfo(zone))
    return Attempt(n, at, zone, country, account, channel, result, agent=7)


def codes(attempts, rulesets=RULESETS, **kwargs):
    return [(b.code, b.attempt) for b in check_attempts(attempts, rulesets, **kwargs) if not b.advisory]


@pytest.mark.parametrize(
    ("local_time", "expected"),
    [("06:59", [("fuera_de_horario", 1)]), ("07:00", []), ("21:59", []), ("22:00", [("fuera_de_horario", 1)])],
)
def test_mexico_contact_hours_start_at_seven_exactly_and_end_before_ten(local_time, expected):
    assert codes([attempt(1, "MX", f"2026-03-04T{local_time}")]) == expected


def test_a_sunday_call_in_colombia_is_a_non_working_day_breach():
    breaches = list(check_attempts([attempt(1, "CO", "2026-03-08T07:12")], RULESETS))  # a Sunday
    assert [(b.code, b.rule_key, b.version, b.evidence) for b in breaches] == [("dia_no_habil", "horario", 1, (1,))]
    assert breaches[0].params["local_time"] == "2026-03-08 07:12"


def test_a_colombian_public_holiday_is_closed_all_day_from_the_holidays_library():
    # 23 March 2026: San José (observed), a Monday
    breaches = list(check_attempts([attempt(1, "CO", "2026-03-23T10:00")], RULESETS))
    assert [b.code for b in breaches] == ["dia_no_habil"]
    assert breaches[0].params["holiday"]
    assert codes([attempt(1, "CO", "2026-03-24T10:00")]) == []


def test_colombian_saturday_hours_are_eight_to_three():
    assert codes([attempt(1, "CO", "2026-03-07T07:30")]) == [("fuera_de_horario", 1)]
    assert codes([attempt(1, "CO", "2026-03-07T14:59")]) == []
    assert codes([attempt(1, "CO", "2026-03-07T15:00")]) == [("fuera_de_horario", 1)]


def test_the_eighth_us_call_in_seven_days_breaks_seven_in_seven_with_all_eight_as_evidence():
    calls = [attempt(n, "US", f"2026-03-{2 + n // 2:02d}T{10 + n % 2}:00") for n in range(1, 9)]
    breaches = [b for b in check_attempts(calls, RULESETS) if b.code == "tope_7_dias"]
    assert [(b.attempt, len(b.evidence)) for b in breaches] == [(8, 8)]
    assert breaches[0].params["limit"] == 7 and breaches[0].params["count"] == 8


def test_the_day_after_the_seven_day_window_counts_afresh():
    # 7 calls on days 1..7, the 8th on day 8: the first call has left the window
    calls = [attempt(n, "US", f"2026-03-{n:02d}T10:00") for n in range(2, 9)]
    calls.append(attempt(9, "US", "2026-03-09T10:00"))
    assert [b for b in check_attempts(calls, RULESETS) if b.code == "tope_7_dias"] == []


def test_a_us_call_within_seven_days_after_a_conversation_is_a_breach_and_day_eight_is_not():
    talk = attempt(1, "US", "2026-03-02T10:00", result="contacto_titular")
    assert codes([talk, attempt(2, "US", "2026-03-08T10:00")]) == [("tras_contacto", 2)]  # day 7
    assert codes([talk, attempt(2, "US", "2026-03-09T10:00")]) == []  # day 8
    # an e-mail is outside Reg F's call count
    assert codes([talk, attempt(2, "US", "2026-03-03T10:00", channel="email", result="enviado")]) == []


def test_us_hours_follow_the_debtors_zone_across_the_daylight_saving_change():
    # 8 March 2026, 12:30 UTC: 08:30 in New York (EDT from 02:00) but 05:30 in Los Angeles (PDT)
    at = dt.datetime(2026, 3, 8, 12, 30, tzinfo=dt.UTC)
    ny = Attempt(1, at, "America/New_York", "US", "a", "llamada", "no_contesta", 7)
    la = Attempt(2, at, "America/Los_Angeles", "US", "b", "llamada", "no_contesta", 7)
    assert codes([ny, la]) == [("fuera_de_horario", 2)]
    # the day before, the same UTC time was 07:30 in New York (EST): too early
    before = Attempt(3, at - dt.timedelta(days=1), "America/New_York", "US", "c", "llamada", "no_contesta", 7)
    assert codes([before]) == [("fuera_de_horario", 3)]


def test_chile_allows_one_call_a_week_and_the_week_boundary_resets_it():
    # Fri 6 and Sat 7 March: the same week; Mon 9 March: a new week
    calls = [attempt(1, "CL", "2026-03-06T10:00"), attempt(2, "CL", "2026-03-07T10:00")]
    assert codes(calls) == [("tope_semanal", 2)]
    assert codes([attempt(1, "CL", "2026-03-07T10:00"), attempt(2, "CL", "2026-03-09T10:00")]) == []


def test_chile_messages_two_a_week_and_two_days_apart():
    sms = [
        attempt(n, "CL", f"2026-03-{d:02d}T10:00", channel="sms", result="enviado") for n, d in ((1, 2), (2, 4), (3, 5))
    ]
    assert codes(sms) == [("tope_semanal", 3), ("separacion_minima", 3)]


def test_colombia_one_contact_a_day_and_one_channel_a_week_after_a_direct_contact():
    talk = attempt(1, "CO", "2026-03-02T09:00", result="contacto_titular")
    assert codes([talk, attempt(2, "CO", "2026-03-02T16:00")]) == [("tope_diario", 2)]
    other = attempt(2, "CO", "2026-03-04T09:00", channel="whatsapp", result="enviado")
    assert codes([talk, other]) == [("multicanal_semana", 2)]
    assert codes([talk, attempt(2, "CO", "2026-03-04T09:00")]) == []  # same channel, another day


def test_peru_closes_saturdays_and_calls_from_eight_pm():
    assert codes([attempt(1, "PE", "2026-03-07T10:00")]) == [("dia_no_habil", 1)]
    assert codes([attempt(1, "PE", "2026-03-06T20:00")]) == [("fuera_de_horario", 1)]
    assert codes([attempt(1, "PE", "2026-03-06T19:59")]) == []


def test_uncertain_facts_are_only_advisory_breaches():
    breaches = list(check_attempts([attempt(1, "MX", "2026-03-07T10:00")], RULESETS))  # Saturday in Mexico
    assert [(b.code, b.advisory) for b in breaches] == [("dia_no_habil", True)]


def test_windows_crossing_the_period_start_count_earlier_attempts_but_emit_only_the_period():
    calls = [attempt(1, "US", "2026-02-27T10:00"), attempt(2, "US", "2026-02-27T15:00")]
    calls.append(attempt(3, "US", "2026-02-28T10:00"))
    calls += [attempt(n, "US", f"2026-03-0{n - 3}T1{n % 2}:00") for n in range(4, 9)]  # 1–5 Mar
    start = dt.date(2026, 3, 1)
    assert [b.attempt for b in check_attempts(calls, RULESETS, emit_from=start) if b.code == "tope_7_dias"] == [8]
    assert [b for b in check_attempts(calls[:3], RULESETS, emit_from=start)] == []


def test_the_rule_set_in_force_on_the_attempts_local_date_applies():
    start, data = DEFAULT_RULESETS["MX"]
    v1 = ruleset_from_dict(data, country="MX", version=1, effective_from=start, effective_to=dt.date(2026, 3, 31))
    later = {"rules": [{**data["rules"][0], "days": {d: [["08:00", "21:00"]] for d in data["rules"][0]["days"]}}]}
    v2 = ruleset_from_dict(later, country="MX", version=2, effective_from=dt.date(2026, 4, 1))
    found = list(check_attempts([attempt(1, "MX", "2026-03-31T07:30"), attempt(2, "MX", "2026-04-01T07:30")], [v1, v2]))
    assert [(b.attempt, b.version) for b in found if not b.advisory] == [(2, 2)]


def test_the_same_log_gives_the_same_breaches():
    log = [attempt(n, "US", f"2026-03-{2 + n // 3:02d}T0{7 + n % 3}:30") for n in range(1, 12)]
    assert list(check_attempts(log, RULESETS)) == list(check_attempts(list(reversed(log)), RULESETS))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": [{"key": "x", "kind": "hours", "days": {"lun": []}}]}, "'days' must map"),
        ({"rules": [{"key": "x", "kind": "cap", "code": "tope_semanal", "limit": 0}]}, "'limit' must be at least 1"),
        ({"rules": [{"key": "x", "kind": "cap", "code": "tope_7_dias", "limit": 7, "window": "rolling"}]}, "'days'"),
        ({"rules": [{"key": "x", "kind": "hours", "days": {}, "advisory": True}]}, "needs a 'note'"),
        ({"rules": [{"key": "x", "kind": "hours", "days": {"mon": [["22:00", "07:00"]]}}]}, "ends before it starts"),
        ({"rules": [{"key": "x", "kind": "hours", "days": {}, "channels": ["fax"]}]}, "unknown channel"),
        ({"timezone": "Mars/Olympus", "rules": []}, "unknown time zone"),
    ],
)
def test_a_rule_set_that_cannot_work_is_refused_naming_the_rule_and_field(data, message):
    with pytest.raises(RuleError, match=message):
        ruleset_from_dict(data, country="MX", version=2, effective_from=dt.date(2026, 1, 1))

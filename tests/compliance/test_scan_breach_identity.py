"""The scan's breaches, pinned: a planted log over the five countries, every channel and result, gives
exactly these breaches (rule, trigger, evidence, agent, local time, severity, facts), whole or streamed
account by account. A faster engine must find the same ones, and the scan must store them as found."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import pytest

from compliance.engine import Attempt, check_attempts, check_attempts_by_account, ruleset_from_dict
from compliance.engine.calendar import DEFAULT_ZONES, zone
from compliance.engine.defaults import DEFAULT_RULESETS
from compliance.models import Breach, ContactAttempt, ContactImport, RuleSetVersion
from compliance.services import compliance_scan
from core.models import Employee

RULESETS = [
    ruleset_from_dict(data, country=country, version=1, effective_from=start, ref=n)
    for n, (country, (start, data)) in enumerate(sorted(DEFAULT_RULESETS.items()), start=1)
]
CHANNELS = ("llamada", "llamada", "sms", "email", "whatsapp", "visita")
RESULTS = ("no_contesta", "buzon", "contacto_titular", "promesa", "contacto_tercero", "enviado")
FIRST, LAST = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
# the SHA-256 of every breach's identity and facts the engine found on this log when pinned
PINNED = "0223e3fb8399bd3eee7c1d615d2447206940a5cafff243ea92cd48949276ec1d"  # 1,332 breaches


def planted_log(seed: int = 12, size: int = 3000) -> list[Attempt]:
    """Attempts from mid-February (context) to early April, a few accounts per country, hours from
    05:00 to 23:00 local (Colombian holidays, Sundays, a US daylight-saving change included)."""
    rng = random.Random(seed)
    log = []
    for n in range(1, size + 1):
        country = rng.choice(sorted(DEFAULT_ZONES))
        day = dt.date(2026, 2, 15) + dt.timedelta(days=rng.randint(0, 50))
        local_at = dt.datetime.combine(
            day, dt.time(rng.randint(5, 23), rng.randint(0, 59)), tzinfo=zone(DEFAULT_ZONES[country])
        )
        log.append(
            Attempt(
                n,
                local_at.astimezone(dt.UTC),
                DEFAULT_ZONES[country],
                country,
                f"{country}-{rng.randint(1, 12)}",
                rng.choice(CHANNELS),
                rng.choice(RESULTS),
                rng.randint(1, 5),
            )
        )
    return log


def identity(breaches) -> list[tuple]:
    return sorted(
        (
            b.attempt,
            b.rule_key,
            b.code,
            b.country,
            b.version,
            b.ruleset_ref,
            b.evidence,
            b.agent,
            b.account,
            b.local_at.isoformat(),
            b.severity,
            b.advisory,
            b.lesson,
            sorted((k, repr(v)) for k, v in b.params.items()),
        )
        for b in breaches
    )


def digest(rows: list[tuple]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_planted_log_gives_the_pinned_breaches_whole_and_streamed():
    log = planted_log()
    whole = identity(check_attempts(log, RULESETS, emit_from=FIRST, emit_to=LAST))
    ordered = sorted(log, key=lambda a: (a.country, a.account, a.at, a.id))
    streamed = identity(check_attempts_by_account(ordered, RULESETS, emit_from=FIRST, emit_to=LAST))
    assert len(whole) == 1332 and streamed == whole
    assert {row[2] for row in whole} >= {"fuera_de_horario", "dia_no_habil", "tope_7_dias", "tope_semanal"}
    assert digest(whole) == PINNED


def test_planted_edges_are_found_and_nothing_else():
    ny, bog, mex = zone("America/New_York"), zone("America/Bogota"), zone("America/Mexico_City")

    def at(tz, *parts):
        return dt.datetime(*parts, tzinfo=tz).astimezone(dt.UTC)

    log = [
        # eight US calls on eight days: the 8th in 7 days breaks the cap, with the seven before as evidence
        *[
            Attempt(n, at(ny, 2026, 3, 1 + n, 10), "America/New_York", "US", "us-1", "llamada", "buzon", 1)
            for n in range(1, 8)
        ],
        Attempt(8, at(ny, 2026, 3, 8, 12), "America/New_York", "US", "us-1", "llamada", "buzon", 1),
        # a Sunday call in Bogotá; 07:00 exactly in Mexico City is inside, 06:59 is not
        Attempt(20, at(bog, 2026, 3, 15, 10), "America/Bogota", "CO", "co-1", "llamada", "buzon", 2),
        Attempt(30, at(mex, 2026, 3, 4, 7, 0), "America/Mexico_City", "MX", "mx-1", "llamada", "buzon", 3),
        Attempt(31, at(mex, 2026, 3, 5, 6, 59), "America/Mexico_City", "MX", "mx-2", "llamada", "buzon", 3),
    ]
    found = sorted(
        (b.code, b.attempt, b.evidence)
        for b in check_attempts_by_account(
            sorted(log, key=lambda a: (a.country, a.account, a.at, a.id)), RULESETS, emit_from=FIRST, emit_to=LAST
        )
        if not b.advisory
    )
    assert found == [
        ("dia_no_habil", 20, (20,)),
        ("fuera_de_horario", 31, (31,)),
        ("tope_7_dias", 8, (1, 2, 3, 4, 5, 6, 7, 8)),
    ]


@pytest.mark.django_db
def test_the_scan_stores_exactly_the_engines_breaches_with_their_evidence_and_facts(world):
    """The write path (COPY on PostgreSQL, bulk_create elsewhere) keeps every breach as the engine
    found it, and a re-run stores nothing."""
    company = world.agent_employee.company
    agents = [
        Employee.objects.create(
            company=company, employee_code=f"P{n}", first_name="P", last_name=str(n), hire_date=dt.date(2024, 1, 1)
        ).pk
        for n in range(1, 6)
    ]
    log = ContactImport.objects.create(sha256="planted", status=ContactImport.Status.LOADED, source="command")
    ContactAttempt.objects.bulk_create(
        ContactAttempt(
            contact_import=log,
            row=a.id,
            occurred_at=a.at,
            zone=a.zone,
            country=a.country,
            employee_id=agents[a.agent - 1],
            account_hash=a.account,
            destination_hash=f"d{a.id}",
            channel=a.channel,
            result=a.result,
        )
        for a in planted_log(size=1500)
    )
    rows = ContactAttempt.objects.values_list(
        "pk", "occurred_at", "zone", "country", "account_hash", "channel", "result", "employee_id"
    )
    rulesets = [v.to_engine() for v in RuleSetVersion.objects.all()]
    expected = sorted(
        (b.ruleset_ref, b.rule_key, b.attempt, b.code, b.evidence, b.agent, b.account, b.local_at, b.local_at.date())
        + (b.severity, b.advisory, b.lesson, b.params)
        for b in check_attempts([Attempt(*row) for row in rows], rulesets, emit_from=FIRST, emit_to=LAST)
    )
    scan = compliance_scan(period=FIRST, remedial=False)
    stored = sorted(
        (b.ruleset_id, b.rule_key, b.attempt_id, b.code, tuple(e.pk for e in b.evidence.order_by("occurred_at", "pk")))
        + (b.employee_id, b.account_hash, b.occurred_at, b.local_day, b.severity, b.advisory, b.lesson, b.params)
        for b in Breach.objects.filter(scan=scan).prefetch_related("evidence")
    )
    assert len(expected) > 500 and scan.breaches_new == len(expected)
    assert stored == expected
    assert scan.attempts_checked == sum(
        1 for a in planted_log(size=1500) if FIRST <= a.at.astimezone(zone(a.zone)).date() <= LAST
    )
    assert compliance_scan(period=FIRST, remedial=False).breaches_new == 0

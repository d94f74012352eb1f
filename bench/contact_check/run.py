"""Preventive contact check benchmark (issue 12): ``POST /api/v1/contact-check`` latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/contact_check/run.py
        [--agents N] [--accounts N] [--days N] [--requests N] [--database NAME] [--keep]

Creates (and drops, unless --keep) its own database (``--database``, default ``acredita_contact_check_bench``)
on that server, migrates it (the five countries' rule sets are seeded), stores a contact log of
``--days`` days for ``--agents`` agents over ``--accounts`` accounts (about 4 attempts per account a
day, five countries), then asks ``--requests`` questions for random accounts, channels and moments,
each a full request through the portal's stack in process (middleware, token auth with scope, django-ninja,
the account's history read through its index, the engine, the next allowed moment when refused):

  ours     ``POST /api/v1/contact-check`` through ``django.test.Client``
  floor    the two reads no check can avoid, as raw SQL on the same connection: the token lookup and
           the account's history for the rule sets' longest window (no framework, no engine)

It prints the median and p99 of each, ours / floor, and the share of questions refused.
Target (issue 12): a check within 20 ms (median, and p99 printed beside it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Project modules are imported inside the functions: the script first picks the settings and the
# database, and only then runs django.setup().

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench._pg import drop_database, recreate_database, server_url, setup_django  # noqa: E402 - after ROOT is on the path

TARGET_MS = 20.0
COUNTRIES = {
    "MX": "America/Mexico_City",
    "CO": "America/Bogota",
    "CL": "America/Santiago",
    "PE": "America/Lima",
    "US": "America/Chicago",
}
CHANNELS = ("llamada", "llamada", "llamada", "sms", "whatsapp")
RESULTS = ("no_contesta", "no_contesta", "buzon", "ocupado", "contacto_titular", "contacto_tercero")


def store_log(*, agents: int, accounts: int, days: int, now: dt.datetime) -> int:
    from compliance.models import ContactAttempt, ContactImport
    from compliance.pseudonym import account_hash, destination_hash
    from core.models import Company, Employee

    rng = random.Random(12)
    company = Company.objects.create(name="Bench")
    Employee.objects.bulk_create(
        Employee(
            company=company, employee_code=f"B{a:05d}", first_name="A", last_name=str(a), hire_date=dt.date(2024, 1, 1)
        )
        for a in range(1, agents + 1)
    )
    employee_ids = list(Employee.objects.values_list("pk", flat=True))
    log = ContactImport.objects.create(sha256="bench", status=ContactImport.Status.LOADED, source="command")
    hashes = [account_hash(f"ACC-{n}") for n in range(accounts)]
    dest = destination_hash("5550000")
    countries = list(COUNTRIES)
    batch, total, seen = [], 0, set()
    for n, acc in enumerate(hashes):
        country = countries[n % len(countries)]
        for _ in range(4 * days):
            at = now - dt.timedelta(seconds=rng.randint(60, days * 86400))
            at = at.replace(microsecond=0)
            channel = rng.choice(CHANNELS)
            key = (acc, channel, at)
            if key in seen:
                continue
            seen.add(key)
            batch.append(
                ContactAttempt(
                    contact_import=log,
                    row=total + 2,
                    occurred_at=at,
                    zone=COUNTRIES[country],
                    country=country,
                    employee_id=rng.choice(employee_ids),
                    account_hash=acc,
                    destination_hash=dest,
                    channel=channel,
                    result=rng.choice(RESULTS),
                )
            )
            total += 1
            if len(batch) >= 20000:
                ContactAttempt.objects.bulk_create(batch)
                batch = []
    ContactAttempt.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE compliance_contactattempt")
    return total


def bench_token() -> str:
    from core.models import User
    from core.roles import Role
    from core.services import api_token_create

    user = User.objects.create(username="bench-officer", role=Role.COMPLIANCE, email="o@example.com")
    _t, plaintext = api_token_create(
        actor=user,
        name="bench",
        scopes=["compliance:read"],
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
        mfa_satisfied=True,
    )
    return plaintext


def questions(n: int, *, accounts: int, now: dt.datetime) -> list[dict]:
    rng = random.Random(7)
    countries = list(COUNTRIES)
    out = []
    for _ in range(n):
        a = rng.randrange(accounts)
        at = now - dt.timedelta(minutes=rng.randint(0, 600))
        out.append(
            {
                "cuenta": f"ACC-{a}",
                "canal": rng.choice(CHANNELS),
                "pais": countries[a % len(countries)],
                "zona_horaria": COUNTRIES[countries[a % len(countries)]],
                "fecha_hora": at.isoformat(),
            }
        )
    return out


def run_ours(asks: list[dict], plaintext: str) -> tuple[list[float], float]:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    timings, refused = [], 0
    for ask in asks:
        start = time.perf_counter()
        response = client.post("/api/v1/contact-check", ask, content_type="application/json")
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"the check answered {response.status_code}: {response.content[:300]!r}")
        refused += not response.json()["permitido"]
    return timings, refused / len(asks)


def run_floor(asks: list[dict], plaintext: str) -> list[float]:
    from django.db import connection

    from compliance.engine import lookback_days
    from compliance.models import RuleSetVersion
    from compliance.pseudonym import account_hash
    from core.api_tokens import token_hash

    back = dt.timedelta(days=lookback_days([v.to_engine() for v in RuleSetVersion.objects.all()]))
    timings = []
    with connection.cursor() as cursor:
        for ask in asks:
            at = dt.datetime.fromisoformat(ask["fecha_hora"])
            start = time.perf_counter()
            cursor.execute(
                "SELECT id, scopes, expires_at FROM core_apitoken WHERE key_hash = %s", [token_hash(plaintext)]
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT id, occurred_at, zone, country, account_hash, channel, result, employee_id "
                "FROM compliance_contactattempt WHERE country = %s AND account_hash = %s "
                "AND occurred_at >= %s AND occurred_at <= %s",
                [ask["pais"], account_hash(ask["cuenta"]), at - back, at],
            )
            cursor.fetchall()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--accounts", type=int, default=20000)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--database", default="acredita_contact_check_bench")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    url = server_url("bench/contact_check")
    db_url = recreate_database(url, args.database)
    try:
        with tempfile.TemporaryDirectory() as media:
            setup_django(db_url, media=media)
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            start = time.perf_counter()
            stored = store_log(agents=args.agents, accounts=args.accounts, days=args.days, now=now)
            print(
                f"log: {stored:,} attempts, {args.accounts:,} accounts, {args.days} days ({time.perf_counter() - start:.1f} s to store)"
            )
            plaintext = bench_token()
            asks = questions(args.requests, accounts=args.accounts, now=now)
            run_ours(asks[:50], plaintext)  # warm-up: imports, caches, connection
            ours, refused = run_ours(asks, plaintext)
            floor = run_floor(asks, plaintext)
            m_ours, m_floor = statistics.median(ours), statistics.median(floor)
            print(f"requests: {len(asks):,}; refused {refused:.0%}")
            print(f"ours   median {m_ours:6.2f} ms  p99 {p99(ours):6.2f} ms  (target <= {TARGET_MS:.0f} ms)")
            print(f"floor  median {m_floor:6.2f} ms  p99 {p99(floor):6.2f} ms  (token lookup + history read, raw SQL)")
            print(
                f"ours / floor (median): {m_ours / m_floor:.1f}x; sequential throughput {1000 / statistics.mean(ours):.0f} req/s"
            )
            print("target met" if m_ours <= TARGET_MS and p99(ours) <= TARGET_MS else "TARGET MISSED")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(url, args.database)


if __name__ == "__main__":
    main()

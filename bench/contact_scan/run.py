"""Compliance scan benchmark (issue 12): a month of contact log for N agents, time and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/contact_scan/run.py
        [--agents N] [--per-day N] [--days N] [--database NAME] [--keep]

Creates (and drops, unless --keep) its own database (``--database``, default ``acredita_contact_scan_bench``)
on that server, migrates it (the five countries' rule sets are seeded), and stores with ``COPY`` a month
(``--days`` working days, default 22, of March 2026) of ``--per-day`` attempts per agent (default 100) for
``--agents`` agents (default 300), over 250 accounts per agent across the five countries, with hours
chosen so that some fall outside the permitted windows and some accounts are called too often. Then:

  scan      ``services.compliance_scan(period=2026-03)``: the production path (the month streamed account
            by account from the database, breaches and their evidence stored, measured incidents
            written into the KPI facts, suspensions synced, audited), timed
  again     the same scan again (nothing new to store), timed, then once more traced with
            tracemalloc for its peak Python heap (tracing slows it: not timed)
  floor     the same rows (the scan's query: its window, its order) read through a raw psycopg
            server-side cursor and dropped: what any scan in Python pays before checking anything,
            timed, and traced for its peak heap
  in-memory the peak Python heap of only holding the month as a list of engine attempts (what a scan
            that loads the month first would hold before checking anything), for comparison

Each figure is printed with its attempts per second and, side by side, as a multiple of the floor's
time; then the process's max RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# Project modules are imported inside the functions: the script first picks the settings and the
# database, and only then runs django.setup().

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench._pg import drop_database, recreate_database, server_url, setup_django  # noqa: E402 - after ROOT is on the path

PERIOD = dt.date(2026, 3, 1)
ACCOUNTS_PER_AGENT = 250
ZONES = {
    "MX": "America/Mexico_City",
    "CO": "America/Bogota",
    "CL": "America/Santiago",
    "PE": "America/Lima",
    "US": "America/Chicago",
}


def working_days(count: int) -> list[dt.date]:
    days, day = [], PERIOD
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def store_month(*, agents: int, per_day: int, days: int) -> int:
    from django.db import connection

    from compliance.engine.calendar import zone
    from compliance.models import ContactImport
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
    employee_ids = list(Employee.objects.order_by("pk").values_list("pk", flat=True))
    log = ContactImport.objects.create(sha256="bench", status=ContactImport.Status.LOADED, source="command")
    countries = list(ZONES)
    accounts = [(account_hash(f"ACC-{n}"), countries[n % 5]) for n in range(agents * ACCOUNTS_PER_AGENT)]
    dest = destination_hash("5550000")
    channels = ("llamada", "llamada", "llamada", "sms", "whatsapp", "email")
    results = ("no_contesta", "no_contesta", "buzon", "ocupado", "contacto_titular", "contacto_tercero")
    total, seen = 0, set()
    with connection.cursor() as cursor:
        sql = (
            "COPY compliance_contactattempt (contact_import_id, row, occurred_at, zone, country, employee_id, "
            "account_hash, destination_hash, channel, result) FROM STDIN"
        )
        with cursor.cursor.copy(sql) as copy:
            for day in working_days(days):
                for a, employee_id in enumerate(employee_ids):
                    mine = accounts[a * ACCOUNTS_PER_AGENT : (a + 1) * ACCOUNTS_PER_AGENT]
                    for _ in range(per_day):
                        acc, country = rng.choice(mine)
                        # mostly 08:00-18:59 local, a few early or late
                        hour = rng.choice([6, 7, 21, 22]) if rng.random() < 0.02 else rng.randint(8, 18)
                        local_at = dt.datetime.combine(
                            day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)), tzinfo=zone(ZONES[country])
                        )
                        channel = rng.choice(channels)
                        key = (employee_id, acc, channel, local_at)
                        if key in seen:
                            continue
                        seen.add(key)
                        total += 1
                        copy.write_row(
                            (
                                log.pk,
                                total + 1,
                                local_at.astimezone(dt.UTC),
                                ZONES[country],
                                country,
                                employee_id,
                                acc,
                                dest,
                                channel,
                                rng.choice(results),
                            )
                        )
        cursor.execute("ANALYZE compliance_contactattempt")
    return total


def raw_floor() -> tuple[float, int, float]:
    """Read the scan's rows (same window, same order) through a raw server-side cursor: (seconds,
    rows, peak traced heap in MB of a second, traced read)."""
    from django.db import connection, transaction

    from compliance.engine import lookback_days
    from compliance.models import RuleSetVersion
    from compliance.services import month_bounds

    first, last = month_bounds(PERIOD)
    days = lookback_days([v.to_engine() for v in RuleSetVersion.objects.all()])
    low = dt.datetime.combine(first - dt.timedelta(days=days), dt.time.min, tzinfo=dt.UTC)
    high = dt.datetime.combine(last + dt.timedelta(days=2), dt.time.min, tzinfo=dt.UTC)
    sql = (
        "SELECT id, occurred_at, zone, country, account_hash, channel, result, employee_id "
        "FROM compliance_contactattempt WHERE occurred_at >= %s AND occurred_at < %s "
        "ORDER BY country, account_hash, occurred_at, id"
    )

    def read() -> int:
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.connection.cursor(name="bench_floor") as named:
                named.itersize = 20000
                named.execute(sql, [low, high])
                for _row in named:
                    count += 1
        return count

    start = time.perf_counter()
    count = read()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    read()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, count, peak


def in_memory_peak() -> float:
    from compliance.engine import Attempt
    from compliance.models import ContactAttempt

    tracemalloc.start()
    rows = ContactAttempt.objects.values_list(
        "pk", "occurred_at", "zone", "country", "account_hash", "channel", "result", "employee_id"
    )
    held = [Attempt(*row) for row in rows.iterator(chunk_size=20000)]
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    del held
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=300)
    parser.add_argument("--per-day", type=int, default=100)
    parser.add_argument("--days", type=int, default=22)
    parser.add_argument("--database", default="acredita_contact_scan_bench")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    url = server_url("bench/contact_scan")
    db_url = recreate_database(url, args.database)
    try:
        with tempfile.TemporaryDirectory() as media:
            setup_django(db_url, media=media)
            logging.getLogger("celery").setLevel(logging.WARNING)  # the scan's notifications run eagerly here
            from compliance.models import Breach
            from compliance.services import compliance_scan

            start = time.perf_counter()
            stored = store_month(agents=args.agents, per_day=args.per_day, days=args.days)
            print(
                f"log: {stored:,} attempts, {args.agents} agents, {args.days} days "
                f"({time.perf_counter() - start:.1f} s to COPY)"
            )
            floor, floor_rows, floor_peak = raw_floor()
            print(
                f"floor     {floor:7.1f} s  {floor_rows:,} rows read by a raw server-side cursor "
                f"({floor_rows / floor:,.0f} rows/s, peak heap {floor_peak:,.0f} MB)"
            )
            start = time.perf_counter()
            scan = compliance_scan(period=PERIOD, remedial=False)
            first = time.perf_counter() - start
            print(
                f"scan      {first:7.1f} s  {scan.attempts_checked:,} attempts checked, "
                f"{scan.breaches_new:,} breaches stored ({stored / first:,.0f} attempts/s; "
                f"{first / floor:.1f}x the floor)"
            )
            start = time.perf_counter()
            again = compliance_scan(period=PERIOD, remedial=False)
            rerun = time.perf_counter() - start
            print(
                f"again     {rerun:7.1f} s  {again.breaches_new} new (re-running stores nothing; "
                f"{stored / rerun:,.0f} attempts/s; {rerun / floor:.1f}x the floor)"
            )
            tracemalloc.start()
            compliance_scan(period=PERIOD, remedial=False)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            print(
                f"peak Python heap of a scan (traced re-run): {peak:,.0f} MB for {Breach.objects.count():,} breaches "
                f"(floor: {floor_peak:,.0f} MB)"
            )
            print(f"in-memory: holding the month as engine attempts alone: {in_memory_peak():,.0f} MB")
            print(f"max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(url, args.database)


if __name__ == "__main__":
    main()

"""KPI ingestion benchmark (issue 5): 5,000 agents x 22 days = 110,000 rows x 14 metrics.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/kpi_ingest/run.py [--agents N] [--days N]
        [--slice ROWS] [--repeat N] [--keep]

Creates (and drops, unless --keep) its own database ``acredita_kpi_bench`` on that server, migrates it,
creates the agents, writes the feed to a temporary CSV, then times in one run:

  ours     the production path: ``kpi_import_create`` + ``kpi_import_process`` (store the file, SHA-256,
           then the fast lane: the feed scanned and streamed by COPY into the indexed ``kpi_kpifact``
           while the database checks the row rules, all in one transaction; audit), each time into an
           empty fact table
  full     the same with ``KPI_FAST_LANE`` off: the full validator (every cell parsed and checked in
           Python, the path every feed with a problem takes to get its report), then COPY
  (a)      django-import-export ``ModelResource.import_data`` into the same table, on the first
           ``--slice`` rows (default 2,000), scaled linearly to the full file
  (b)      a raw PostgreSQL ``COPY ... (FORMAT csv)`` of the same file into an unindexed table

``ours``, ``full`` and ``(b)`` run ``--repeat`` times (default 5) and the medians are compared; (a) runs
once. Peak memory: the Python heap peak of one traced ``ours`` run and of one traced validation pass
(tracemalloc; not timed), and the process's max RSS. Targets: ours < 15 s, >= 20x faster than (a),
within 3x of (b).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
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

BENCH_DB = "acredita_kpi_bench"
from kpi.catalogue import RAW_METRICS  # noqa: E402 - pure Python, importable once ROOT is on the path

#: the feed's required metric columns, in file order (the rows below are written in this order)
METRICS = [spec.code for spec in RAW_METRICS if spec.required]


def write_feed(path: Path, agents: int, days: int, first: dt.date) -> int:
    rng = random.Random(5)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(["fecha", "agente", "campana", *METRICS]) + "\n")
        for d in range(days):
            day = (first + dt.timedelta(days=d)).isoformat()
            for a in range(1, agents + 1):
                attempts = rng.randint(120, 260)
                contacts = rng.randint(30, attempts // 2)
                rpc = rng.randint(10, contacts)
                promises = rng.randint(1, max(1, rpc // 3))
                promised = promises * rng.randint(800, 4000)
                kept = rng.randint(0, promises)
                kept_amount = promised * kept // promises
                evaluations = rng.randint(0, 2)
                score = f"{rng.randint(70, 99)}.{rng.randint(0, 9)}" if evaluations else "0"
                out.write(
                    f"{day},B{a:05d},C{a % 6 + 1},{attempts},{contacts},{rpc},{promises},{promised}.00,{kept},"
                    f"{kept_amount}.00,{kept_amount + rng.randint(0, 900)}.25,8.00,{contacts + 10},"
                    f"{rng.randint(9000, 27000)},{evaluations},{score},{1 if rng.random() < 0.01 else 0}\n"
                )
                rows += 1
    return rows


def create_agents(agents: int) -> None:
    from core.models import Campaign, Company, Employee

    company = Company.objects.create(name="Bench")
    Campaign.objects.bulk_create(
        Campaign(company=company, code=f"C{i}", name=f"C{i}", client="Bench", bucket="1-30", country="MX")
        for i in range(1, 7)
    )
    Employee.objects.bulk_create(
        (
            Employee(
                company=company,
                employee_code=f"B{a:05d}",
                first_name="A",
                last_name=str(a),
                hire_date=dt.date(2024, 1, 1),
            )
            for a in range(1, agents + 1)
        ),
        batch_size=5000,
    )


def reset_facts() -> None:
    from django.db import connection

    from kpi.models import KpiImport

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE kpi_kpifact")
    KpiImport.objects.all().delete()


def run_ours(path: Path, today: dt.date, *, fast_lane: bool = True):
    from django.core.files import File
    from django.test import override_settings

    from kpi.models import FeedProfile
    from kpi.services import kpi_import_create, kpi_import_process

    reset_facts()
    profile = FeedProfile.objects.get(code="canonico")
    with override_settings(KPI_FAST_LANE=fast_lane):
        start = time.perf_counter()
        with path.open("rb") as handle:
            kpi_import = kpi_import_create(
                profile=profile, uploaded=File(handle, name=path.name), filename=path.name, source="command"
            )
        kpi_import = kpi_import_process(import_id=kpi_import.pk, today=today)
        elapsed = time.perf_counter() - start
    if kpi_import.status != "loaded":
        sys.exit(f"our loader did not load the feed: {kpi_import.status} {kpi_import.errors[:3]}")
    return elapsed, kpi_import


def traced_peak(fn) -> float:
    """Peak Python heap (MB) while ``fn`` runs, via tracemalloc (which slows it: not timed)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def validation_peak(path: Path, today: dt.date) -> tuple[float, float]:
    """The time of a validation-only pass, and the peak Python heap (MB) of a second pass traced
    with tracemalloc (which slows it several times, so it is not timed)."""
    from kpi.ingest import validate_feed
    from kpi.services import agent_directory, campaign_directory

    agents, campaigns = agent_directory(agent_key="employee_code"), campaign_directory()
    start = time.perf_counter()
    with path.open("rb") as handle:
        result = validate_feed(handle, agents=agents, campaigns=campaigns, today=today)
    elapsed = time.perf_counter() - start
    assert result.ok
    del result
    tracemalloc.start()
    with path.open("rb") as handle:
        validate_feed(handle, agents=agents, campaigns=campaigns, today=today)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak, elapsed


def run_import_export(path: Path, slice_rows: int) -> tuple[float, int]:
    import tablib
    from django.db import connection
    from import_export import fields, resources, widgets

    from core.models import Campaign, Employee
    from kpi.models import KpiFact, KpiImport

    batch = KpiImport.objects.create(profile_id=1, sha256="import-export", status="loaded", original_name="ie")

    class KpiFactResource(resources.ModelResource):
        employee = fields.Field(
            attribute="employee", column_name="agente", widget=widgets.ForeignKeyWidget(Employee, field="employee_code")
        )
        campaign = fields.Field(
            attribute="campaign", column_name="campana", widget=widgets.ForeignKeyWidget(Campaign, field="code")
        )
        day = fields.Field(attribute="day", column_name="fecha", widget=widgets.DateWidget("%Y-%m-%d"))

        class Meta:
            model = KpiFact
            fields = ("employee", "day", "campaign", *METRICS)
            import_id_fields = ("employee", "day", "campaign")

        def before_save_instance(self, instance, row, **kwargs):
            instance.batch = batch

    with path.open(encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(slice_rows + 1)]
    dataset = tablib.Dataset().load("".join(lines), format="csv")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {KpiFact._meta.db_table}")  # noqa: S608
    start = time.perf_counter()
    result = KpiFactResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    elapsed = time.perf_counter() - start
    assert not result.has_errors()
    return elapsed, len(dataset)


def run_raw_copy(path: Path) -> float:
    from django.db import connection

    cols = ", ".join(f"{m} numeric" for m in METRICS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(f"CREATE TABLE bench_raw_copy (fecha date, agente text, campana text, {cols})")
    start = time.perf_counter()
    with connection.cursor() as cursor, path.open("rb") as handle:
        with cursor.cursor.copy("COPY bench_raw_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=5000)
    parser.add_argument("--days", type=int, default=22)
    parser.add_argument("--slice", type=int, default=2000, help="rows given to django-import-export")
    parser.add_argument("--repeat", type=int, default=5, help="runs of ours, full and (b); medians compared")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    url = server_url("bench/kpi_ingest")
    db_url = recreate_database(url, BENCH_DB)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            setup_django(db_url, media=str(tmp_path / "media"))
            create_agents(args.agents)
            first = dt.date(2026, 10, 1)
            today = first + dt.timedelta(days=args.days + 5)
            feed = tmp_path / "feed.csv"
            rows = write_feed(feed, args.agents, args.days, first)
            size_mb = feed.stat().st_size / 1e6
            print(f"feed: {rows:,} rows x {len(METRICS)} metrics, {size_mb:.1f} MB (PostgreSQL)")

            ours_runs, full_runs, copy_runs = [], [], []
            for _ in range(args.repeat):  # interleaved, so a busy moment hurts each of them alike
                ours_runs.append(run_ours(feed, today)[0])
                full_runs.append(run_ours(feed, today, fast_lane=False)[0])
                copy_runs.append(run_raw_copy(feed))
            ours, full, copy_time = (statistics.median(r) for r in (ours_runs, full_runs, copy_runs))
            _elapsed, kpi_import = run_ours(feed, today)
            lane_peak = traced_peak(lambda: run_ours(feed, today))
            peak, validation_time = validation_peak(feed, today)
            ie_time, ie_rows = run_import_export(feed, min(args.slice, rows))
            ie_scaled = ie_time * rows / ie_rows
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

            def runs(values: list[float]) -> str:
                return ", ".join(f"{v:.2f}" for v in values)

            print(
                f"ours (fast lane: scan + COPY + rule check): {ours:8.2f} s median  "
                f"({kpi_import.inserted_count:,} rows inserted; runs: {runs(ours_runs)})"
            )
            print(
                f"full validator path (KPI_FAST_LANE off):    {full:8.2f} s median  (runs: {runs(full_runs)}; "
                f"of which a validation-only pass takes {validation_time:.2f} s)"
            )
            print(
                f"(a) django-import-export:                   {ie_scaled:8.2f} s  (measured {ie_time:.2f} s on "
                f"{ie_rows:,} rows, scaled x{rows / ie_rows:.1f})"
            )
            print(f"(b) raw COPY, unindexed table:              {copy_time:8.2f} s median  (runs: {runs(copy_runs)})")
            print(f"ratio (a) / ours: {ie_scaled / ours:6.1f}x   (target >= 20x)")
            print(f"ratio ours / (b): {ours / copy_time:6.1f}x   (target <= 3x)")
            print(f"ratio full / (b): {full / copy_time:6.1f}x   (the path of a feed that needs its report)")
            print(
                f"peak memory: {lane_peak:.1f} MB Python heap in a fast-lane load; {peak:.1f} MB while the full "
                f"validator reads the file; process max RSS {rss:.0f} MB"
            )
            print(f"load average at the end: {os.getloadavg()[0]:.1f} (times grow with other work on the machine)")
            ok = ours < 15 and ie_scaled / ours >= 20 and ours / copy_time <= 3
            print("targets:", "met" if ok else "NOT met", f"(ours < 15 s: {ours < 15})")
            from django.db import connections

            connections.close_all()
    finally:
        if not args.keep:
            drop_database(url, BENCH_DB)


if __name__ == "__main__":
    main()

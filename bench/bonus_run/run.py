"""Benchmark: a 5,000-agent bonus run vs. a plain computation (see README.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import tracemalloc
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

# Project modules are imported inside the functions: the script first picks the settings and the
# database, and only then runs django.setup().

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/acredita_bench_bonus")

AGENTS, TEAMS, DAYS = 5000, 25, 22
PERIOD = dt.date(2026, 3, 1)


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    if name in ("postgres", "template0", "template1"):
        raise SystemExit(f"DATABASE_URL names the server's {name!r} database: point it at a database of its own")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup(rebuild: bool, agents: int = AGENTS) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from core.models import Company, Employee, Site, Team, TeamMembership
    from incentives.models import Payout, PayoutRun, Plan, PlanAssignment, Target
    from kpi.catalogue import RAW_METRICS
    from kpi.models import FeedProfile, KpiFact, KpiImport

    if Employee.objects.filter(employee_code__startswith="B").count() == agents and not rebuild:
        return
    print(f"loading synthetic organisation and facts for {agents:,} agents (once per size)…", flush=True)
    with transaction.atomic():
        PayoutRun.objects.all().delete()
        Payout.objects.all().delete()
        PlanAssignment.objects.all().delete()
        Target.objects.all().delete()
        for plan in Plan.objects.all():
            plan.versions.all().delete()
        Plan.objects.all().delete()
        KpiFact.objects.all().delete()
        KpiImport.objects.filter(sha256="b" * 64).delete()  # the bench's batch of an earlier size
        TeamMembership.objects.all().delete()
        Employee.objects.all().delete()
        Team.objects.filter(code__startswith="bench-").delete()
        company, _ = Company.objects.get_or_create(name="Bench")
        site, _ = Site.objects.get_or_create(
            code="bench", defaults={"company": company, "name": "Bench", "city": "CDMX", "country": "MX"}
        )
        n_teams = max(TEAMS, agents // 200)  # 200 agents a team
        teams = [Team.objects.create(site=site, code=f"bench-{i}", name=f"Bench {i}") for i in range(n_teams)]
        employees = Employee.objects.bulk_create(
            [
                Employee(
                    company=company,
                    employee_code=f"B{i:05d}",
                    first_name="Agente",
                    last_name=str(i),
                    hire_date=dt.date(2024, 1, 1),
                )
                for i in range(agents)
            ]
        )
        TeamMembership.objects.bulk_create(
            [
                TeamMembership(employee=e, team=teams[i % n_teams], start=dt.date(2024, 1, 1))
                for i, e in enumerate(employees)
            ]
        )
        profile, _ = FeedProfile.objects.get_or_create(code="canonico", defaults={"name": "Canónico"})
        batch = KpiImport.objects.create(
            profile=profile, sha256="b" * 64, original_name="bench.csv", status=KpiImport.Status.LOADED
        )
        fields = [
            "employee_id",
            "day",
            "batch_id",
            *(spec.code for spec in RAW_METRICS),  # the catalogue's order: the rows below follow it
        ]
        columns = [KpiFact._meta.get_field(f.removesuffix("_id")).column for f in fields]
        rng = random.Random(7)
        days = [PERIOD + dt.timedelta(days=d) for d in range(31) if (PERIOD + dt.timedelta(days=d)).weekday() < 5][
            :DAYS
        ]
        with connection.cursor() as cursor:
            sql = f"COPY {KpiFact._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for e in employees:
                    skill = rng.uniform(0.6, 1.4)
                    for day in days:
                        attempts = rng.randint(150, 250)
                        contacts = int(attempts * 0.35)
                        rpc = int(contacts * 0.65)
                        promises = int(rpc * 0.25 * skill)
                        kept = int(promises * rng.uniform(0.4, 0.85))
                        collected = Decimal(kept * 1500 * skill).quantize(Decimal("0.01"))
                        evaluations = 1 if rng.random() < 0.3 else 0
                        copy.write_row(
                            (
                                e.pk,
                                day,
                                batch.pk,
                                attempts,
                                contacts,
                                rpc,
                                promises,
                                Decimal(promises * 1500),
                                kept,
                                collected,
                                collected,
                                Decimal(8),
                                contacts + 10,
                                (contacts + 10) * 200,
                                evaluations,
                                Decimal(rng.randint(70, 99)) if evaluations else Decimal(0),
                                1 if rng.random() < 0.005 else 0,
                                1 if rng.random() < 0.001 else 0,
                            )
                        )
        for team in teams:
            Target.objects.create(period=PERIOD, code="meta_recuperacion", team=team, value=Decimal(450000))
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would leave them
        cursor.execute(f"ANALYZE {KpiFact._meta.db_table}")


def publish_plan() -> None:
    import json

    from core.models import Team
    from incentives import services
    from incentives.models import Plan, PlanAssignment

    if PlanAssignment.objects.count() == Team.objects.filter(code__startswith="bench-").count():
        return
    from incentives.models import PayoutRun

    PayoutRun.objects.all().delete()
    for plan in Plan.objects.all():
        plan.versions.all().delete()
    Plan.objects.all().delete()
    data = json.loads((ROOT / "incentives/demo/plans/tramo_temprano.json").read_text("utf-8"))
    from core.models import User

    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": "admin", "is_superuser": True})
    version = services.plan_version_create(actor=admin, definition=data)
    version = services.plan_version_publish(actor=admin, version=version)
    for team in Team.objects.filter(code__startswith="bench-"):
        PlanAssignment.objects.create(
            plan_version=version, team=team, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
        )


# ----------------------------------------------------------------------------- plain computation
CENT = Decimal("0.01")


def r(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def plain_totals(sums: dict[int, dict[str, Decimal]], team_of: dict[int, int], target: Decimal) -> Decimal:
    """Same totals as the engine for the early-bucket plan, written straight (no traces)."""
    team_sum: dict[int, Decimal] = {}
    team_hours: dict[int, dict[int, Decimal]] = {}
    for e, s in sums.items():
        t = team_of[e]
        team_sum[t] = team_sum.get(t, Decimal(0)) + s["monto_recuperado"]
        team_hours.setdefault(t, {})[e] = s["horas_pagadas"]
    pool_share: dict[int, Decimal] = {}
    for t, hours in team_hours.items():
        pool = r(min(max(team_sum[t] - 500000, Decimal(0)) * Decimal("0.004"), Decimal(20000)))
        total_hours = sum(hours.values())
        units = int(pool / CENT)
        exact = {e: units * h / total_hours for e, h in hours.items()}
        floors = {e: int(v) for e, v in exact.items()}
        left = units - sum(floors.values())
        for e in sorted(hours, key=lambda k: (-(exact[k] - floors[k]), k))[:left]:
            floors[e] += 1
        for e, n in floors.items():
            pool_share[e] = n * CENT
    grand = Decimal(0)
    for e, s in sums.items():
        severe = s["incidentes_graves"] > 0
        evals = s["evaluaciones_calidad"]
        quality = s["puntaje_calidad_ponderado"] / evals if evals else None
        # recovery attainment
        att = s["monto_recuperado"] / target
        rec = Decimal(0)
        if att >= Decimal("0.8"):
            amount = Decimal("1.4") if att >= Decimal("1.2") else Decimal(1) if att >= 1 else Decimal("0.5")
            rec = 3000 * (att * 0 + amount)
            kept_rate = 100 * s["promesas_cumplidas"] / s["promesas"] if s["promesas"] else None
            if kept_rate is not None and kept_rate < 50:
                rec *= Decimal("0.75")
            if att >= Decimal("1.5"):
                rec += 500
        rec = min(rec, Decimal(6000))
        if quality is None or quality < 80:
            rec = Decimal(0)
        kept = s["promesas_cumplidas"]
        ptp = min(kept, 50) * 10 + max(min(kept, 100) - 50, 0) * 15 + max(kept - 100, 0) * 20
        ptp = min(ptp, Decimal(2500))
        qual = Decimal(0) if quality is None or quality < 85 else Decimal(400) if quality < 95 else Decimal(800)
        lines = [r(rec), r(ptp), r(qual), pool_share.get(e, Decimal(0))]
        if severe:
            lines = [Decimal(0)] * 4
        subtotal = sum(lines)
        if subtotal > 12000:
            subtotal = Decimal(12000)
        grand += subtotal
    return grand


def vacuum() -> None:
    """Reclaim the dead rows left by earlier recomputations (not timed)."""
    from django.db import connection

    from incentives.models import Payout, PayoutLine, RunTeam

    with connection.cursor() as cursor:
        for model in (PayoutLine, Payout, RunTeam):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the median is compared")
    parser.add_argument(
        "--scale",
        type=int,
        nargs="*",
        default=[20000, 50000],
        help="after the 5,000-agent figures, one run for each of these sizes (time and peak memory per agent)",
    )
    parser.add_argument(
        "--chunk", type=int, default=1000, help="chunk size of the chunked run compared with the single run"
    )
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    setup(args.rebuild)
    publish_plan()
    from django.conf import settings
    from django.db import reset_queries

    from core.models import TeamMembership
    from incentives import engine
    from incentives.run_inputs import period_inputs_read
    from incentives.selectors import run_chunks
    from incentives.services import payout_run_compute

    payout_run_compute(period=PERIOD)  # warm-up (imports, plan parsing, first query plans)
    times, cpu_times = [], []
    for _ in range(args.repeat):
        vacuum()
        reset_queries()
        t0, c0 = time.perf_counter(), time.process_time()
        run = payout_run_compute(period=PERIOD)
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
    full = statistics.median(times)

    vacuum()
    tracemalloc.start()
    payout_run_compute(period=PERIOD)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    t0 = time.perf_counter()
    reading = period_inputs_read(period=PERIOD)
    gathered = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine.period_payouts_calculate(reading.inputs)
    engine_only = time.perf_counter() - t0

    team_of = dict(TeamMembership.objects.values_list("employee_id", "team_id"))
    sums = dict(reading.inputs.kpi_sums)
    t0 = time.perf_counter()
    plain = plain_totals(sums, team_of, Decimal(450000))
    plain_time = time.perf_counter() - t0

    print(f"agents: {run.payout_count}, lines: {run.payouts.model.objects.filter(run=run).count() * 4}")
    print(
        f"full run (read + engine with traces + write):  {full:6.2f} s median   peak Python memory {peak / 2**20:6.1f} MiB"
    )
    print(f"  runs: {', '.join(f'{t:.2f}' for t in times)}")
    print(
        f"  this process's CPU time (the database's apart; steadier than wall time on a shared machine):"
        f" {statistics.median(cpu_times):.2f} s median, {statistics.median(cpu_times) / AGENTS * 1e6:.0f} us/agent"
    )
    print(f"  of which reading inputs (DB reads):            {gathered:6.2f} s")
    print(f"  of which engine with traces (no DB):           {engine_only:6.2f} s")
    print(f"plain computation (no DB, no traces):            {plain_time:6.2f} s")
    print(f"ratio full / plain:                              {full / plain_time:6.1f} x")
    print(f"grand total run {run.total}  plain {plain}  {'MATCH' if plain == run.total else 'MISMATCH'}")
    print(
        f"target <= 2 s: {'OK' if full <= 2 else 'MISSED'}   (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    # the same run in chunks (INCENTIVES_RUN_CHUNK_SIZE; in-process here, a chord on workers)

    single_rows = sorted(run.payouts.values_list("employee_id", "plan_version_id", "total"))
    single_lines = sorted(
        run.payouts.model.objects.filter(run=run).values_list("employee_id", "lines__code", "lines__amount")
    )
    single_totals = run.totals
    default_chunk = settings.INCENTIVES_RUN_CHUNK_SIZE
    settings.INCENTIVES_RUN_CHUNK_SIZE = args.chunk
    try:
        vacuum()
        t0 = time.perf_counter()
        chunked = payout_run_compute(period=PERIOD)
        chunked_time = time.perf_counter() - t0
    finally:
        settings.INCENTIVES_RUN_CHUNK_SIZE = default_chunk
    chunked_rows = sorted(chunked.payouts.values_list("employee_id", "plan_version_id", "total"))
    chunked_lines = sorted(
        chunked.payouts.model.objects.filter(run=chunked).values_list("employee_id", "lines__code", "lines__amount")
    )
    same = chunked.totals == single_totals and chunked_rows == single_rows and chunked_lines == single_lines
    print(
        f"chunked run ({args.chunk:,} agents a chunk, in-process): {chunked_time:6.2f} s   totals {chunked.totals}"
        f" vs single {single_totals}: {'IDENTICAL' if same else 'DIFFERENT'} (totals, payouts and lines)"
    )
    payout_run_compute(period=PERIOD)  # leave the single run
    per_agent = [(AGENTS, full, peak, plain_time)]
    for agents in args.scale:
        setup(False, agents)
        publish_plan()
        payout_run_compute(period=PERIOD)  # the first run at this size (query plans, statistics)
        vacuum()
        t0, c0 = time.perf_counter(), time.process_time()
        run = payout_run_compute(period=PERIOD)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        vacuum()
        tracemalloc.start()  # a separate run: tracemalloc slows the allocations down several times
        payout_run_compute(period=PERIOD)
        _, scale_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        floor = floor_time(agents)
        per_agent.append((agents, took, scale_peak, floor))
        print(
            f"{agents:>7,} agents: {took:6.2f} s ({took / agents * 1e6:4.0f} us/agent, {took / floor:5.1f} x the floor"
            f" of {floor:.2f} s; CPU {cpu / agents * 1e6:4.0f} us/agent)   peak Python memory {scale_peak / 2**20:6.1f} MiB"
            f" ({scale_peak / agents / 1024:5.1f} KiB/agent)   {run.payout_count:,} payouts"
            f" in {len(run_chunks(period=PERIOD))} chunks of {settings.INCENTIVES_RUN_CHUNK_SIZE:,}"
        )
    if len(per_agent) > 1:
        (n0, t_0, _, f0), (n1, t_1, p1, f1) = per_agent[0], per_agent[-1]
        print(
            f"time per agent {n1:,} vs {n0:,} agents: {t_1 / n1 / (t_0 / n0):.2f} x (floor: {f1 / n1 / (f0 / n0):.2f} x;"
            f" 1.00 = linear)   peak memory {n1:,} agents {p1 / 2**20:.0f} MiB:"
            f" {'OK' if p1 <= 300 * 2**20 else 'MISSED'} (target <= 300 MiB at 50,000)"
        )
        setup(False, AGENTS)  # leave the 5,000-agent data for the next run
        publish_plan()


def floor_time(agents: int) -> float:
    """The plain computation's time for the data loaded now (the floor the run is compared with)."""
    from core.models import TeamMembership
    from incentives.run_inputs import period_inputs_read

    sums = dict(period_inputs_read(period=PERIOD).inputs.kpi_sums)
    team_of = dict(TeamMembership.objects.values_list("employee_id", "team_id"))
    t0 = time.perf_counter()
    plain_totals(sums, team_of, Decimal(450000))
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()

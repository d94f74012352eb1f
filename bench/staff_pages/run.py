"""Staff pages at 5,000 agents (issue 17): median server time of the supervisor's team pages, the
supervisor's home (its KPI-team card) and HR's certificate matrix and home, beside a bare view
measured in the same run, with the queries of each request and the machine's load average.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/acr_budgets_staff python bench/staff_pages/run.py \
        [--agents 5000] [--repeat 7] [--rebuild]

Builds (once per size) a synthetic company on PostgreSQL: `--agents` agents in teams of 50, each
with a certificate (most in force, some expiring or expired), 20 days of KPI facts this month and
the month before, a published plan with collection goals per team; a supervisor of ten teams and an
HR user. Each page is requested in-process through Django's test client (the whole middleware
stack, no network), warmed once, then `--repeat` times; the server time is the median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

# Project modules are imported inside the functions: the script first picks the settings and the
# database, and only then runs django.setup().

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.staff_pages.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/acr_budgets_staff")

TEAM_SIZE = 50
SUPERVISED_TEAMS = 10
TODAY = dt.date(2026, 11, 24)


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    if name in ("postgres", "template0", "template1"):
        raise SystemExit(f"DATABASE_URL names the server's {name!r} database: point it at a database of its own")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _facts(employees, batch, months) -> None:
    from django.db import connection

    from kpi.catalogue import RAW_METRICS
    from kpi.models import KpiFact

    fields = ["employee_id", "day", "batch_id", *(spec.code for spec in RAW_METRICS)]
    columns = [KpiFact._meta.get_field(f.removesuffix("_id")).column for f in fields]
    rng = random.Random(17)
    days = [m + dt.timedelta(days=d) for m in months for d in range(28) if (m + dt.timedelta(days=d)).weekday() < 5]
    days = [d for d in days if d < TODAY]
    with connection.cursor() as cursor:
        sql = f"COPY {KpiFact._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for e in employees:
                for day in days:
                    attempts = rng.randint(150, 250)
                    contacts = int(attempts * 0.35)
                    rpc = int(contacts * 0.65)
                    promises = int(rpc * 0.25)
                    kept = int(promises * rng.uniform(0.4, 0.85))
                    collected = Decimal(kept * 1500).quantize(Decimal("0.01"))
                    evaluations = 1 if rng.random() < 0.3 else 0
                    copy.write_row(
                        (
                            e.pk, day, batch.pk, attempts, contacts, rpc, promises, Decimal(promises * 1500), kept,
                            collected, collected, Decimal(8), contacts + 10, (contacts + 10) * 200, evaluations,
                            Decimal(rng.randint(70, 99)) if evaluations else Decimal(0), 0, 0,
                        )
                    )  # fmt: skip


def setup(*, agents: int, rebuild: bool) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from certification.models import Attempt, AttemptStatus, Certificate, CertificateStatus, Exam
    from core.models import Company, Employee, Site, Specialisation, Team, TeamMembership, User
    from incentives import services as incentives_services
    from incentives.models import PlanAssignment, Target
    from kpi.models import FeedProfile, KpiImport

    if Employee.objects.filter(employee_code__startswith="S").count() == agents and not rebuild:
        return
    print(f"building a company of {agents:,} agents (once per size)…", flush=True)
    with transaction.atomic():
        for model in (Certificate, Attempt, PlanAssignment, Target, TeamMembership):
            model.objects.all().delete()
        from kpi.models import KpiFact

        KpiFact.objects.all().delete()
        Employee.objects.filter(employee_code__startswith="S").delete()
        Team.objects.filter(code__startswith="staff-").delete()
        company, _ = Company.objects.get_or_create(name="Bench")
        site, _ = Site.objects.get_or_create(
            code="staff", defaults={"company": company, "name": "Sede bench", "city": "CDMX", "country": "MX"}
        )
        n_teams = max(1, agents // TEAM_SIZE)
        teams = [Team.objects.create(site=site, code=f"staff-{i:03d}", name=f"Equipo {i:03d}") for i in range(n_teams)]
        employees = Employee.objects.bulk_create(
            [
                Employee(
                    company=company,
                    employee_code=f"S{i:05d}",
                    first_name=f"Agente{i % 97}",
                    last_name=f"Apellido{i:05d}",
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
        supervisor, _ = User.objects.get_or_create(username="bench-supervisor", defaults={"role": "supervisor"})
        hr, _ = User.objects.get_or_create(username="bench-hr", defaults={"role": "hr"})
        admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": "admin", "is_superuser": True})
        for team in teams[:SUPERVISED_TEAMS]:
            team.supervisors.add(supervisor)
        spec, _ = Specialisation.objects.get_or_create(code="early_stage", defaults={"name": "Cobranza temprana"})
        exam, _ = Exam.objects.get_or_create(
            code="bench-exam",
            defaults={"specialisation": spec, "title": "Examen bench", "time_limit_minutes": 30, "passing_score": 75},
        )
        rng = random.Random(5)
        started = dt.datetime(2026, 6, 1, 15, tzinfo=dt.UTC)
        attempts = Attempt.objects.bulk_create(
            [
                Attempt(
                    exam=exam, employee=e, number=1, started_at=started, deadline=started + dt.timedelta(minutes=30),
                    closed_at=started + dt.timedelta(minutes=20), status=AttemptStatus.GRADED, passed=True,
                    percentage=Decimal(90), passing_score=Decimal(75),
                )
                for e in employees
            ]
        )  # fmt: skip
        certs = []
        for i, (e, a) in enumerate(zip(employees, attempts, strict=True)):
            issued = TODAY - dt.timedelta(days=rng.randint(30, 420))
            certs.append(
                Certificate(
                    number=f"BENCH-{i:06d}", code=f"B{i:015d}", employee=e, specialisation=spec, attempt=a,
                    holder_name=f"{e.first_name} {e.last_name}", score=Decimal(90), issued_on=issued,
                    expires_on=issued + dt.timedelta(days=365), status=CertificateStatus.VALID,
                )
            )  # fmt: skip
        Certificate.objects.bulk_create(certs)
        profile, _ = FeedProfile.objects.get_or_create(code="canonico", defaults={"name": "Canónico"})
        KpiImport.objects.filter(sha256="s" * 64).delete()
        batch = KpiImport.objects.create(
            profile=profile, sha256="s" * 64, original_name="bench.csv", status=KpiImport.Status.LOADED
        )
        _facts(employees, batch, [dt.date(2026, 10, 1), dt.date(2026, 11, 1)])
        from kpi.summary import month_sums_rebuild

        month_sums_rebuild()  # the facts were written by COPY: their monthly summary, as a load does
        import json

        data = json.loads((ROOT / "incentives/demo/plans/tramo_temprano.json").read_text("utf-8"))
        data["code"] = "bench-staff"
        version = incentives_services.plan_version_create(actor=admin, definition=data)
        version = incentives_services.plan_version_publish(actor=admin, version=version)
        for team in teams:
            PlanAssignment.objects.create(
                plan_version=version, team=team, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
            )
            for month in (dt.date(2026, 10, 1), dt.date(2026, 11, 1)):
                Target.objects.create(period=month, code="meta_recuperacion", team=team, value=Decimal(450000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(*, repeat: int) -> None:
    import time_machine
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.models import Team, User

    team = Team.objects.filter(code__startswith="staff-").order_by("code").first()
    pages = [
        ("bare view (floor)", "bench-supervisor", "/bench/bare/"),
        ("supervisor: home (KPI-team card)", "bench-supervisor", "/"),
        ("supervisor: teams", "bench-supervisor", "/organizacion/equipos/"),
        ("supervisor: one team", "bench-supervisor", f"/organizacion/equipos/{team.code}/"),
        ("supervisor: team KPIs", "bench-supervisor", "/kpis/equipo/"),
        ("supervisor: certificate matrix", "bench-supervisor", "/certificacion/rrhh/matriz/"),
        ("hr: home", "bench-hr", "/"),
        ("hr: certificate matrix", "bench-hr", "/certificacion/rrhh/matriz/"),
        ("hr: team KPIs", "bench-hr", "/kpis/equipo/"),
    ]
    clients: dict[str, Client] = {}
    rows = []
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(15), tzinfo=dt.UTC), tick=True):
        for label, username, url in pages:
            client = clients.get(username)
            if client is None:
                client = clients[username] = Client()
                client.force_login(User.objects.get(username=username))
            response = client.get(url)  # warm
            if response.status_code != 200:
                rows.append((label, url, None, None, response.status_code))
                continue
            times = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
            rows.append((label, url, statistics.median(times), len(ctx.captured_queries), 200))
    floor = rows[0][2]
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores), median of {repeat}")
    print(f"{'page':36} {'ms':>8} {'× floor':>8} {'queries':>8}  url")
    for label, url, ms, queries, status in rows:
        if ms is None:
            print(f"{label:36} {'HTTP ' + str(status):>8}  {url}")
            continue
        verdict = "" if label.startswith("bare") else ("  ok" if ms <= 300 else "  OVER 300 ms")
        print(f"{label:36} {ms:8.1f} {ms / floor:8.1f} {queries:8d}  {url}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    setup(agents=args.agents, rebuild=args.rebuild)
    measure(repeat=args.repeat)


if __name__ == "__main__":
    main()

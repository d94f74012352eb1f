"""Certificate PDF benchmark (issue 4).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/certificates/run.py
        [--samples 30] [--count 1000] [--concurrency 2] [--keep]

Creates (and drops, unless --keep) its own database ``acredita_cert_bench`` and a temporary
MEDIA_ROOT, then:

  1. renders ``--samples`` certificate PDFs (WeasyPrint, PDF/A-3b, QR code) in this process and
     prints the median and p95 milliseconds per PDF;
  2. creates ``--count`` certificates, starts a Celery worker (Redis broker on 127.0.0.1:6379
     db 13, ``--concurrency`` processes), enqueues one render task per certificate and prints
     the time until every certificate has its PDF and SHA-256, and the throughput.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Project modules are imported inside the functions: the script first picks the settings and the
# database, and only then runs django.setup().

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench._pg import drop_database, recreate_database, server_url, setup_django  # noqa: E402 - after ROOT is on the path

BENCH_DB = "acredita_cert_bench"
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")


def build(count: int):
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    from certification.engine.codes import new_verification_code
    from certification.models import Attempt, AttemptStatus, Certificate, Exam
    from core.models import Company, Employee, Specialisation

    call_command("migrate", "--noinput", verbosity=0)
    company = Company.objects.create(name="Bench S.A.")
    spec, _ = Specialisation.objects.get_or_create(code="compliance", defaults={"name": "Cumplimiento regulatorio"})
    exam = Exam.objects.create(specialisation=spec, code="bench", title="Bench", requires_prerequisites=False)
    employees = Employee.objects.bulk_create(
        [
            Employee(
                company=company,
                employee_code=f"C{i:05d}",
                first_name="María José",
                last_name=f"Núñez Peña {i}",
                hire_date=dt.date(2024, 1, 1),
            )
            for i in range(count)
        ]
    )
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        [
            Attempt(
                exam=exam,
                employee=e,
                number=1,
                status=AttemptStatus.GRADED,
                started_at=now,
                deadline=now,
                closed_at=now,
                percentage=Decimal("92.50"),
                passed=True,
                passing_score=Decimal(80),
            )
            for e in employees
        ]
    )
    today = timezone.localdate()
    certs = Certificate.objects.bulk_create(
        [
            Certificate(
                number=f"ACR-{today.year}-COMP-{i + 1:06d}",
                code=new_verification_code(),
                employee=a.employee,
                specialisation=spec,
                attempt=a,
                holder_name=a.employee.full_name,
                score=a.percentage,
                issued_on=today,
                expires_on=today + dt.timedelta(days=365),
            )
            for i, a in enumerate(attempts)
        ]
    )
    return [c.pk for c in certs]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    url = server_url("bench/certificates")
    db_url = recreate_database(url, BENCH_DB)
    media = tempfile.mkdtemp(prefix="acredita-cert-bench-")
    setup_django(
        db_url,
        settings="config.settings.dev",
        media=media,
        migrate=False,
        environ={"CELERY_BROKER_URL": BROKER, "DEBUG": "0"},
    )
    from django.db import connections

    from certification import pdf
    from certification.models import Certificate
    from certification.tasks import certificate_render_task

    ids = build(args.count)

    # 1. in-process rendering
    sample = list(Certificate.objects.select_related("specialisation").filter(pk__in=ids[: args.samples]))
    pdf.render_certificate(sample[0])  # warm-up: fonts, templates
    times = []
    size = 0
    for cert in sample:
        start = time.perf_counter()
        data = pdf.render_certificate(cert)
        times.append((time.perf_counter() - start) * 1000)
        size = len(data)
    times.sort()
    print(
        f"PDF/A-3b rendering, {len(times)} samples: median {statistics.median(times):.0f} ms, "
        f"p95 {times[int(0.95 * (len(times) - 1))]:.0f} ms, {size / 1024:.0f} KiB per PDF"
    )

    # 2. through the Celery worker
    connections.close_all()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-c",
            str(args.concurrency),
            "--loglevel=warning",
            "-n",
            f"certbench{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        time.sleep(3)
        start = time.perf_counter()
        for pk in ids:
            certificate_render_task.delay(pk)
        enqueued = time.perf_counter() - start
        done = 0
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:
            done = Certificate.objects.exclude(pdf_sha256="").count()
            if done >= len(ids):
                break
            time.sleep(1)
        elapsed = time.perf_counter() - start
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    print(
        f"{done}/{len(ids)} certificates rendered through Celery ({args.concurrency} worker processes) "
        f"in {elapsed:.1f} s ({done / elapsed:.1f} PDF/s; enqueueing took {enqueued:.1f} s)"
    )
    hashes = Certificate.objects.exclude(pdf_sha256="").values_list("pdf_sha256", flat=True)
    print(f"distinct SHA-256: {len(set(hashes))}")
    connections.close_all()
    if not args.keep:
        drop_database(url, BENCH_DB)
    if done < len(ids):
        sys.exit(1)


if __name__ == "__main__":
    main()

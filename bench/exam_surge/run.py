"""Exam surge benchmark (issue 4): N agents start and submit an exam at the same moment.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/exam_surge/run.py [-n 300]
        [--workers 4] [--threads 8] [--keep]

Creates (and drops, unless --keep) its own database ``acredita_exam_bench``, migrates it, creates
N agents (each with a signed-in session), a 20-question bank and an exam, then serves the portal
with gunicorn (``config.settings.dev`` with DEBUG=0) and runs N clients in threads. Every client:

  1. opens the exam page (GET, for the CSRF token)
  2. waits at a barrier, then starts the attempt (POST; the synchronised-start spike)
  3. loads the attempt page, autosaves its answers once (htmx POST)
  4. submits twice at the same time (two tabs) and loads the result

It prints p50/p95/max per step and the error count, then checks in the database that every
agent has exactly one attempt, every attempt is graded once (closed once, one certificate per
passing attempt, one ``certificate.issue`` audit event per certificate) and no attempt is lost.
Celery tasks (PDF + e-mail) are queued to Redis (REDIS on 127.0.0.1:6379 db 14), not run, as
in production; the queue is purged at the end.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

# Project modules are imported inside the functions: the script first picks the settings and the
# database, and only then runs django.setup().

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench._pg import drop_database, recreate_database, server_url, setup_django  # noqa: E402 - after ROOT is on the path

BENCH_DB = "acredita_exam_bench"
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")


def build_world(n: int) -> tuple[str, list[str]]:
    """Agents with sessions, a bank and an exam. Returns (exam code, session keys)."""
    import datetime as dt
    from decimal import Decimal

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from certification import services
    from certification.engine.questions import Choice, QuestionSnapshot, QuestionType
    from certification.models import Exam, ExamSection, QuestionBank
    from core.models import Company, Employee, Specialisation, User

    call_command("migrate", "--noinput", verbosity=0)
    company = Company.objects.create(name="Bench S.A.")
    spec, _ = Specialisation.objects.get_or_create(code="early_stage", defaults={"name": "Cobranza temprana"})
    bank = QuestionBank.objects.create(code="bench", name="Bench", specialisation=spec)
    category = services.category_ensure(bank=bank, path=["General"])
    for i in range(20):
        snap = QuestionSnapshot(
            key="",
            type=QuestionType.SINGLE,
            text=f"Pregunta de carga {i}: ¿cuál es la respuesta correcta?",
            choices=(
                Choice("c1", "Correcta", Decimal(1)),
                Choice("c2", "Incorrecta A", Decimal(0)),
                Choice("c3", "Incorrecta B", Decimal(0)),
            ),
        )
        services.question_save(bank=bank, category=category, name=f"Q{i}", snapshot=snap, audit=False)
    exam = Exam.objects.create(
        specialisation=spec,
        code="examen-bench",
        title="Examen de carga",
        time_limit_minutes=30,
        passing_score=Decimal("70"),
        attempts_per_30_days=5,
        cooldown_hours=0,
        requires_prerequisites=False,
    )
    ExamSection.objects.create(exam=exam, title="Todo", bank=bank, question_count=10)
    users = User.objects.bulk_create(
        [
            User(username=f"bench{i:04d}", role="agent", email=f"bench{i:04d}@bench.local", password="!")  # noqa: S106 - unusable
            for i in range(n)
        ]
    )
    Employee.objects.bulk_create(
        [
            Employee(
                company=company,
                user=u,
                employee_code=f"B{i:05d}",
                first_name="Agente",
                last_name=f"Carga {i}",
                email=u.email,
                hire_date=dt.date(2024, 1, 1),
            )
            for i, u in enumerate(users)
        ]
    )
    sessions = []
    for u in users:
        store = SessionStore()
        store[SESSION_KEY] = str(u.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = u.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    return exam.code, sessions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "0", "ALLOWED_HOSTS": "*"}
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    import urllib.request

    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/cuenta/login/", timeout=2)  # noqa: S310
            return proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                sys.exit("gunicorn did not start")
            time.sleep(0.5)


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RADIO_RE = re.compile(r'<input type="radio" name="(q\d+)" id="[^"]+" value="([^"]+)"')


class Client:
    def __init__(self, base: str, session_key: str, exam_code: str, timings: dict, errors: list) -> None:
        import requests

        self.base, self.exam_code = base, exam_code
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key, domain="127.0.0.1")
        self.timings, self.errors = timings, errors
        self.started = False
        self.retries: list[str] = []

    def timed(self, step: str, method: str, url: str, **kw):
        """One request, timed. A request that dies on a reused keep-alive connection before any
        response is retried once on a fresh connection (as browsers do) and counted."""
        import requests

        start = time.perf_counter()
        for attempt in (1, 2):
            try:
                response = self.http.request(method, self.base + url, timeout=120, **kw)
                break
            except requests.exceptions.ConnectionError as exc:
                if attempt == 2:
                    self.errors.append(f"{step}: {exc}")
                    return None
                self.retries.append(step)
                self.http.close()
            except Exception as exc:  # noqa: BLE001 - counted as an error
                self.errors.append(f"{step}: {exc}")
                return None
        self.timings.setdefault(step, []).append(time.perf_counter() - start)
        if response.status_code >= 400:
            self.errors.append(f"{step}: HTTP {response.status_code}")
        return response

    def run(self, barrier: threading.Barrier) -> None:
        page = self.timed("exam page", "GET", f"/certificacion/examenes/{self.exam_code}/")
        token = CSRF_RE.search(page.text).group(1) if page is not None and CSRF_RE.search(page.text) else ""
        headers = {"X-CSRFToken": token, "Referer": self.base + "/"}
        barrier.wait()
        started = self.timed(
            "start",
            "POST",
            f"/certificacion/examenes/{self.exam_code}/iniciar/",
            data={"csrfmiddlewaretoken": token},
            headers=headers,
            allow_redirects=False,
        )
        if started is None or started.status_code != 302:
            self.errors.append("start: no redirect")
            return
        attempt_url = started.headers["Location"]
        self.started = True
        attempt_page = self.timed("attempt page", "GET", attempt_url)
        if attempt_page is None:
            return
        answers = {}
        for name, value in RADIO_RE.findall(attempt_page.text):
            answers.setdefault(name, html.unescape(value))  # first choice shown (shuffled): some right
        answers["csrfmiddlewaretoken"] = token
        self.timed(
            "autosave", "POST", attempt_url + "guardar/", data=answers, headers={**headers, "HX-Request": "true"}
        )
        results = []

        def submit():
            results.append(
                self.timed(
                    "submit", "POST", attempt_url + "entregar/", data=answers, headers=headers, allow_redirects=False
                )
            )

        tabs = [threading.Thread(target=submit) for _ in range(2)]
        for t in tabs:
            t.start()
        for t in tabs:
            t.join()
        self.timed("result page", "GET", attempt_url + "resultado/")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def sweep_after_deadline() -> int:
    """What the beat task does once the deadline has passed: close attempts left open by
    clients that failed mid-way, so none is lost."""
    import datetime as dt

    from django.utils import timezone

    from certification.services import attempts_close_expired

    return attempts_close_expired(now=timezone.now() + dt.timedelta(hours=1))


def check_database(n: int, started: int) -> list[str]:
    from django.db.models import Count

    from certification.models import Attempt, AttemptStatus, Certificate
    from core.models import AuditEvent

    problems = []
    attempts = Attempt.objects.count()
    if attempts != started:
        problems.append(f"{attempts} attempts for {started} successful starts ({n} agents)")
    open_ = Attempt.objects.exclude(status=AttemptStatus.GRADED).count()
    if open_:
        problems.append(f"{open_} attempts not graded")
    dupes = Attempt.objects.values("employee").annotate(c=Count("id")).filter(c__gt=1).count()
    if dupes:
        problems.append(f"{dupes} agents with more than one attempt")
    passed = Attempt.objects.filter(passed=True).count()
    certs = Certificate.objects.count()
    if certs != passed:
        problems.append(f"{certs} certificates for {passed} passing attempts")
    issue_events = AuditEvent.objects.filter(action="certificate.issue").count()
    if issue_events != certs:
        problems.append(f"{issue_events} certificate.issue audit events for {certs} certificates")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    url = server_url("bench/exam_surge")
    db_url = recreate_database(url, BENCH_DB)
    setup_django(
        db_url, settings="config.settings.dev", migrate=False, environ={"CELERY_BROKER_URL": BROKER, "DEBUG": "0"}
    )
    print(f"setting up {args.n} agents…", flush=True)
    exam_code, sessions = build_world(args.n)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    base = f"http://127.0.0.1:{port}"
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    barrier = threading.Barrier(args.n)
    clients = [Client(base, key, exam_code, timings, errors) for key in sessions]
    threads = [threading.Thread(target=c.run, args=(barrier,)) for c in clients]
    wall = time.perf_counter()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        wall = time.perf_counter() - wall
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"\nexam surge: N={args.n}, gunicorn {args.workers} workers x {args.threads} threads, {wall:.1f} s wall")
    print(f"{'step':<14}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for step in ("exam page", "start", "attempt page", "autosave", "submit", "result page"):
        values = timings.get(step, [])
        if values:
            print(
                f"{step:<14}{len(values):>7}{percentile(values, 50) * 1000:>10.0f}"
                f"{percentile(values, 95) * 1000:>10.0f}{max(values) * 1000:>10.0f}"
            )
    retries = [r for c in clients for r in c.retries]
    print(f"retried once on a fresh connection (stale keep-alive): {len(retries)}")
    print(f"errors: {len(errors)}")
    for e in sorted(set(errors))[:10]:
        print(f"  {e} (x{errors.count(e)})")
    swept = sweep_after_deadline()
    print(f"attempts left open by failed clients, closed by the deadline sweep: {swept}")
    started = sum(1 for c in clients if c.started)
    print(f"successful starts: {started}/{args.n}")
    problems = check_database(args.n, started)
    print("database checks: " + ("OK (no attempt lost or graded twice)" if not problems else "; ".join(problems)))
    try:
        import redis

        redis.Redis.from_url(BROKER).flushdb()
    except Exception:  # noqa: BLE001, S110 - best effort cleanup
        pass
    connections.close_all()
    if not args.keep:
        drop_database(url, BENCH_DB)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Lesson-page benchmark (issue 3): requests/s and p95 latency of a lesson page for a signed-in
agent under gunicorn with concurrent clients, beside a bare Django view on the same server.

    python bench/learning_pages/run.py [--clients 8] [--seconds 10] [--workers 2]

Uses the seeded demo database (``DATABASE_URL``, default ``db.sqlite3``; run ``make seed`` /
``python manage.py seed_demo`` first). Signs the demo agent ``agente`` in by creating a session
directly, starts gunicorn on 127.0.0.1 (settings ``bench.learning_pages.settings``), warms up, then
runs each URL for ``--seconds`` with ``--clients`` threads on keep-alive connections and prints
requests/s, p50, p95 and errors for both. Bounded in time: about 2 × seconds + startup.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

# Project modules are imported inside the functions: the script first picks the settings and the
# database, and only then runs django.setup().

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SETTINGS = "bench.learning_pages.settings"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare() -> tuple[str, str]:
    """Return (session cookie value, lesson path) from the seeded database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from core.models import User
    from learning.models import Assignment, LessonPage

    user = User.objects.filter(username="agente").first()
    if user is None or not LessonPage.objects.live().exists():
        sys.exit("No demo data: run `python manage.py seed_demo` on this database first.")
    assignment = Assignment.objects.filter(employee__user=user).select_related("course").first()
    course = assignment.course if assignment else LessonPage.objects.live().first().get_parent().specific
    lesson = LessonPage.objects.live().child_of(course).order_by("path").first()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key, lesson.url


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited early")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/bare/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not start in time")


def load(port: int, path: str, cookie: str, *, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        headers = {"Cookie": f"sessionid={cookie}", "Accept-Language": "es"}
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    p = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000) if latencies else (lambda q: 0)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": p(0.50),
        "p95": p(0.95),
        "mean": statistics.fmean(latencies) * 1000 if latencies else 0,
        "errors": errors[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    cookie, lesson_path = prepare()
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DEBUG": "0", "CELERY_BROKER_URL": ""}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
            "--keep-alive",
            "30",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_ready(port, proc)
        for path in ("/bench/bare/", lesson_path):  # warm up every worker
            load(port, path, cookie, clients=args.workers * 2, seconds=1)
        print(f"gunicorn: {args.workers} workers; {args.clients} concurrent clients; {args.seconds:.0f} s per URL")
        print(f"database: {os.environ.get('DATABASE_URL', 'sqlite (db.sqlite3)')}")
        print(f"{'view':<58} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        for label, path in (("bare Django view /bench/bare/", "/bench/bare/"), (f"lesson {lesson_path}", lesson_path)):
            r = load(port, path, cookie, clients=args.clients, seconds=args.seconds)
            print(f"{label[:58]:<58} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['errors']:>7}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()

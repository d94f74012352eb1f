"""The pages an agent opens at the start of a shift, against a bare Django view and an empty Wagtail page,
in one run (issue #17): requests/s, p50, p95, SQL queries per request and the ratio to the bare view.

    python bench/pages/run.py [--clients 8 16] [--runs 3] [--seconds 5] [--workers 2] [--reuse] [--keep]
                              [--code /path/to/checkout]

PostgreSQL only (``DATABASE_URL``, else the local server): creates its own database ``acr_pages_bench``
(``--database``), migrates it and seeds the demo (``--reuse`` keeps a database seeded by an earlier run),
signs the demo agent ``agente`` in by creating a session, and starts gunicorn (``--workers`` sync
workers, settings ``bench.pages.settings``: DEBUG off, the bare view, a query counter). Set ``REDIS_URL``
to run with the cache and cached sessions on Redis, as in production. ``--code`` serves another checkout
of the portal (e.g. main, for a before/after on the same machine and data); the bench's settings and
urls come from this one.

Each page is loaded for ``--seconds`` by ``--clients`` threads on keep-alive connections, ``--runs``
times round-robin over the pages, and the line shows the medians. The queries per request come from the
server (the ``X-Bench-Queries`` header). The machine's load average is printed at the start and the end:
the ratios only mean something when measured in the same run on a quiet machine.
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

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench._pg import drop_database, recreate_database, server_url, setup_django  # noqa: E402 - after ROOT is on the path

SETTINGS = "bench.pages.settings"
EMPTY_SLUG = "bench-pagina-vacia"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def seed() -> None:
    from django.core.management import call_command

    call_command("seed_demo", force=True, verbosity=0)


def prepare() -> tuple[str, list[tuple[str, str]]]:
    """(the agent's session key, [(label, path)]) from the seeded database."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from wagtail.models import Site

    from content.models import StandardPage
    from core.models import User
    from incentives import selectors as incentive_selectors
    from learning.models import Assignment, LessonPage

    user = User.objects.filter(username="agente").first()
    if user is None or not LessonPage.objects.live().exists():
        sys.exit("No demo data in this database: run without --reuse to seed it.")
    assignment = Assignment.objects.filter(employee__user=user).select_related("course").first()
    course = assignment.course if assignment else LessonPage.objects.live().first().get_parent().specific
    lesson = LessonPage.objects.live().child_of(course).order_by("path").first()
    root = Site.objects.get(is_default_site=True).root_page
    empty = StandardPage.objects.filter(slug=EMPTY_SLUG).first()
    if empty is None:
        empty = StandardPage(title="Página vacía", slug=EMPTY_SLUG)
        root.add_child(instance=empty)
        empty.save_revision().publish()
    pages = [
        ("bare Django view", "/bench/bare/"),
        ("empty Wagtail page", empty.url),
        ("lesson page", lesson.url),
        ("course page", course.url),
        ("/aprendizaje/", "/aprendizaje/"),
        ("/ (home)", "/"),
        ("/certificacion/", "/certificacion/"),
        ("/kpis/ (agent)", f"/kpis/empleado/{user.employee_or_none.employee_code}/"),  # where /kpis/ redirects
        ("/incentivos/mi-bono/", "/incentivos/mi-bono/"),
    ]
    payout = incentive_selectors.payouts_of_employee(
        employee=user.employee_or_none, statuses=incentive_selectors.STATEMENT_STATUSES
    )
    payout = next(iter(payout), None)
    if payout is not None:
        pages.append(("payout page", f"/incentivos/pagos/{payout.pk}/"))
    else:
        print("note: the demo agent has no payout in a statement: the payout page is left out")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key, pages


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
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


def probe(port: int, path: str, cookie: str) -> tuple[int, int]:
    """(status, queries) of one request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = conn.getresponse()
    response.read()
    return response.status, int(response.getheader("X-Bench-Queries") or -1)


def load(port: int, path: str, cookie: str, *, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        headers = {"Cookie": f"sessionid={cookie}"}
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

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0

    return {"rps": len(latencies) / elapsed, "p50": pct(0.50), "p95": pct(0.95), "errors": errors[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 16])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="acr_pages_bench")
    parser.add_argument("--reuse", action="store_true", help="use the database seeded by an earlier run")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout gunicorn serves (default: this one)")
    args = parser.parse_args()

    print(f"start: {load_average()}", flush=True)
    url = server_url("bench/pages")
    base = url.rpartition("/")[0]
    db_url = f"{base}/{args.database}" if args.reuse else recreate_database(url, args.database)
    environ = {"DEBUG": "0", "CELERY_BROKER_URL": ""}
    setup_django(db_url, settings=SETTINGS, migrate=not args.reuse, environ=environ)
    if not args.reuse:
        print("seeding the demo…", flush=True)
        seed()
    cookie, pages = prepare()
    from django.db import connections

    connections.close_all()

    port = free_port()
    code = args.code.resolve()
    env = {**os.environ, **environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": f"{code}{os.pathsep}{ROOT}"}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(args.workers), "--log-level", "warning", "--keep-alive", "30"]
    proc = subprocess.Popen(command, cwd=code, env=env)
    try:
        wait_ready(port, proc)
        queries = {}
        for label, path in pages:  # warm every worker on every page, read the query count once warm
            load(port, path, cookie, clients=args.workers * 2, seconds=1)
            status, queries[path] = probe(port, path, cookie)
            if status != 200:
                sys.exit(f"{label} {path} answered {status}")
        print(
            f"gunicorn: {args.workers} workers serving {code}; database {args.database} on PostgreSQL; "
            f"cache/sessions: {'Redis ' + os.environ['REDIS_URL'] if os.environ.get('REDIS_URL') else 'local (no Redis)'}"
        )
        print(f"medians of {args.runs} runs of {args.seconds:.0f} s per page and client count")
        print(
            f"{'clients':>7} {'page':<24} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'of bare':>7} {'errors':>6}"
        )
        for clients in args.clients:
            runs: dict[str, list[dict]] = {path: [] for _label, path in pages}
            for _ in range(args.runs):
                for _label, path in pages:
                    runs[path].append(load(port, path, cookie, clients=clients, seconds=args.seconds))
            bare_rps = statistics.median(r["rps"] for r in runs["/bench/bare/"])
            for label, path in pages:
                rows = runs[path]
                rps = statistics.median(r["rps"] for r in rows)
                p50 = statistics.median(r["p50"] for r in rows)
                p95 = statistics.median(r["p95"] for r in rows)
                errors = sum(r["errors"] for r in rows)
                print(
                    f"{clients:>7} {label[:24]:<24} {rps:>8.1f} {p50:>7.1f} {p95:>7.1f} {queries[path]:>7} "
                    f"{rps / bare_rps:>7.0%} {errors:>6}",
                    flush=True,
                )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if not args.keep:
            drop_database(url, args.database)
        print(f"end: {load_average()}")


if __name__ == "__main__":
    main()

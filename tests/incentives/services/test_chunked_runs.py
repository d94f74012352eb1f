"""A run split into chunks of employees pays exactly what the run at once pays (#11 §6)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from core.models import Employee
from incentives import selectors
from incentives.models import Payout, PayoutRun
from incentives.services import payout_run_compute, run_progress_chunk_done, run_progress_report
from tests.incentives.factories import PERIOD, demo_definition, facts, published_plan

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def _snapshot(run: PayoutRun) -> dict:
    payouts = {
        p.employee.employee_code: (
            p.plan_version_id,
            p.team_id,
            p.total,
            p.currency,
            p.gates,
            p.inputs,
            [(ln.position, ln.code, ln.amount, ln.detail) for ln in p.lines.order_by("position")],
        )
        for p in run.payouts.select_related("employee").prefetch_related("lines")
    }
    teams = sorted(run.run_teams.values_list("team_id", "total", "totals", "payout_count"))
    return {"payouts": payouts, "teams": teams, "totals": run.totals, "count": run.payout_count}


@pytest.fixture
def pools_and_overrides(world):
    """Team A and B on the team-pool plan (tramo temprano), the supervisor of team A on the
    override plan (a share of the team's bonuses, the team's quality)."""
    w = world
    published_plan(w.analyst, definition=demo_definition("tramo_temprano"), teams=(w.team_a, w.team_b))
    published_plan(
        w.analyst, definition=demo_definition("supervisores"), employee=Employee.objects.get(employee_code="S0001")
    )
    for i, emp in enumerate((w.agent_employee, w.teammate_employee, w.outsider_employee)):
        facts(emp, 12 + 3 * i, monto_recuperado=D(9000 + 1000 * i), horas_pagadas=D(7 + i), puntaje_calidad=D(92))
    return w


def test_a_run_in_chunks_of_one_employee_pays_what_the_run_at_once_pays(pools_and_overrides, settings):
    w = pools_and_overrides
    single = payout_run_compute(period=PERIOD, actor=w.analyst)
    expected = _snapshot(single)
    fingerprint = single.fingerprint
    supervisor = expected["payouts"]["S0001"]
    assert any(code == "override_equipo" and amount > 0 for _, code, amount, _ in supervisor[6])

    settings.INCENTIVES_RUN_CHUNK_SIZE = 1
    assert len(selectors.run_chunks(period=PERIOD)) == len(expected["payouts"]) > 1
    chunked = payout_run_compute(period=PERIOD, actor=w.analyst)
    assert chunked.pk == single.pk
    assert _snapshot(chunked) == expected
    assert chunked.fingerprint == fingerprint


def test_a_chunked_calculation_equals_the_one_read_at_once(pools_and_overrides, settings):
    at_once = selectors.run_payouts_calculate(period=PERIOD)
    settings.INCENTIVES_RUN_CHUNK_SIZE = 2
    in_chunks = selectors.run_payouts_calculate(period=PERIOD)
    assert [(r.segment.employee_id, r.payout) for r in in_chunks.results] == [
        (r.segment.employee_id, r.payout) for r in at_once.results
    ]
    assert in_chunks.fingerprint == at_once.fingerprint


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker(name: str, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1"]
    command += ["-n", f"{name}@%h", "-l", "warning", "--without-gossip", "--without-mingle", "-Q", "celery"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_real_workers_compute_the_chunks_as_a_chord_and_write_what_the_run_at_once_writes(
    pools_and_overrides, settings
):
    from config.celery import app as celery_app
    from incentives.tasks import payout_run_payouts_write_task

    w = pools_and_overrides
    single = payout_run_compute(period=PERIOD, actor=w.analyst)
    expected, computed_at = _snapshot(single), single.computed_at
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
        "INCENTIVES_RUN_CHUNK_SIZE": "1",
    }
    workers = [_worker(f"chunks{i}", env) for i in range(2)]
    celery_app.conf.task_always_eager = False
    try:
        assert payout_run_payouts_write_task.delay(single.pk, w.analyst.pk).get(timeout=120) == "chunked:4"
        deadline = time.monotonic() + 120
        run = PayoutRun.objects.get(pk=single.pk)
        while run.computed_at == computed_at and not run.failure and time.monotonic() < deadline:
            time.sleep(0.5)
            run = PayoutRun.objects.get(pk=single.pk)
    finally:
        celery_app.conf.task_always_eager = True
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
    assert run.failure == "" and run.computed_at != computed_at and not run.computing
    assert _snapshot(run) == expected
    assert run.fingerprint == single.fingerprint


def test_the_chunks_are_not_written_when_the_run_was_recomputed_meanwhile(pools_and_overrides, settings):
    from incentives.errors import IncentivesError
    from incentives.services import payout_run_chunks_write, run_chunks_start

    w = pools_and_overrides
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    before = _snapshot(run)
    start = run_chunks_start(run=run)
    parts = [
        selectors.run_chunk_calculate(period=PERIOD, employee_ids=ids)
        for ids in selectors.run_chunks(period=PERIOD, size=1)
    ]
    facts(w.agent_employee, 3, start=PERIOD.replace(day=25))
    # another computation finished first (its computing flag cleared, as after a lost worker)
    PayoutRun.objects.filter(pk=run.pk).update(computing=False)
    payout_run_compute(period=PERIOD, actor=w.analyst)
    recomputed = _snapshot(PayoutRun.objects.get(pk=run.pk))
    assert recomputed != before
    with pytest.raises(IncentivesError) as exc:
        payout_run_chunks_write(run=run, parts=parts, start=start, actor=w.analyst)
    assert exc.value.code == "run_changed_meanwhile"
    run = PayoutRun.objects.get(pk=run.pk)
    assert _snapshot(run) == recomputed and not run.computing


#: a cache of the test's own: on Redis, parallel test processes' runs share ids (and progress keys)
OWN_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "run-progress"}}


def test_a_chunked_run_writes_each_chunks_payouts_before_it_reads_the_next(pools_and_overrides, settings, monkeypatch):
    """Memory bounded by a chunk: the run does not hold every chunk until the end."""
    w = pools_and_overrides
    settings.CACHES = OWN_CACHE
    settings.INCENTIVES_RUN_CHUNK_SIZE = 1
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    written_before_each_chunk = []
    calculate = selectors.run_chunk_calculate

    def spy(**kwargs):
        written_before_each_chunk.append(Payout.objects.filter(run=run).count())
        return calculate(**kwargs)

    monkeypatch.setattr(selectors, "run_chunk_calculate", spy)
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    chunks = len(written_before_each_chunk)
    assert chunks == run.payout_count == 4
    # the supervisor's payout waits for the override pass; every other one is written with its chunk
    assert written_before_each_chunk[0] == 0 and written_before_each_chunk[-1] >= chunks - 2
    assert written_before_each_chunk == sorted(written_before_each_chunk)
    assert cache.get(run.chunks_done_cache_key) == chunks


def test_the_run_page_says_how_many_parts_of_a_chunked_run_are_computed(pools_and_overrides, client_for, settings):
    w = pools_and_overrides
    settings.CACHES = OWN_CACHE
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    PayoutRun.objects.filter(pk=run.pk).update(computing=True, progress=1)
    run_progress_report(run=run, percent=1, chunks=10)
    for _ in range(3):
        run_progress_chunk_done(run=run)
    client = client_for(w.analyst)
    url = reverse("incentives:run_progress", args=[run.pk])
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "3 de 10 partes calculadas" in page and 'hx-get="' in page
    assert 'aria-valuenow="27"' in page  # 90 % of the bar for the chunks, 3 of 10 done
    live = client.get(url).json()
    assert (live["chunks"], live["chunks_done"], live["progress"], live["computing"]) == (10, 3, 27, True)

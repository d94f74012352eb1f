"""Celery tasks: ids in, fetch, call one service; safe to run twice.

A run paying more employees than ``settings.INCENTIVES_RUN_CHUNK_SIZE`` is computed as a chord on a
Celery deployment: one task per chunk of employees (read + first pass, by as many workers as there
are) and a callback that combines them (the override pass) and writes everything in one
transaction (``services.payout_run_chunks_write``). A chunk's calculation goes to the callback
through the cache (pickled, Redis on a deployment), only its key through the result backend.
Eager (no broker) the service computes the same chunks one after the other in-process.
"""

from __future__ import annotations

import uuid

from celery import chord, shared_task
from django.core.cache import cache

from core.models import User
from incentives.models import PayoutRun, RunStatus
from incentives.notifications import notify_dispute_resolved, notify_run_event
from incentives.selectors import run_chunk_calculate, run_chunks
from incentives.services import (
    payout_run_chunks_write,
    payout_run_payouts_write,
    run_chunks_start,
    run_progress_chunk_done,
)

#: how long a chunk's calculation waits in the cache for the chord's callback
CHUNK_CACHE_SECONDS = 3600


@shared_task(bind=True, max_retries=0)
def payout_run_payouts_write_task(self, run_id: int, actor_id: int | None = None) -> str:
    run = PayoutRun.objects.filter(pk=run_id).first()
    if run is None or run.status != RunStatus.DRAFT:
        return "skipped"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    # in a worker the chunks go to the workers; applied eagerly (no broker) the service runs them in-process
    chunks = [] if self.request.is_eager else run_chunks(period=run.period)
    if len(chunks) > 1:
        start = run_chunks_start(run=run, chunks=len(chunks))
        token = uuid.uuid4().hex
        header = [payout_run_chunk_task.s(run_id, ids, f"{token}:{i}") for i, ids in enumerate(chunks)]
        chord(header)(payout_run_chunks_write_task.s(run_id, actor_id, start))
        return f"chunked:{len(chunks)}"
    payout_run_payouts_write(run=run, actor=actor)
    return "ok"


@shared_task(max_retries=0)
def payout_run_chunk_task(run_id: int, employee_ids: list[int], name: str) -> str:
    """One chunk of a run: read and first pass; the calculation is left in the cache under the key returned."""
    run = PayoutRun.objects.get(pk=run_id)
    key = f"incentives:run-chunk:{run_id}:{name}"
    cache.set(key, run_chunk_calculate(period=run.period, employee_ids=employee_ids), CHUNK_CACHE_SECONDS)
    run_progress_chunk_done(run=run)
    return key


@shared_task(max_retries=0)
def payout_run_chunks_write_task(keys: list[str], run_id: int, actor_id: int | None, start: dict) -> str:
    """The chord's callback: every chunk combined and written in one transaction (refused if the run changed)."""
    run = PayoutRun.objects.get(pk=run_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        if not all(cache.has_key(k) for k in keys):
            PayoutRun.objects.filter(pk=run_id).update(computing=False, failure="chunk results expired")
            return "expired"
        # fetched one at a time, as the callback writes them: one chunk in memory, not the company
        payout_run_chunks_write(run=run, parts=_chunks_fetched(keys), start=start, actor=actor)
    finally:
        cache.delete_many(keys)
    return "ok"


def _chunks_fetched(keys: list[str]):
    for key in keys:
        part = cache.get(key)
        if part is None:  # expired between the check and now: nothing is written (one transaction)
            raise RuntimeError("chunk results expired")
        yield part


@shared_task
def run_event_notify_task(event_id: int) -> int:
    return notify_run_event(event_id)


@shared_task
def dispute_resolved_notify_task(dispute_id: int) -> int:
    return notify_dispute_resolved(dispute_id)

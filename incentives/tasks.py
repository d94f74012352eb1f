"""Celery tasks: ids in, fetch, call one service; safe to run twice."""

from __future__ import annotations

from celery import shared_task

from core.models import User
from incentives.models import PayoutRun, RunStatus
from incentives.notifications import notify_dispute_resolved, notify_run_event
from incentives.services import payout_run_payouts_write


@shared_task(bind=True, max_retries=0)
def payout_run_payouts_write_task(self, run_id: int, actor_id: int | None = None) -> str:
    run = PayoutRun.objects.filter(pk=run_id).first()
    if run is None or run.status != RunStatus.DRAFT:
        return "skipped"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    payout_run_payouts_write(run=run, actor=actor)
    return "ok"


@shared_task
def run_event_notify_task(event_id: int) -> int:
    return notify_run_event(event_id)


@shared_task
def dispute_resolved_notify_task(dispute_id: int) -> int:
    return notify_dispute_resolved(dispute_id)

"""What incentives tells other systems, through the outbox (``core.outbox``), inside the services'
transactions: ``payout_run.approved`` (final approval) and ``payout_run.exported`` (a payroll file
was written), subject the run, so a receiver sees them in that order."""

from __future__ import annotations

from core.outbox import webhook_publish

#: run workflow actions -> webhook event
EVENTS = {"approve_final": "payout_run.approved", "export": "payout_run.exported"}


def run_event(run, *, action: str, event_id: int) -> None:
    event = EVENTS.get(action)
    if event is None:
        return
    webhook_publish(
        event,
        subject=f"payout_run:{run.pk}",
        key=f"{event}:{event_id}",
        data={
            "run_id": run.pk,
            "period": run.period.isoformat(),
            "status": run.status,
            "totals": run.totals,
        },
    )

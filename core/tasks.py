from celery import shared_task

from core.audit import audit_purge


@shared_task
def audit_purge_task() -> int:
    """Daily: drop audit events older than AUDIT_RETENTION_DAYS (the chain stays verifiable)."""
    return audit_purge()


@shared_task
def ping(value: str) -> str:
    """Round trip used by the health check and the real-worker test."""
    return f"pong:{value}"

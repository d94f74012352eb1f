"""Core's Celery tasks, and :func:`enqueue`, the one way services schedule background work.

Tasks import the services they call; services never import their tasks module (that would make the
two import each other). A service names the task instead::

    enqueue("certification.tasks.certificate_deliver_task", certificate.pk, "issued")

The task is looked up now (a wrong name fails inside the caller's transaction) and sent once that
transaction commits. Without ``CELERY_BROKER_URL`` Celery runs it eagerly, in-process, as ``.delay``
always has here.
"""

from celery import shared_task
from django.db import transaction
from django.utils.module_loading import import_string

from core.audit import audit_purge
from core.outbox import outbox_deliver_due, outbox_deliver_message


def enqueue(task_path: str, *args) -> None:
    """Send the Celery task at dotted path ``task_path`` with ``args`` (ids) after the current commit."""
    task = import_string(task_path)
    transaction.on_commit(lambda: task.delay(*args))


@shared_task
def audit_purge_task() -> int:
    """Daily: drop audit events older than AUDIT_RETENTION_DAYS (the chain stays verifiable)."""
    return audit_purge()


@shared_task
def ping(value: str) -> str:
    """Round trip used by the health check and the real-worker test."""
    return f"pong:{value}"


@shared_task
def outbox_deliver_due_task() -> dict:
    """After each commit that wrote to the outbox, and every 30 s (beat): send what is due."""
    return outbox_deliver_due()


@shared_task
def outbox_deliver_message_task(message_id: int, manual: bool = False) -> bool:
    """An admin asked to send one message again."""
    return outbox_deliver_message(message_id=message_id, manual=manual) is not None

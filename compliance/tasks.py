import datetime as dt

from celery import shared_task
from django.utils import timezone

from .services import compliance_scan, contact_import_process


@shared_task(acks_late=True)
def contact_import_process_task(import_id: int) -> str:
    """Validate and load one contact log (safe twice: a finished import is left alone)."""
    return contact_import_process(import_id=import_id).status


@shared_task
def compliance_scan_task(period: str) -> int:
    """Scan one month (``YYYY-MM-DD``, its first day); safe twice: breaches are stored once."""
    return compliance_scan(period=dt.date.fromisoformat(period)).pk


@shared_task
def compliance_scan_nightly_task() -> int:
    """Nightly: rescan this month (and last month during the first week, for late files)."""
    today = timezone.localdate()
    compliance_scan(period=today)
    if today.day <= 7:
        compliance_scan(period=today.replace(day=1) - dt.timedelta(days=1))
    return 1

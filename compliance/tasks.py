import datetime as dt

from celery import shared_task
from django.utils import timezone

from .notifications import dial_suspension_notify
from .services import compliance_scan, contact_import_process, contact_import_stale_purge, dial_suspensions_expire


@shared_task(acks_late=True)
def contact_import_process_task(import_id: int) -> str:
    """Validate and load one contact log (safe twice: a finished import is left alone)."""
    return contact_import_process(import_id=import_id).status


@shared_task
def contact_import_stale_purge_task() -> int:
    """Daily: logs never processed (a lost task) are failed and their files deleted."""
    return contact_import_stale_purge()


@shared_task
def compliance_scan_task(period: str) -> int:
    """Scan one month (``YYYY-MM-DD``, its first day); safe twice: breaches are stored once."""
    return compliance_scan(period=dt.date.fromisoformat(period)).pk


@shared_task
def compliance_scan_nightly_task() -> int:
    """Nightly: rescan this month (and last month during the first week, for late files), then
    announce the suspensions whose window ended (after the scan, which may have extended them)."""
    today = timezone.localdate()
    compliance_scan(period=today)
    if today.day <= 7:
        compliance_scan(period=today.replace(day=1) - dt.timedelta(days=1))
    dial_suspensions_expire(today=today)
    return 1


@shared_task
def dial_suspension_notify_task(employee_id: int, kind: str, start: str, end: str, severe: int) -> int:
    """E-mail the agent and their supervisors that their licence to dial changed."""
    return dial_suspension_notify(employee_id=employee_id, kind=kind, start=start, end=end, severe=severe)

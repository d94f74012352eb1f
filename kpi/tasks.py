from celery import shared_task

from .services import kpi_import_process, kpi_import_rejected_files_purge


@shared_task(acks_late=True)
def kpi_import_process_task(import_id: int) -> str:
    """Validate and load one KPI import (safe twice: a finished import is left alone)."""
    return kpi_import_process(import_id=import_id).status


@shared_task
def rejected_files_purge_task() -> int:
    """Daily: delete rejected feeds' bytes after UPLOAD_REJECTED_RETENTION_DAYS (records stay)."""
    return kpi_import_rejected_files_purge()

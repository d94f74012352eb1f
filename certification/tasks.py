"""Celery tasks: ids in, fetch, call one service; safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from certification.models import Certificate
from certification.notifications import certificate_notify
from certification.services import attempts_close_expired, certificate_render_pdf, certificates_refresh


@shared_task
def certificate_deliver_task(certificate_id: int, kind: str) -> bool:
    """Render the PDF if it is missing, then e-mail the holder about `kind`."""
    if kind in ("issued", "reissued"):
        certificate_render_pdf(certificate_id=certificate_id)
    cert = Certificate.objects.select_related("employee__user", "specialisation").get(pk=certificate_id)
    return certificate_notify(certificate=cert, kind=kind)


@shared_task
def certificate_render_task(certificate_id: int) -> str:
    return certificate_render_pdf(certificate_id=certificate_id).pdf_sha256


@shared_task
def attempts_close_expired_task() -> int:
    """Every minute: close and grade attempts past their deadline."""
    return attempts_close_expired(now=timezone.now())


@shared_task
def certificates_refresh_task() -> dict:
    """Daily: expiry, expiring status, renewal paths and reminders."""
    return certificates_refresh(today=timezone.localdate())

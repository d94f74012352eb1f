"""What certification tells other systems, through the outbox (``core.outbox``), inside the services'
transactions: webhooks ``certificate.issued|expiring|expired|revoked`` (subject: the certificate, so a
receiver gets its events in order) and xAPI statements (off while XAPI_ENDPOINT is unset): an exam
result is ``scored`` and ``passed`` or ``failed``; a certificate issued ``completed`` its certification."""

from __future__ import annotations

from certification.pdf import verification_url
from core import xapi
from core.outbox import webhook_publish, xapi_record
from core.xapi import Activity


def _certificate_data(cert) -> dict:
    return {
        "number": cert.number,
        "employee_code": cert.employee.employee_code,
        "specialisation": cert.specialisation.code,
        "issued_on": cert.issued_on.isoformat(),
        "expires_on": cert.expires_on.isoformat(),
        "status": cert.status,
        "verification_url": verification_url(cert.code),
    }


def certificate_event(cert, event: str, *, key_extra: str = "") -> None:
    """``certificate.<event>`` once per certificate (and ``key_extra``, e.g. a revocation's time)."""
    webhook_publish(
        f"certificate.{event}",
        subject=f"certificate:{cert.number}",
        data=_certificate_data(cert),
        key=f"certificate.{event}:{cert.pk}{key_extra}",
    )
    if event == "issued":
        xapi_record(
            verb="completed",
            employee=cert.employee,
            activity=Activity("certifications", cert.specialisation.code, cert.specialisation.name),
            result={"completion": True, "success": True},
            key=f"certificate.issued:{cert.pk}",
        )


def attempt_graded(attempt) -> None:
    """An exam attempt graded (not one waiting for an essay mark): its score, then pass or fail."""
    exam = Activity("exams", attempt.exam_id, attempt.exam.title)
    score = xapi.score(raw=attempt.score_points, maximum=attempt.max_points, percentage=attempt.percentage)
    at = attempt.closed_at
    xapi_record(
        verb="scored",
        employee=attempt.employee,
        activity=exam,
        result={"score": score},
        key=f"attempt.scored:{attempt.pk}:{attempt.percentage}",
        timestamp=at,
    )
    xapi_record(
        verb="passed" if attempt.passed else "failed",
        employee=attempt.employee,
        activity=exam,
        result={"score": score, "success": bool(attempt.passed), "completion": True},
        key=f"attempt.result:{attempt.pk}:{attempt.percentage}:{bool(attempt.passed)}",
        timestamp=at,
    )

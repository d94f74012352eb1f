"""Certification through the API (token scope ``certification:read``; the token's owner needs
``certification.hr_read`` and sees the people in their scope, core.scoping):

``GET /api/v1/certificates`` certificates, filtered by person (``employee``, an employee code),
``specialisation`` (code), stored ``status`` and the day they were in force (``valid_on``), paginated;
``GET /api/v1/certificates/{id}`` one; ``GET /api/v1/certificates/{id}/pdf`` its PDF (PDF/A-3b);
``GET /api/v1/certified?specialisation=&day=`` who is certified in a specialisation on a day;
``GET /api/v1/exam-attempts/summary`` attempts per exam (open, awaiting marking, passed, failed).
"""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Query, Router, Schema
from pydantic import Field

from core.api_problems import Pagination, Text, page_schema, paginate, problems, require_capability, unknown_value
from core.api_tokens import ApiTokenAuth
from core.models import Specialisation
from core.params import MAX_ID
from core.scoping import get_in_scope_or_404

from . import services
from .models import Certificate, CertificateStatus
from .selectors import attempts_summary, certificates_filtered, certified_on

router = Router(tags=["Certification"])
certified_router = Router(tags=["Certification"])
attempts_router = Router(tags=["Certification"])
READ = ApiTokenAuth(scope="certification:read")
CAPABILITY = "certification.hr_read"


class CertificateOut(Schema):
    id: int
    number: str
    verification_code: str
    employee: str = Field(description="employee code")
    holder_name: str
    specialisation: str = Field(description="specialisation code")
    score: str = Field(description="percentage, a decimal string")
    issued_on: dt.date
    expires_on: dt.date
    status: CertificateStatus
    status_label: str
    revoked_at: dt.datetime | None
    revocation_reason: str
    pdf_url: str


CertificatePage = page_schema(CertificateOut)


class CertificateFilters(Schema):
    employee: Text | None = Field(None, max_length=20, description="employee code")
    specialisation: Text | None = Field(None, max_length=40, description="specialisation code")
    status: CertificateStatus | None = None
    valid_on: dt.date | None = Field(None, description="in force on this day (YYYY-MM-DD)")


def _certificate(cert: Certificate) -> dict:
    return {
        "id": cert.pk,
        "number": cert.number,
        "verification_code": cert.display_code,
        "employee": cert.employee.employee_code,
        "holder_name": cert.holder_name,
        "specialisation": cert.specialisation.code,
        "score": str(cert.score),
        "issued_on": cert.issued_on,
        "expires_on": cert.expires_on,
        "status": cert.status,
        "status_label": str(cert.get_status_display()),
        "revoked_at": cert.revoked_at,
        "revocation_reason": cert.revocation_reason,
        "pdf_url": reverse("acredita_api:certificate_pdf", kwargs={"certificate_id": cert.pk}),
    }


def _specialisation(code: str) -> Specialisation:
    found = Specialisation.objects.filter(code=code).first()
    if found is None:
        raise unknown_value("specialisation", code)
    return found


@router.get(
    "",
    response={200: CertificatePage, **problems(400, 401, 403, 422)},
    auth=READ,
    url_name="certificates",
    summary="Certificates of the people in scope (by person, specialisation, status, day in force)",
)
def certificates(request, filters: Query[CertificateFilters], page: Query[Pagination]):
    require_capability(request.user, CAPABILITY)
    if filters.specialisation:
        _specialisation(filters.specialisation)
    rows = certificates_filtered(
        user=request.user,
        employee_code=filters.employee,
        specialisation_code=filters.specialisation,
        status=filters.status,
        valid_on=filters.valid_on,
    )
    return paginate(request, rows, page, _certificate)


@router.get(
    "/{certificate_id}",
    response={200: CertificateOut, **problems(400, 401, 403, 404, 422)},
    auth=READ,
    url_name="certificate",
    summary="One certificate",
)
def certificate(request, certificate_id: int = Path(..., ge=1, le=MAX_ID)):
    require_capability(request.user, CAPABILITY)
    qs = Certificate.objects.select_related("employee", "specialisation")
    return _certificate(get_in_scope_or_404(qs, request.user, pk=certificate_id))


@router.get(
    "/{certificate_id}/pdf",
    response={200: None, **problems(400, 401, 403, 404, 422)},
    auth=READ,
    url_name="certificate_pdf",
    summary="A certificate's PDF (PDF/A-3b)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The certificate as PDF/A-3b",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def certificate_pdf(request, certificate_id: int = Path(..., ge=1, le=MAX_ID)):
    require_capability(request.user, CAPABILITY)
    cert = get_in_scope_or_404(Certificate.objects.all(), request.user, pk=certificate_id)
    if not cert.pdf or not cert.pdf_sha256:
        cert = services.certificate_render_pdf(certificate_id=cert.pk)
    return FileResponse(
        cert.pdf.open("rb"), content_type="application/pdf", as_attachment=True, filename=f"{cert.number}.pdf"
    )


class CertifiedFilters(Schema):
    specialisation: Text = Field(..., min_length=1, max_length=40, description="specialisation code")
    day: dt.date | None = Field(None, description="default today")


class CertifiedOut(Schema):
    employee: str
    name: str
    certificate: str = Field(description="certificate number")
    issued_on: dt.date
    expires_on: dt.date


CertifiedPage = page_schema(CertifiedOut)


@certified_router.get(
    "",
    response={200: CertifiedPage, **problems(400, 401, 403, 422)},
    auth=READ,
    url_name="certified",
    summary="Who is certified in a specialisation on a day",
)
def certified(request, filters: Query[CertifiedFilters], page: Query[Pagination]):
    require_capability(request.user, CAPABILITY)
    spec = _specialisation(filters.specialisation)
    rows = certified_on(user=request.user, specialisation=spec, day=filters.day or timezone.localdate())
    return paginate(
        request,
        rows,
        page,
        lambda c: {
            "employee": c.employee.employee_code,
            "name": c.employee.full_name,
            "certificate": c.number,
            "issued_on": c.issued_on,
            "expires_on": c.expires_on,
        },
    )


class AttemptsFilters(Schema):
    since: dt.date | None = Field(None, description="attempts started on or after this day")
    until: dt.date | None = Field(None, description="attempts started on or before this day")
    exam: Text | None = Field(None, max_length=60, description="exam code")


class AttemptsSummaryOut(Schema):
    exam: str
    exam_title: str
    specialisation: str
    attempts: int
    in_progress: int
    awaiting_marking: int
    passed: int
    failed: int
    people: int
    average_score: str | None = Field(description="average percentage of the graded attempts")


@attempts_router.get(
    "/summary",
    response={200: list[AttemptsSummaryOut], **problems(400, 401, 403, 422)},
    auth=READ,
    url_name="exam_attempts_summary",
    summary="Exam attempts per exam of the people in scope",
)
def exam_attempts_summary(request, filters: Query[AttemptsFilters]):
    require_capability(request.user, CAPABILITY)
    return [
        {
            "exam": s.exam_code,
            "exam_title": s.exam_title,
            "specialisation": s.specialisation_code,
            "attempts": s.attempts,
            "in_progress": s.in_progress,
            "awaiting_marking": s.awaiting_marking,
            "passed": s.passed,
            "failed": s.failed,
            "people": s.people,
            "average_score": None if s.average_score is None else str(s.average_score),
        }
        for s in attempts_summary(user=request.user, since=filters.since, until=filters.until, exam_code=filters.exam)
    ]

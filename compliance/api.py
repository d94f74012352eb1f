"""``GET /api/v1/clearance?campaign=&day=``: the licence to dial, for the dialer.

Token auth with the ``compliance:read`` scope; the token's user needs ``compliance.breach_read`` and
sees the agents in their scope. Each agent assigned to the campaign on the day (default today) with
whether they may dial and why not (no valid certificate in the campaign's specialisation, or
suspended after severe contact-rule breaches).
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from core.api_tokens import ApiTokenAuth
from core.capabilities import user_can
from core.models import Campaign
from core.params import MAX_ID

from .selectors import dial_clearance

router = Router(tags=["Compliance"])


class ErrorOut(Schema):
    detail: str


class AgentClearanceOut(Schema):
    agente: str
    nombre: str
    habilitado: bool
    certificado: str | None
    incumplimientos_graves: int
    suspendido: bool


class ClearanceOut(Schema):
    campana: str
    dia: dt.date
    agentes: list[AgentClearanceOut]


@router.get(
    "",
    response={200: ClearanceOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=ApiTokenAuth(scope="compliance:read"),
    url_name="clearance",
    summary="Who may dial for a campaign on a day (the licence to dial)",
)
def clearance(request, campaign: int = Query(..., ge=1, le=MAX_ID), day: dt.date | None = None):
    if not user_can(request.user, "compliance.breach_read"):
        raise HttpError(403, "Your role may not read clearances (capability compliance.breach_read).")
    found = get_object_or_404(Campaign, pk=campaign)
    day = day or timezone.localdate()
    rows = dial_clearance(user=request.user, campaign=found, day=day)
    return Status(
        200,
        {
            "campana": found.code,
            "dia": day,
            "agentes": [
                {
                    "agente": r.employee.employee_code,
                    "nombre": r.employee.full_name,
                    "habilitado": r.cleared,
                    "certificado": r.certificate.number if r.certificate else None,
                    "incumplimientos_graves": r.severe_breaches,
                    "suspendido": r.suspended,
                }
                for r in rows
            ],
        },
    )

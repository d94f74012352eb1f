"""The dialer's side of compliance (token auth, ``Authorization: Bearer <token>``):

``GET /api/v1/clearance?campaign=&day=`` (scope ``compliance:read``; the user needs
``compliance.breach_read`` and sees the agents in their scope): each agent assigned to the campaign
on the day (default today) with whether they may dial and why not (no valid certificate in the
campaign's specialisation, or suspended after severe contact-rule breaches).

``POST /api/v1/contact-logs`` (scope ``compliance:write``, capability ``compliance.contacts_upload``):
a batch of attempts as JSON ``{"profile": "canonical", "dry_run": false, "items": [{...}, ...]}``,
each item with the contact log's columns. Validated whole exactly like a file (it is written as the
CSV the import reads, ``compliance.ingest.batch``): 201 when loaded (or validated, for a dry run),
200 when the same batch was already loaded (idempotent: nothing is stored twice), 422 with every
error naming the item (from 0) and the field when rejected, and then nothing is stored.

``POST /api/v1/contact-check`` (scope ``compliance:read``, capability ``compliance.breach_read``):
may this account be contacted now through this channel (by this agent, for this campaign)? The
rules the attempt would break, in words, the agent's licence concerns, and the next moment the
attempt would break no enforced rule; from the same rules as the scan and the stored history.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from core.api_problems import ApiProblem, Problem, problem_body, problems
from core.api_tokens import ApiTokenAuth
from core.capabilities import user_can
from core.models import Campaign, Employee
from core.params import MAX_ID
from core.uploads import UploadRejected, max_rows, max_upload_bytes, request_uploads_check, too_large

from .engine.calendar import COUNTRIES, UnknownZone, zone_for
from .engine.rules import CHANNELS
from .ingest.batch import batch_to_csv, item_of
from .ingest.profiles import PROFILES
from .messages import error_text
from .models import ContactImport
from .pseudonym import account_hash
from .selectors import contact_check, dial_clearance
from .services import contact_import_create, contact_import_process

router = Router(tags=["Compliance"])
logs_router = Router(tags=["Compliance"])
check_router = Router(tags=["Compliance"])


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
    response={200: ClearanceOut, **problems(400, 401, 403, 404, 422)},
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


# --------------------------------------------------------------------------- contact logs (JSON batches)
class BatchIn(Schema):
    profile: str = "canonical"
    dry_run: bool = False
    items: list[Any]


class ItemErrorOut(Schema):
    item: int | None = Field(description="the batch item, counted from 0 (null: the whole batch)")
    field: str | None
    value: str | None
    code: str
    message: str


class BatchOut(Schema):
    id: int | None
    status: str
    dry_run: bool
    sha256: str | None
    items: int
    inserted: int
    duplicate_of: int | None
    first_day: dt.date | None
    last_day: dt.date | None
    errors: list[ItemErrorOut]


class BatchProblem(Problem):
    """A rejected batch: the problem, every error naming its item (``row``/``item``, from 0) and
    field, and the batch as registered (``batch``)."""

    batch: BatchOut


def _rejected(request, batch: dict[str, Any]) -> Status:
    errors = [{"row": e["item"], **e} for e in batch["errors"]]
    detail = _("The batch has %(count)s errors; nothing was stored.") % {"count": len(errors)}
    return Status(422, problem_body(request, 422, "rejected", detail=detail, errors=errors, batch=batch))


def _item_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "item": item_of(e.get("row")),
            "field": e.get("column"),
            "value": e.get("value"),
            "code": e["code"],
            "message": error_text(e),
        }
        for e in errors
    ]


def _json_body(request) -> Any:
    try:
        request_uploads_check(request)  # 413 before the body is read when it is announced too large
    except UploadRejected as exc:
        raise HttpError(413, exc.text) from None
    body = request.read(max_upload_bytes() + 1)
    if len(body) > max_upload_bytes():
        raise HttpError(413, too_large().text)
    try:
        return json.loads(body or b"{}")
    except ValueError as exc:
        raise HttpError(400, f"Invalid JSON body: {exc}") from None


@logs_router.post(
    "",
    response={200: BatchOut, 201: BatchOut, 422: BatchProblem, **problems(400, 401, 403, 413)},
    auth=ApiTokenAuth(scope="compliance:write"),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": BatchIn.model_json_schema()}}}
    },
    url_name="contact_logs_create",
    summary="Load a batch of contact attempts (JSON), validated whole like a file",
)
def contact_logs_create(request):
    if not user_can(request.user, "compliance.contacts_upload"):
        raise HttpError(403, "Your role may not load contact logs (capability compliance.contacts_upload).")
    if not (request.content_type or "").startswith("application/json"):
        raise HttpError(400, "Send application/json with 'items'.")
    try:
        payload = BatchIn.model_validate(_json_body(request))
    except ValueError as exc:
        raise HttpError(400, f"Invalid batch: {exc}") from None
    profile = PROFILES.get(payload.profile)
    if profile is None:
        raise HttpError(400, f"Unknown profile '{payload.profile}' ({', '.join(sorted(PROFILES))}).")
    errors: list[dict[str, Any]] = []
    if not payload.items:
        errors = [{"code": "empty_batch", "row": None, "column": None, "value": None}]
    elif len(payload.items) > max_rows():
        errors = [{"code": "too_many_rows", "params": {"limit": max_rows()}}]
    else:
        data, found = batch_to_csv(payload.items, profile=profile)
        errors = [e.as_dict() for e in found]
    if errors:  # nothing is registered for a batch that is not even a table
        return _rejected(request, _batch_out(None, len(payload.items), payload.dry_run, errors))
    try:
        contact_import = contact_import_create(
            uploaded=io.BytesIO(data),
            filename="api-batch.csv",
            profile_code=profile.code,
            user=request.user,
            source=ContactImport.Source.API,
            dry_run=payload.dry_run,
        )
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from None
    contact_import = contact_import_process(import_id=contact_import.pk)
    status = {
        ContactImport.Status.LOADED: 201,
        ContactImport.Status.VALIDATED: 201,
        ContactImport.Status.DUPLICATE: 200,
    }.get(contact_import.status, 422)
    out = _batch_out(contact_import, len(payload.items), payload.dry_run, contact_import.errors)
    return _rejected(request, out) if status == 422 else Status(status, out)


def _batch_out(contact_import: ContactImport | None, items: int, dry_run: bool, errors) -> dict[str, Any]:
    if contact_import is None:
        status, fields = ContactImport.Status.REJECTED, {}
    else:
        status = contact_import.status
        fields = {
            "id": contact_import.pk,
            "sha256": contact_import.sha256,
            "inserted": contact_import.inserted_count,
            "duplicate_of": contact_import.duplicate_of_id,
            "first_day": contact_import.first_day,
            "last_day": contact_import.last_day,
        }
    return {
        "id": None,
        "sha256": None,
        "inserted": 0,
        "duplicate_of": None,
        "first_day": None,
        "last_day": None,
        **fields,
        "status": status,
        "dry_run": dry_run,
        "items": items,
        "errors": _item_errors(errors or []),
    }


# --------------------------------------------------------------------------- the preventive check
class CheckIn(Schema):
    cuenta: str | None = Field(None, max_length=200, description="the debtor's account reference (hashed here)")
    cuenta_hash: str | None = Field(None, min_length=64, max_length=64, description="or its keyed hash")
    canal: str
    pais: str
    zona_horaria: str | None = None
    estado: str | None = None
    fecha_hora: dt.datetime | None = Field(None, description="ISO 8601 with offset; default now")
    agente: str | None = Field(None, max_length=40, description="employee code")
    campana: str | None = Field(None, max_length=40, description="campaign code")


class RuleOut(Schema):
    regla: str
    clave: str
    version: int
    gravedad: str
    consultiva: bool
    motivo: str


class LicenceOut(Schema):
    codigo: str
    motivo: str


class CheckOut(Schema):
    permitido: bool
    fecha_hora: dt.datetime
    zona_horaria: str
    reglas: list[RuleOut]
    licencia: list[LicenceOut]
    siguiente_permitido: dt.datetime | None


def _bad(field: str, message: str):
    raise ApiProblem(
        422,
        "validation",
        detail=f"{field}: {message}",
        errors=[{"field": field, "code": "invalid", "message": message}],
    )


@check_router.post(
    "",
    response={200: CheckOut, **problems(400, 401, 403, 404, 422)},
    auth=ApiTokenAuth(scope="compliance:read"),
    url_name="contact_check",
    summary="May this account be contacted now through this channel (by this agent)?",
)
def contact_check_view(request, payload: CheckIn):
    if not user_can(request.user, "compliance.breach_read"):
        raise HttpError(403, "Your role may not check contacts (capability compliance.breach_read).")
    country = payload.pais.upper()
    if country not in COUNTRIES:
        _bad("pais", f"'{payload.pais}' is not a country this portal checks ({', '.join(COUNTRIES)}).")
    channel = payload.canal.lower()
    if channel not in CHANNELS:
        _bad("canal", f"'{payload.canal}' is not a channel ({', '.join(CHANNELS)}).")
    if bool(payload.cuenta) == bool(payload.cuenta_hash):
        _bad("cuenta", "give either 'cuenta' (the account reference) or 'cuenta_hash', not both.")
    try:
        zone = zone_for(country, state=payload.estado, explicit=payload.zona_horaria)
    except UnknownZone:
        field = "zona_horaria" if payload.zona_horaria else "estado"
        _bad(field, f"'{payload.zona_horaria or payload.estado}' is not a time zone or US state this portal knows.")
    at = payload.fecha_hora or timezone.now()
    if at.tzinfo is None:
        _bad("fecha_hora", "give the UTC offset, e.g. 2026-03-02T09:15:00-05:00.")
    employee = campaign = None
    if payload.agente:
        employee = get_object_or_404(Employee, employee_code=payload.agente)
    if payload.campana:
        campaign = get_object_or_404(Campaign.objects.select_related("required_specialisation"), code=payload.campana)
    found = contact_check(
        account_hash=payload.cuenta_hash.lower() if payload.cuenta_hash else account_hash(payload.cuenta),
        country=country,
        zone=zone,
        channel=channel,
        at=at,
        employee=employee,
        campaign=campaign,
    )
    return Status(
        200,
        {
            "permitido": found.allowed,
            "fecha_hora": at,
            "zona_horaria": zone,
            "reglas": [
                {
                    "regla": b.code,
                    "clave": b.rule_key,
                    "version": b.version,
                    "gravedad": b.severity,
                    "consultiva": b.advisory,
                    "motivo": sentence,
                }
                for b, sentence in zip(found.breaches, found.sentences, strict=True)
            ],
            "licencia": [{"codigo": c.code, "motivo": str(c.message)} for c in found.licence],
            "siguiente_permitido": found.next_allowed,
        },
    )

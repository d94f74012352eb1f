"""``POST /api/v1/kpi-feeds``: upload a KPI feed as a file (multipart) or as JSON rows.

Token auth (``Authorization: Bearer <token>``): uploading needs a token with the ``kpi:write``
scope, reading an import's status ``kpi:read`` (401 for a missing, unknown, revoked or expired
token, 403 for a missing scope); the token's user must be an analyst, HR or an administrator.
The feed is validated whole: 201 when loaded (or validated, for a dry run), 200 when the same
file was already loaded, 422 with every error when rejected, 202 while a background worker still
processes a large file (poll ``GET /api/v1/kpi-feeds/{id}``). Feeds up to 5 MB (and all JSON rows) are processed
within the request; larger files go to a background worker. A body or file above the portal's
upload limits (``UPLOAD_MAX_BYTES``, ``UPLOAD_MAX_UNCOMPRESSED_BYTES``; see ``core.uploads``) is
refused with 413 before it is parsed, like the web form.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status
from ninja.errors import HttpError

from core.api_problems import ApiProblem, Problem, problem_body, problems
from core.api_tokens import ApiTokenAuth
from core.capabilities import user_can
from core.params import MAX_ID
from core.uploads import UploadRejected, max_upload_bytes, request_uploads_check, too_large, upload_check

from .messages import error_message
from .models import FeedProfile, KpiImport
from .services import kpi_import_create, kpi_import_create_from_rows, kpi_import_enqueue, kpi_import_process

router = Router(tags=["KPI feeds"])
MAX_JSON_ROWS = 200_000
SYNC_MAX_BYTES = 5 * 1024 * 1024  # smaller feeds are processed within the request


class FeedErrorOut(Schema):
    row: int | None
    column: str | None
    value: str | None
    code: str
    params: dict[str, Any]
    message: str


class KpiImportOut(Schema):
    id: int
    status: str
    dry_run: bool
    profile: str
    sha256: str
    row_count: int
    inserted_count: int
    updated_count: int
    unchanged_count: int
    error_count: int
    errors: list[FeedErrorOut]
    duplicate_of: int | None
    first_day: dt.date | None
    last_day: dt.date | None
    changes: dict[str, Any]
    url: str


class RowsIn(Schema):
    profile: str = "canonico"
    dry_run: bool = False
    rows: list[dict[str, Any]]


class FeedProblem(Problem):
    """A rejected (422) or failed (500) feed: the problem, every error naming its row and column
    (``field``), and the import as stored (``feed``)."""

    feed: KpiImportOut


def _out(kpi_import: KpiImport) -> dict[str, Any]:
    return {
        "id": kpi_import.pk,
        "status": kpi_import.status,
        "dry_run": kpi_import.dry_run,
        "profile": kpi_import.profile.code,
        "sha256": kpi_import.sha256,
        "row_count": kpi_import.row_count,
        "inserted_count": kpi_import.inserted_count,
        "updated_count": kpi_import.updated_count,
        "unchanged_count": kpi_import.unchanged_count,
        "error_count": kpi_import.error_count,
        "errors": [
            {
                **{k: e.get(k) for k in ("row", "column", "value", "code")},
                "params": e.get("params") or {},
                "message": error_message(e),
            }
            for e in kpi_import.errors
        ],
        "duplicate_of": kpi_import.duplicate_of_id,
        "first_day": kpi_import.first_day,
        "last_day": kpi_import.last_day,
        "changes": kpi_import.changes or {},
        "url": reverse("acredita_api:kpi_feed_detail", kwargs={"import_id": kpi_import.pk}),
    }


def _answer(request, kpi_import: KpiImport) -> Status:
    """201/200/202 with the import; a rejected or failed feed as a problem carrying it."""
    status, out = _status_code(kpi_import), _out(kpi_import)
    if status < 400:
        return Status(status, out)
    errors = [
        {**e, "field": e["column"] or e["params"].get("column") or e["params"].get("code")} for e in out["errors"]
    ]
    if status == 422:
        detail = _("The feed has %(count)s errors; nothing was stored.") % {"count": kpi_import.error_count}
        return Status(422, problem_body(request, 422, "rejected", detail=detail, errors=errors, feed=out))
    detail = _("The feed could not be processed; nothing was stored.")
    return Status(status, problem_body(request, status, "server_error", detail=detail, errors=errors, feed=out))


def _status_code(kpi_import: KpiImport) -> int:
    return {
        KpiImport.Status.LOADED: 201,
        KpiImport.Status.VALIDATED: 201,
        KpiImport.Status.DUPLICATE: 200,
        KpiImport.Status.REJECTED: 422,
        KpiImport.Status.FAILED: 500,
    }.get(kpi_import.status, 202)


def _body(request) -> bytes:
    """The JSON body, bounded by ``UPLOAD_MAX_BYTES`` (checked on Content-Length) rather than by
    Django's form-data limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``), so JSON rows get the file limit."""
    if hasattr(request, "_body"):
        return request._body
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_upload_bytes():
        raise HttpError(413, too_large(length).text)
    body = request.read(max_upload_bytes() + 1)
    if len(body) > max_upload_bytes():
        raise HttpError(413, too_large().text)
    return body


def _require_feed_upload(request) -> None:
    if not user_can(request.user, "kpi.feed_upload"):
        raise HttpError(403, "Your role may not load KPI feeds (capability kpi.feed_upload).")


def _profile(code: str) -> FeedProfile:
    try:
        return FeedProfile.objects.get(code=code, is_active=True)
    except FeedProfile.DoesNotExist:
        message = f"Unknown feed profile '{code}'."
        raise ApiProblem(
            400, detail=message, errors=[{"field": "profile", "code": "unknown_profile", "message": message}]
        ) from None


FEED_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "CSV or XLSX feed"},
                        "profile": {"type": "string", "default": "canonico", "description": "Feed profile code"},
                        "dry_run": {"type": "boolean", "default": False},
                    },
                }
            },
            "application/json": {"schema": RowsIn.model_json_schema()},
        },
    }
}


@router.post(
    "",
    response={
        200: KpiImportOut,
        201: KpiImportOut,
        202: KpiImportOut,
        422: FeedProblem,
        500: FeedProblem,
        **problems(400, 401, 403, 413),
    },
    auth=ApiTokenAuth(scope="kpi:write"),
    openapi_extra=FEED_BODY,
    summary="Upload a KPI feed (file or JSON rows)",
    url_name="kpi_feed_create",
)
def kpi_feed_create(request):
    """Validate the whole feed, then load it; a feed with any error stores nothing.

    JSON rows use the canonical column names (`fecha`, `agente`, `campana`, metric codes) or their
    English names (`date`, `agent`, `campaign`, `attempts`, …); error rows count the items from 1.
    """
    _require_feed_upload(request)
    try:
        request_uploads_check(request)  # 413 before the body is read when it is announced too large
    except UploadRejected as exc:
        raise HttpError(413, exc.text) from None
    content_type = request.content_type or ""
    if content_type.startswith("application/json"):
        body = _body(request)
        try:
            payload = RowsIn.model_validate(json.loads(body or b"{}"))
        except Exception as exc:  # noqa: BLE001 - a malformed body is the client's error
            raise HttpError(400, f"Invalid JSON body: {exc}") from None
        if len(payload.rows) > MAX_JSON_ROWS:
            raise HttpError(400, f"At most {MAX_JSON_ROWS} rows per request; upload a file instead.")
        kpi_import = kpi_import_create_from_rows(
            profile=_profile(payload.profile), rows=payload.rows, user=request.user, dry_run=payload.dry_run
        )
    elif content_type.startswith("multipart/form-data"):
        upload = request.FILES.get("file")
        if upload is None:
            raise HttpError(400, "Send the feed in a multipart field named 'file'.")
        try:
            upload_check(upload)
        except UploadRejected as exc:
            raise HttpError(413, exc.text) from None
        dry_run = (request.POST.get("dry_run") or "").lower() in ("1", "true", "yes", "on")
        kpi_import = kpi_import_create(
            profile=_profile(request.POST.get("profile") or "canonico"),
            uploaded=upload,
            filename=upload.name,
            user=request.user,
            source=KpiImport.Source.API,
            dry_run=dry_run,
        )
    else:
        raise HttpError(400, "Send multipart/form-data with a 'file', or application/json with 'rows'.")
    if kpi_import.file_format == "json" or kpi_import.size <= SYNC_MAX_BYTES:
        kpi_import = kpi_import_process(import_id=kpi_import.pk)
    else:
        kpi_import_enqueue(kpi_import=kpi_import)
    kpi_import = KpiImport.objects.select_related("profile").get(pk=kpi_import.pk)
    return _answer(request, kpi_import)


@router.get(
    "/{import_id}",
    response={200: KpiImportOut, **problems(400, 401, 403, 404, 422)},
    auth=ApiTokenAuth(scope="kpi:read"),
    url_name="kpi_feed_detail",
    summary="A KPI feed's status, counts and errors",
)
def kpi_feed_detail(request, import_id: int = Path(..., ge=1, le=MAX_ID)):
    _require_feed_upload(request)
    return Status(200, _out(get_object_or_404(KpiImport.objects.select_related("profile"), pk=import_id)))

"""``Idempotency-Key`` for API writes (the IETF httpapi draft's rules):

- no header: the write runs as usual;
- a new key: the write runs and its answer (status and body, errors included) is stored under the
  token owner and the key, with the SHA-256 of the method, path and body;
- the same key with the same request: the stored answer is replayed (``Idempotent-Replayed: true``),
  nothing runs again;
- the same key with another request: 409 ``idempotency_conflict``, nothing runs.

    return idempotent(request, lambda: Status(200, service(...)))
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Status

from core.api_problems import PROBLEM_CONTENT_TYPE, ApiProblem, problem_body
from core.models import IdempotencyKey
from core.params import has_control_characters

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def request_fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _replay(stored: IdempotencyKey) -> HttpResponse:
    content_type = PROBLEM_CONTENT_TYPE if stored.status_code >= 400 else "application/json"
    response = HttpResponse(
        json.dumps(stored.response_body), status=stored.status_code, content_type=f"{content_type}; charset=utf-8"
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _conflict(key: str) -> ApiProblem:
    return ApiProblem(
        409,
        "idempotency_conflict",
        detail=_("The Idempotency-Key '%(key)s' was already used with a different request.") % {"key": key},
        errors=[{"field": HEADER, "code": "idempotency_conflict", "message": _("Use a new key for a new request.")}],
    )


def idempotent(request, run: Callable[[], tuple[int, dict[str, Any]]]) -> Status | HttpResponse:
    """Run ``run`` (returning ``(status, body)``) at most once per key; see the module docstring.
    A body that is an error (``ApiProblem``) is stored and replayed too."""
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        return Status(*run())
    if len(key) > MAX_KEY_LENGTH or has_control_characters(key):
        message = _("At most %(count)s characters, on one line.") % {"count": MAX_KEY_LENGTH}
        raise ApiProblem(
            400, "bad_request", detail=message, errors=[{"field": HEADER, "code": "too_long", "message": message}]
        )
    fingerprint = request_fingerprint(request)
    stored = IdempotencyKey.objects.filter(owner=request.user, key=key).first()
    if stored is not None:
        if stored.request_sha256 != fingerprint:
            raise _conflict(key)
        return _replay(stored)
    try:
        status, body = run()
    except ApiProblem as exc:
        status, body = (
            exc.status_code,
            problem_body(request, exc.status_code, exc.code, detail=exc.message, errors=exc.errors, **exc.extensions),
        )
    body = _jsonable(body)
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(
                owner=request.user, key=key, request_sha256=fingerprint, status_code=status, response_body=body
            )
    except IntegrityError:  # the same key sent twice at once: the other one's answer stands
        stored = IdempotencyKey.objects.get(owner=request.user, key=key)
        if stored.request_sha256 != fingerprint:
            raise _conflict(key) from None
        return _replay(stored)
    if status >= 400:
        return _replay_fresh(status, body)
    return Status(status, body)


def _replay_fresh(status: int, body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(body), status=status, content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8")


def _jsonable(body: Any) -> Any:
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))

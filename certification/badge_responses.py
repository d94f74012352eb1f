"""HTTP responses for the Open Badges documents, shared by the verification page and the badge views."""

from __future__ import annotations

import json

from django.http import HttpResponse, JsonResponse

from certification import badges

LD_JSON = "application/ld+json"
VC_JWT = "application/vc+jwt"


def public(response: HttpResponse) -> HttpResponse:
    """Readable from any origin (verifiers run in browsers), revalidated on every use (revocation)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


def ld_response(doc: dict, *, status: int = 200) -> HttpResponse:
    body = json.dumps(doc, ensure_ascii=False, indent=2)
    return public(HttpResponse(body, status=status, content_type=f"{LD_JSON}; charset=utf-8"))


def json_error(message: str, status: int) -> HttpResponse:
    return public(JsonResponse({"error": message}, status=status))


def assertion_response(cert) -> HttpResponse:
    """OB 2.0 hosted verification: the Assertion, or 410 Gone with `revoked: true` and the reason."""
    return ld_response(badges.assertion(cert), status=410 if badges.is_withdrawn(cert) else 200)

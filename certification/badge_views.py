"""Open Badges endpoints (public, no login): thin views over `certification.badges`.

JSON documents are served as `application/ld+json` (the JWTs as `application/vc+jwt`), readable from any
origin (verifiers run in browsers), and answer JSON errors rather than HTML pages.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from certification import badges, selectors
from certification.badge_responses import VC_JWT, assertion_response, json_error, ld_response, public
from certification.credentials import contexts
from certification.engine.codes import check_code
from certification.views import _noindex, _rate_limited, _too_many
from core.models import Specialisation


def _certificate(request, code: str):
    """(certificate, None) or (None, the error response): rate-limited like the page, JSON 404 for a bad code."""
    if _rate_limited(request):
        return None, _too_many()
    check = check_code(code)
    cert = selectors.certificate_by_code(code=check.code) if check.ok else None
    if cert is None or check.code != code:
        return None, json_error(_("Certificate not found."), 404)
    return cert, None


@_noindex
@require_GET
def assertion(request, code: str):
    cert, error = _certificate(request, code)
    return error or assertion_response(cert)


@_noindex
@require_GET
def baked(request, code: str, ext: str):
    cert, error = _certificate(request, code)
    if error:
        return error
    if ext == "png":
        response = HttpResponse(badges.baked_png(cert), content_type="image/png")
    else:
        response = HttpResponse(badges.baked_svg(cert), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insignia-{cert.number}.{ext}"'
    return public(response)


@_noindex
@require_GET
def credential(request, code: str, ext: str):
    cert, error = _certificate(request, code)
    if error:
        return error
    if ext == "jwt":
        response = public(HttpResponse(badges.open_badge_jwt(cert), content_type=VC_JWT))
        response["Content-Disposition"] = f'attachment; filename="credencial-{cert.number}.jwt"'
        return response
    return ld_response(badges.open_badge_credential(cert))


@require_GET
def issuer(request):
    return ld_response(badges.issuer_profile())


@require_GET
def revocations(request):
    return ld_response(badges.revocation_list())


@require_GET
def badge_class(request, code: str):
    return ld_response(badges.badge_class(get_object_or_404(Specialisation, code=code)))


@require_GET
def badge_image(request, code: str, ext: str):
    spec = get_object_or_404(Specialisation, code=code)
    content_type = "image/png" if ext == "png" else "image/svg+xml; charset=utf-8"
    return public(HttpResponse(badges.badge_image(spec, ext), content_type=content_type))


@require_GET
def status_list(request):
    return public(HttpResponse(badges.status_list_jwt(), content_type=VC_JWT))


@require_GET
def jwks(request):
    return public(JsonResponse(badges.jwks(), content_type="application/jwk-set+json"))


@require_GET
def did_document(request):
    return public(JsonResponse(badges.did_document(), content_type="application/did+json"))


@require_GET
def context(request, name: str):
    doc = contexts.context_by_file(name)
    if doc is None:
        return json_error(_("No such JSON-LD context."), 404)
    return ld_response(doc)

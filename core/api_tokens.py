"""API tokens: the scopes there are, how a token is made and hashed, and the django-ninja auth class
that checks a token's expiry and scope per router or operation.

    ApiTokenAuth(scope="kpi:write")    on an operation (or a router) that needs that scope

Scopes are `<area>:read` or `<area>:write` (write includes read). An area is listed here when its
router is added to config/api.py."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from core.models import ApiToken

#: API areas a token can be scoped to (code, label).
API_AREAS = (
    ("kpi", _("KPI feeds")),
    ("compliance", _("Compliance (licence to dial)")),
    ("org", _("Organisation (HR system sync)")),
    ("learning", _("Learning")),
    ("certification", _("Certification")),
    ("incentives", _("Incentives (payroll)")),
)
LEVELS = (("read", _("read")), ("write", _("read and write")))
TOKEN_PREFIX = "acr_"  # noqa: S105 - a label, not a secret
LAST_USED_EVERY_SECONDS = 60


def scope_choices() -> list[tuple[str, str]]:
    return [
        (f"{area}:{level}", f"{label} · {level_label}") for area, label in API_AREAS for level, level_label in LEVELS
    ]


def all_scopes() -> set[str]:
    return {code for code, _label in scope_choices()}


def token_generate() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def max_lifetime_days() -> int:
    return settings.API_TOKEN_MAX_DAYS


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: 401 for a missing, unknown, revoked or expired token (the
    message says which), 403 when the token lacks `scope`. Sets request.user to the token's owner,
    never to a session's user."""

    openapi_description = "An Acredita API token (create one at /organizacion/tokens/)."

    def __init__(self, scope: str | None = None):
        self.scope = scope
        super().__init__()

    def __call__(self, request):
        request.user = AnonymousUser()  # a session cookie never authenticates an API request
        return super().__call__(request)

    def authenticate(self, request, token: str):
        now = timezone.now()
        api_token = ApiToken.objects.select_related("owner").filter(key_hash=token_hash(token)).first()
        if api_token is None or not api_token.owner.is_active:
            raise HttpError(401, "Unknown API token.")
        if api_token.revoked_at is not None:
            raise HttpError(401, "This API token was revoked; create a new one.")
        if api_token.is_expired(now):
            raise HttpError(
                401, f"This API token expired on {api_token.expires_at:%Y-%m-%d %H:%M} UTC; create a new one."
            )
        if self.scope and not api_token.has_scope(self.scope):
            granted = ", ".join(api_token.scopes) or "none"
            raise HttpError(403, f"This API token lacks the scope '{self.scope}' (it has: {granted}).")
        request.user = api_token.owner
        if api_token.owner.language in dict(settings.LANGUAGES):  # the owner's language, as on the pages
            translation.activate(api_token.owner.language)
            request.LANGUAGE_CODE = api_token.owner.language
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() >= LAST_USED_EVERY_SECONDS:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token

"""System checks for the issuer's signing keys (Open Badges 3.0)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from certification import badges


@register(Tags.security)
def check_signing_keys_readable(app_configs, **kwargs):
    """A malformed key set is found at start-up, not on the first credential download."""
    try:
        badges.signing_keys()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="See README, 'Open Badges: the issuer's key'.", id="certification.E001")]
    return []


@register(Tags.security, deploy=True)
def check_signing_keys_configured(app_configs, **kwargs):
    if not (settings.CREDENTIAL_SIGNING_KEYS or "").strip():
        return [
            Warning(
                "No issuer key is configured: Open Badges 3.0 credentials are signed with a key made at start-up, "
                "which no verifier can find after a restart.",
                hint="Set CREDENTIAL_SIGNING_KEYS (a JWK set) or CREDENTIAL_SIGNING_KEYS_FILE (its path); "
                "see README, 'Open Badges: the issuer's key'.",
                id="certification.W001",
            )
        ]
    return []

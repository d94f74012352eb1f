"""System checks for a deployment (``manage.py check --deploy``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", "testserver", ""}  # noqa: S104 - compared, not bound


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """QR codes, e-mails and certificates print SITE_URL: it must be the public HTTPS address."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme != "https" or (parts.hostname or "") in LOOPBACK_HOSTS:
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL!r}: certificates' QR codes and e-mails would point there.",
                hint="Set the environment variable SITE_URL to the portal's public address, "
                "e.g. https://acredita.example.com",
                id="acredita.E001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits (certificate verification, sign-in) count in the cache: a per-process one
    multiplies every limit by the number of workers and forgets it on restart."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return [
            Warning(
                "The cache is local to each process: rate limits are counted per worker.",
                hint="Set REDIS_URL (or a Redis CELERY_BROKER_URL) so every process shares one cache.",
                id="acredita.W002",
            )
        ]
    return []

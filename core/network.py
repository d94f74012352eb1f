"""The client's IP address, the one reader for the audit trail and the rate limits.

Behind a TLS-terminating proxy ``REMOTE_ADDR`` is the proxy. ``TRUSTED_PROXY_COUNT`` (environment)
says how many proxies under our control sit in front of the application; each appends the address
it received the request from to ``X-Forwarded-For``, so the client is the entry that many places
from the right. Entries further left were written by the client and are never believed. With the
count at 0 (the default: no proxy) the header is ignored. allauth's sign-in rate limits read the
same count (``ALLAUTH_TRUSTED_PROXY_COUNT`` is set from it), so both agree on who the client is.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _clean(request.META.get("REMOTE_ADDR") or "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count <= 0 or not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped a proxy; the leftmost is what the first one saw.
    return _clean(forwarded[-min(count, len(forwarded))]) or remote

"""The audit trail: append-only, hash-chained events.

Public face:
    audit_record(...)   write one event (inside the caller's transaction)
    audit_verify()      walk the chain; returns the first broken event, if any
    audit_purge(...)    drop events older than the retention, keeping the chain verifiable
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from core.models import AuditChainHead, AuditEvent
from core.network import client_ip
from core.request_context import current_request

GENESIS_HASH = "0" * 64


def _normalise(value: Any) -> Any:
    """Make a before/after payload plain JSON (Decimals, dates and UUIDs become strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def audit_key() -> bytes:
    """The secret that keys the chain: AUDIT_HMAC_KEY (required in production), else derived from
    SECRET_KEY so development and tests need no setup."""
    configured = getattr(settings, "AUDIT_HMAC_KEY", "")
    if configured:
        return configured.encode("utf-8")
    return hashlib.sha256(("acredita-audit-chain:" + settings.SECRET_KEY).encode("utf-8")).digest()


def event_content(event: AuditEvent) -> dict:
    return {
        "at": event.at.astimezone(dt.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "summary": event.summary,
        "before": event.before,
        "after": event.after,
        "ip": event.ip,
    }


def event_digest(event: AuditEvent, *, key: bytes | None = None) -> str:
    """HMAC-SHA-256, keyed with `audit_key()`, over the previous hash and the event's canonical content:
    whoever can write to the database but lacks the key cannot recompute the chain after an edit."""
    canonical = json.dumps(event_content(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = (event.prev_hash + canonical).encode("utf-8")
    return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()


def _client_ip(request) -> str | None:
    return None if request is None else client_ip(request)


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def audit_record(
    *,
    action: str,
    actor=None,
    target: models.Model | None = None,
    summary: str = "",
    before: Any = None,
    after: Any = None,
    request=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event. `action` is a dotted code such as "certificate.revoke".

    Who and from where default to the current request (set by RequestContextMiddleware)."""
    request = request or current_request()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            actor = request.user
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)[:200]
    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(
            at=timezone.now(),
            actor=actor,
            actor_label=(actor.get_username() if actor is not None else "sistema")[:150],
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            summary=str(summary),
            before=_normalise(before),
            after=_normalise(after),
            ip=_client_ip(request),
            prev_hash=head.last_hash,
        )
        event.hash = event_digest(event)
        event.save()
        head.last_event_id = event.pk
        head.last_hash = event.hash
        head.save(update_fields=["last_event_id", "last_hash"])
    return event


def _is_power_of_ten(number: int) -> bool:
    while number >= 10 and number % 10 == 0:
        number //= 10
    return number == 1


def audit_signin_failure(*, login: str, request=None, now: dt.datetime | None = None) -> AuditEvent | None:
    """Record a failed sign-in without letting an anonymous caller grow the trail without bound.

    Per login name and client address, within a window of AUDIT_SIGNIN_FAILURE_WINDOW_SECONDS, the
    1st, 10th, 100th… failure writes one event carrying the running count; at most
    AUDIT_SIGNIN_FAILURE_PAIRS_PER_WINDOW pairs are recorded per window, then one "flood" event says
    that more were counted and not recorded. Counters live in the shared cache."""
    from django.core.cache import cache

    request = request or current_request()
    now = now or timezone.now()
    window = settings.AUDIT_SIGNIN_FAILURE_WINDOW_SECONDS
    bucket = int(now.timestamp()) // window
    window_start = dt.datetime.fromtimestamp(bucket * window, tz=dt.UTC)
    login = login[:150]
    ip = _client_ip(request) or ""
    pair = hashlib.sha256(f"{login.casefold()}\0{ip}".encode()).hexdigest()[:32]
    prefix = f"audit:signin-failed:{bucket}"
    count_key, quiet_key = f"{prefix}:{pair}", f"{prefix}:{pair}:quiet"
    cache.add(count_key, 0, timeout=2 * window)
    count = cache.incr(count_key)
    if not _is_power_of_ten(count) or cache.get(quiet_key):
        return None
    if count == 1:
        pairs_key = f"{prefix}:pairs"
        cache.add(pairs_key, 0, timeout=2 * window)
        pairs = cache.incr(pairs_key)
        cap = settings.AUDIT_SIGNIN_FAILURE_PAIRS_PER_WINDOW
        if pairs > cap:
            cache.set(quiet_key, 1, timeout=2 * window)
            if pairs != cap + 1:
                return None
            return audit_record(
                action="auth.login_failed_flood",
                request=request,
                object_type="core.user",
                summary=f"more than {cap} login names/addresses failed to sign in since {window_start:%H:%M} UTC; "
                "further failures in this window are counted, not recorded",
                after={"window_start": window_start, "window_seconds": window, "pairs_recorded": cap},
            )
    return audit_record(
        action="auth.login_failed",
        request=request,
        object_type="core.user",
        object_repr=login,
        summary="failed sign-in" if count == 1 else f"{count} failed sign-ins",
        after={"count": count, "window_start": window_start, "window_seconds": window},
    )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    reason: str = ""


def audit_verify() -> ChainReport:
    key = audit_key()
    head = AuditChainHead.objects.filter(pk=1).first()
    expected_prev = head.checkpoint_hash if head else GENESIS_HASH
    start_after = head.checkpoint_event_id if head else 0
    checked = 0
    last: AuditEvent | None = None
    events = AuditEvent.objects.filter(pk__gt=start_after).order_by("pk").iterator(chunk_size=2000)
    for event in events:
        if event.prev_hash != expected_prev:
            return ChainReport(False, checked, event.pk, "the previous event was changed, deleted or reordered")
        if not hmac.compare_digest(event_digest(event, key=key), event.hash):
            return ChainReport(False, checked, event.pk, "the event's content was edited")
        expected_prev = event.hash
        checked += 1
        last = event
    tip_id = last.pk if last else start_after
    tip_hash = last.hash if last else expected_prev
    if head is not None and (head.last_event_id != tip_id or head.last_hash != tip_hash):
        return ChainReport(
            False,
            checked,
            head.last_event_id,
            "events at the end of the chain were deleted (the chain tip does not match)",
        )
    return ChainReport(True, checked)


def audit_purge(*, now: dt.datetime | None = None, retention_days: int | None = None) -> int:
    """Delete events older than the retention; record the checkpoint so the rest still verifies."""
    now = now or timezone.now()
    retention_days = retention_days or settings.AUDIT_RETENTION_DAYS
    cutoff = now - dt.timedelta(days=retention_days)
    with transaction.atomic():
        head = _lock_head()
        last_old = AuditEvent.objects.filter(at__lt=cutoff).order_by("-pk").first()
        if last_old is None:
            return 0
        head.checkpoint_event_id = last_old.pk
        head.checkpoint_hash = last_old.hash
        head.checkpoint_at = now
        head.save(update_fields=["checkpoint_event_id", "checkpoint_hash", "checkpoint_at"])
        deleted, _ = AuditEvent.objects.filter(pk__lte=last_old.pk)._raw_delete(AuditEvent.objects.db), None
    audit_record(
        action="audit.purge",
        summary=f"{deleted} events older than {retention_days} days purged",
        after={"checkpoint_event_id": last_old.pk, "retention_days": retention_days},
    )
    return deleted

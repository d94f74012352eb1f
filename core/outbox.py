"""The outbox: telling other systems what happened, without losing a message or sending one for a
change that was rolled back.

Publishing writes an :class:`~core.models.OutboxMessage` row inside the caller's transaction (the same
one as the certificate, the completion, the run's approval); once that transaction commits, a Celery
task delivers the due rows, and the beat entry ``core-outbox-deliver`` sweeps them every 30 seconds
(so a message whose first try failed, or whose worker died, is tried again):

- at least once: a row is marked delivered only after the receiver answered 2xx (an LRS answers 204
  to the same statement sent again; its 400, 422 or 409, a refused or conflicting statement, gives up at once);
- safe twice: a worker claims a row by moving its ``next_attempt_at`` (a conditional UPDATE), so two
  sweeps never send one row at the same time, and the receiver sees the same id on every attempt
  (the xAPI statement id, the ``webhook-id`` header) to ignore a repeat;
- in order per subject: a row is not sent while an earlier row of the same destination and subject
  (a certificate, an employee) is still pending;
- retried with exponential backoff (``OUTBOX_RETRY_BASE_SECONDS`` doubling up to
  ``OUTBOX_RETRY_MAX_SECONDS``); after ``OUTBOX_MAX_ATTEMPTS`` it is given up, and an admin may send it
  again from the webhooks page.

Apps publish through :func:`webhook_publish` (events of ``WEBHOOK_EVENTS``) and :func:`xapi_record`
(statements, ``core.xapi``). Both are off by default: no subscription, no ``XAPI_ENDPOINT``, no row.

SSRF care for webhooks (whose URLs admins type): only http(s), no credentials in the URL, redirects
are not followed, and unless ``WEBHOOKS_ALLOW_PRIVATE_NETWORKS`` the host must resolve to public
addresses only (checked when the subscription is saved and again before every attempt).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core import xapi
from core.audit import audit_record
from core.capabilities import user_can
from core.outbox_models import WEBHOOK_EVENTS, OutboxAttempt, OutboxMessage, WebhookSubscription

DELIVER_TASK = "core.tasks.outbox_deliver_due_task"
USER_AGENT = "Acredita-Outbox/1"
#: uuid5 namespace of the ids derived from a message key (so a key always gives the same statement id)
KEY_NAMESPACE = uuid.UUID("6a0f6a8e-0c1e-4a9e-9a39-5b1f3f0c2f11")


# ----------------------------------------------------------------------------- publishing
def _kick_after_commit() -> None:
    """Deliver once the caller's transaction commits (one kick per transaction, not per row)."""
    pending = getattr(connection, "run_on_commit", None) or []
    if any(func is _kick for _sids, func, *_rest in pending):
        return
    transaction.on_commit(_kick)


def _kick() -> None:
    # by name: this module is below core.tasks (the task imports these functions)
    import_string(DELIVER_TASK).delay()


def _message(*, kind, event, subject, payload, key=None, subscription=None, now=None) -> OutboxMessage:
    return OutboxMessage(
        uuid=uuid.uuid5(KEY_NAMESPACE, key) if key else uuid.uuid4(),
        kind=kind,
        subscription=subscription,
        key=key,
        event=event,
        subject=str(subject)[:120],
        payload=payload,
        next_attempt_at=now or timezone.now(),
    )


def _insert(messages: list[OutboxMessage]) -> int:
    """Write the rows (a key already written is skipped: publishing an event twice sends it once)."""
    if not messages:
        return 0
    keys = [m.key for m in messages if m.key]
    known = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True)) if keys else set()
    fresh, seen = [], set()
    for m in messages:
        if m.key and (m.key in known or m.key in seen):
            continue
        seen.add(m.key)
        fresh.append(m)
    OutboxMessage.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
    if fresh:
        _kick_after_commit()
    return len(fresh)


@dataclass(frozen=True)
class Event:
    """One webhook event: its type (a ``WEBHOOK_EVENTS`` code), what it is about, and its data."""

    type: str
    subject: str
    data: dict
    key: str | None = None  # the business event once, e.g. "certificate.issued:17"


def webhooks_wanted(event: str) -> bool:
    """Whether any active subscription wants ``event`` (so a caller can skip building the events)."""
    return any(s.wants(event) for s in WebhookSubscription.objects.filter(active=True))


def webhook_publish(event: str, *, subject: str, data: dict, key: str | None = None) -> int:
    """Queue one event for every active subscription that wants it, in the caller's transaction."""
    return webhooks_publish([Event(event, subject, data, key)])


def webhooks_publish(events: Iterable[Event]) -> int:
    """Queue several events (one query for the subscriptions, one insert); returns the rows written."""
    events = list(events)
    for e in events:
        if e.type not in WEBHOOK_EVENTS:
            raise ValueError(f"unknown webhook event {e.type!r}")
    if not events:
        return 0
    subscriptions = [s for s in WebhookSubscription.objects.filter(active=True) if s.event_types]
    if not subscriptions:
        return 0
    now = timezone.now()
    rows = []
    for e in events:
        payload = {"type": e.type, "timestamp": now.isoformat(), "data": e.data}
        for sub in subscriptions:
            if sub.wants(e.type):
                rows.append(
                    _message(
                        kind=OutboxMessage.Kind.WEBHOOK,
                        event=e.type,
                        subject=e.subject,
                        payload=payload,
                        key=f"webhook:{e.key}:sub{sub.pk}" if e.key else None,
                        subscription=sub,
                        now=now,
                    )
                )
    return _insert(rows)


def xapi_enabled() -> bool:
    return bool(settings.XAPI_ENDPOINT)


def xapi_record(
    *,
    verb: str,
    employee,
    activity: xapi.Activity,
    key: str,
    result: dict | None = None,
    parent: xapi.Activity | None = None,
    timestamp: dt.datetime | None = None,
) -> int:
    """Queue one xAPI statement (off while ``XAPI_ENDPOINT`` is unset). ``key`` names the event once
    (e.g. ``lesson.completed:<employee>:<lesson>:<version>``): its statement id derives from it."""
    if not xapi_enabled() or employee is None:
        return 0
    # the portal's IRI base is part of the key: two installations never make the same statement id
    key = f"xapi:{settings.XAPI_BASE_IRI}:{key}"[:200]
    statement_id = uuid.uuid5(KEY_NAMESPACE, key)
    statement = xapi.statement(
        statement_id=statement_id,
        verb=verb,
        account_name=employee.employee_code,
        activity=activity,
        result=result,
        parent=parent,
        timestamp=timestamp or timezone.now(),
    )
    message = _message(
        kind=OutboxMessage.Kind.XAPI,
        event=verb,
        subject=f"employee:{employee.employee_code}",
        payload=statement,
        key=key,
    )
    return _insert([message])


# ----------------------------------------------------------------------------- subscriptions
def webhook_secret_new() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _secret_bytes(secret: str) -> bytes:
    raw = secret[len("whsec_") :] if secret.startswith("whsec_") else secret
    return base64.b64decode(raw + "==")


def webhook_sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header: ``v1,`` and the base64 HMAC-SHA256 of ``id.timestamp.body``."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _public_address(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return True  # unresolvable now: the attempt itself will fail and be retried
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            return False
    return True


def webhook_url_check(url: str) -> None:
    """Refuse what a webhook may not be sent to (raises ``ValidationError`` naming the URL field)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Use an http:// or https:// address.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("Leave user names and passwords out of the address.")})
    if not settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS and not _public_address(parts.hostname):
        raise ValidationError(
            {"url": _("This address is in a private or local network; webhooks go to public addresses only.")}
        )


def _events_check(event_types) -> list[str]:
    chosen = sorted(set(event_types or []))
    unknown = [e for e in chosen if e not in WEBHOOK_EVENTS]
    if unknown:
        raise ValidationError({"event_types": _("Unknown events: %(events)s") % {"events": ", ".join(unknown)}})
    if not chosen:
        raise ValidationError({"event_types": _("Choose at least one event.")})
    return chosen


def _require(actor) -> None:
    if actor is not None and not user_can(actor, "integrations.webhooks_manage"):
        raise PermissionDenied


@transaction.atomic
def webhook_subscription_create(*, actor, name: str, url: str, event_types, active: bool = True) -> WebhookSubscription:
    _require(actor)
    url = (url or "").strip()
    webhook_url_check(url)
    sub = WebhookSubscription.objects.create(
        name=(name or "").strip()[:80] or urlsplit(url).hostname,
        url=url,
        secret=webhook_secret_new(),
        event_types=_events_check(event_types),
        active=active,
        created_by=actor,
    )
    audit_record(
        action="webhook_subscription.create",
        actor=actor,
        target=sub,
        after={"url": sub.url, "events": sub.event_types, "active": sub.active},
    )
    return sub


@transaction.atomic
def webhook_subscription_update(
    *, actor, subscription: WebhookSubscription, name: str, url: str, event_types, active: bool
) -> WebhookSubscription:
    _require(actor)
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    url = (url or "").strip()
    webhook_url_check(url)
    before = {"name": sub.name, "url": sub.url, "events": sub.event_types, "active": sub.active}
    sub.name = (name or "").strip()[:80] or sub.name
    sub.url = url
    sub.event_types = _events_check(event_types)
    sub.active = active
    sub.save(update_fields=["name", "url", "event_types", "active"])
    after = {"name": sub.name, "url": sub.url, "events": sub.event_types, "active": sub.active}
    if before != after:
        audit_record(action="webhook_subscription.update", actor=actor, target=sub, before=before, after=after)
    return sub


@transaction.atomic
def webhook_subscription_rotate_secret(*, actor, subscription: WebhookSubscription) -> WebhookSubscription:
    """A new secret (the old one stops at once; messages still pending are signed with the new one)."""
    _require(actor)
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    sub.secret = webhook_secret_new()
    sub.save(update_fields=["secret"])
    audit_record(action="webhook_subscription.rotate_secret", actor=actor, target=sub)
    return sub


@transaction.atomic
def outbox_redeliver(*, actor, message: OutboxMessage) -> OutboxMessage:
    """Send a message again now (delivered or given up): same id, so the receiver can tell a repeat."""
    _require(actor)
    msg = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    before = {"status": msg.status, "attempts": msg.attempts}
    msg.status = OutboxMessage.Status.PENDING
    msg.next_attempt_at = timezone.now()
    msg.save(update_fields=["status", "next_attempt_at"])
    audit_record(
        action="outbox.redeliver",
        actor=actor,
        target=msg.subscription or msg,
        summary=f"{msg.event} {msg.subject} {msg.uuid}",
        before=before,
        after={"status": msg.status},
    )
    transaction.on_commit(lambda: import_string("core.tasks.outbox_deliver_message_task").delay(msg.pk, True))
    return msg


# ----------------------------------------------------------------------------- delivering
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913 - urllib's signature
        return None  # a redirect is an answer like any other non-2xx: not followed


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class Outcome:
    delivered: bool
    status_code: int | None = None
    error: str = ""
    duration_ms: int = 0
    unreachable: bool = False  # the destination did not answer at all: skip its other rows this sweep
    permanent: bool = False  # refused for good (an invalid or conflicting statement): give up now


def _http(method: str, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    # the scheme is http(s): webhook_url_check for webhooks, env_url for XAPI_ENDPOINT
    request = urllib.request.Request(  # noqa: S310
        url, data=body, method=method, headers={"User-Agent": USER_AGENT, **headers}
    )
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=settings.OUTBOX_TIMEOUT_SECONDS) as response:
            code = response.status
            response.read(1024)
    except urllib.error.HTTPError as exc:
        code = exc.code
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(
            False,
            error=f"{type(reason).__name__}: {reason}"[:500],
            duration_ms=int((time.monotonic() - started) * 1000),
            unreachable=True,
        )
    ms = int((time.monotonic() - started) * 1000)
    return Outcome(200 <= code < 300, code, "" if 200 <= code < 300 else f"HTTP {code}", ms)


def _body(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _send_webhook(msg: OutboxMessage) -> Outcome:
    sub = msg.subscription
    try:
        webhook_url_check(sub.url)
    except ValidationError as exc:
        return Outcome(False, error="refused: " + "; ".join(exc.messages)[:480])
    body = _body(msg.payload)
    timestamp = int(time.time())
    msg_id = str(msg.uuid)
    headers = {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": webhook_sign(secret=sub.secret, msg_id=msg_id, timestamp=timestamp, body=body),
    }
    return _http("POST", sub.url, body, headers)


def _send_xapi(msg: OutboxMessage) -> Outcome:
    endpoint = settings.XAPI_ENDPOINT
    if not endpoint:
        return Outcome(False, error="XAPI_ENDPOINT is not set", unreachable=True)
    url = endpoint.rstrip("/") + "/statements?statementId=" + quote(str(msg.uuid))
    credentials = base64.b64encode(f"{settings.XAPI_KEY}:{settings.XAPI_SECRET}".encode()).decode()
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": xapi.VERSION,
        "Authorization": f"Basic {credentials}",
    }
    outcome = _http("PUT", url, _body(msg.payload), headers)
    # The same statement again is 204 (a retry after a lost answer is harmless); 400 or 422 is a statement the
    # LRS's validation refused and 409 another statement under this id: trying again cannot help.
    if outcome.status_code in (400, 409, 422):
        outcome.permanent = True
    return outcome


def _backoff(attempts: int) -> dt.timedelta:
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _earlier_pending(msg: OutboxMessage) -> bool:
    return OutboxMessage.objects.filter(
        kind=msg.kind,
        subscription_id=msg.subscription_id,
        subject=msg.subject,
        status=OutboxMessage.Status.PENDING,
        pk__lt=msg.pk,
    ).exists()


def _claim(msg: OutboxMessage, now: dt.datetime, *, force: bool = False) -> bool:
    """Take the row for this worker (a conditional UPDATE: a second sweep finds it not due)."""
    lease = now + dt.timedelta(seconds=settings.OUTBOX_TIMEOUT_SECONDS + 30)
    rows = OutboxMessage.objects.filter(pk=msg.pk, status=OutboxMessage.Status.PENDING)
    if not force:
        rows = rows.filter(next_attempt_at__lte=now)
    return rows.update(next_attempt_at=lease) == 1


def outbox_deliver_message(*, message_id: int, manual: bool = False, now: dt.datetime | None = None) -> Outcome | None:
    """Try one pending message now (None: not pending, waiting behind an earlier one, or taken)."""
    now = now or timezone.now()
    msg = OutboxMessage.objects.select_related("subscription").filter(pk=message_id).first()
    if msg is None or msg.status != OutboxMessage.Status.PENDING or _earlier_pending(msg):
        return None
    if not _claim(msg, now, force=manual):
        return None
    return _attempt(msg, manual=manual)


def _attempt(msg: OutboxMessage, *, manual: bool = False) -> Outcome:
    outcome = _send_xapi(msg) if msg.kind == OutboxMessage.Kind.XAPI else _send_webhook(msg)
    at = timezone.now()
    with transaction.atomic():
        OutboxAttempt.objects.create(
            message=msg,
            at=at,
            status_code=outcome.status_code,
            duration_ms=outcome.duration_ms,
            error=outcome.error[:500],
            delivered=outcome.delivered,
            manual=manual,
        )
        fields = {"attempts": F("attempts") + 1, "last_status_code": outcome.status_code, "last_error": outcome.error}
        if outcome.delivered:
            fields.update(status=OutboxMessage.Status.DELIVERED, delivered_at=at, last_error="")
        elif outcome.permanent or msg.attempts + 1 >= settings.OUTBOX_MAX_ATTEMPTS:
            fields.update(status=OutboxMessage.Status.FAILED)
        else:
            fields.update(next_attempt_at=at + _backoff(msg.attempts + 1))
        OutboxMessage.objects.filter(pk=msg.pk).update(**fields)
    return outcome


def outbox_deliver_due(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Send the due messages, oldest first, in order per subject; a destination that does not answer
    is not tried again in this sweep (its rows wait for the next one). Safe to run concurrently."""
    now = now or timezone.now()
    counts = {"delivered": 0, "failed": 0, "waiting": 0}
    down: set[tuple[str, int | None]] = set()
    blocked: set[tuple[str, int | None, str]] = set()
    due = (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .select_related("subscription")
        .order_by("pk")[:limit]
    )
    for msg in list(due):
        destination = (msg.kind, msg.subscription_id)
        lane = (*destination, msg.subject)
        if destination in down or lane in blocked or _earlier_pending(msg) or not _claim(msg, now):
            blocked.add(lane)
            counts["waiting"] += 1
            continue
        outcome = _attempt(msg)
        if outcome.delivered:
            counts["delivered"] += 1
            continue
        counts["failed"] += 1
        if not outcome.permanent:  # given up: the next one of its subject may go
            blocked.add(lane)
        if outcome.unreachable:
            down.add(destination)
    return counts


__all__ = [
    "Event",
    "Outcome",
    "outbox_deliver_due",
    "outbox_deliver_message",
    "outbox_redeliver",
    "webhook_publish",
    "webhook_secret_new",
    "webhook_sign",
    "webhook_subscription_create",
    "webhook_subscription_rotate_secret",
    "webhook_subscription_update",
    "webhook_url_check",
    "webhooks_publish",
    "webhooks_wanted",
    "xapi_enabled",
    "xapi_record",
]

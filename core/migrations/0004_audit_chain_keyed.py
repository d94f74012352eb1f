"""The audit chain becomes keyed (HMAC-SHA-256 with AUDIT_HMAC_KEY instead of plain SHA-256).

The existing chain is first verified with the old, unkeyed digest (a broken chain stops the migration:
re-keying it would launder the tampering), then every event is re-hashed with the key, in order, from
the retention checkpoint on. The digests are frozen here so later changes to core.audit cannot alter
what this migration did."""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

GENESIS_HASH = "0" * 64


def _content(event) -> str:
    import datetime as dt

    content = {
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
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _unkeyed(prev_hash: str, event) -> str:
    return hashlib.sha256((prev_hash + _content(event)).encode("utf-8")).hexdigest()


def _keyed(prev_hash: str, event, key: bytes) -> str:
    return hmac.new(key, (prev_hash + _content(event)).encode("utf-8"), hashlib.sha256).hexdigest()


def _key() -> bytes:
    configured = getattr(settings, "AUDIT_HMAC_KEY", "")
    if configured:
        return configured.encode("utf-8")
    return hashlib.sha256(("acredita-audit-chain:" + settings.SECRET_KEY).encode("utf-8")).digest()


def rekey(apps, schema_editor=None, key: bytes | None = None) -> int:
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    key = key or _key()
    head = AuditChainHead.objects.filter(pk=1).first()
    old_prev = head.checkpoint_hash if head else GENESIS_HASH
    new_prev = old_prev  # the checkpoint stays the anchor: the purged event's hash is not re-derivable
    count = 0
    for event in AuditEvent.objects.filter(pk__gt=head.checkpoint_event_id if head else 0).order_by("pk"):
        if event.prev_hash != old_prev or _unkeyed(old_prev, event) != event.hash:
            raise RuntimeError(
                f"Audit event #{event.pk} does not verify under the old unkeyed chain; investigate it "
                "(python manage.py verify_audit on the previous release) before keying the chain."
            )
        old_prev = event.hash
        new_hash = _keyed(new_prev, event, key)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=new_prev, hash=new_hash)
        new_prev = new_hash
        count += 1
    if head is not None and count:
        AuditChainHead.objects.filter(pk=1).update(last_hash=new_prev)
    return count


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_leave"),
    ]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]

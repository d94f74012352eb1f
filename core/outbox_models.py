"""The outbox: messages to other systems (xAPI statements to an LRS, signed webhooks), written in the
same transaction as the change they tell of, and delivered afterwards by Celery (``core.outbox``).

Imported by ``core.models`` (so Django sees these as core's models); it imports no other core module.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: the events a webhook subscription may choose (code -> what a reader sees)
WEBHOOK_EVENTS = {
    "certificate.issued": _("Certificate issued"),
    "certificate.expiring": _("Certificate about to expire"),
    "certificate.expired": _("Certificate expired"),
    "certificate.revoked": _("Certificate revoked"),
    "assignment.overdue": _("Training assignment overdue"),
    "payout_run.approved": _("Bonus run approved"),
    "payout_run.exported": _("Bonus run exported to payroll"),
    "clearance.changed": _("Clearance to dial changed"),
    "compliance.breach": _("Compliance breach found"),
}


class WebhookSubscription(models.Model):
    """A receiver of signed webhooks (Standard Webhooks): where, with which secret, for which events."""

    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("secret"), max_length=80)  # "whsec_" + base64 of 32 random bytes
    event_types = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str) -> bool:
        return self.active and event in self.event_types


class OutboxMessage(models.Model):
    """One message to deliver: at least once, in order per (destination, subject), retried with backoff."""

    class Kind(models.TextChoices):
        XAPI = "xapi", _("xAPI statement")
        WEBHOOK = "webhook", _("Webhook")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Gave up")

    #: the xAPI statement id and the webhook-id header: the same on every attempt, so a retry is idempotent
    uuid = models.UUIDField(_("id"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subscription = models.ForeignKey(
        WebhookSubscription, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    #: the business event once (e.g. "webhook:certificate.issued:17:sub3"): publishing it again writes nothing
    key = models.CharField(_("key"), max_length=200, null=True, blank=True, unique=True)
    event = models.CharField(_("event"), max_length=60)
    #: messages of one subject (a certificate, an employee) reach one destination in the order written
    subject = models.CharField(_("subject"), max_length=120)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due"),
            models.Index(fields=["kind", "subscription", "subject", "status"], name="core_outbox_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="xapi", subscription__isnull=True)
                | models.Q(kind="webhook", subscription__isnull=False),
                name="core_outbox_webhook_has_subscription",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="delivered") | models.Q(delivered_at__isnull=False),
                name="core_outbox_delivered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.subject} ({self.uuid})"


class OutboxAttempt(models.Model):
    """One try to deliver a message: what came back and how long it took (never a secret or a body)."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("at"))
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    delivered = models.BooleanField(_("delivered"), default=False)
    manual = models.BooleanField(_("manual redelivery"), default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.message_id} {self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error[:40]}"

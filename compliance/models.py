"""Contact rules (versioned, per country), the dialer's contact attempts and the breaches found in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Campaign, Employee, UploadedBatch

from .engine import RuleSet, ruleset_from_dict
from .engine.calendar import local


class Country(models.TextChoices):
    MX = "MX", _("Mexico")
    CO = "CO", _("Colombia")
    CL = "CL", _("Chile")
    PE = "PE", _("Peru")
    US = "US", _("United States")


class Channel(models.TextChoices):
    CALL = "llamada", _("Call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    VISIT = "visita", _("Visit")


class Result(models.TextChoices):
    NO_ANSWER = "no_contesta", _("No answer")
    VOICEMAIL = "buzon", _("Voicemail")
    BUSY = "ocupado", _("Busy")
    DEBTOR = "contacto_titular", _("Spoke to the debtor")
    THIRD_PARTY = "contacto_tercero", _("Spoke to a third party")
    PROMISE = "promesa", _("Promise to pay")
    WRONG_NUMBER = "numero_erroneo", _("Wrong number")
    SENT = "enviado", _("Sent")


class RuleCode(models.TextChoices):
    OUT_OF_HOURS = "fuera_de_horario", _("Outside permitted hours")
    NON_WORKING_DAY = "dia_no_habil", _("Non-working day or holiday")
    DAILY_CAP = "tope_diario", _("Daily limit")
    WEEKLY_CAP = "tope_semanal", _("Weekly limit")
    SEVEN_DAY_CAP = "tope_7_dias", _("Limit in 7 days")
    AFTER_CONTACT = "tras_contacto", _("Too soon after a conversation")
    MIN_GAP = "separacion_minima", _("Too little time between messages")
    MULTICHANNEL = "multicanal_semana", _("Several channels in one week")


class Severity(models.TextChoices):
    SEVERE = "severe", _("Severe")
    MINOR = "minor", _("Minor")


class RuleSetVersion(models.Model):
    """The contact rules of one country from one date (a law change is a new version)."""

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    version = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    definition = models.JSONField(_("rules"))
    source = models.CharField(_("legal source"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact rule set")
        verbose_name_plural = _("contact rule sets")
        ordering = ["country", "-version"]
        constraints = [models.UniqueConstraint(fields=["country", "version"], name="ruleset_version_once")]

    def __str__(self) -> str:
        return f"{self.get_country_display()} v{self.version}"

    def to_engine(self) -> RuleSet:
        return ruleset_from_dict(
            self.definition,
            country=self.country,
            version=self.version,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            ref=self.pk,
        )

    def rule(self, key: str) -> dict:
        return next((r for r in self.definition.get("rules", []) if r.get("key") == key), {})


class ContactImport(UploadedBatch):
    """One contact-attempt log file: its hash, outcome and error report (nothing stored on rejection).

    The file holds debtors' accounts and numbers in clear, which the portal otherwise keeps only as
    keyed hashes: its bytes are deleted as soon as the log is loaded, rejected or found a duplicate
    (``file_deleted_at``); the SHA-256 still recognises the same file uploaded again."""

    upload_dir = "compliance/contacts/%Y/%m/"

    profile_code = models.CharField(_("profile"), max_length=40, default="canonical")

    class Meta(UploadedBatch.Meta):
        verbose_name = _("contact log")
        verbose_name_plural = _("contact logs")


class ContactAttempt(models.Model):
    """One attempt from the dialer's log. The account and the contact point are keyed hashes only."""

    contact_import = models.ForeignKey(ContactImport, on_delete=models.PROTECT, related_name="attempts")
    row = models.PositiveIntegerField(_("row"))
    occurred_at = models.DateTimeField(_("time"))
    zone = models.CharField(_("debtor's time zone"), max_length=64)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="contact_attempts")
    account_hash = models.CharField(_("account (hash)"), max_length=64)
    destination_hash = models.CharField(_("contact point (hash)"), max_length=64)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["occurred_at", "id"]
        constraints = [
            # the same attempt in two files is stored once
            models.UniqueConstraint(
                fields=["employee", "account_hash", "destination_hash", "channel", "occurred_at"],
                name="contact_attempt_once",
            )
        ]
        indexes = [
            models.Index(fields=["occurred_at"], name="contact_attempt_at"),
            models.Index(fields=["country", "account_hash", "occurred_at"], name="contact_attempt_account"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.channel} {self.occurred_at:%Y-%m-%d %H:%M}"

    def local_time(self) -> dt.datetime:
        return local(self.occurred_at, self.zone)


class ComplianceScan(models.Model):
    """One run of the check over a month (the audit trail links breaches to it)."""

    period = models.DateField(_("period"))  # first day of the month
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts_checked = models.PositiveIntegerField(_("attempts checked"), default=0)
    breaches_found = models.PositiveIntegerField(_("breaches found"), default=0)
    breaches_new = models.PositiveIntegerField(_("new breaches"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("compliance scan")
        verbose_name_plural = _("compliance scans")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} #{self.pk}"


class Breach(models.Model):
    """One rule broken by one attempt, with the attempts that make it a breach (the evidence)."""

    ruleset = models.ForeignKey(RuleSetVersion, on_delete=models.PROTECT, related_name="breaches")
    rule_key = models.CharField(_("rule"), max_length=60)
    code = models.CharField(_("rule broken"), max_length=20, choices=RuleCode.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    advisory = models.BooleanField(_("advisory (unverified rule)"), default=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="compliance_breaches")
    account_hash = models.CharField(_("account (hash)"), max_length=64)
    attempt = models.ForeignKey(ContactAttempt, on_delete=models.PROTECT, related_name="breaches")
    evidence = models.ManyToManyField(ContactAttempt, related_name="evidence_of", verbose_name=_("evidence"))
    occurred_at = models.DateTimeField(_("time"))
    local_day = models.DateField(_("local day"))
    params = models.JSONField(_("facts"), default=dict)
    lesson = models.CharField(_("course that teaches the rule"), max_length=100, blank=True)
    scan = models.ForeignKey(ComplianceScan, on_delete=models.SET_NULL, null=True, related_name="breaches")
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "rule_key", "attempt"], name="breach_once_per_rule_attempt")
        ]
        indexes = [
            models.Index(fields=["local_day"], name="breach_day"),
            models.Index(fields=["employee", "local_day"], name="breach_employee_day"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.employee_id} {self.local_day}"


class DialSuspension(models.Model):
    """An agent's licence to dial suspended from ``start`` to ``end`` (inclusive): the days on which
    ``COMPLIANCE_SUSPEND_AFTER_SEVERE`` severe enforced breaches fall within the last
    ``COMPLIANCE_SUSPEND_WINDOW_DAYS``. A stored, audited state (``services.dial_suspensions_sync``,
    after each scan): the dialer's list reads it, each change is in the audit trail and e-mailed."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="dial_suspensions")
    start = models.DateField(_("suspended from"))
    end = models.DateField(_("suspended until"))
    severe_breaches = models.PositiveIntegerField(_("severe breaches"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # when the end of the suspension was announced (``services.dial_suspensions_expire``, nightly, once)
    ended_notified_at = models.DateTimeField(_("end announced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("licence to dial suspension")
        verbose_name_plural = _("licence to dial suspensions")
        ordering = ["employee_id", "start"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "start"], name="dial_suspension_once"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="dial_suspension_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.start}–{self.end}"

"""Bonus plans, assignments, targets, payout runs and their governance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from incentives.engine import plan_from_dict
from incentives.periods import period_bounds


class Plan(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="MXN")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bonus plan")
        verbose_name_plural = _("bonus plans")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanVersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PlanVersion(models.Model):
    """One version of a plan. Its definition (engine JSON) is immutable once published."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=PlanVersionStatus.choices, default="draft")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    definition = models.JSONField(_("definition"))
    #: ISO 4217 code the version pays in (its definition's ``currency``); a plan is assigned by
    #: site/country (team, campaign), so each country's plan pays in that country's money
    currency = models.CharField(_("currency"), max_length=3, default="MXN")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan__name", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan.name} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == PlanVersionStatus.PUBLISHED

    def engine_plan(self):
        return plan_from_dict(self.definition, validate=False)

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class PlanAssignment(models.Model):
    """Attaches a plan version to an employee, role, campaign or team for a date range.

    When several assignments cover an employee on a day, the most specific wins:
    employee > role > campaign > team (then the latest start)."""

    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="assignments")
    employee = models.ForeignKey("core.Employee", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    role = models.CharField(_("role"), max_length=20, blank=True)
    campaign = models.ForeignKey("core.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan assignment")
        verbose_name_plural = _("plan assignments")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="plan_assignment_dates"),
        ]

    def __str__(self) -> str:
        who = self.employee or self.role or self.campaign or self.team
        return f"{self.plan_version} → {who} ({self.start}–{self.end})"

    @property
    def specificity(self) -> int:
        if self.employee_id:
            return 4
        if self.role:
            return 3
        if self.campaign_id:
            return 2
        return 1


class Target(models.Model):
    """A goal for one period (month), per employee, team or campaign."""

    period = models.DateField(_("period"))  # first day of the month
    code = models.SlugField(_("target code"), max_length=60)
    employee = models.ForeignKey("core.Employee", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    campaign = models.ForeignKey("core.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = pgettext_lazy("bonus goal", "target")
        verbose_name_plural = pgettext_lazy("bonus goal", "targets")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "code", "employee", "team", "campaign"],
                name="target_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.period:%Y-%m} {self.value}"


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    TEAMS_APPROVED = "teams_approved", _("Approved by managers")
    APPROVED = "approved", _("Approved by HR")
    LOCKED = "locked", _("Locked")
    EXPORTED = "exported", _("Exported")


#: the allowed transitions, with who may make them, are the one table in incentives.workflow
CLOSED_STATUSES = {RunStatus.APPROVED, RunStatus.LOCKED, RunStatus.EXPORTED}


class PayoutRun(models.Model):
    period = models.DateField(_("period"))  # first day of the month
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="runs")
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.DRAFT)
    currency = models.CharField(_("currency"), max_length=3, default="MXN")
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(null=True, blank=True)
    computing = models.BooleanField(default=False)
    progress = models.PositiveSmallIntegerField(default=0)
    failure = models.TextField(blank=True)
    payout_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2, default=Decimal(0))
    #: one total per currency, {"MXN": "1234.50", "COP": "..."}: amounts in different currencies are
    #: never added up (``total`` is their sum only when the run pays in one currency, else 0)
    totals = models.JSONField(_("totals by currency"), default=dict, blank=True)
    #: digests of what the last computation read (``incentives.fingerprint``); {} before the first
    fingerprint = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payout run")
        verbose_name_plural = _("payout runs")
        ordering = ["-period", "-id"]

    def __str__(self) -> str:
        scope = self.plan.code if self.plan_id else "*"
        return f"{self.period:%Y-%m} {scope} #{self.pk}"

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"

    @property
    def period_end(self) -> dt.date:
        return period_bounds(self.period)[1]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def currencies(self) -> list[str]:
        return sorted(self.totals) if self.totals else [self.currency]

    # live progress: a computation writes inside one transaction the page cannot see into, and a
    # chord's chunks finish in other workers, so both report through the cache (as KPI imports do)
    @property
    def progress_cache_key(self) -> str:
        return f"incentives:run-progress:{self.pk}"

    @property
    def chunks_done_cache_key(self) -> str:
        return f"incentives:run-chunks-done:{self.pk}"

    @property
    def live_progress(self) -> dict:
        """{"percent", "chunks", "chunks_done"} while computing (``chunks`` 0: not split), from
        what the computation last reported; the stored ``progress`` otherwise."""
        if not self.computing:
            return {"percent": self.progress, "chunks": 0, "chunks_done": 0}
        live = cache.get_many([self.progress_cache_key, self.chunks_done_cache_key])
        state = live.get(self.progress_cache_key) or {}
        chunks = state.get("chunks", 0)
        done = min(chunks, live.get(self.chunks_done_cache_key) or 0)
        percent = state.get("percent", self.progress)
        if chunks > 1:
            percent = max(percent, int(90 * done / chunks))
        return {"percent": max(self.progress, percent), "chunks": chunks, "chunks_done": done}


class RunPlanClaim(models.Model):
    """A run's claim on one plan of its period; ``plan`` empty is the period's all-plans claim.

    One claim per (period, plan) and one all-plans claim per period, held by the database: a
    period has one run for all plans, or runs whose plan sets are disjoint, so nobody is paid
    twice for the same plan and month. An all-plans run claims every plan (and the empty
    plan); a plan-limited run claims its plan. Claims go with their run (deleted on discard)."""

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="claims")
    period = models.DateField(_("period"))
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["period", "id"]
        constraints = [
            models.UniqueConstraint(F("period"), Coalesce(F("plan"), Value(0)), name="run_plan_claim_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.plan_id or '*'} -> {self.run_id}"


class RunTeam(models.Model):
    """A team whose members are paid in the run; its manager approves it."""

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="run_teams")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))
    payout_count = models.PositiveIntegerField(default=0)
    totals = models.JSONField(default=dict, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team__name"]
        constraints = [models.UniqueConstraint(fields=["run", "team"], name="run_team_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.team_id}"


class Payout(models.Model):
    """One employee's payout under one plan version in a run."""

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="payouts")
    employee = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="payouts")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="payouts")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    eligible_days = models.PositiveSmallIntegerField(default=0)
    days_in_period = models.PositiveSmallIntegerField(default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    gates = models.JSONField(default=list)
    inputs = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["employee__employee_code", "plan_version_id"]
        indexes = [models.Index(fields=["run", "employee"], name="payout_run_employee")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.total}"

    @property
    def failed_gates(self) -> list[dict]:
        return [g for g in self.gates if not g["passed"]]


class PayoutLine(models.Model):
    payout = models.ForeignKey(Payout, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=60)
    kind = models.CharField(max_length=20)
    name = models.CharField(max_length=200, blank=True)
    concept = models.CharField(max_length=60)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["payout_id", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.amount}"


class RunEvent(models.Model):
    """Append-only history of a run's transitions."""

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}->{self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Run events are append-only.")
        super().save(*args, **kwargs)


class AdjustmentReason(models.TextChoices):
    CORRECTION = "correction", _("Calculation correction")
    DISPUTE = "dispute", _("Accepted dispute")
    CLAWBACK = "clawback", _("Clawback (reversed payment)")
    PRIOR_PERIOD = "prior_period", _("Prior-period adjustment")
    SPECIAL = "special", _("Special recognition")
    DEDUCTION = "deduction", _("Compliance deduction")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Adjustment(models.Model):
    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="adjustments")
    employee = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    #: the currency the employee is paid in by the run (their payout's), so per-currency totals
    #: and payroll files include it
    currency = models.CharField(_("currency"), max_length=3, default="MXN")
    reason = models.CharField(_("reason"), max_length=20, choices=AdjustmentReason.choices)
    comment = models.TextField(_("comment"))
    status = models.CharField(max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PENDING)
    prior_period = models.DateField(_("period corrected"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.amount} {self.reason}"

    @property
    def concept(self) -> str:
        return "AJUSTE_ANT" if self.prior_period else "AJUSTE"


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Dispute(models.Model):
    payout = models.ForeignKey(Payout, on_delete=models.CASCADE, related_name="disputes")
    line_code = models.CharField(max_length=60, blank=True)
    message = models.TextField(_("message"))
    status = models.CharField(max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    adjustment = models.ForeignKey(Adjustment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["opened_at", "id"]

    def __str__(self) -> str:
        return f"{self.payout_id} {self.status}"

    @property
    def line_name(self) -> str:
        """The disputed line by its name (the component's), not its code."""
        if not self.line_code:
            return ""
        name = self.payout.lines.filter(code=self.line_code).values_list("name", flat=True).first()
        return name or self.line_code

    def age_days(self, today: dt.date | None = None) -> int:
        today = today or timezone.localdate()
        end = self.resolved_at.date() if self.resolved_at else today
        return (end - self.opened_at.date()).days


class ExportTemplate(models.Model):
    """Payroll file layout: ordered columns of known fields, with their headers."""

    FIELDS = ("employee_code", "employee_name", "concept", "amount", "currency", "period", "plan")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    columns = models.JSONField(
        _("columns"),
        help_text=_(
            'List of {"header": ..., "field": ...}; fields: employee_code, employee_name, '
            "concept, amount, currency, period, plan"
        ),
    )
    delimiter = models.CharField(_("CSV delimiter"), max_length=1, default=",")
    decimal_separator = models.CharField(_("decimal separator"), max_length=1, default=".")
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("payroll export template")
        verbose_name_plural = _("payroll export templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PayrollExport(models.Model):
    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="exports")
    template = models.ForeignKey(ExportTemplate, on_delete=models.PROTECT, related_name="+")
    file_format = models.CharField(max_length=5)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.run_id} {self.file_format} {self.sha256[:12]}"

"""Organisation, people, roles and the audit trail: the shared core every app uses."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.capabilities import role_can, role_is_superuser, user_can
from core.roles import Role

#: The fields whose every change is audited (see core.receivers).
PRIVILEGE_FIELDS = ("role", "is_superuser", "is_staff")


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # privileges follow the role: a superuser is an administrator
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, default="es")

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_privileges = instance.privileges() if set(PRIVILEGE_FIELDS) <= set(field_names) else None
        return instance

    def privileges(self) -> dict:
        return {name: getattr(self, name) for name in PRIVILEGE_FIELDS}

    def save(self, *args, **kwargs):
        """Privileges come from the role alone: administrators are superusers, CMS roles are staff.
        (capability cms.access). Whatever a form or a shell set on the flags, the role decides; each change is audited."""
        self.is_superuser = role_is_superuser(self.role)
        self.is_staff = role_can(self.role, "cms.access")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_superuser", "is_staff"}
        super().save(*args, **kwargs)

    @property
    def employee_or_none(self) -> Employee | None:
        try:
            return self.employee
        except Employee.DoesNotExist:
            return None

    def can(self, capability: str) -> bool:
        """Whether this user's role holds `capability` (core.capabilities; superusers count as admins)."""
        return user_can(self, capability)


class Company(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="MXN")

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="sites")
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. MX"))
    timezone = models.CharField(_("time zone"), max_length=64, default="America/Mexico_City")

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="teams")
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="supervised_teams", verbose_name=_("supervisors")
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_teams", verbose_name=_("managers")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["site__name", "name"]

    def __str__(self) -> str:
        return self.name


class Bucket(models.TextChoices):
    """Delinquency bucket ("tramo") of a portfolio."""

    B1_30 = "1-30", _("1–30 days")
    B31_60 = "31-60", _("31–60 days")
    B61_90 = "61-90", _("61–90 days")
    B91_180 = "91-180", _("91–180 days")
    B180_PLUS = "180+", _("180+ days")
    LEGAL = "legal", _("Legal")


class Specialisation(models.Model):
    """An area agents are certified in (early stage, late stage, legal, negotiation, compliance).

    Certification adds the exam and renewal rules; learning links courses and paths to it;
    campaigns name the one they require."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    validity_months = models.PositiveSmallIntegerField(_("validity in months"), default=12)
    renewal_window_days = models.PositiveSmallIntegerField(_("renewal window in days"), default=60)

    class Meta:
        verbose_name = _("specialisation")
        verbose_name_plural = _("specialisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A portfolio ("cartera") of one client in one delinquency bucket."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="campaigns")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    client = models.CharField(_("client"), max_length=160)
    bucket = models.CharField(_("delinquency bucket"), max_length=10, choices=Bucket.choices)
    country = models.CharField(_("country"), max_length=2)
    required_specialisation = models.ForeignKey(
        Specialisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("required specialisation"),
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> EmployeeQuerySet:
        return self.filter(hire_date__lte=day).filter(Q(termination_date__isnull=True) | Q(termination_date__gte=day))


class Employee(models.Model):
    """A person on the contact-centre payroll (agents and supervisors), known by an employee code."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="employees")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="employee"
    )
    employee_code = models.CharField(_("employee code"), max_length=20, unique=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    dialer_login = models.CharField(_("dialer login"), max_length=60, blank=True, db_index=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="employees", verbose_name=_("site")
    )
    hire_date = models.DateField(_("hire date"))
    termination_date = models.DateField(_("termination date"), null=True, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(termination_date__isnull=True) | Q(termination_date__gte=models.F("hire_date")),
                name="employee_termination_after_hire",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_code})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.hire_date <= day and (self.termination_date is None or self.termination_date >= day)


class DatedQuerySet(models.QuerySet):
    def on(self, day: dt.date) -> DatedQuerySet:
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))

    def overlapping(self, start: dt.date, end: dt.date | None) -> DatedQuerySet:
        qs = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        return qs if end is None else qs.filter(start__lte=end)


class DatedLink(models.Model):
    """A link valid from `start` to `end` inclusive (open-ended when `end` is empty)."""

    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValidationError({"end": _("The end date cannot be before the start date.")})

    def days_within(self, first: dt.date, last: dt.date) -> int:
        """Number of days of [first, last] this link covers."""
        lo = max(first, self.start)
        hi = min(last, self.end) if self.end else last
        return max(0, (hi - lo).days + 1)


class TeamMembership(DatedLink):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["employee", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="membership_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} → {self.team} ({self.start}–{self.end or '…'})"


class CampaignAssignment(DatedLink):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="campaign_assignments")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        verbose_name = _("campaign assignment")
        verbose_name_plural = _("campaign assignments")
        ordering = ["employee", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="campaign_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} → {self.campaign} ({self.start}–{self.end or '…'})"


class LeaveKind(models.TextChoices):
    VACATION = "vacation", _("Vacation")
    SICK = "sick", _("Sick leave")
    UNPAID = "unpaid", _("Unpaid leave")
    OTHER = "other", _("Other leave")


class Leave(DatedLink):
    """Days an employee is away (vacation, sick, unpaid, other), both ends inclusive.

    Every kind reduces the eligible days of prorated bonus components (see
    ``incentives.run_inputs``); overlapping leaves count each day once."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="leaves", verbose_name=_("employee"))
    kind = models.CharField(_("kind"), max_length=10, choices=LeaveKind.choices, default=LeaveKind.VACATION)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")
        ordering = ["employee", "start"]
        indexes = [models.Index(fields=["employee", "start"], name="leave_employee_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=False) & Q(end__gte=models.F("start")), name="leave_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_kind_display()} ({self.start}–{self.end})"

    def clean(self) -> None:
        if self.end is None:
            raise ValidationError({"end": _("A leave needs an end date.")})
        if self.start is not None:
            super().clean()


class AuditEvent(models.Model):
    """One append-only entry of the audit trail, chained to the previous one by hash.

    `hash` = HMAC-SHA-256, keyed with AUDIT_HMAC_KEY, over the previous event's hash and this
    event's canonical content, so an edit or deletion anywhere breaks the chain from that point
    (see `core.audit.audit_verify`)."""

    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_purge", False):
            raise ValidationError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Audit events are append-only; retention purges them.")


class AuditChainHead(models.Model):
    """Single row holding the chain's tip, locked while appending so the chain stays linear,
    and the checkpoint left by the last retention purge."""

    last_event_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    checkpoint_event_id = models.BigIntegerField(default=0)
    checkpoint_hash = models.CharField(max_length=64, default="0" * 64)
    checkpoint_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"audit chain tip #{self.last_event_id}"


class DemoMarker(models.Model):
    """Present when the database was built by `seed_demo`."""

    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveSmallIntegerField(default=1)

    def __str__(self) -> str:
        return f"demo v{self.version}"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now: dt.datetime) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A bearer token for the HTTP API: scoped (area:read / area:write), expiring, revocable. Only the
    SHA-256 of the token is stored; the plaintext is shown once, when it is created."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_api_tokens", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("starts with"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def has_scope(self, scope: str) -> bool:
        """`area:write` includes `area:read`."""
        area, _sep, level = scope.partition(":")
        return scope in self.scopes or (level == "read" and f"{area}:write" in self.scopes)

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires_at <= now


class IdempotencyKey(models.Model):
    """The first answer to an API write sent with an ``Idempotency-Key`` header, kept so the same
    key with the same request replays it (and the same key with another request is refused).
    ``request_sha256`` covers the method, the path and the body; keys belong to the token's owner."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_sha256 = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="idempotency_key_once_per_owner")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code})"


def batch_upload_to(instance: UploadedBatch, filename: str) -> str:
    """Where a batch's file is kept: its class's ``upload_dir`` (strftime codes allowed) + the name."""
    return timezone.now().strftime(instance.upload_dir) + filename


class UploadedBatch(models.Model):
    """One uploaded file processed as a whole (a KPI feed, a contact log): what every such batch
    keeps. The SHA-256 recognises a file already loaded (the database allows one load per hash);
    name, size, counts and the error report stay when the bytes are gone (``file_deleted_at``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        VALIDATING = "validating", _("Validating")
        LOADING = "loading", _("Loading")
        VALIDATED = "validated", _("Valid (dry run, nothing stored)")
        LOADED = "loaded", _("Loaded")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Already loaded")
        FAILED = "failed", _("Failed")

    class Source(models.TextChoices):
        WEB = "web", _("Web upload")
        COMMAND = "command", _("Command")
        API = "api", _("API")
        DEMO = "demo", _("Demo data")

    FINAL = (Status.VALIDATED, Status.LOADED, Status.REJECTED, Status.DUPLICATE, Status.FAILED)
    upload_dir = "uploads/%Y/%m/"  # each concrete batch names its own

    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    file = models.FileField(_("file"), upload_to=batch_upload_to, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    inserted_count = models.PositiveIntegerField(_("new rows"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # the first 1,000, in file order
    first_day = models.DateField(_("first day"), null=True, blank=True)
    last_day = models.DateField(_("last day"), null=True, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    file_deleted_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        constraints = [
            # The duplicate-file check, held by the database: concurrent uploads of one file load it once.
            models.UniqueConstraint(
                fields=["sha256"],
                condition=models.Q(status="loaded", dry_run=False),
                name="%(app_label)s_%(class)s_one_load_per_sha256",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    def loaded_twin(self) -> UploadedBatch | None:
        """The batch of the same kind that already loaded this exact file (by SHA-256), if any."""
        twins = type(self)._default_manager.filter(sha256=self.sha256, status=self.Status.LOADED, dry_run=False)
        return twins.exclude(pk=self.pk).order_by("pk").first()


# The outbox (xAPI statements, webhooks) lives in its own module; imported here so Django registers it.
from core.outbox_models import OutboxAttempt, OutboxMessage, WebhookSubscription  # noqa: E402,F401

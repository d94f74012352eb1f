"""Models of the certification app: question banks, exams, attempts and certificates.

Specialisations themselves live in `core.Specialisation` (code, validity, renewal window);
campaigns name the one they require (`core.Campaign.required_specialisation`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager

from certification.engine.codes import format_code
from certification.engine.questions import QuestionSnapshot, QuestionType, snapshot_from_dict
from core.models import Employee, Specialisation


class QuestionBank(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    specialisation = models.ForeignKey(
        Specialisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="question_banks",
        verbose_name=_("specialisation"),
    )

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QuestionCategory(models.Model):
    """A node of a bank's category tree. `path` caches the names from the root."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="categories")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    name = models.CharField(_("name"), max_length=160)
    path = models.CharField(_("path"), max_length=600, editable=False)
    description = models.TextField(_("description"), blank=True, help_text=_("Moodle's category information"))

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["bank", "path"]
        constraints = [models.UniqueConstraint(fields=["bank", "path"], name="category_unique_path_per_bank")]

    def __str__(self) -> str:
        return f"{self.bank.code}: {self.path}"

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}/{self.name}" if self.parent_id else self.name
        super().save(*args, **kwargs)

    def descendant_ids(self) -> list[int]:
        prefix = self.path + "/"
        return list(
            QuestionCategory.objects.filter(bank_id=self.bank_id)
            .filter(Q(pk=self.pk) | Q(path__startswith=prefix))
            .values_list("pk", flat=True)
        )


class Question(models.Model):
    """A question of a bank. Its content lives in versions; `current_version` is what new
    attempts draw. `source_key` identifies an imported question so re-imports do not
    duplicate it; `id_number` is Moodle's id number (unique in a bank when set): a re-import
    of a question with the same id number is a new version of it."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="questions", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=200)
    id_number = models.CharField(
        _("id number"),
        max_length=100,
        blank=True,
        help_text=_("Moodle's id number; unique in the bank. Re-importing a question with it makes a new version."),
    )
    type = models.CharField(_("type"), max_length=20, choices=[(t.value, t.value) for t in QuestionType])
    is_active = models.BooleanField(_("active"), default=True)
    source_key = models.CharField(max_length=64, blank=True, db_index=True)
    current_version = models.ForeignKey(
        "QuestionVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tags = TaggableManager(blank=True, verbose_name=_("tags"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "category__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "source_key"],
                condition=~Q(source_key=""),
                name="question_unique_source_per_bank",
            ),
            models.UniqueConstraint(
                fields=["bank", "id_number"],
                condition=~Q(id_number=""),
                name="question_unique_id_number_per_bank",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def snapshot(self) -> QuestionSnapshot | None:
        return self.current_version.snapshot() if self.current_version_id else None


class QuestionVersion(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    payload = models.JSONField(help_text="engine.questions.snapshot_to_dict output")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="question_version_unique")]

    def __str__(self) -> str:
        return f"{self.question} v{self.number}"

    def snapshot(self) -> QuestionSnapshot:
        return snapshot_from_dict({**self.payload, "key": str(self.pk)})


class ReviewPolicy(models.TextChoices):
    """What a closed attempt's result page shows besides the score and the section scores
    (Moodle's review options). The default keeps the answer key hidden while attempts remain."""

    SCORE_ONLY = "score", _("Score only")
    ANSWERS_AFTER_LAST = "after_last", _("Answers and feedback after passing or once no attempt remains")
    ANSWERS_AFTER_PASS = "after_pass", _("Answers and feedback after passing")
    ANSWERS_AFTER_CLOSE = "answers", _("Answers and feedback after every attempt closes")


class Exam(ClusterableModel):
    specialisation = models.ForeignKey(
        Specialisation, on_delete=models.PROTECT, related_name="exams", verbose_name=_("specialisation")
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    time_limit_minutes = models.PositiveIntegerField(_("time limit (minutes)"), default=30)
    passing_score = models.DecimalField(
        _("passing score (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    attempts_per_30_days = models.PositiveSmallIntegerField(_("attempts allowed per 30 days"), default=3)
    cooldown_hours = models.PositiveIntegerField(_("cooldown between attempts (hours)"), default=24)
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    available_until = models.DateTimeField(_("available until"), null=True, blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    review_policy = models.CharField(
        _("review policy"), max_length=10, choices=ReviewPolicy.choices, default=ReviewPolicy.ANSWERS_AFTER_LAST
    )
    requires_prerequisites = models.BooleanField(
        _("locked until the specialisation's courses are completed"), default=True
    )

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["specialisation__name", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def question_count(self) -> int:
        return sum(s.question_count for s in self.sections.all())


class ExamSection(models.Model):
    """A blueprint section: draw `question_count` active questions from a bank, optionally
    limited to a category (with its sub-categories) and to questions carrying every tag.
    Descriptions are never drawn (as Moodle's random questions); essays only with
    `draw_essays` (a person marks them, so the result waits)."""

    exam = ParentalKey(Exam, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=160)
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="+", verbose_name=_("bank"))
    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    tags = models.CharField(_("tags (comma-separated, all required)"), max_length=300, blank=True)
    question_count = models.PositiveSmallIntegerField(_("questions to draw"), default=5)
    draw_essays = models.BooleanField(
        _("draw essays"),
        default=False,
        help_text=_("Essays are marked by a person: an attempt that draws one waits for the mark."),
    )

    class Meta:
        verbose_name = _("exam section")
        verbose_name_plural = _("exam sections")
        ordering = ["exam", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.exam}: {self.title}"

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    def drawable_types(self) -> list[str]:
        """The question types this section draws."""
        skip = {QuestionType.DESCRIPTION} | (set() if self.draw_essays else {QuestionType.ESSAY})
        return [t.value for t in QuestionType if t not in skip]


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    #: submitted, with an essay a person has not marked yet: the result waits for it
    PENDING = "pending", _("Awaiting marking")
    GRADED = "graded", _("Graded")


class ClosedBy(models.TextChoices):
    AGENT = "agent", _("Submitted by the agent")
    DEADLINE = "deadline", _("Closed at the deadline")


class Attempt(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="exam_attempts")
    number = models.PositiveIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.CharField(max_length=10, choices=ClosedBy.choices, blank=True)
    score_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    percentage = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)
    passing_score = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "employee"],
                condition=Q(status="in_progress"),
                name="attempt_one_open_per_exam",
            ),
            models.UniqueConstraint(fields=["exam", "employee", "number"], name="attempt_unique_number"),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.exam} #{self.number} ({self.employee})"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS

    def is_past_deadline(self, now: dt.datetime) -> bool:
        return now >= self.deadline


class AttemptQuestion(models.Model):
    """One question of an attempt, frozen at start: the version, and a snapshot with the
    choice order the agent sees. `response` is the autosaved answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="attempt_questions")
    section = models.ForeignKey(ExamSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    snapshot = models.JSONField()
    response = models.JSONField(default=dict, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    fraction = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    #: an essay's marking: who, when and what they wrote to the agent (``fraction`` holds the mark)
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mark_comment = models.TextField(blank=True)
    #: the agent's "flag for review" mark while taking the attempt (navigator, confirmation)
    flagged = models.BooleanField(_("flagged"), default=False)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_question_position"),
            models.UniqueConstraint(fields=["attempt", "version"], name="attempt_question_once"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"

    def frozen(self) -> QuestionSnapshot:
        return snapshot_from_dict({**self.snapshot, "key": str(self.pk)})


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class Certificate(models.Model):
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="certificates")
    specialisation = models.ForeignKey(Specialisation, on_delete=models.PROTECT, related_name="certificates")
    attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, related_name="certificates")
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by")
    holder_name = models.CharField(_("holder"), max_length=200)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="certificates/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    renewal_assigned_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # exactly one original certificate per passing attempt; re-issues point to `replaces`
            models.UniqueConstraint(
                fields=["attempt"], condition=Q(replaces__isnull=True), name="certificate_once_per_attempt"
            ),
            models.CheckConstraint(condition=Q(expires_on__gte=models.F("issued_on")), name="certificate_dates"),
        ]
        indexes = [models.Index(fields=["specialisation", "employee", "expires_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    def status_on(self, day: dt.date, renewal_window_days: int | None = None) -> str:
        """The status as of `day`, whatever the stored status (which the daily task updates)."""
        if self.status == CertificateStatus.REVOKED:
            return CertificateStatus.REVOKED
        if self.status == CertificateStatus.SUPERSEDED:
            return CertificateStatus.SUPERSEDED
        if day > self.expires_on:
            return CertificateStatus.EXPIRED
        window = renewal_window_days if renewal_window_days is not None else self.specialisation.renewal_window_days
        if (self.expires_on - day).days <= window:
            return CertificateStatus.EXPIRING
        return CertificateStatus.VALID


class CertificateEventKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")
    REISSUED = "reissued", _("Re-issued")
    SUPERSEDED = "superseded", _("Superseded")
    EXPIRED = "expired", _("Expired")
    RENEWAL_ASSIGNED = "renewal_assigned", _("Renewal path assigned")
    REMINDER_60 = "reminder_60", _("Reminder 60 days before expiry")
    REMINDER_30 = "reminder_30", _("Reminder 30 days before expiry")
    REMINDER_7 = "reminder_7", _("Reminder 7 days before expiry")


REMINDER_KINDS = {
    60: CertificateEventKind.REMINDER_60,
    30: CertificateEventKind.REMINDER_30,
    7: CertificateEventKind.REMINDER_7,
}


class CertificateEvent(models.Model):
    """Append-only history of a certificate (issue, revoke, re-issue, expiry, reminders)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CertificateEventKind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["certificate", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "kind"],
                condition=Q(kind__in=["reminder_60", "reminder_30", "reminder_7", "expired", "renewal_assigned"]),
                name="certificate_event_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kind}"

"""Learning: the course catalogue (Wagtail pages), learning paths, progress, assignments, reminders.

Pages only where editors author content (catalogue, courses, lessons); progress, assignments
and the reminder log are plain models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.blocks import BaseStreamBlock
from content.routing import RoutedPageMixin, canonical, localized
from core.models import Campaign, Employee, Site, Specialisation, Team
from core.roles import Role


class Theme(models.TextChoices):
    REGULATION = "regulation", _("Regulation")
    NEGOTIATION = "negotiation", _("Negotiation")
    SOFT_SKILLS = "soft_skills", _("Soft skills")
    PRODUCT_SYSTEMS = "product_systems", _("Product and systems")


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class JurisdictionCode(models.TextChoices):
    MX = "MX", _("Mexico")
    CO = "CO", _("Colombia")
    CL = "CL", _("Chile")
    PE = "PE", _("Peru")
    US = "US", _("United States")


class Jurisdiction(models.Model):
    """A country whose rules a course covers (rows created by a data migration)."""

    code = models.CharField(_("code"), max_length=2, choices=JurisdictionCode.choices, unique=True)

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


def _login_or_404(page: Page, request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def localized_content(page):
    """What to show for `page`: its live translation in the reader's language when there is one,
    else the page itself. Progress, versions and assignments always stay on the canonical page."""
    translated = localized(page)
    return translated.specific if translated.pk != page.pk else page


def _canonical_to_serve(page: Page, request):
    """The canonical (source-locale) copy to serve instead of `page` when `page` is a translation the
    router chose for the reader's language, else None. The canonical page is what progress, completions,
    versions and attempts count on (the lesson page reports its pk); it shows the translation's words
    through `localized_content`. Not for previews: an editor previews the copy they edit."""
    if getattr(request, "is_preview", False):
        return None
    source = canonical(page)
    return source if source is not page and source.live else None


# What each page adds to its template context is built in ``learning.views_pages``, which reads through
# the selectors and services (they import these models). ``LearningConfig.ready()`` registers the builders
# here by page kind ("catalogue", "course", "lesson"), so the import runs one way: views_pages -> models.
PAGE_CONTEXT_BUILDERS: dict[str, Callable[..., dict]] = {}


def _page_context(kind: str, **kwargs) -> dict:
    try:
        builder = PAGE_CONTEXT_BUILDERS[kind]
    except KeyError:
        raise ImproperlyConfigured(f"No context builder is registered for the {kind} page") from None
    return builder(**kwargs)


class CatalogueIndexPage(RoutedPageMixin, Page):
    """The course catalogue, served at /academia/."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["learning.CoursePage"]
    template = "learning/catalogue_index_page.html"

    class Meta:
        verbose_name = _("course catalogue")
        verbose_name_plural = _("course catalogues")

    def serve(self, request, *args, **kwargs):
        source = _canonical_to_serve(self, request)
        if source is not None:
            return source.serve(request, *args, **kwargs)
        return _login_or_404(self, request) or super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_page_context("catalogue", page=self, request=request))
        return context


class CoursePageForm(WagtailAdminPageForm):
    """The re-training flag belongs to one revision: the form always starts with it off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["requires_retraining"] = False
            self.initial["retraining_reason"] = ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("requires_retraining") and not (cleaned.get("retraining_reason") or "").strip():
            self.add_error("retraining_reason", _("Explain to agents what changed and why they must retrain."))
        return cleaned


class CoursePage(RoutedPageMixin, Page):
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, default=Theme.REGULATION)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BASIC)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=30)
    summary = models.TextField(_("summary"))
    objectives = models.TextField(_("learning objectives"), blank=True, help_text=_("One objective per line."))
    jurisdictions = ParentalManyToManyField(
        Jurisdiction,
        blank=True,
        related_name="courses",
        verbose_name=_("jurisdictions"),
        help_text=_("Leave empty when the course applies in every country."),
    )
    specialisations = ParentalManyToManyField(
        Specialisation,
        blank=True,
        related_name="courses",
        verbose_name=_("counts towards"),
    )
    prerequisites = ParentalManyToManyField(
        "learning.CoursePage",
        blank=True,
        symmetrical=False,
        related_name="required_by",
        verbose_name=_("prerequisites"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    requires_retraining = models.BooleanField(
        _("requires re-training"),
        default=False,
        help_text=_(
            "Tick when this revision changes what agents must do (e.g. a law changed). Publishing it "
            "starts a new course version: earlier completions stop counting and agents are re-assigned."
        ),
    )
    retraining_reason = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("Sent to the agents who must retrain."),
    )

    base_form_class = CoursePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("theme"), FieldPanel("level"), FieldPanel("estimated_minutes")], heading=_("Course facts")
        ),
        FieldPanel("objectives"),
        FieldPanel("jurisdictions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("specialisations", widget=forms.CheckboxSelectMultiple),
        FieldPanel("prerequisites"),
        MultiFieldPanel([FieldPanel("requires_retraining"), FieldPanel("retraining_reason")], heading=_("New version")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.FilterField("theme"),
        index.FilterField("level"),
    ]
    parent_page_types = ["learning.CatalogueIndexPage"]
    subpage_types = ["learning.LessonPage", "learning.ScormLessonPage"]
    template = "learning/course_page.html"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def with_content_json(self, content):
        """The version number belongs to the course, not to a revision: keep the live one."""
        obj = super().with_content_json(content)
        obj.version = self.version
        return obj

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def serve(self, request, *args, **kwargs):
        source = _canonical_to_serve(self, request)
        if source is not None:
            return source.serve(request, *args, **kwargs)
        return _login_or_404(self, request) or super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_page_context("course", course=self, request=request))
        context["content"] = self if getattr(request, "is_preview", False) else localized_content(self)
        return context


class LessonPage(RoutedPageMixin, Page):
    summary = models.TextField(_("summary"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["learning.CoursePage"]
    subpage_types: list[str] = []
    template = "learning/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def serve(self, request, *args, **kwargs):
        source = _canonical_to_serve(self, request)
        if source is not None:
            return source.serve(request, *args, **kwargs)
        redirect = _login_or_404(self, request)
        if redirect:
            return redirect
        self._course = CoursePage.objects.filter(path=self.path[: -self.steplen]).first()
        if self._course is None or not self._course.live:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = getattr(self, "_course", None)
        if course is None and self.path:  # previews of a page not yet in the tree have no path
            course = CoursePage.objects.filter(path=self.path[: -self.steplen]).first()
        context.update(_page_context("lesson", lesson=self, course=course, request=request))
        context["content"] = self if getattr(request, "is_preview", False) else localized_content(self)
        return context


class ScormVersion(models.TextChoices):
    SCORM_12 = "1.2", _("SCORM 1.2")
    SCORM_2004 = "2004", _("SCORM 2004")


class ScormPackage(models.Model):
    """An imported SCORM zip: validated, then extracted under MEDIA_ROOT/scorm/<directory>/
    (``services.scorm_package_import``). Never edited: a new upload is a new package."""

    title = models.CharField(_("title"), max_length=255)
    version = models.CharField(_("SCORM version"), max_length=4, choices=ScormVersion.choices)
    launch = models.CharField(_("launch file"), max_length=1000, help_text="href of the SCO, with its parameters")
    directory = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uncompressed_size = models.PositiveBigIntegerField(_("uncompressed size (bytes)"))
    file_count = models.PositiveIntegerField(_("files"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.title} (SCORM {self.version})"


class ScormLessonPage(LessonPage):
    """A lesson whose content is a SCORM package, played in a sandboxed frame (``templates/learning/
    scorm_lesson_page.html``). It is a LessonPage, so it counts, completes and resumes like one: the
    SCO's commits complete it through ``services.scorm_commit``; its ``body`` stays empty (the package is
    the content; the summary introduces it)."""

    package = models.ForeignKey(
        ScormPackage, on_delete=models.PROTECT, null=True, related_name="lessons", verbose_name=_("SCORM package")
    )

    # learning.forms.ScormLessonPageForm (the upload), set by LearningConfig.ready(): the form imports the
    # services, which import these models
    base_form_class = None
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("package_file", heading=_("SCORM package (.zip)")),
    ]
    parent_page_types = ["learning.CoursePage"]
    subpage_types: list[str] = []
    template = "learning/scorm_lesson_page.html"

    class Meta:
        verbose_name = _("SCORM lesson")
        verbose_name_plural = _("SCORM lessons")

    def save(self, *args, **kwargs):
        pending = self.__dict__.pop("_scorm_import", None)  # the CMS form's upload for a new page
        if pending is None:
            return super().save(*args, **kwargs)
        package_import, package_discard = pending
        with transaction.atomic():  # the package's row and the page's stand or fall together
            self.package = package_import()
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                package_discard(self.package)  # its files (the row goes with the rollback)
                raise

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_page_context("scorm_lesson", lesson=self, course=context.get("course"), request=request))
        return context


class ScormAttempt(models.Model):
    """One employee's attempt at a SCORM lesson: the SCO's last committed ``cmi`` data and what it says."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="scorm_attempts")
    lesson = models.ForeignKey(ScormLessonPage, on_delete=models.CASCADE, related_name="attempts")
    package = models.ForeignKey(ScormPackage, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    cmi = models.JSONField(default=dict)
    lesson_status = models.CharField(_("lesson status"), max_length=20, blank=True)
    completion_status = models.CharField(_("completion status"), max_length=20, blank=True)
    success_status = models.CharField(_("success status"), max_length=20, blank=True)
    score_raw = models.DecimalField(_("score"), max_digits=12, decimal_places=4, null=True, blank=True)
    score_scaled = models.DecimalField(_("scaled score"), max_digits=6, decimal_places=4, null=True, blank=True)
    commits = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(_("started"))
    updated_at = models.DateTimeField(_("updated"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("SCORM attempt")
        verbose_name_plural = _("SCORM attempts")
        constraints = [
            models.UniqueConstraint(fields=["employee", "lesson", "number"], name="scorm_attempt_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="scorm_attempt_number_positive"),
        ]
        indexes = [models.Index(fields=["employee", "lesson", "-number"])]

    def __str__(self) -> str:
        return f"{self.employee_id} · lesson {self.lesson_id} · attempt {self.number}"


class LearningPath(ClusterableModel):
    """Ordered courses that prepare for one specialisation."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(_("summary"), blank=True)
    specialisation = models.ForeignKey(
        Specialisation, on_delete=models.PROTECT, related_name="learning_paths", verbose_name=_("specialisation")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("code"),
        FieldPanel("specialisation"),
        FieldPanel("summary"),
        InlinePanel("path_courses", label=_("Courses, in order"), min_num=1),
    ]

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class LearningPathCourse(Orderable):
    path = ParentalKey(LearningPath, on_delete=models.CASCADE, related_name="path_courses")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("course"))

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("course of a path")
        constraints = [models.UniqueConstraint(fields=["path", "course"], name="learning_path_course_once")]


class CourseVersion(models.Model):
    """One published version of a course; a new one starts when a re-training revision is published."""

    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"))
    reason = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("course version")
        verbose_name_plural = _("course versions")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_version_number_once"),
            models.UniqueConstraint(fields=["course", "revision"], name="course_version_revision_once"),
        ]

    def __str__(self) -> str:
        return f"{self.course} v{self.number}"


class CourseProgress(models.Model):
    """One employee's progress through one version of a course."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="course_progress")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="progress")
    version = models.PositiveIntegerField(_("course version"))
    started_at = models.DateTimeField(_("started"))
    last_seen_at = models.DateTimeField(_("last activity"))
    last_lesson = models.ForeignKey(
        "learning.LessonPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seconds_spent = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    lessons_done = models.PositiveSmallIntegerField(default=0)
    lessons_total = models.PositiveSmallIntegerField(default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("course progress")
        verbose_name_plural = _("course progress")
        constraints = [
            models.UniqueConstraint(fields=["employee", "course", "version"], name="progress_once_per_version")
        ]
        indexes = [models.Index(fields=["course", "version", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.employee} · {self.course_id} v{self.version}"

    @property
    def percent(self) -> int:
        if self.completed_at:
            return 100
        if not self.lessons_total:
            return 0
        return min(100, round(100 * self.lessons_done / self.lessons_total))

    @property
    def minutes_spent(self) -> int:
        return round(self.seconds_spent / 60)


class LessonCompletion(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="lesson_completions")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("course version"))
    completed_at = models.DateTimeField(_("completed"))

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [models.UniqueConstraint(fields=["employee", "lesson", "version"], name="lesson_completed_once")]
        indexes = [models.Index(fields=["employee", "course", "version"])]

    def __str__(self) -> str:
        return f"{self.employee_id} · lesson {self.lesson_id} v{self.version}"


class TargetKind(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    SITE = "site", _("A site")
    TEAM = "team", _("A team")
    CAMPAIGN = "campaign", _("A campaign")
    ROLE = "role", _("A role")
    NEW_HIRES = "new_hires", _("New hires")


class DueKind(models.TextChoices):
    FIXED = "fixed", _("On a fixed date")
    AFTER_HIRE = "after_hire", _("N days after hire")
    AFTER_ASSIGNMENT = "after_assignment", _("N days after assignment")


class AssignmentRule(models.Model):
    """HR's standing instruction: who must take what, by when. Materialised into Assignments."""

    name = models.CharField(_("name"), max_length=160)
    target = models.CharField(_("target"), max_length=20, choices=TargetKind.choices, default=TargetKind.EVERYONE)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("site"))
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("team"))
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("campaign"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    new_hire_days = models.PositiveSmallIntegerField(
        _("new hire window (days)"),
        default=30,
        help_text=_("Employees hired within this many days count as new hires."),
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("course")
    )
    path = models.ForeignKey(
        LearningPath,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("learning path"),
    )
    due_kind = models.CharField(_("due date"), max_length=20, choices=DueKind.choices, default=DueKind.AFTER_ASSIGNMENT)
    due_date = models.DateField(_("fixed due date"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(_("days to complete"), null=True, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    recurrence_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"), null=True, blank=True, help_text=_("e.g. 12 for a yearly refresher; empty: once.")
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(course__isnull=False) & Q(path__isnull=True))
                | (Q(course__isnull=True) & Q(path__isnull=False)),
                name="rule_course_xor_path",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        needs = {
            TargetKind.SITE: "site",
            TargetKind.TEAM: "team",
            TargetKind.CAMPAIGN: "campaign",
            TargetKind.ROLE: "role",
        }
        field = needs.get(self.target)
        if field and not getattr(self, field if field == "role" else f"{field}_id"):
            errors[field] = _("Choose the %(what)s this rule targets.") % {
                "what": self._meta.get_field(field).verbose_name
            }
        if bool(self.course_id) == bool(self.path_id):
            errors["course"] = _("Choose either a course or a learning path.")
        if self.due_kind == DueKind.FIXED and not self.due_date:
            errors["due_date"] = _("Give the due date.")
        if self.due_kind != DueKind.FIXED and not self.due_days:
            errors["due_days"] = _("Give the number of days.")
        if errors:
            raise ValidationError(errors)

    def due_for(self, *, hire_date: dt.date, assigned_on: dt.date) -> dt.date:
        if self.due_kind == DueKind.FIXED:
            return self.due_date
        days = dt.timedelta(days=self.due_days or 0)
        if self.due_kind == DueKind.AFTER_HIRE:
            # Employees hired long before the rule existed get the same span from the assignment.
            due = hire_date + days
            return due if due >= assigned_on else assigned_on + days
        return assigned_on + days


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    OVERDUE = "overdue", _("Overdue")


class AssignmentSource(models.TextChoices):
    RULE = "rule", _("Assignment rule")
    PATH = "path", _("Learning path renewal")
    RETRAINING = "retraining", _("New course version")
    MANUAL = "manual", _("Manual")


class Assignment(models.Model):
    """One course one employee must (or may) complete by a date."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="learning_assignments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="assignments")
    path = models.ForeignKey(LearningPath, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rule = models.ForeignKey(
        AssignmentRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments"
    )
    source = models.CharField(_("source"), max_length=20, choices=AssignmentSource.choices)
    key = models.CharField(max_length=80, help_text="Idempotency key: rule:<id>:<cycle>, path:<id>:<due>, retrain:v<n>")
    cycle = models.PositiveSmallIntegerField(default=0)
    assigned_on = models.DateField(_("assigned on"))
    due_date = models.DateField(_("due date"))
    mandatory = models.BooleanField(_("mandatory"), default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["employee", "course", "key"], name="assignment_once_per_key")]
        indexes = [models.Index(fields=["employee", "completed_at"]), models.Index(fields=["due_date"])]

    def __str__(self) -> str:
        return f"{self.employee} · {self.course_id} · {self.due_date}"

    def status_on(self, day: dt.date, *, started: bool = False) -> str:
        if self.completed_at:
            return AssignmentStatus.COMPLETED
        if self.due_date < day:
            return AssignmentStatus.OVERDUE
        return AssignmentStatus.IN_PROGRESS if started else AssignmentStatus.NOT_STARTED


class ReminderKind(models.TextChoices):
    DUE_7 = "due_7", _("Due in 7 days")
    DUE_1 = "due_1", _("Due tomorrow")
    OVERDUE = "overdue", _("Overdue")
    DIGEST = "digest", _("Weekly supervisor digest")
    RETRAINING = "retraining", _("New course version")


class ReminderLog(models.Model):
    """Every reminder sent. The constraints make the same reminder impossible twice on one day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    email = models.EmailField(_("e-mail"))
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"))
    language = models.CharField(max_length=8, default="es")

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "sent_on"],
                condition=Q(assignment__isnull=False),
                name="reminder_once_per_assignment_day",
            ),
            models.UniqueConstraint(
                fields=["email", "kind", "sent_on"],
                condition=Q(assignment__isnull=True),
                name="digest_once_per_recipient_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email} ({self.sent_on})"

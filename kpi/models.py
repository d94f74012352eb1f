"""KPI catalogue, feed profiles, import batches and the daily facts (one wide row per
employee, day and optional campaign)."""

from __future__ import annotations

from dataclasses import replace

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.models import UploadedBatch

from .catalogue import FACT_SUM_CODES
from .ingest import FeedProfile as EngineProfile
from .ingest.codes import RAW_METRICS


class KpiDefinition(models.Model):
    """One KPI of the catalogue: a raw metric of the feed or a ratio of sums."""

    class Kind(models.TextChoices):
        RAW = "raw", _("Raw metric")
        WEIGHTED = "weighted", _("Weighted average")
        DERIVED = "derived", _("Derived (ratio of sums)")
        MEASURED = "measured", _("Measured by Acredita")

    class Unit(models.TextChoices):
        COUNT = "count", _("count")
        CURRENCY = "currency", _("currency")
        HOURS = "hours", _("hours")
        SECONDS = "seconds", _("seconds")
        SCORE = "score", _("score (0–100)")
        PERCENT = "percent", _("percent")
        PER_HOUR = "per_hour", _("per hour")
        PER_THOUSAND = "per_thousand", _("per thousand")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum")
        WEIGHTED_AVG = "weighted_avg", _("weighted average")
        RATIO = "ratio", _("ratio of sums")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_es = models.CharField(_("Spanish name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    aggregation = models.CharField(_("aggregation"), max_length=20, choices=Aggregation.choices)
    numerator = models.CharField(_("numerator"), max_length=40, blank=True)
    denominator = models.CharField(_("denominator"), max_length=40, blank=True)
    multiplier = models.DecimalField(_("multiplier"), max_digits=10, decimal_places=2, default=1)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=2)
    feed_alias = models.CharField(_("English column name in feeds"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("KPI definition")
        verbose_name_plural = _("KPI definitions")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "es").startswith("en") else self.name_es


class FeedProfile(models.Model):
    """How one source writes its KPI files (see ``kpi.ingest.FeedProfile``)."""

    class Delimiter(models.TextChoices):
        DETECT = "", _("Detect (comma, semicolon or tab)")
        COMMA = ",", _("Comma")
        SEMICOLON = ";", _("Semicolon")
        TAB = "\t", _("Tab")

    class AgentKey(models.TextChoices):
        EMPLOYEE_CODE = "employee_code", _("Employee code")
        DIALER_LOGIN = "dialer_login", _("Dialer login")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    delimiter = models.CharField(_("delimiter"), max_length=1, choices=Delimiter.choices, blank=True, default="")
    decimal_separator = models.CharField(
        _("decimal separator"), max_length=1, choices=[(".", "."), (",", ",")], default="."
    )
    thousands_separator = models.CharField(
        _("thousands separator"),
        max_length=1,
        blank=True,
        default="",
        choices=[("", _("none")), (".", "."), (",", ","), (" ", _("space")), ("'", "'")],
    )
    date_format = models.CharField(
        _("date format"),
        max_length=12,
        default="yyyy-mm-dd",
        choices=[
            ("yyyy-mm-dd", _("yyyy-mm-dd (ISO)")),
            ("dd/mm/yyyy", _("dd/mm/yyyy (day first)")),
            ("mm/dd/yyyy", _("mm/dd/yyyy (month first)")),
        ],
        help_text=_("One format per profile: a date written otherwise is refused, never read another way."),
    )
    encoding = models.CharField(
        _("encoding"),
        max_length=10,
        default="utf-8",
        choices=[("utf-8", "UTF-8"), ("latin-1", "Latin-1"), ("auto", _("UTF-8, else Latin-1"))],
    )
    agent_key = models.CharField(
        _("agents are named by"), max_length=20, choices=AgentKey.choices, default=AgentKey.EMPLOYEE_CODE
    )
    header_map = models.JSONField(
        _("column names"), default=dict, blank=True, help_text=_("Source column name → canonical code.")
    )
    ignore_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    defaults = models.JSONField(_("defaults for missing metrics"), default=dict, blank=True)
    blank_as_zero = models.BooleanField(_("empty cells mean zero"), default=False)
    sheet = models.CharField(_("XLSX sheet"), max_length=60, blank=True)
    ignore_unknown_columns = models.BooleanField(
        _("ignore every column that names no KPI"),
        default=False,
        help_text=_("Chosen explicitly: otherwise an unknown column rejects the file."),
    )
    footer_labels = models.JSONField(
        _("footer rows"),
        default=list,
        blank=True,
        help_text=_("A row whose first cell is one of these (TOTAL) is skipped."),
    )
    blank_zero_metrics = models.JSONField(
        _("metrics whose empty cell means zero"),
        default=list,
        blank=True,
        help_text=_("An empty cell of any other metric rejects its row."),
    )
    title_rows = models.PositiveSmallIntegerField(
        _("title rows above the header"), default=0, help_text=_("A report's title block, skipped.")
    )
    durations = models.JSONField(
        _("metrics written as durations"),
        default=dict,
        blank=True,
        help_text=_("Metric code → hh:mm:ss, mm:ss or minutes; converted to the KPI's unit."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Goes up whenever how the profile reads a file changes.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("feed profile")
        verbose_name_plural = _("feed profiles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """A change to how the profile reads files is a new version (imports record the one they used)."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).first()
            if stored is not None and stored._reading() != self._reading():
                self.version = stored.version + 1
        super().save(*args, **kwargs)

    def _reading(self) -> EngineProfile:
        return replace(self.to_engine(), version=0)

    def to_engine(self) -> EngineProfile:
        return EngineProfile(
            code=self.code,
            delimiter=self.delimiter or None,
            decimal_separator=self.decimal_separator,
            thousands_separator=self.thousands_separator,
            date_format=self.date_format,
            encoding=self.encoding,
            agent_key=self.agent_key,
            header_map=tuple((str(k), str(v)) for k, v in (self.header_map or {}).items()),
            ignore_columns=tuple(str(c) for c in (self.ignore_columns or [])),
            defaults=tuple((str(k), str(v)) for k, v in (self.defaults or {}).items()),
            blank_as_zero=self.blank_as_zero,
            sheet=self.sheet or None,
            ignore_unknown_columns=self.ignore_unknown_columns,
            footer_labels=tuple(str(c) for c in (self.footer_labels or [])),
            blank_zero_metrics=tuple(str(c) for c in (self.blank_zero_metrics or [])),
            title_rows=self.title_rows,
            durations=tuple((str(k), str(v)) for k, v in (self.durations or {}).items()),
            version=self.version,
        )


class KpiImport(UploadedBatch):
    """One uploaded feed (a batch): its file, hash, outcome, counts and error report.

    A rejected file's bytes are deleted after UPLOAD_REJECTED_RETENTION_DAYS (``file_deleted_at``);
    name, size, hash and errors stay."""

    upload_dir = "kpi/imports/%Y/%m/"

    profile = models.ForeignKey(
        FeedProfile, on_delete=models.PROTECT, related_name="imports", verbose_name=_("profile")
    )
    profile_version = models.PositiveIntegerField(_("profile version"), null=True, blank=True)
    file_format = models.CharField(_("format"), max_length=8, blank=True)  # csv | xlsx | json
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    updated_count = models.PositiveIntegerField(_("changed rows"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged rows"), default=0)
    changes = models.JSONField(_("summary of changes"), default=dict, blank=True)

    class Meta(UploadedBatch.Meta):
        verbose_name = _("KPI import")
        verbose_name_plural = _("KPI imports")

    def save(self, *args, **kwargs):
        if self.profile_version is None and self.profile_id is not None:
            self.profile_version = self.profile.version  # the version this import reads the file with
        super().save(*args, **kwargs)

    @property
    def progress_cache_key(self) -> str:
        return f"kpi-import-progress:{self.pk}"

    @property
    def live_progress(self) -> int:
        """Progress for the polling page: while the import runs, the worker reports it through the
        cache (it may be inside a transaction the page cannot see into)."""
        if self.is_final:
            return self.progress
        from django.core.cache import cache

        return max(self.progress, cache.get(self.progress_cache_key) or 0)


def _metric_field(spec):
    label = spec.code
    if spec.scale == 0:
        return models.PositiveIntegerField(label, default=0, db_default=0)
    if spec.kind == "amount":
        return models.DecimalField(label, max_digits=14, decimal_places=2, default=0, db_default=0)
    return models.DecimalField(label, max_digits=7, decimal_places=2, default=0, db_default=0)


class KpiFact(models.Model):
    """The raw metrics of one employee on one day (and optionally one campaign).

    A fact table tuned for bulk loads: one unique index on (day, employee, campaign or 0), day first
    because feeds arrive in day order (the index then grows at its end instead of at 5,000 places;
    it also serves the period reads, every one bounded by a date range), and no database-level foreign-key
    constraints (``db_constraint=False``). Referential integrity is checked set-wise by the loader
    (every id comes from the database just before the load, and ``loader.facts_load`` re-checks them
    in one query); the ORM still enforces PROTECT on deletes. Row-by-row FK triggers cost more than
    the whole COPY on 110,000 rows.
    """

    employee = models.ForeignKey(
        "core.Employee", on_delete=models.PROTECT, related_name="kpi_facts", db_constraint=False, db_index=False
    )
    day = models.DateField(_("day"))
    campaign = models.ForeignKey(
        "core.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kpi_facts",
        db_constraint=False,
        db_index=False,
    )
    batch = models.ForeignKey(
        KpiImport,
        on_delete=models.PROTECT,
        related_name="facts",
        verbose_name=_("import"),
        db_constraint=False,
        db_index=False,
    )

    for _spec in RAW_METRICS:
        locals()[_spec.code] = _metric_field(_spec)
    del _spec

    class Meta:
        verbose_name = _("KPI fact")
        verbose_name_plural = _("KPI facts")
        ordering = ["day", "employee_id", "campaign_id"]
        constraints = [
            models.UniqueConstraint(
                F("day"), F("employee"), Coalesce(F("campaign"), Value(0)), name="kpi_fact_unique_day_agent_campaign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day} {self.campaign_id or '-'}"

    @property
    def puntaje_calidad_ponderado(self):
        return self.puntaje_calidad * self.evaluaciones_calidad


class MeasuredIncidentDay(models.Model):
    """Compliance incidents Acredita measured for one employee on one day (the debtor's local day of
    the breaches): the enforced breaches the compliance scan stored, and the severe ones among them.

    Kept apart from the feed's own ``incidentes_cumplimiento`` column (what a customer still counts
    and sends): both are summed into a period's KPIs (``kpi.catalogue.MEASURED_KPIS``), so a plan's
    gate names which it trusts. Written only by ``kpi.services.measured_incidents_replace``.
    """

    employee = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="measured_incidents")
    day = models.DateField(_("day"))
    incidentes_medidos = models.PositiveIntegerField(_("measured compliance incidents"), default=0)
    incidentes_medidos_graves = models.PositiveIntegerField(_("measured severe compliance incidents"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("measured compliance incidents (day)")
        verbose_name_plural = _("measured compliance incidents (days)")
        ordering = ["day", "employee_id"]
        constraints = [models.UniqueConstraint(fields=["day", "employee"], name="measured_incident_day_once")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}: {self.incidentes_medidos}"


def _sum_field(code: str):
    spec = next((s for s in RAW_METRICS if s.code == code), None)
    if spec is not None and spec.scale == 0:
        return models.BigIntegerField(code, default=0)
    return models.DecimalField(code, max_digits=20, decimal_places=2, default=0)


class KpiMonthSum(models.Model):
    """The daily facts added up per employee, month and campaign (one column per summed metric, as
    ``KpiFact``; ``puntaje_calidad_ponderado`` is the sum of quality score x evaluations).

    Derived data, never written by hand: ``kpi.summary.month_sums_refresh`` recomputes the months a
    write of facts touched, in the writer's transaction (every load of ``kpi.loader``, the demo
    seeders, the benches). The team KPI pages and the home cards read whole months from it
    (``selectors.kpi_monthly_sums``) instead of summing thousands of daily rows; the bonus engine
    keeps reading the facts.
    """

    employee = models.ForeignKey(
        "core.Employee", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    month = models.DateField(_("month"))  # the first day of the month
    campaign = models.ForeignKey(
        "core.Campaign",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    for _code in FACT_SUM_CODES:
        locals()[_code] = _sum_field(_code)
    del _code

    class Meta:
        verbose_name = _("KPI month sum")
        verbose_name_plural = _("KPI month sums")
        ordering = ["month", "employee_id", "campaign_id"]
        constraints = [
            models.UniqueConstraint(
                F("month"), F("employee"), Coalesce(F("campaign"), Value(0)), name="kpi_month_sum_unique"
            ),
        ]
        indexes = [models.Index(fields=["employee", "month"], name="kpi_month_sum_employee")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month:%Y-%m} {self.campaign_id or '-'}"

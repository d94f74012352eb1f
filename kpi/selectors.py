"""Reads of the KPI app (the contract other apps code against).

kpi_sums(employee_ids=, start=, end=, campaign_ids=None)  -> {employee_id: {code: Decimal}}
kpi_daily_facts(employee_id=, start=, end=)                -> QuerySet[KpiFact], by day
kpi_fact_digests(employee_ids=, start=, end=)              -> {employee_id: digest of the daily rows}
kpi_monthly_sums(employee_ids=, start=, end=)              -> {first day of month: {code: Decimal}} (all together)
kpi_derived(sums)                                           -> {derived code: Decimal | None}
kpi_definitions()                                           -> QuerySet[KpiDefinition]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import DecimalField, ExpressionWrapper, F, Max, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from core.exports import csv_text
from core.selectors import rows_change_marker

from .catalogue import FACT_SUM_CODES, MEASURED_CODES, QUALITY_WEIGHT, SUM_CODES, derive
from .ingest.codes import RAW_METRICS
from .messages import error_message
from .models import FeedProfile, KpiDefinition, KpiFact, KpiImport, KpiMonthSum, MeasuredIncidentDay


def kpi_sums(
    *,
    employee_ids: Iterable[int],
    start: date,
    end: date,
    campaign_ids: Iterable[int] | None = None,
) -> dict[int, dict[str, Decimal]]:
    """Sums of every raw and measured metric per employee over [start, end] (inclusive), in two
    queries (the feed's facts, then the measured compliance incidents).

    Keys are the Spanish raw codes (without ``puntaje_calidad``, a daily average) plus
    ``puntaje_calidad_ponderado`` = sum(puntaje_calidad x evaluaciones_calidad), so the
    period's quality is ``puntaje_calidad_ponderado / evaluaciones_calidad``. Employees
    without facts are absent. ``campaign_ids`` limits to rows of those campaigns.
    """
    ids = list(employee_ids)
    if not ids:
        return {}
    qs = KpiFact.objects.filter(employee_id__any=ids, day__gte=start, day__lte=end)
    if campaign_ids is not None:
        qs = qs.filter(campaign_id__in=list(campaign_ids))
    weighted = ExpressionWrapper(
        F("puntaje_calidad") * F("evaluaciones_calidad"), output_field=DecimalField(max_digits=20, decimal_places=2)
    )
    # aliases differ from field names: an annotation named like a field would shadow it
    aggregates = {f"sum_{code}": Sum(code) for code in FACT_SUM_CODES if code != QUALITY_WEIGHT}
    aggregates[f"sum_{QUALITY_WEIGHT}"] = Coalesce(
        Sum(weighted), Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=2)
    )
    out: dict[int, dict[str, Decimal]] = {}
    for row in qs.order_by().values("employee_id").annotate(**aggregates):
        out[row["employee_id"]] = {code: Decimal(row.get(f"sum_{code}") or 0) for code in SUM_CODES}
    # the incidents Acredita measured (compliance scan), kept apart from the feed's columns; they
    # carry no campaign, so a read narrowed to campaigns leaves them at 0
    if campaign_ids is None:
        measured = (
            MeasuredIncidentDay.objects.filter(employee_id__in=ids, day__gte=start, day__lte=end)
            .order_by()
            .values("employee_id")
            .annotate(**{f"sum_{code}": Sum(code) for code in MEASURED_CODES})
        )
        for row in measured:
            sums = out.setdefault(row["employee_id"], {code: Decimal(0) for code in SUM_CODES})
            for code in MEASURED_CODES:
                sums[code] = Decimal(row[f"sum_{code}"] or 0)
    return out


def kpi_monthly_sums(
    *, employee_ids, start: date, end: date, by: str | None = None, codes: Iterable[str] | None = None
) -> dict[date, dict[str, Decimal]] | dict[object, dict[date, dict[str, Decimal]]]:
    """The sums of :func:`kpi_sums`, added up over all these employees, one entry per month of
    [start, end] that has facts (first day of the month -> sums), in two queries whatever the
    number of employees or months: the trend charts of the KPI pages read it.

    ``employee_ids`` is a list of ids or a query of them (``employees_in_scope(...).values("pk")``).
    ``by="campaign__bucket"`` (or ``"campaign_id"``, ``"employee_id"``) splits the sums by that field:
    ``{value: {month: sums}}`` in one query; split by campaign or bucket, the measured compliance
    incidents (which carry no campaign) stay out.

    ``codes`` narrows the sums to those codes (the attainment chart needs only the amount collected,
    per employee: summing every metric of thousands of agents cost seconds).

    A range of whole months (first day to last day: the trend charts, the attainment chart of the
    team pages and home cards) reads the monthly summary ``KpiMonthSum``; any other range, the facts.
    """
    ids = employee_ids if isinstance(employee_ids, QuerySet) else list(employee_ids)
    if not isinstance(ids, QuerySet) and not ids:
        return {}
    wanted = SUM_CODES if codes is None else tuple(c for c in SUM_CODES if c in set(codes))
    weighted = ExpressionWrapper(
        F("puntaje_calidad") * F("evaluaciones_calidad"), output_field=DecimalField(max_digits=20, decimal_places=2)
    )
    aggregates = {f"sum_{code}": Sum(code) for code in FACT_SUM_CODES if code != QUALITY_WEIGHT and code in wanted}
    if QUALITY_WEIGHT in wanted:
        aggregates[f"sum_{QUALITY_WEIGHT}"] = Coalesce(
            Sum(weighted), Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=2)
        )
    measured_codes = [code for code in MEASURED_CODES if code in wanted]
    keys = ("month", by) if by else ("month",)
    in_ids = {"employee_id__in": ids} if isinstance(ids, QuerySet) else {"employee_id__any": ids}
    if _whole_months(start, end):
        # whole months: the monthly summary (kpi.summary keeps it equal to the facts' sums)
        summed = {f"sum_{code}": Sum(code) for code in FACT_SUM_CODES if code in wanted}
        facts = (
            KpiMonthSum.objects.filter(**in_ids, month__gte=start, month__lte=end)
            .order_by()
            .values(*keys)
            .annotate(**summed)
        )
    else:
        facts = (
            KpiFact.objects.filter(**in_ids, day__gte=start, day__lte=end)
            .order_by()
            .annotate(month=TruncMonth("day"))
            .values(*keys)
            .annotate(**aggregates)
        )
    rows = [(row.get(by) if by else None, _as_date(row["month"]), row) for row in facts]
    grouped: dict[object, dict[date, dict[str, Decimal]]] = {}
    for key, month, row in rows:
        grouped.setdefault(key, {})[month] = {code: Decimal(row.get(f"sum_{code}") or 0) for code in wanted}
    if by in (None, "employee_id") and measured_codes:
        measured = (
            MeasuredIncidentDay.objects.filter(**in_ids, day__gte=start, day__lte=end)
            .order_by()
            .annotate(month=TruncMonth("day"))
            .values(*keys)
            .annotate(**{f"sum_{code}": Sum(code) for code in measured_codes})
        )
        for row in measured:
            months = grouped.setdefault(row.get(by) if by else None, {})
            sums = months.setdefault(_as_date(row["month"]), {code: Decimal(0) for code in wanted})
            for code in measured_codes:
                sums[code] = Decimal(row[f"sum_{code}"] or 0)
    ordered = {key: dict(sorted(months.items())) for key, months in grouped.items()}
    return ordered.get(None, {}) if by is None else ordered


def _whole_months(start: date, end: date) -> bool:
    """[start, end] runs from the first day of a month to the last day of a month."""
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def _as_date(value) -> date:
    """TruncMonth of a DateField is a date; on some backends a datetime."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def kpi_fact_digests(*, employee_ids: Iterable[int], start: date, end: date) -> dict[int, str]:
    """Per employee, the digest of the fact rows (:func:`_fact_digests`) followed by one of the
    measured compliance incidents of those days, so a breach found after a bonus run makes it stale."""
    ids = sorted(set(employee_ids))
    if not ids:
        return {}
    out = _fact_digests(ids, start, end)
    measured: dict[int, list[str]] = {}
    rows = (
        MeasuredIncidentDay.objects.filter(employee_id__in=ids, day__gte=start, day__lte=end)
        .order_by("employee_id", "day")
        .values_list("employee_id", "day", *MEASURED_CODES)
    )
    for employee_id, day, *counts in rows:
        measured.setdefault(employee_id, []).append(f"{day}:{':'.join(map(str, counts))}")
    for employee_id, days in measured.items():
        digest = hashlib.md5(";".join(days).encode(), usedforsecurity=False).hexdigest()[:16]
        out[employee_id] = f"{out.get(employee_id, '')}|m{digest}"
    return out


def _fact_digests(ids: list[int], start: date, end: date) -> dict[int, str]:
    """Per employee, a digest of every fact row (day, campaign, each metric) over [start, end]: it
    changes when any value of any day changes, a row appears or one goes. Employees without
    facts are absent. On PostgreSQL one grouped query: the row count and the sum of each row's
    64-bit ``hashtextextended`` (a row is unique per day and campaign, so the sum needs no order
    and no sort; about twice as fast as an ordered ``md5(string_agg(...))``); elsewhere an MD5 of
    the rows is computed here."""
    if not ids:
        return {}
    table = KpiFact._meta.db_table
    columns = ("day", "campaign_id", *(spec.code for spec in RAW_METRICS))  # the fact's columns
    if connection.vendor == "postgresql":
        row_text = ", ".join(f"coalesce({c}::text, '')" for c in columns)
        sql = (  # names come from model metadata and the metric catalogue, never from input
            f"SELECT employee_id, count(*) || ':' || sum(hashtextextended(concat_ws('|', {row_text}), 0)) "  # noqa: S608
            f"FROM {table} "
            # typed like the column: an untyped (int2[]) array is compared element by element per row
            "WHERE employee_id = ANY(%s::bigint[]) AND day BETWEEN %s AND %s GROUP BY employee_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids, start, end])
            return dict(cursor.fetchall())
    hashes: dict[int, hashlib._Hash] = {}
    rows = (
        KpiFact.objects.filter(employee_id__any=ids, day__gte=start, day__lte=end)
        .order_by("employee_id", "day", "campaign_id")
        .values_list("employee_id", *columns)
    )
    for employee_id, *values in rows.iterator(chunk_size=5000):
        text = "|".join("" if v is None else str(v) for v in values)
        h = hashes.get(employee_id)
        if h is None:
            h = hashes[employee_id] = hashlib.md5(usedforsecurity=False)
        else:
            h.update(b";")
        h.update(text.encode())
    return {k: h.hexdigest() for k, h in hashes.items()}


def kpi_facts_change_marker(*, start: date, end: date) -> str | None:
    """Changes whenever a fact of a day in [start, end] is loaded, corrected or removed
    (``core.selectors.rows_change_marker``; PostgreSQL and SQLite, where any fact's write counts)."""
    return rows_change_marker((KpiFact, "day BETWEEN %s AND %s", (start, end)))


def kpi_daily_facts(*, employee_id: int, start: date, end: date) -> QuerySet[KpiFact]:
    """The daily rows behind a period's numbers, oldest first (with campaign and batch)."""
    return (
        KpiFact.objects.filter(employee_id=employee_id, day__gte=start, day__lte=end)
        .select_related("campaign", "batch")
        .order_by("day", "campaign__code")
    )


def kpi_derived(sums: dict[str, Decimal]) -> dict[str, Decimal | None]:
    """Derived KPIs (ratios of sums) for one employee's sums; None where undefined."""
    return derive(sums)


def kpi_definitions(*, kind: str | None = None) -> QuerySet[KpiDefinition]:
    qs = KpiDefinition.objects.all()
    return qs.filter(kind=kind) if kind else qs


def kpi_fact_days(*, employee_id: int, start: date, end: date) -> list[date]:
    return sorted(
        set(KpiFact.objects.filter(employee_id=employee_id, day__range=(start, end)).values_list("day", flat=True))
    )


def kpi_last_fact_day(*, until: date, employee_ids=None) -> date | None:
    """The latest day with KPI facts up to `until` (for these employees, or anyone's)."""
    qs = KpiFact.objects.filter(day__lte=until)
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=employee_ids)
    return qs.aggregate(last=Max("day"))["last"]


def feed_profiles_active() -> QuerySet[FeedProfile]:
    return FeedProfile.objects.filter(is_active=True)


def kpi_imports_recent(*, limit: int = 50) -> QuerySet[KpiImport]:
    return KpiImport.objects.select_related("profile", "created_by").order_by("-created_at", "-id")[:limit]


def kpi_import_error_report(*, kpi_import: KpiImport) -> str:
    """The rejected file's errors as CSV text (row, column, value, code, message), through the
    core writer: a header or a value echoed from the file cannot become a formula."""
    rows: list[list[object]] = [
        [
            "" if error.get("row") is None else error["row"],
            error.get("column") or "",
            error.get("value") or "",
            error["code"],
            error_message(error),
        ]
        for error in kpi_import.errors
    ]
    if kpi_import.error_count > len(kpi_import.errors):
        rows.append(["", "", "", "truncated", f"{kpi_import.error_count - len(kpi_import.errors)} more"])
    return csv_text(rows, ["fila/row", "columna/column", "valor/value", "codigo/code", "mensaje/message"], bom=False)

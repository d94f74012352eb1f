"""Writes of the KPI app: register an uploaded feed, validate it whole, load it.

    kpi_import_create(...)            store the file and its SHA-256 (status "pending")
    kpi_import_create_from_rows(...)  the same for JSON rows (the API)
    kpi_import_process(import_id=...) validate, then load (or reject, or recognise a duplicate)
    kpi_catalogue_sync()              make the KpiDefinition rows equal ``kpi.catalogue`` (after migrate)

A rejected file stores no facts. A file whose SHA-256 matches an import already loaded is
marked "duplicate" and loads nothing. A corrected file replaces the values of the agent-days
it carries and records what changed (audited as ``kpi_import.load``). Days in a locked period
are refused: the lock lives in ``incentives``, which registers it in ``kpi.locks`` at start-up
(kpi never imports incentives); with nothing registered a load fails instead of ignoring the lock.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record
from core.models import Campaign, Employee
from core.tasks import enqueue
from core.uploads import (
    archive_uncompressed_size,
    batch_file_drop,
    batch_file_store,
    max_rows,
    max_uncompressed_bytes,
)

from . import catalogue
from .ingest import FeedError, FeedValidation, validate_feed, validate_rows, validate_table
from .ingest import FeedProfile as EngineProfile
from .ingest.readers import ReadState, Table
from .loader import LoadOutcome, facts_load, fast_lane_load
from .locks import period_lock
from .models import FeedProfile, KpiDefinition, KpiImport, MeasuredIncidentDay

logger = logging.getLogger(__name__)
MAX_ERRORS = 1000


def locked_day_predicate() -> Callable[[dt.date], bool]:
    """``is_locked(day)``, as registered by incentives in ``kpi.locks`` (raises if nothing is)."""
    return period_lock().is_locked


def locked_day_snapshot() -> Callable[[dt.date], bool]:
    """The same predicate, from one query made now (no query per call)."""
    return period_lock().snapshot()


def kpi_import_create(
    *,
    profile: FeedProfile,
    uploaded: File,
    filename: str,
    user=None,
    source: str = KpiImport.Source.WEB,
    dry_run: bool = False,
) -> KpiImport:
    """Register a feed file (nothing is validated yet; call :func:`kpi_import_process`)."""
    file_format = "xlsx" if filename.lower().endswith((".xlsx", ".xlsm")) else "csv"
    kpi_import = KpiImport(profile=profile, source=source, file_format=file_format, dry_run=dry_run)
    batch_file_store(kpi_import, uploaded=uploaded, filename=filename, default_name="feed.csv", user=user)
    kpi_import.save()
    return kpi_import


def kpi_import_create_from_rows(
    *,
    profile: FeedProfile,
    rows: list[Mapping[str, Any]],
    user=None,
    dry_run: bool = False,
    source: str = KpiImport.Source.API,
) -> KpiImport:
    """Register JSON rows (stored as canonical JSON, hashed like a file)."""
    payload = json.dumps(list(rows), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode(
        "utf-8"
    )
    kpi_import = KpiImport(profile=profile, source=source, file_format="json", dry_run=dry_run)
    batch_file_store(
        kpi_import, uploaded=ContentFile(payload), filename="rows.json", default_name="rows.json", user=user
    )
    kpi_import.save()
    return kpi_import


def agent_directory(*, agent_key: str) -> dict[str, int]:
    """Source name -> employee id, as written and casefolded."""
    field = "dialer_login" if agent_key == "dialer_login" else "employee_code"
    mapping: dict[str, int] = {}
    for name, pk in Employee.objects.exclude(**{field: ""}).values_list(field, "pk"):
        mapping[name] = pk
        mapping.setdefault(name.casefold(), pk)
    return mapping


def campaign_directory() -> dict[str, int]:
    mapping: dict[str, int] = {}
    for code, pk in Campaign.objects.values_list("code", "pk"):
        mapping[code] = pk
        mapping.setdefault(code.casefold(), pk)
    return mapping


def _progress_reporter(kpi_import: KpiImport, *, scale: int) -> Callable[[float], None]:
    """``report(fraction)``: at most twice a second, into the cache the polling page reads
    (``KpiImport.live_progress``; Redis when configured), which also works inside a transaction."""
    last_saved = [0.0]

    def report(fraction: float) -> None:
        now = time.monotonic()
        if now - last_saved[0] < 0.5:
            return
        last_saved[0] = now
        cache.set(kpi_import.progress_cache_key, int(min(fraction, 1.0) * scale), timeout=3600)

    return report


def _raw_stream(handle):
    """FieldFile -> File -> the real stream (iterates lines and reads blocks in C)."""
    while hasattr(handle, "file"):
        handle = handle.file
    return handle


def _validate(kpi_import: KpiImport, *, today: dt.date, is_locked) -> FeedValidation:
    profile = kpi_import.profile.to_engine()
    report = _progress_reporter(kpi_import, scale=85)

    def progress(rows: int, fraction: float | None) -> None:
        if fraction is not None:
            report(fraction)

    common = dict(
        profile=profile,
        agents=agent_directory(agent_key=profile.agent_key),
        campaigns=campaign_directory(),
        today=today,
        is_locked=is_locked,
        max_errors=MAX_ERRORS,
    )
    with kpi_import.file.open("rb") as handle:
        if kpi_import.file_format == "json":
            rows = json.loads(handle.read().decode("utf-8"))
            return validate_rows(rows, max_rows=max_rows(), **common)
        stream = _raw_stream(handle)
        unzipped = archive_uncompressed_size(stream)  # an XLSX is a ZIP: its declared size, before openpyxl
        if unzipped is not None and unzipped > max_uncompressed_bytes():
            error = FeedError("archive_too_large", params={"size": unzipped, "limit": max_uncompressed_bytes()})
            return validate_table(Table("xlsx", [], 1, iter(()), ReadState(), fatal=error), **common)
        return validate_feed(
            stream, filename=kpi_import.original_name, progress=progress, max_rows=max_rows(), **common
        )


def _finish(kpi_import: KpiImport, status: str, **fields: Any) -> KpiImport:
    for name, value in fields.items():
        setattr(kpi_import, name, value)
    kpi_import.status = status
    kpi_import.finished_at = timezone.now()
    cache.delete(kpi_import.progress_cache_key)
    if status in (KpiImport.Status.LOADED, KpiImport.Status.VALIDATED, KpiImport.Status.DUPLICATE):
        kpi_import.progress = 100
    kpi_import.save()
    return kpi_import


def kpi_import_process(*, import_id: int, today: dt.date | None = None) -> KpiImport:
    """Validate the whole feed, then load it in one transaction (or reject it whole).

    Safe to call twice: an import that is no longer pending is returned as it is.
    """
    with transaction.atomic():
        kpi_import = KpiImport.objects.select_for_update().select_related("profile").get(pk=import_id)
        if kpi_import.status != KpiImport.Status.PENDING:
            return kpi_import
        kpi_import.status = KpiImport.Status.VALIDATING
        kpi_import.save(update_fields=["status"])
    today = today or timezone.localdate()
    try:
        return _process(kpi_import, today=today)
    except Exception as exc:
        logger.exception("KPI import %s failed", import_id)
        return _finish(KpiImport.objects.get(pk=import_id), KpiImport.Status.FAILED, failure=repr(exc)[:2000])


def _process(kpi_import: KpiImport, *, today: dt.date) -> KpiImport:
    if not kpi_import.dry_run:
        twin = kpi_import.loaded_twin()
        if twin is not None:
            return _duplicate(kpi_import, twin)

    is_locked = locked_day_predicate()
    if not kpi_import.dry_run and kpi_import.file_format == "csv" and settings.KPI_FAST_LANE:
        loaded = _unless_loaded_meanwhile(kpi_import, lambda: _fast_lane(kpi_import, today=today, is_locked=is_locked))
        if loaded is not None:
            return loaded
    result = _validate(kpi_import, today=today, is_locked=is_locked)
    days = result.facts.days() if len(result.facts) else []
    summary = {
        "row_count": result.row_count,
        "error_count": result.error_count,
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
    }
    if not result.ok:
        kpi_import = _finish(
            kpi_import, KpiImport.Status.REJECTED, errors=[e.as_dict() for e in result.errors], **summary
        )
        audit_record(
            action="kpi_import.reject",
            actor=kpi_import.created_by,
            target=kpi_import,
            summary=f"{kpi_import.original_name}: {result.error_count} errors, nothing stored",
            after={"sha256": kpi_import.sha256, "errors": result.error_count},
        )
        return kpi_import
    if kpi_import.dry_run:
        return _finish(kpi_import, KpiImport.Status.VALIDATED, **summary)

    KpiImport.objects.filter(pk=kpi_import.pk).update(status=KpiImport.Status.LOADING, progress=90)
    return _unless_loaded_meanwhile(kpi_import, lambda: _load(kpi_import, result, summary, days, is_locked))


def _unless_loaded_meanwhile(kpi_import: KpiImport, load: Callable[[], KpiImport | None]) -> KpiImport | None:
    """Run a load; if the database refuses it because the same file was loaded meanwhile by a
    concurrent upload (constraint ``kpi_kpiimport_one_load_per_sha256``), the load is rolled back
    whole and this import becomes its duplicate."""
    try:
        return load()
    except IntegrityError:
        twin = kpi_import.loaded_twin()
        if twin is None:
            raise
        return _duplicate(KpiImport.objects.get(pk=kpi_import.pk), twin)


def _load(kpi_import: KpiImport, result: FeedValidation, summary: dict[str, Any], days, is_locked) -> KpiImport:
    with transaction.atomic():
        kpi_import = KpiImport.objects.select_for_update().get(pk=kpi_import.pk)
        twin = kpi_import.loaded_twin()  # a twin may have finished while we validated
        if twin is not None:
            return _duplicate(kpi_import, twin)
        locked = [day for day in days if is_locked(day)]
        if locked:  # the period was locked while we validated
            errors = [
                {
                    "row": None,
                    "column": None,
                    "value": day.isoformat(),
                    "code": "locked_period",
                    "params": {},
                    "detail": f"Date {day} is in a locked period",
                }
                for day in locked
            ]
            return _finish(
                kpi_import, KpiImport.Status.REJECTED, errors=errors, **{**summary, "error_count": len(errors)}
            )
        outcome = facts_load(facts=result.facts, batch_id=kpi_import.pk)
        return _record_load(kpi_import, outcome, summary)


def _fast_lane(kpi_import: KpiImport, *, today: dt.date, is_locked) -> KpiImport | None:
    """Load a plain CSV feed through the PostgreSQL fast lane (``loader.fast_lane_load``), or None
    when the lane gives way and the full validator must read the file."""
    profile = kpi_import.profile.to_engine()
    report = _progress_reporter(kpi_import, scale=95)
    size = max(kpi_import.size, 1)
    with transaction.atomic():
        kpi_import = KpiImport.objects.select_for_update().select_related("profile").get(pk=kpi_import.pk)
        twin = kpi_import.loaded_twin()
        if twin is not None:
            return _duplicate(kpi_import, twin)
        with kpi_import.file.open("rb") as handle:
            lane = fast_lane_load(
                _raw_stream(handle),
                profile=profile,
                agents=agent_directory(agent_key=profile.agent_key),
                campaigns=campaign_directory(),
                today=today,
                is_locked=locked_day_snapshot(),
                batch_id=kpi_import.pk,
                progress=lambda done: report(done / size),
            )
        too_many = lane.loaded and lane.rows > max_rows()  # the full validator names the row beyond the limit
        if not lane.loaded or too_many or any(is_locked(day) for day in lane.days):  # locked meanwhile: full report
            logger.info("KPI import %s: fast lane declined (%s); validating in full", kpi_import.pk, lane.declined)
            transaction.set_rollback(True)
            return None
        summary = {"row_count": lane.rows, "error_count": 0, "first_day": lane.first_day, "last_day": lane.last_day}
        return _record_load(kpi_import, LoadOutcome(inserted=lane.rows), summary)


def _record_load(kpi_import: KpiImport, outcome: LoadOutcome, summary: dict[str, Any]) -> KpiImport:
    """Mark a loaded import and audit it (inside the load's transaction)."""
    changes = _describe_changes(outcome)
    kpi_import = _finish(
        kpi_import,
        KpiImport.Status.LOADED,
        inserted_count=outcome.inserted,
        updated_count=outcome.updated,
        unchanged_count=outcome.unchanged,
        changes=changes,
        **summary,
    )
    audit_record(
        action="kpi_import.load",
        actor=kpi_import.created_by,
        target=kpi_import,
        summary=(
            f"{kpi_import.original_name}: {outcome.inserted} new, {outcome.updated} replaced, "
            f"{outcome.unchanged} unchanged ({summary['first_day']} – {summary['last_day']})"
        ),
        before={
            "changed": [
                {**s, "values": {m: v[0] for m, v in s["changes"].items()}} for s in changes.get("samples", [])[:50]
            ]
        }
        if outcome.updated
        else None,
        after={
            "sha256": kpi_import.sha256,
            "inserted": outcome.inserted,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
            "deltas": outcome.deltas,
        },
    )
    return kpi_import


def _duplicate(kpi_import: KpiImport, twin: KpiImport) -> KpiImport:
    kpi_import = _finish(kpi_import, KpiImport.Status.DUPLICATE, duplicate_of=twin)
    audit_record(
        action="kpi_import.duplicate",
        actor=kpi_import.created_by,
        target=kpi_import,
        summary=f"{kpi_import.original_name}: same SHA-256 as import #{twin.pk}; nothing loaded",
        after={"sha256": kpi_import.sha256, "duplicate_of": twin.pk},
    )
    return kpi_import


def _describe_changes(outcome) -> dict[str, Any]:
    if not outcome.updated:
        return {}
    ids = {s["employee_id"] for s in outcome.samples}
    codes = dict(Employee.objects.filter(pk__in=ids).values_list("pk", "employee_code"))
    campaign_ids = {s["campaign_id"] for s in outcome.samples if s["campaign_id"]}
    campaigns = dict(Campaign.objects.filter(pk__in=campaign_ids).values_list("pk", "code"))
    samples = [
        {**s, "employee_code": codes.get(s["employee_id"], ""), "campaign_code": campaigns.get(s["campaign_id"], "")}
        for s in outcome.samples
    ]
    return {"replaced": outcome.updated, "deltas": outcome.deltas, "samples": samples}


def kpi_import_enqueue(*, kpi_import: KpiImport) -> None:
    """Process in Celery after the surrounding transaction commits (eager without a broker)."""
    enqueue("kpi.tasks.kpi_import_process_task", kpi_import.pk)


def _definition_fields(spec: catalogue.KpiSpec) -> dict[str, Any]:
    return {
        "name_es": spec.name_es,
        "name_en": spec.name_en,
        "unit": spec.unit,
        "kind": spec.kind,
        "aggregation": spec.aggregation,
        "numerator": spec.numerator,
        "denominator": spec.denominator,
        "multiplier": spec.multiplier,
        "decimals": spec.decimals,
        "feed_alias": spec.feed_alias,
        "order": spec.order,
    }


def kpi_catalogue_sync() -> int:
    """Make the ``KpiDefinition`` rows equal the catalogue in ``kpi.catalogue``; return how many
    rows changed. Run after every ``migrate`` (``KpiConfig.ready`` connects it to
    ``post_migrate``), like Django's own content types: a deployment step with no actor, so not
    audited. Rows of codes the catalogue no longer has are deleted (nothing references them:
    plans name KPIs by code)."""
    changed = 0
    with transaction.atomic():
        existing = {row.code: row for row in KpiDefinition.objects.select_for_update()}
        for spec in catalogue.ALL_KPIS:
            fields = _definition_fields(spec)
            row = existing.pop(spec.code, None)
            if row is None:
                KpiDefinition.objects.create(code=spec.code, **fields)
                changed += 1
            elif any(getattr(row, name) != value for name, value in fields.items()):
                KpiDefinition.objects.filter(pk=row.pk).update(**fields)
                changed += 1
        if existing:
            KpiDefinition.objects.filter(code__in=list(existing)).delete()
            changed += len(existing)
    return changed


def measured_incidents_replace(
    *,
    start: dt.date,
    end: dt.date,
    counts: Mapping[tuple[int, dt.date], tuple[int, int]],
    source: str,
    actor=None,
) -> dict[str, int]:
    """Make the measured compliance incidents of the days [start, end] equal ``counts``
    (``{(employee_id, day): (incidents, severe)}``; days outside the range are refused).

    The compliance scan calls it with the whole month it checked, so a breach found later, or one
    withdrawn, changes the day's count. Only the rows that differ are written (an unchanged day keeps
    its row version, so a bonus run over it does not look stale); a day without incidents has no row.
    Audited as ``kpi.measured_incidents`` when anything changed. Returns the rows created, updated
    and deleted."""
    outside = sorted(day for _, day in counts if not start <= day <= end)
    if outside:
        raise ValueError(f"day {outside[0]} is outside {start}..{end}")
    wanted = {key: value for key, value in counts.items() if value[0] or value[1]}
    created = updated = deleted = 0
    with transaction.atomic():
        existing = {
            (row.employee_id, row.day): row
            for row in MeasuredIncidentDay.objects.select_for_update().filter(day__gte=start, day__lte=end)
        }
        gone = [row.pk for key, row in existing.items() if key not in wanted]
        if gone:
            deleted = MeasuredIncidentDay.objects.filter(pk__in=gone).delete()[0]
        new = []
        for (employee_id, day), (incidents, severe) in sorted(wanted.items()):
            row = existing.get((employee_id, day))
            if row is None:
                new.append(
                    MeasuredIncidentDay(
                        employee_id=employee_id,
                        day=day,
                        incidentes_medidos=incidents,
                        incidentes_medidos_graves=severe,
                    )
                )
            elif (row.incidentes_medidos, row.incidentes_medidos_graves) != (incidents, severe):
                MeasuredIncidentDay.objects.filter(pk=row.pk).update(
                    incidentes_medidos=incidents, incidentes_medidos_graves=severe, updated_at=timezone.now()
                )
                updated += 1
        created = len(MeasuredIncidentDay.objects.bulk_create(new, batch_size=2000))
        outcome = {"created": created, "updated": updated, "deleted": deleted}
        if any(outcome.values()):
            audit_record(
                action="kpi.measured_incidents",
                actor=actor,
                object_type=MeasuredIncidentDay._meta.label_lower,
                object_repr=f"{start}..{end}",
                summary=f"{source} {start}..{end}: +{created} ~{updated} -{deleted}",
                after={"source": source, "start": start.isoformat(), "end": end.isoformat(), **outcome},
            )
    return outcome


def kpi_import_rejected_files_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the bytes of rejected (and failed) feeds older than ``UPLOAD_REJECTED_RETENTION_DAYS``.

    What the audit needs stays on the import: name, size, SHA-256, the errors and their count.
    Returns how many files were deleted; safe to run twice (a deleted file is not looked at again).
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.UPLOAD_REJECTED_RETENTION_DAYS)
    stale = KpiImport.objects.filter(
        status__in=(KpiImport.Status.REJECTED, KpiImport.Status.FAILED),
        finished_at__lte=cutoff,
        file_deleted_at__isnull=True,
    ).exclude(file="")
    deleted = 0
    for pk in stale.values_list("pk", flat=True).order_by("pk").iterator():
        with transaction.atomic():
            kpi_import = KpiImport.objects.select_for_update().filter(pk=pk, file_deleted_at__isnull=True).first()
            if kpi_import is None or not kpi_import.file:
                continue
            name = kpi_import.file.name
            batch_file_drop(kpi_import, now=now)
            audit_record(
                action="kpi_import.file_purge",
                target=kpi_import,
                summary=f"{kpi_import.original_name}: rejected file deleted after the retention period",
                after={"sha256": kpi_import.sha256, "size": kpi_import.size, "file": name},
            )
            deleted += 1
    return deleted


def feed_profile_save(*, code: str, name: str, profile: EngineProfile, actor=None) -> tuple[FeedProfile, bool]:
    """Store an engine profile (e.g. one proposed from a sample) as ``code``: a new profile, or a
    new version of the one stored under that code when it reads files differently (imports record
    the version they used). Audited as ``feed_profile.save``. Returns the profile and whether it
    was created."""
    fields = {
        "delimiter": profile.delimiter or "",
        "decimal_separator": profile.decimal_separator,
        "thousands_separator": profile.thousands_separator,
        "date_format": profile.date_format,
        "encoding": profile.encoding,
        "agent_key": profile.agent_key,
        "header_map": dict(profile.header_map),
        "ignore_columns": list(profile.ignore_columns),
        "defaults": dict(profile.defaults),
        "blank_as_zero": profile.blank_as_zero,
        "sheet": profile.sheet or "",
        "ignore_unknown_columns": profile.ignore_unknown_columns,
        "footer_labels": list(profile.footer_labels),
        "blank_zero_metrics": list(profile.blank_zero_metrics),
        "title_rows": profile.title_rows,
        "durations": dict(profile.durations),
    }
    with transaction.atomic():
        stored = FeedProfile.objects.select_for_update().filter(code=code).first()
        created = stored is None
        if stored is None:
            stored = FeedProfile(code=code, name=name or code)
        before = None if created else {"version": stored.version}
        for field_name, value in fields.items():
            setattr(stored, field_name, value)
        stored.save()
        audit_record(
            action="feed_profile.save",
            actor=actor,
            target=stored,
            summary=f"{code} v{stored.version}",
            before=before,
            after={"version": stored.version, **fields},
        )
    return stored, created

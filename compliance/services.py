"""Writes of the compliance app: rule-set versions, contact-log imports, the scan and its loops."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import logging
import traceback
from collections import Counter
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.capabilities import user_can
from core.tasks import enqueue
from core.uploads import batch_file_drop, batch_file_store, max_rows
from kpi.services import agent_directory, campaign_directory, measured_incidents_replace
from learning.services import assignment_create_remedial

from . import integrations
from .engine import Attempt, RuleError, check_attempts_by_account, lookback_days, ruleset_from_dict
from .engine import Breach as EngineBreach
from .engine.defaults import DEFAULT_RULESETS
from .ingest.profiles import PROFILES
from .ingest.validate import validate_contacts
from .messages import breach_sentence, rule_error_text
from .models import (
    Breach,
    ComplianceScan,
    ContactAttempt,
    ContactImport,
    DialSuspension,
    RuleSetVersion,
    Severity,
)
from .pseudonym import account_hash, destination_hash

logger = logging.getLogger(__name__)


class ComplianceError(ValidationError):
    pass


def _require(actor, capability: str) -> None:
    if actor is not None and not user_can(actor, capability):
        raise ComplianceError(_("You may not do this."), code="forbidden")


# --------------------------------------------------------------------------- rule sets
def rulesets_seed_defaults() -> int:
    """Version 1 from the fact sheet for each country that has no rule set yet (idempotent; an
    officer's later versions are never touched). Returns how many were created."""
    created = 0
    for country, (start, definition) in DEFAULT_RULESETS.items():
        if RuleSetVersion.objects.filter(country=country).exists():
            continue
        ruleset_from_dict(definition, country=country, version=1, effective_from=start)
        RuleSetVersion.objects.create(
            country=country, version=1, effective_from=start, definition=definition, source=definition["source"]
        )
        created += 1
    return created


def ruleset_version_create(
    *, actor, country: str, effective_from: dt.date, definition: dict[str, Any]
) -> RuleSetVersion:
    """A law change: a new version from ``effective_from``; the version in force until then ends the day
    before (its rules are kept: breaches found under it keep pointing at it). Audited with the previous
    version's rules as ``before``; an invalid rule set is refused in the reader's words."""
    _require(actor, "compliance.rules_edit")
    with transaction.atomic():
        versions = RuleSetVersion.objects.select_for_update().filter(country=country).order_by("-version")
        latest = versions.first()
        number = (latest.version if latest else 0) + 1
        if latest is not None and effective_from <= latest.effective_from:
            raise ComplianceError(
                _("A new version must start after the current one (in force from %(day)s).")
                % {"day": latest.effective_from},
                code="ruleset_overlap",
            )
        try:
            ruleset_from_dict(definition, country=country, version=number, effective_from=effective_from)
        except RuleError as exc:
            raise ComplianceError(rule_error_text(exc), code="ruleset_invalid") from exc
        if latest is not None and (latest.effective_to is None or latest.effective_to >= effective_from):
            latest.effective_to = effective_from - dt.timedelta(days=1)
            latest.save(update_fields=["effective_to"])
        version = RuleSetVersion.objects.create(
            country=country,
            version=number,
            effective_from=effective_from,
            definition=definition,
            source=str(definition.get("source", ""))[:300],
            created_by=actor,
        )
        before = {"version": latest.version, "definition": latest.definition} if latest is not None else None
        audit_record(
            action="ruleset.version_create",
            actor=actor,
            target=version,
            summary=f"{country} v{number} {effective_from}",
            before=before,
            after={"version": number, "effective_from": effective_from.isoformat(), "definition": definition},
        )
    return version


# --------------------------------------------------------------------------- contact logs
def contact_import_create(
    *,
    uploaded,
    filename: str,
    profile_code: str = "canonical",
    user=None,
    source: str = ContactImport.Source.WEB,
    dry_run: bool = False,
) -> ContactImport:
    """Register a contact-log file (validated and loaded by :func:`contact_import_process`, which
    then deletes its bytes)."""
    if user is not None:
        _require(user, "compliance.contacts_upload")
    if profile_code not in PROFILES:
        raise ComplianceError(_("Unknown profile '%(code)s'.") % {"code": profile_code}, code="unknown_profile")
    contact_import = ContactImport(profile_code=profile_code, source=source, dry_run=dry_run)
    batch_file_store(contact_import, uploaded=uploaded, filename=filename, default_name="contactos.csv", user=user)
    contact_import.save()
    return contact_import


def contact_import_enqueue(*, contact_import: ContactImport) -> None:
    """Process in Celery after the surrounding transaction commits (eager without a broker)."""
    enqueue("compliance.tasks.contact_import_process_task", contact_import.pk)


def _periods(first: dt.date, last: dt.date) -> list[dt.date]:
    out, month = [], first.replace(day=1)
    while month <= last:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def contact_import_process(*, import_id: int, now: dt.datetime | None = None) -> ContactImport:
    """Validate the whole file; load every attempt in one transaction, or nothing (row-named errors).
    A file already loaded is recognised by its hash; the same attempt in two files is stored once.
    After a load the months it touches are scanned (Celery, after commit). Safe to run twice.

    Whatever the outcome (loaded, rejected, duplicate, validated, failed), the file's bytes are then
    deleted: the accounts and numbers it holds in clear are kept only as keyed hashes."""
    now = now or timezone.now()
    contact_import = ContactImport.objects.get(pk=import_id)
    if not contact_import.is_final:
        try:
            contact_import = _process(contact_import, now=now)
        except Exception as exc:
            # the message of an error raised while reading a row may quote its cells: log the
            # type and where it was raised, never the message
            logger.error(
                "Contact log %s failed: %s\n%s",
                import_id,
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            contact_import = _finish(
                ContactImport.objects.get(pk=import_id), ContactImport.Status.FAILED, failure=type(exc).__name__
            )
    if contact_import.is_final:
        batch_file_drop(contact_import)
    return contact_import


def _process(contact_import: ContactImport, *, now: dt.datetime) -> ContactImport:
    twin = contact_import.loaded_twin()
    if twin is not None:
        return _finish(contact_import, ContactImport.Status.DUPLICATE, duplicate_of=twin)
    profile = PROFILES[contact_import.profile_code]
    with contact_import.file.open("rb") as handle:
        result = validate_contacts(
            handle,
            profile=profile,
            agents=agent_directory(agent_key=profile.agent_key),
            campaigns=campaign_directory(),
            now=now,
            filename=contact_import.original_name,
            max_rows=max_rows(),
        )
    if not result.ok:
        return _finish(
            contact_import,
            ContactImport.Status.REJECTED,
            row_count=result.data_rows,
            error_count=result.error_count,
            errors=[e.as_dict() for e in result.errors],
        )
    days = [row.at.date() for row in result.rows]
    fields = {"row_count": result.data_rows, "first_day": min(days), "last_day": max(days)}
    if contact_import.dry_run:
        return _finish(contact_import, ContactImport.Status.VALIDATED, **fields)
    try:
        with transaction.atomic():
            ContactAttempt.objects.bulk_create(
                (
                    ContactAttempt(
                        contact_import=contact_import,
                        row=row.row,
                        occurred_at=row.at,
                        zone=row.zone,
                        country=row.country,
                        employee_id=row.agent,
                        account_hash=account_hash(row.account),
                        destination_hash=destination_hash(row.destination),
                        channel=row.channel,
                        result=row.result,
                        campaign_id=row.campaign,
                    )
                    for row in result.rows
                ),
                batch_size=5000,
                ignore_conflicts=True,
            )
            inserted = ContactAttempt.objects.filter(contact_import=contact_import).count()
            contact_import = _finish(contact_import, ContactImport.Status.LOADED, inserted_count=inserted, **fields)
            audit_record(
                action="contact_import.load",
                actor=contact_import.created_by,
                target=contact_import,
                summary=f"{inserted} / {result.data_rows}",
                after={"sha256": contact_import.sha256, "rows": result.data_rows, "inserted": inserted},
            )
            for period in _periods(
                fields["first_day"] - dt.timedelta(days=1), fields["last_day"] + dt.timedelta(days=1)
            ):
                enqueue("compliance.tasks.compliance_scan_task", period.isoformat())
    except IntegrityError:  # the same file loaded meanwhile by another upload
        contact_import.refresh_from_db()
        return _finish(contact_import, ContactImport.Status.DUPLICATE, duplicate_of=contact_import.loaded_twin())
    return contact_import


def contact_import_stale_purge(*, now: dt.datetime | None = None, hours: int = 24) -> int:
    """Logs still waiting ``hours`` after upload (their task was lost, e.g. with the broker down)
    are marked failed and their bytes deleted, like every processed log's; returns how many.
    Safe to run twice."""
    now = now or timezone.now()
    stale = ContactImport.objects.filter(
        status=ContactImport.Status.PENDING, created_at__lte=now - dt.timedelta(hours=hours)
    )
    purged = 0
    for pk in stale.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            contact_import = (
                ContactImport.objects.select_for_update().filter(pk=pk, status=ContactImport.Status.PENDING).first()
            )
            if contact_import is None:
                continue
            _finish(contact_import, ContactImport.Status.FAILED, failure="not processed in time")
            batch_file_drop(contact_import, now=now)
            audit_record(
                action="contact_import.stale_purge",
                target=contact_import,
                summary=f"{contact_import.original_name}: not processed within {hours} h; file deleted",
                after={"sha256": contact_import.sha256, "size": contact_import.size},
            )
            purged += 1
    return purged


def _finish(contact_import: ContactImport, status: str, **fields: Any) -> ContactImport:
    contact_import.status = status
    contact_import.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(contact_import, name, value)
    contact_import.save()
    return contact_import


# --------------------------------------------------------------------------- the scan
def month_bounds(period: dt.date) -> tuple[dt.date, dt.date]:
    first = period.replace(day=1)
    return first, first.replace(day=_calendar.monthrange(first.year, first.month)[1])


def compliance_scan(*, period: dt.date, actor=None, remedial: bool = True) -> ComplianceScan:
    """Check every attempt whose local date falls in ``period``'s month against the rule set in force
    on that date; store each breach once with its evidence; assign the remedial course. Re-running
    stores nothing new. Attempts up to the rule sets' longest window before the month count as context."""
    _require(actor, "compliance.contacts_upload")
    first, last = month_bounds(period)
    versions = {v.pk: v for v in RuleSetVersion.objects.all()}
    rulesets = [v.to_engine() for v in versions.values()]
    low = dt.datetime.combine(first - dt.timedelta(days=lookback_days(rulesets)), dt.time.min, tzinfo=dt.UTC)
    high = dt.datetime.combine(last + dt.timedelta(days=2), dt.time.min, tzinfo=dt.UTC)
    rows = (
        ContactAttempt.objects.filter(occurred_at__gte=low, occurred_at__lt=high)
        .order_by("country", "account_hash", "occurred_at", "pk")
        .values_list("pk", "occurred_at", "zone", "country", "account_hash", "channel", "result", "employee_id")
    )
    # one account at a time (the rules count per account): the month is never held in memory
    stream = (Attempt(*row) for row in rows.iterator(chunk_size=20000))
    tally: dict[str, int] = {}
    found = list(check_attempts_by_account(stream, rulesets, emit_from=first, emit_to=last, tally=tally))
    checked = tally.get("checked", 0)
    with transaction.atomic():
        existing = set(
            Breach.objects.filter(local_day__gte=first, local_day__lte=last).values_list(
                "ruleset_id", "rule_key", "attempt_id"
            )
        )
        new = [b for b in found if (b.ruleset_ref, b.rule_key, b.attempt) not in existing]
        scan = ComplianceScan.objects.create(
            period=first,
            attempts_checked=checked,
            breaches_found=len(found),
            breaches_new=len(new),
            created_by=actor,
        )
        ids = _breaches_insert(new, scan=scan)
        integrations.breaches_found(breaches=new, ids=ids)
        scan.finished_at = timezone.now()
        scan.save(update_fields=["finished_at"])
        audit_record(
            action="compliance_scan.run",
            actor=actor,
            target=scan,
            summary=f"{first:%Y-%m}: {len(new)} / {len(found)}",
            after={
                "period": first.isoformat(),
                "attempts": scan.attempts_checked,
                "breaches": len(found),
                "new": len(new),
                "by_rule": dict(Counter(b.code for b in new)),
            },
        )
        incidents_publish(period=first, actor=actor)
        dial_suspensions_sync(actor=actor)
        if remedial:
            _remedial_assign(list(zip(ids, new, strict=True)), versions, period=first, actor=actor)
    return scan


#: the breach columns COPY writes (PostgreSQL), in order
BREACH_COLUMNS = (
    "id",
    "ruleset_id",
    "rule_key",
    "code",
    "country",
    "severity",
    "advisory",
    "employee_id",
    "account_hash",
    "attempt_id",
    "occurred_at",
    "local_day",
    "params",
    "lesson",
    "scan_id",
    "found_at",
)


def _breaches_insert(new: list[EngineBreach], *, scan: ComplianceScan) -> list[int]:
    """Store the new breaches and their evidence; returns their ids, in order. On PostgreSQL the ids
    are reserved from the table's sequence and both tables streamed with COPY (no model instances,
    no query back for ids); elsewhere ``bulk_create``. The unique constraint (rule set, rule key,
    attempt) still holds either way: a breach stored by a concurrent scan fails the transaction."""
    if not new:
        return []
    now = timezone.now()
    if connection.vendor != "postgresql":
        rows = Breach.objects.bulk_create(
            [
                Breach(
                    ruleset_id=b.ruleset_ref,
                    rule_key=b.rule_key,
                    code=b.code,
                    country=b.country,
                    severity=b.severity,
                    advisory=b.advisory,
                    employee_id=b.agent,
                    account_hash=b.account,
                    attempt_id=b.attempt,
                    occurred_at=b.local_at,
                    local_day=b.local_at.date(),
                    params=b.params,
                    lesson=b.lesson,
                    scan=scan,
                )
                for b in new
            ],
            batch_size=2000,
        )
        ids = [row.pk for row in rows]
        through = Breach.evidence.through
        through.objects.bulk_create(
            [
                through(breach_id=pk, contactattempt_id=attempt_id)
                for pk, b in zip(ids, new, strict=True)
                for attempt_id in b.evidence
            ],
            batch_size=5000,
        )
        return ids
    from psycopg.copy import QueuedLibpqWriter  # psycopg is only there on PostgreSQL

    table, through_table = Breach._meta.db_table, Breach.evidence.through._meta.db_table
    with connection.cursor() as cursor:  # table names come from model metadata, never from input
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(new)]
        )
        ids = [row[0] for row in cursor.fetchall()]
        raw = cursor.cursor
        # a writer thread sends each batch while the next rows are formatted
        with raw.copy(f"COPY {table} ({', '.join(BREACH_COLUMNS)}) FROM STDIN", writer=QueuedLibpqWriter(raw)) as copy:
            write = copy.write_row
            for pk, b in zip(ids, new, strict=True):
                write(
                    (
                        pk,
                        b.ruleset_ref,
                        b.rule_key,
                        b.code,
                        b.country,
                        b.severity,
                        b.advisory,
                        b.agent,
                        b.account,
                        b.attempt,
                        b.local_at,
                        b.local_at.date(),
                        orjson.dumps(b.params).decode(),
                        b.lesson,
                        scan.pk,
                        now,
                    )
                )
        sql = f"COPY {through_table} (breach_id, contactattempt_id) FROM STDIN"
        with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
            write = copy.write_row
            for pk, b in zip(ids, new, strict=True):
                for attempt_id in b.evidence:
                    write((pk, attempt_id))
    return ids


def incidents_publish(*, period: dt.date, actor=None) -> dict[str, int]:
    """Write the month's enforced breaches into the KPI facts as measured compliance incidents per
    agent and day (the debtor's local day of the breach), the severe ones counted apart; advisory
    breaches ([U] rules) never count. Through ``kpi.services`` (kpi sits below compliance), so
    bonus gates read ``incidentes_medidos`` / ``incidentes_medidos_graves`` like any KPI, and a bonus
    run computed before a new breach is stale."""
    first, last = month_bounds(period)
    rows = (
        Breach.objects.filter(local_day__gte=first, local_day__lte=last, advisory=False)
        .order_by()
        .values("employee_id", "local_day")
        .annotate(n=Count("id"), severe=Count("id", filter=Q(severity=Severity.SEVERE)))
    )
    counts = {(r["employee_id"], r["local_day"]): (r["n"], r["severe"]) for r in rows}
    return measured_incidents_replace(start=first, end=last, counts=counts, source="compliance_scan", actor=actor)


def _remedial_assign(
    breaches: list[tuple[int, EngineBreach]], versions: dict[int, RuleSetVersion], *, period: dt.date, actor
) -> int:
    """A breach of rule R (not advisory) assigns the course that teaches R, once per rule and month.
    ``breaches`` are the stored ids with the engine's breaches, taken in time order."""
    due = timezone.localdate() + dt.timedelta(days=settings.COMPLIANCE_REMEDIAL_DUE_DAYS)
    done: set[tuple[int, str]] = set()
    created = 0
    for _pk, breach in sorted(breaches, key=lambda pair: (pair[1].local_at, pair[0])):
        if breach.advisory or not breach.lesson or (breach.agent, breach.lesson) in done:
            continue
        done.add((breach.agent, breach.lesson))
        version = versions[breach.ruleset_ref]
        reason = breach_sentence(
            code=breach.code,
            country=breach.country,
            channel=breach.params.get("channel", ""),
            local_at=breach.local_at,
            params=breach.params,
            source=version.rule(breach.rule_key).get("source", ""),
        )
        key = f"{breach.lesson}:{period:%Y-%m}"
        if assignment_create_remedial(
            employee_id=breach.agent, course_slug=breach.lesson, due_date=due, key=key, reason=reason, actor=actor
        ):
            created += 1
    return created


def suspension_spans(days: list[dt.date], *, limit: int, window: int) -> list[tuple[dt.date, dt.date, int]]:
    """The days on which ``limit`` of the breach ``days`` fall within the last ``window`` days, as merged
    ``(start, end, breaches in the span)`` spans: breaches i-K+1..i suspend from day i to the day the
    first of them leaves the window."""
    days = sorted(days)
    spans: list[list] = []
    for i in range(limit - 1, len(days)):
        start, end = days[i], days[i - limit + 1] + dt.timedelta(days=window - 1)
        if end < start:
            continue
        if spans and start <= spans[-1][1] + dt.timedelta(days=1):
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(a, b, sum(1 for d in days if a - dt.timedelta(days=window - 1) <= d <= b)) for a, b in spans]


def dial_suspensions_sync(*, actor=None, today: dt.date | None = None) -> dict[str, int]:
    """Make the stored suspensions equal what the severe enforced breaches say
    (``COMPLIANCE_SUSPEND_AFTER_SEVERE`` within ``COMPLIANCE_SUSPEND_WINDOW_DAYS``): a new span is a
    suspension (audited ``dial_suspension.start``), a longer one an extension
    (``dial_suspension.extend``), a span no longer backed by breaches is withdrawn
    (``dial_suspension.clear``); each change is e-mailed to the agent and their supervisors after
    commit. Unchanged spans write nothing, so re-running is silent."""
    today = today or timezone.localdate()
    limit, window = settings.COMPLIANCE_SUSPEND_AFTER_SEVERE, settings.COMPLIANCE_SUSPEND_WINDOW_DAYS
    by_employee: dict[int, list[dt.date]] = {}
    rows = Breach.objects.filter(advisory=False, severity=Severity.SEVERE).values_list("employee_id", "local_day")
    for employee_id, day in rows.order_by("employee_id", "local_day"):
        by_employee.setdefault(employee_id, []).append(day)
    wanted = {
        (employee_id, start): (end, n)
        for employee_id, days in by_employee.items()
        for start, end, n in suspension_spans(days, limit=limit, window=window)
    }
    outcome = {"start": 0, "extend": 0, "clear": 0}
    with transaction.atomic():
        stored = {(s.employee_id, s.start): s for s in DialSuspension.objects.select_for_update()}
        for key, row in stored.items():
            if key not in wanted:
                row.delete()
                _suspension_changed("clear", row, actor)
                outcome["clear"] += 1
        for (employee_id, start), (end, n) in sorted(wanted.items()):
            row = stored.get((employee_id, start))
            if row is None:
                # a span already over when found (a late file) has nothing left to announce at its end
                row = DialSuspension.objects.create(
                    employee_id=employee_id,
                    start=start,
                    end=end,
                    severe_breaches=n,
                    ended_notified_at=timezone.now() if end < today else None,
                )
                _suspension_changed("start", row, actor)
                outcome["start"] += 1
            elif (row.end, row.severe_breaches) != (end, n):
                before = {"end": row.end.isoformat(), "severe_breaches": row.severe_breaches}
                row.end, row.severe_breaches = end, n
                if end >= today:  # running again: its new end is announced when it comes
                    row.ended_notified_at = None
                row.save(update_fields=["end", "severe_breaches", "ended_notified_at"])
                _suspension_changed("extend", row, actor, before=before)
                outcome["extend"] += 1
    return outcome


def dial_suspensions_expire(*, today: dt.date | None = None, actor=None) -> int:
    """Nightly: each suspension whose window ended before ``today`` and whose end was not yet announced
    is announced once (audited ``dial_suspension.expire``; the agent and their supervisors are e-mailed
    after commit, each in their language). Re-running sends nothing. Returns how many ended."""
    today = today or timezone.localdate()
    with transaction.atomic():
        rows = list(
            DialSuspension.objects.select_for_update()
            .filter(end__lt=today, ended_notified_at__isnull=True)
            .order_by("pk")
        )
        now = timezone.now()
        for row in rows:
            row.ended_notified_at = now
            row.save(update_fields=["ended_notified_at"])
            _suspension_changed("expire", row, actor)
    return len(rows)


_NOTICE = {"start": "suspended", "extend": "extended", "clear": "cleared", "expire": "ended"}


def _suspension_changed(change: str, row: DialSuspension, actor, *, before=None) -> None:
    integrations.clearance_changed(suspension=row, change=change)
    audit_record(
        action=f"dial_suspension.{change}",
        actor=actor,
        object_type=DialSuspension._meta.label_lower,
        object_id=str(row.pk or ""),
        object_repr=f"{row.employee_id} {row.start}",
        summary=f"{row.start}..{row.end}: {row.severe_breaches}",
        before=before,
        after={
            "employee": row.employee_id,
            "start": row.start.isoformat(),
            "end": row.end.isoformat(),
            "severe_breaches": row.severe_breaches,
        },
    )
    args = (row.employee_id, _NOTICE[change], row.start.isoformat(), row.end.isoformat(), row.severe_breaches)
    transaction.on_commit(lambda: enqueue("compliance.tasks.dial_suspension_notify_task", *args))

"""Writes of the incentives app: keyword-only, typed, in transactions, audited.

Workflow of a run: draft -> submitted -> (each team approved by a manager of that team)
-> teams_approved -> approved (HR, final) -> locked -> exported. Rejection (comment required)
returns it to draft. Every transition locks the run row, checks it against the one table in
incentives.workflow (status x action -> capability and four-eyes rules), writes an append-only
RunEvent and an audit event.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

import orjson
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Max, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.capabilities import user_can
from core.models import Campaign, Employee, Team
from core.tasks import enqueue
from incentives import engine, integrations, workflow
from incentives.claims import run_claim_plans, run_claim_scope, run_claims_check
from incentives.confirmation import confirmation_token
from incentives.engine.money import fits_minor_unit
from incentives.errors import IncentivesError, TransitionDenied
from incentives.fingerprint import Staleness, fingerprint_merge
from incentives.messages import stale_kinds_label
from incentives.models import (
    Adjustment,
    AdjustmentReason,
    AdjustmentStatus,
    Dispute,
    DisputeStatus,
    ExportTemplate,
    Payout,
    PayoutLine,
    PayoutRun,
    Plan,
    PlanAssignment,
    PlanVersion,
    PlanVersionStatus,
    RunEvent,
    RunStatus,
    RunTeam,
    Target,
)
from incentives.periods import next_period, parse_period
from incentives.run_inputs import period_input_markers, period_population_read
from incentives.selectors import period_is_closed, run_chunk_parts, run_chunks, run_staleness

ZERO = Decimal(0)


def _require_capability(actor, capability: str) -> None:
    """People need the capability (core.capabilities); `actor=None` is the system (commands, seeders)."""
    if actor is not None and not user_can(actor, capability):
        raise TransitionDenied("not_allowed_role")


# ----------------------------------------------------------------------------- plans
def _check_plan(data: dict) -> engine.PlanVersion:
    try:
        return engine.plan_from_dict(data)
    except engine.PlanInvalid as exc:
        raise IncentivesError("plan_invalid", {"issues": [i.as_dict() for i in exc.issues]}) from exc


def plan_version_create(*, actor, definition: dict, plan: Plan | None = None) -> PlanVersion:
    """Create a draft version from a plan definition (engine JSON); the plan is made if new."""
    _require_capability(actor, "incentives.plan_edit")
    parsed = _check_plan(definition)
    with transaction.atomic():
        if plan is None:
            plan, _ = Plan.objects.get_or_create(
                code=parsed.code,
                defaults={"name": parsed.name, "currency": parsed.currency, "description": parsed.description},
            )
        number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        data = engine.plan_to_dict(parsed)
        data.update(code=plan.code, version=number)
        version = PlanVersion.objects.create(
            plan=plan,
            number=number,
            valid_from=parsed.valid_from,
            valid_to=parsed.valid_to,
            definition=data,
            currency=parsed.currency,
            created_by=actor,
        )
        audit_record(action="plan_version.create", actor=actor, target=version, after={"number": number})
    return version


def plan_version_next_draft(*, actor, plan: Plan, today: dt.date | None = None) -> PlanVersion:
    """A new draft copied from the plan's latest version: valid from the first of this month (or the
    latest version's start, when that is later), open-ended."""
    latest = plan.versions.order_by("-number").first()
    today = today or timezone.localdate()
    definition = {
        **latest.definition,
        "valid_from": max(today.replace(day=1), latest.valid_from).isoformat(),
        "valid_to": None,
    }
    return plan_version_create(actor=actor, definition=definition, plan=plan)


def plan_version_update(*, actor, version: PlanVersion, definition: dict) -> PlanVersion:
    _require_capability(actor, "incentives.plan_edit")
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise IncentivesError("version_published")
        parsed = _check_plan(definition)
        data = engine.plan_to_dict(parsed)
        data.update(code=version.plan.code, version=version.number)
        before = version.definition
        version.definition = data
        version.valid_from, version.valid_to = parsed.valid_from, parsed.valid_to
        version.currency = parsed.currency
        version.save(update_fields=["definition", "valid_from", "valid_to", "currency"])
        version.plan.name = parsed.name
        version.plan.description = parsed.description
        version.plan.currency = parsed.currency
        version.plan.save(update_fields=["name", "description", "currency"])
        audit_record(action="plan_version.update", actor=actor, target=version, before=before, after=data)
    return version


def plan_version_publish(*, actor, version: PlanVersion) -> PlanVersion:
    """Publish a draft. A published version is never changed again; an open-ended published
    version that starts earlier is closed the day before (plan changes apply going forward)."""
    _require_capability(actor, "incentives.plan_publish")
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise IncentivesError("already_published")
        _check_plan(version.definition)
        others = PlanVersion.objects.select_for_update().filter(plan=version.plan, status=PlanVersionStatus.PUBLISHED)
        for other in others:
            overlaps = other.valid_to is None or other.valid_to >= version.valid_from
            overlaps = overlaps and (version.valid_to is None or version.valid_to >= other.valid_from)
            if not overlaps:
                continue
            if other.valid_from >= version.valid_from:
                raise IncentivesError(
                    "publishes_over_published",
                    {"number": other.number, "valid_from": other.valid_from.isoformat()},
                )
            closing = version.valid_from - dt.timedelta(days=1)
            audit_record(
                action="plan_version.close",
                actor=actor,
                target=other,
                before={"valid_to": other.valid_to},
                after={"valid_to": closing},
            )
            other.valid_to = closing
            other.definition = {**other.definition, "valid_to": closing.isoformat()}
            other.save(update_fields=["valid_to", "definition"])
        version.status = PlanVersionStatus.PUBLISHED
        version.published_by = actor
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_by", "published_at"])
        audit_record(action="plan_version.publish", actor=actor, target=version)
    return version


def plan_import_json(*, actor, text: str | bytes) -> PlanVersion:
    """Import a plan version from JSON (validated by the schema) as a new draft version."""
    try:
        parsed = engine.plan_from_json(text)
    except engine.PlanInvalid as exc:
        raise IncentivesError("plan_invalid", {"issues": [i.as_dict() for i in exc.issues]}) from exc
    plan = Plan.objects.filter(code=parsed.code).first()
    return plan_version_create(actor=actor, definition=engine.plan_to_dict(parsed), plan=plan)


def plan_assignment_create(
    *,
    actor,
    version: PlanVersion,
    start: dt.date,
    end: dt.date,
    team=None,
    campaign=None,
    role: str = "",
    employee=None,
) -> PlanAssignment:
    _require_capability(actor, "incentives.plan_edit")
    with transaction.atomic():
        assignment = PlanAssignment.objects.create(
            plan_version=version, start=start, end=end, team=team, campaign=campaign, role=role, employee=employee
        )
        audit_record(action="plan_assignment.create", actor=actor, target=version, summary=str(assignment))
    return assignment


# ----------------------------------------------------------------------------- targets
def _targets_text(data: str | bytes) -> str:
    """An uploaded targets file as text: UTF-8 (with or without BOM), else Latin-1 (Excel's CSV)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            data = data.decode("latin-1")
    return data.lstrip("\ufeff")


def targets_import_csv(*, actor, text: str | bytes) -> int:
    """Load a targets table: periodo, codigo, valor and one of empleado / equipo / campana.
    `text` may be the uploaded bytes (UTF-8, else Latin-1).

    The whole file is validated first; any error rejects it (IncentivesError with ``errors``)."""
    _require_capability(actor, "incentives.targets_import")
    text = _targets_text(text)
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {h.strip().lower() for h in (reader.fieldnames or [])}
    if not {"periodo", "codigo", "valor"} <= headers or not headers & {"empleado", "equipo", "campana"}:
        raise IncentivesError("targets_bad_header")
    employees = dict(Employee.objects.values_list("employee_code", "pk"))
    teams = dict(Team.objects.values_list("code", "pk"))
    campaigns = dict(Campaign.objects.values_list("code", "pk"))
    rows, errors = [], []
    for n, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        try:
            period = parse_period(row["periodo"])
        except ValueError:
            errors.append({"code": "targets_bad_period", "params": {"row": n, "value": row["periodo"]}})
            continue
        value_text = row["valor"].replace(" ", "")
        if "," in value_text and "." in value_text:
            value_text = (
                value_text.replace(".", "").replace(",", ".")
                if value_text.rfind(",") > value_text.rfind(".")
                else value_text.replace(",", "")
            )
        elif "," in value_text:
            value_text = value_text.replace(",", ".")
        try:
            value = Decimal(value_text)
            if not value.is_finite() or value < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors.append({"code": "targets_bad_value", "params": {"row": n, "value": row["valor"]}})
            continue
        owners = [(k, row.get(k, "")) for k in ("empleado", "equipo", "campana") if row.get(k)]
        if len(owners) != 1:
            errors.append({"code": "targets_no_owner", "params": {"row": n}})
            continue
        kind, key = owners[0]
        lookup = {"empleado": employees, "equipo": teams, "campana": campaigns}[kind]
        if key not in lookup:
            code = {
                "empleado": "targets_unknown_employee",
                "equipo": "targets_unknown_team",
                "campana": "targets_unknown_campaign",
            }[kind]
            errors.append({"code": code, "params": {"row": n, "value": key}})
            continue
        field = {"empleado": "employee_id", "equipo": "team_id", "campana": "campaign_id"}[kind]
        rows.append((period, row["codigo"], field, lookup[key], value))
    if errors:
        raise IncentivesError("targets_invalid", {"errors": errors})
    if not rows:
        raise IncentivesError("targets_empty")
    with transaction.atomic():
        for period, code, field, owner, value in rows:
            owner_kw = {"employee_id": None, "team_id": None, "campaign_id": None, field: owner}
            Target.objects.update_or_create(period=period, code=code, **owner_kw, defaults={"value": value})
        audit_record(action="targets.import", actor=actor, summary=f"{len(rows)} targets")
    return len(rows)


# ----------------------------------------------------------------------------- runs
def _inputs_json(inputs: engine.AgentInputs, leave_days: int = 0) -> dict:
    return {
        "kpi_sums": {k: str(v) for k, v in sorted(inputs.kpi_sums.items())},
        "targets": {k: str(v) for k, v in sorted(inputs.targets.items())},
        "eligible_days": inputs.eligible_days,
        "days_in_period": inputs.days_in_period,
        "leave_days": leave_days,
        "certified": inputs.certified,
        "team_ids": list(inputs.team_ids),
        "supervised_team_ids": list(inputs.supervised_team_ids),
    }


def _trace_json(line: engine.PayoutLine, seg: engine.Segment) -> list:
    """The line's trace; the proration step also names the days behind its factor. Steps stay
    ``TraceStep`` dataclasses (orjson writes them as {"rule", "inputs", "result"}), the proration
    step becomes that dict with the days added."""
    trace = line.trace
    if not any(s.rule == "proration" for s in trace):
        return list(trace)
    days = {
        "eligible_days": seg.inputs.eligible_days,
        "days_in_period": seg.inputs.days_in_period,
        "leave_days": seg.leave_days,
    }
    return [
        {"rule": s.rule, "inputs": {**s.inputs, **days}, "result": s.result} if s.rule == "proration" else s
        for s in trace
    ]


def _line_detail(line: engine.PayoutLine, seg: engine.Segment) -> dict:
    """The explain data of a line, for :func:`_dumps`: Decimals stay Decimals (written as strings),
    gates, the next tier and trace steps stay dataclasses (written as objects of their fields)."""
    return {
        "exact": line.exact,
        "team_id": line.team_id,
        "measure": line.measure,
        "measure_value": line.measure_value,
        "target_value": line.target_value,
        "attainment": line.attainment,
        "band": line.band,
        "capped": line.capped,
        "floored": line.floored,
        "gates": line.gates,
        "next_tier": line.next_tier,
        "trace": _trace_json(line, seg),
    }


def _line_json(line: engine.PayoutLine, seg: engine.Segment) -> str:
    return _dumps(_line_detail(line, seg))


def _dumps(value) -> str:
    """Compact JSON; Decimals (and anything else not JSON) as strings; dataclasses as objects of
    their fields, enums as their values (orjson's own)."""
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def _normalised(value):
    """Plain JSON (Decimals as strings) for the ORM path."""
    return json.loads(_dumps(value))


def payout_run_prepare(*, period: dt.date, plan=None, actor=None) -> PayoutRun:
    """Find the period's draft run (recompute replaces it) or create one; refuse closed periods
    and plans another run of the period holds (``incentives.claims``)."""
    with transaction.atomic():
        if period_is_closed(period):
            raise IncentivesError("period_locked", {"period": f"{period:%Y-%m}"})
        run = PayoutRun.objects.select_for_update().filter(period=period, plan=plan).order_by("-id").first()
        if run is not None and run.status != RunStatus.DRAFT:
            raise IncentivesError("run_not_draft", {"status": run.get_status_display()})
        if run is None:
            run = PayoutRun.objects.create(
                period=period, plan=plan, computed_by=actor, currency=plan.currency if plan else "MXN"
            )
        run_claim_scope(run=run)
        return run


def totals_json(by_currency: dict[str, Decimal]) -> dict[str, str]:
    """{currency: amount} as stored on runs and run teams (amounts as strings, currencies sorted)."""
    return {c: str(by_currency[c]) for c in sorted(by_currency)}


def single_total(by_currency: dict[str, Decimal]) -> Decimal:
    """The legacy one-number total: the sum when everything is in one currency, else 0 (never a
    sum of different currencies)."""
    return next(iter(by_currency.values())) if len(by_currency) == 1 else ZERO


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a run builds its ~100,000 short-lived objects:
    its full collections would walk the growing heap again and again (a quarter of a 5,000-agent
    run's time, bench/bonus_run). Reference counting still frees everything at once; cycles wait
    until the collector resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def payout_run_payouts_write(*, run: PayoutRun, actor=None) -> PayoutRun:
    """Calculate a prepared draft run and replace its payouts, in one transaction: the period is
    read and calculated chunk by chunk (``settings.INCENTIVES_RUN_CHUNK_SIZE``; one chunk when it
    fits), each chunk's payouts written as soon as calculated, the supervisors' override pass and
    the team and run totals and the fingerprint at the end (:func:`_run_results_store`). The
    Celery task and :func:`payout_run_compute` call it."""
    with gc_paused():
        try:
            return _payout_run_payouts_write(run=run, actor=actor)
        except Exception as exc:
            if not isinstance(exc, IncentivesError):  # a calculation that failed (refusals are not failures)
                PayoutRun.objects.filter(pk=run.pk).update(computing=False, failure=str(exc)[:2000])
            raise
        finally:  # a failed or refused computation never leaves the run marked as computing
            PayoutRun.objects.filter(pk=run.pk, computing=True).update(computing=False)


def _payout_run_payouts_write(*, run: PayoutRun, actor=None) -> PayoutRun:
    PayoutRun.objects.filter(pk=run.pk).update(computing=True, progress=1, failure="")
    population = period_population_read(period=run.period)
    chunks = run_chunks(period=run.period, population=population)
    run_progress_report(run=run, percent=1, chunks=len(chunks))
    # several chunks are read one after the other: refused at the end if an input changed meanwhile
    markers = period_input_markers(period=run.period) if len(chunks) > 1 else None

    def done(i: int) -> None:
        run_progress_chunk_done(run=run)

    def progress(percent: int) -> None:
        run_progress_report(run=run, percent=percent, chunks=len(chunks))

    parts = run_chunk_parts(period=run.period, chunks=chunks, population=population, done=done, progress=progress)
    return _run_results_store(run=run, actor=actor, parts=parts, markers_at_end=markers)


def run_progress_report(*, run: PayoutRun, percent: int, chunks: int = 0) -> None:
    """Tell the run page how far a computation is (``PayoutRun.live_progress``): the computation
    runs inside one transaction, so through the cache. ``chunks``: how many parts it is split in."""
    cache.set_many({run.progress_cache_key: {"percent": percent, "chunks": chunks}, run.chunks_done_cache_key: 0}, 3600)


def run_progress_chunk_done(*, run: PayoutRun) -> None:
    """One more chunk of the run calculated (in this process or a chord's worker: an atomic count)."""
    try:
        cache.incr(run.chunks_done_cache_key)
    except ValueError:  # the count expired or was never started: progress is only a hint
        pass


def run_chunks_start(*, run: PayoutRun, chunks: int = 0) -> dict:
    """Before a run's chunks are computed apart (a Celery chord): mark it computing and note what
    :func:`payout_run_chunks_write` checks at the end (when it was last computed, the period's input
    change markers on PostgreSQL)."""
    PayoutRun.objects.filter(pk=run.pk).update(computing=True, progress=1, failure="")
    run_progress_report(run=run, percent=1, chunks=chunks)
    computed_at = PayoutRun.objects.filter(pk=run.pk).values_list("computed_at", flat=True).first()
    return {
        "computed_at": computed_at.isoformat() if computed_at else None,
        "markers": period_input_markers(period=run.period),
    }


def payout_run_chunks_write(*, run: PayoutRun, parts: Iterable, start: dict, actor=None) -> PayoutRun:
    """The callback of a chunked run: the chunks' first passes (``parts``: calculations, or an
    iterator that fetches each when asked, so one is held at a time) written as they come, then
    the override pass over all of them, in one transaction, as :func:`payout_run_payouts_write`
    does. Refused (nothing written) when the run was recomputed or left draft meanwhile, or when
    an input of the period changed while the chunks were read (PostgreSQL's change markers): the
    chunks could disagree with each other."""
    with gc_paused():
        try:
            return _run_results_store(run=run, actor=actor, parts=parts, start=start)
        except Exception as exc:
            PayoutRun.objects.filter(pk=run.pk).update(failure=str(exc)[:2000])
            raise
        finally:
            PayoutRun.objects.filter(pk=run.pk, computing=True).update(computing=False)


class _RunWriter:
    """Writes a run's payouts batch by batch (inside the run's transaction) and keeps only the
    sums the run row and its team rows need."""

    def __init__(self, run: PayoutRun, plan_code: str | None) -> None:
        self.run = run
        self.plan_code = plan_code
        self.versions: dict[int, PlanVersion] = {}
        self.paid_versions: set[int] = set()
        self.by_currency: dict[str, Decimal] = {}
        self.team_totals: dict[int, list] = {}
        self.count = 0

    def write(self, results: list[engine.SegmentPayout]) -> None:
        if self.plan_code is not None:
            results = [r for r in results if self.versions[r.segment.plan_version_id].plan.code == self.plan_code]
        if not results:
            return
        _payouts_insert(self.run, results)
        by_currency, team_totals = self.by_currency, self.team_totals
        for r in results:
            seg, p = r.segment, r.payout
            self.paid_versions.add(seg.plan_version_id)
            by_currency[p.currency] = by_currency.get(p.currency, ZERO) + p.total
            if seg.team_id is not None:
                acc = team_totals.setdefault(seg.team_id, [{}, 0])
                acc[0][p.currency] = acc[0].get(p.currency, ZERO) + p.total
                acc[1] += 1
        self.count += len(results)


def _run_results_store(
    *, run: PayoutRun, actor, parts: Iterable, start: dict | None = None, markers_at_end: str | None = None
) -> PayoutRun:
    """Write a run from its chunks' first passes (``selectors.run_chunk_parts`` or a chord's
    results), in one transaction: each chunk's final payouts as it comes (``engine.OverridePass``
    keeps back the supervisors' segments), then the override pass, team rows, totals, fingerprint.
    ``start`` (a chord's, checked first) or ``markers_at_end`` (chunks read in-process, checked
    last): the run is refused as ``run_changed_meanwhile`` if the period's inputs moved."""
    plan_code = run.plan.code if run.plan_id else None
    with transaction.atomic():
        locked = PayoutRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.DRAFT:
            raise IncentivesError("run_not_draft", {"status": locked.get_status_display()})
        if start is not None:
            computed_at = locked.computed_at.isoformat() if locked.computed_at else None
            if computed_at != start["computed_at"] or period_input_markers(period=locked.period) != start["markers"]:
                raise IncentivesError("run_changed_meanwhile", {})
        run_claim_scope(run=locked)
        previous, previous_totals = locked.total, locked.totals
        _payouts_delete(locked)
        writer = _RunWriter(locked, plan_code)
        overrides = engine.OverridePass()
        fingerprints = []
        for part in parts:
            writer.versions.update(part.reading.versions)
            writer.write(overrides.add(part.results, part.reading.inputs.teams))
            paid = {s.employee_id for s in part.reading.inputs.segments}
            fingerprints.append((part.fingerprint, paid))
            del part
        writer.write(overrides.finish())
        if markers_at_end is not None and period_input_markers(period=locked.period) != markers_at_end:
            raise IncentivesError("run_changed_meanwhile", {})
        run_claim_plans(run=locked, plan_ids={writer.versions[v].plan_id for v in writer.paid_versions})
        RunTeam.objects.bulk_create(
            [
                RunTeam(run=locked, team_id=t, total=single_total(v[0]), totals=totals_json(v[0]), payout_count=v[1])
                for t, v in sorted(writer.team_totals.items())
            ]
        )
        by_currency = writer.by_currency
        if len(by_currency) == 1:
            locked.currency = next(iter(by_currency))
        locked.totals = totals_json(by_currency)
        locked.total = single_total(by_currency)
        locked.payout_count = writer.count
        locked.computed_by = actor
        locked.computed_at = timezone.now()
        locked.computing = False
        locked.progress = 100
        locked.fingerprint = fingerprints[0][0] if len(fingerprints) == 1 else fingerprint_merge(fingerprints)
        locked.save()
        audit_record(
            action="payout_run.compute",
            actor=actor,
            target=locked,
            summary=f"{writer.count} payouts, totals {locked.totals}",
            before={"total": str(previous), "totals": previous_totals},
            after={"total": str(locked.total), "totals": locked.totals, "payouts": writer.count},
        )
    return locked


PAYOUT_COLUMNS = (
    "id",
    "run_id",
    "employee_id",
    "plan_version_id",
    "team_id",
    "eligible_days",
    "days_in_period",
    "total",
    "currency",
    "gates",
    "inputs",
)
LINE_COLUMNS = ("payout_id", "position", "code", "kind", "name", "concept", "amount", "detail")


def _payout_ids_reserve(count: int) -> list[int]:
    """``count`` ids from the payouts' identity sequence (PostgreSQL): the payouts and their lines
    are then streamed with COPY in one pass, with no query back for the ids given."""
    table = Payout._meta.db_table
    with connection.cursor() as cursor:  # the table name comes from model metadata
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]


def _payouts_insert(run: PayoutRun, results: list[engine.SegmentPayout]) -> None:
    """Insert payouts and their lines (with their explain data and trace): COPY on PostgreSQL,
    bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        payouts = Payout.objects.bulk_create(
            [
                Payout(
                    run=run,
                    employee_id=r.segment.employee_id,
                    plan_version_id=r.segment.plan_version_id,
                    team_id=r.segment.team_id,
                    eligible_days=r.segment.inputs.eligible_days,
                    days_in_period=r.segment.inputs.days_in_period,
                    total=r.payout.total,
                    currency=r.payout.currency,
                    gates=_normalised(r.payout.gates),
                    inputs=_normalised(_inputs_json(r.segment.inputs, r.segment.leave_days)),
                )
                for r in results
            ],
            batch_size=500,
        )
        lines = [
            PayoutLine(
                payout_id=row.pk,
                position=pos,
                code=ln.code,
                kind=str(ln.kind),
                name=ln.name,
                concept=ln.concept,
                amount=ln.amount,
                detail=_normalised(_line_detail(ln, r.segment)),
            )
            for r, row in zip(results, payouts, strict=True)
            for pos, ln in enumerate(r.payout.lines)
        ]
        PayoutLine.objects.bulk_create(lines, batch_size=1000)
        return
    payout_table, line_table = Payout._meta.db_table, PayoutLine._meta.db_table
    # table names come from model metadata; a writer thread sends each batch while the next rows are formatted
    copy_payouts = f"COPY {payout_table} ({', '.join(PAYOUT_COLUMNS)}) FROM STDIN"
    copy_lines = f"COPY {line_table} ({', '.join(LINE_COLUMNS)}) FROM STDIN"
    from psycopg.copy import QueuedLibpqWriter  # psycopg is only there on PostgreSQL

    ids = _payout_ids_reserve(len(results))
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(copy_payouts, writer=QueuedLibpqWriter(raw)) as copy:
            write = copy.write_row
            for payout_id, r in zip(ids, results, strict=True):
                seg, p = r.segment, r.payout
                write(
                    (
                        payout_id,
                        run.pk,
                        seg.employee_id,
                        seg.plan_version_id,
                        seg.team_id,
                        seg.inputs.eligible_days,
                        seg.inputs.days_in_period,
                        p.total,
                        p.currency,
                        _dumps(p.gates),
                        _dumps(_inputs_json(seg.inputs, seg.leave_days)),
                    )
                )
        with raw.copy(copy_lines, writer=QueuedLibpqWriter(raw)) as copy:
            write = copy.write_row
            for payout_id, r in zip(ids, results, strict=True):
                seg = r.segment
                for pos, ln in enumerate(r.payout.lines):
                    write((payout_id, pos, ln.code, str(ln.kind), ln.name, ln.concept, ln.amount, _line_json(ln, seg)))


def _payouts_delete(run: PayoutRun) -> None:
    """Drop a draft's payouts with three set-based deletes (no rows loaded into Python)."""
    payout_table = Payout._meta.db_table
    with connection.cursor() as cursor:
        # table names come from model metadata, never from input
        for model in (PayoutLine, Dispute):
            sql = f"DELETE FROM {model._meta.db_table} WHERE payout_id IN (SELECT id FROM {payout_table} WHERE run_id = %s)"  # noqa: S608, E501
            cursor.execute(sql, [run.pk])
        cursor.execute(f"DELETE FROM {payout_table} WHERE run_id = %s", [run.pk])  # noqa: S608
        cursor.execute(f"DELETE FROM {RunTeam._meta.db_table} WHERE run_id = %s", [run.pk])  # noqa: S608


def payout_run_compute(*, period: dt.date, plan_code: str | None = None, actor=None) -> PayoutRun:
    """Compute the period's draft run now (command line, tests); recomputing replaces the draft,
    and a stale run waiting for approval goes back to draft first (:func:`_reopen_if_stale`)."""
    plan = Plan.objects.get(code=plan_code) if plan_code else None
    with transaction.atomic():
        _reopen_if_stale(period=period, plan=plan, actor=actor)
        run = payout_run_prepare(period=period, plan=plan, actor=actor)
        if run.computing:
            raise IncentivesError("run_computing")
        PayoutRun.objects.filter(pk=run.pk).update(computing=True, progress=0)
    return payout_run_payouts_write(run=run, actor=actor)


def payout_run_request(*, period: dt.date, plan_code: str | None = None, actor) -> PayoutRun:
    """From the web: prepare the draft and compute it in Celery after commit."""
    workflow.action_check(action="recompute", actor=actor)
    plan = Plan.objects.get(code=plan_code) if plan_code else None
    with transaction.atomic():
        _reopen_if_stale(period=period, plan=plan, actor=actor)
        run = payout_run_prepare(period=period, plan=plan, actor=actor)
        workflow.transition_check(run=run, action="recompute", actor=actor)
        if run.computing:
            raise IncentivesError("run_computing")
        PayoutRun.objects.filter(pk=run.pk).update(computing=True, progress=0, computed_by=actor)
        actor_id = actor.pk
        enqueue("incentives.tasks.payout_run_payouts_write_task", run.pk, actor_id)
    run.refresh_from_db()
    return run


def payout_run_discard(*, run: PayoutRun, actor) -> None:
    """Delete a draft run with its payouts and its claims, freeing its plans for another run."""
    with transaction.atomic():
        run = _locked_run(run)
        workflow.transition_check(run=run, action="discard", actor=actor)
        if run.computing:
            raise IncentivesError("run_computing")
        audit_record(
            action="payout_run.discard",
            actor=actor,
            target=run,
            summary=f"{run} discarded",
            before={"status": run.status, "payouts": run.payout_count, "total": str(run.total)},
        )
        _payouts_delete(run)
        run.delete()


#: a run waiting for approval whose inputs changed may be recomputed: it goes back to draft first
REOPENABLE_STALE = (RunStatus.SUBMITTED, RunStatus.TEAMS_APPROVED, RunStatus.APPROVED)


def stale_summary(staleness: Staleness) -> str:
    return _("Inputs changed since the run was computed: %(kinds)s; %(count)s people affected.") % {
        "kinds": stale_kinds_label(staleness.kinds),
        "count": len(staleness.employees),
    }


def _reopen_if_stale(*, period: dt.date, plan: Plan | None, actor) -> PayoutRun | None:
    """A recompute asked for a stale run waiting for approval: back to draft (approvals cleared,
    approvers told by e-mail) so that it can be recomputed. Fresh runs are left alone."""
    run = (
        PayoutRun.objects.select_for_update()
        .filter(period=period, plan=plan, status__in=REOPENABLE_STALE)
        .order_by("-id")
        .first()
    )
    if run is None:
        return None
    staleness = run_staleness(run=run)
    if not staleness.stale:
        return None
    workflow.transition_check(run=run, action="reopen_stale", actor=actor)
    frm = run.status
    run.status = RunStatus.DRAFT
    run.save(update_fields=["status"])
    run.run_teams.update(approved_by=None, approved_at=None)
    _event(run, action="reopen_stale", actor=actor, frm=frm, to=RunStatus.DRAFT, comment=stale_summary(staleness))
    return run


def _ensure_period_claims(run: PayoutRun) -> None:
    """The run holds every plan it pays, and nobody else in the period pays the same people."""
    run_claims_check(run=run)


def _ensure_fresh(run: PayoutRun) -> None:
    """Refuse to move a run whose inputs changed since it was computed (recompute it first)."""
    staleness = run_staleness(run=run)
    if staleness.stale:
        code = "run_stale" if run.status in (RunStatus.DRAFT, *REOPENABLE_STALE) else "run_stale_closed"
        raise IncentivesError(code, {"kinds": stale_kinds_label(staleness.kinds), "count": len(staleness.employees)})


NOTIFIED_EVENTS = {"submit", "teams_approved", "reject", "approve_final", "reopen_stale"}


def _ensure_confirmed(run: PayoutRun, confirmation: str | None) -> None:
    """The approver confirmed these figures: refuse when the run changed since the confirmation
    page was shown (``incentives.confirmation``). ``None``: a caller without a confirmation step
    (management commands, tests of the workflow itself)."""
    if confirmation is not None and confirmation != confirmation_token(run):
        raise IncentivesError("run_changed_since_confirmation")


def _event(run: PayoutRun, *, action: str, actor, frm: str, to: str, comment: str = "", team=None) -> None:
    event = RunEvent.objects.create(
        run=run, action=action, from_status=frm, to_status=to, actor=actor, comment=comment, team=team
    )
    integrations.run_event(run, action=action, event_id=event.pk)
    if action in NOTIFIED_EVENTS:  # e-mailed once the transition has committed (incentives.notifications)
        enqueue("incentives.tasks.run_event_notify_task", event.pk)
    audit_record(
        action=f"payout_run.{action}",
        actor=actor,
        target=run,
        summary=comment or f"{frm} -> {to}",
        before={"status": frm},
        after={"status": to, "team": team.code if team else None},
    )


def _locked_run(run: PayoutRun) -> PayoutRun:
    return PayoutRun.objects.select_for_update().get(pk=run.pk)


def payout_run_submit(*, run: PayoutRun, actor, confirmation: str | None = None) -> PayoutRun:
    with transaction.atomic():
        run = _locked_run(run)
        workflow.transition_check(run=run, action="submit", actor=actor)
        _ensure_confirmed(run, confirmation)
        if run.computing:
            raise IncentivesError("run_computing")
        if not run.payouts.exists():
            raise IncentivesError("no_payouts")
        if run.adjustments.filter(status=AdjustmentStatus.PENDING).exists():
            raise IncentivesError("pending_adjustments")
        _ensure_period_claims(run)
        _ensure_fresh(run)
        run.status = RunStatus.SUBMITTED
        run.save(update_fields=["status"])
        _event(run, action="submit", actor=actor, frm=RunStatus.DRAFT, to=RunStatus.SUBMITTED)
    return run


def payout_run_approve_team(*, run: PayoutRun, team: Team, actor, confirmation: str | None = None) -> PayoutRun:
    """A manager of `team` approves its part; the last team moves the run to teams_approved."""
    with transaction.atomic():
        run = _locked_run(run)
        workflow.transition_check(run=run, action="approve_team", actor=actor, team=team)
        _ensure_confirmed(run, confirmation)
        run_team = RunTeam.objects.select_for_update().filter(run=run, team=team).first()
        if run_team is None:
            raise IncentivesError("team_not_in_run")
        if run_team.approved_at is not None:
            raise IncentivesError("team_already_approved")
        _ensure_fresh(run)
        run_team.approved_by, run_team.approved_at = actor, timezone.now()
        run_team.save(update_fields=["approved_by", "approved_at"])
        _event(run, action="approve_team", actor=actor, frm=run.status, to=run.status, team=team)
        if not run.run_teams.filter(approved_at__isnull=True).exists():
            run.status = RunStatus.TEAMS_APPROVED
            run.save(update_fields=["status"])
            _event(run, action="teams_approved", actor=actor, frm=RunStatus.SUBMITTED, to=RunStatus.TEAMS_APPROVED)
    return run


def payout_run_approve_final(*, run: PayoutRun, actor, confirmation: str | None = None) -> PayoutRun:
    with transaction.atomic():
        run = _locked_run(run)
        workflow.transition_check(run=run, action="approve_final", actor=actor)
        _ensure_confirmed(run, confirmation)
        _ensure_period_claims(run)
        _ensure_fresh(run)
        run.status = RunStatus.APPROVED
        run.save(update_fields=["status"])
        _event(run, action="approve_final", actor=actor, frm=RunStatus.TEAMS_APPROVED, to=RunStatus.APPROVED)
    return run


def payout_run_reject(*, run: PayoutRun, actor, comment: str) -> PayoutRun:
    if not comment.strip():
        raise IncentivesError("comment_required")
    with transaction.atomic():
        run = _locked_run(run)
        workflow.transition_check(run=run, action="reject", actor=actor)
        frm = run.status
        run.status = RunStatus.DRAFT
        run.save(update_fields=["status"])
        run.run_teams.update(approved_by=None, approved_at=None)
        _event(run, action="reject", actor=actor, frm=frm, to=RunStatus.DRAFT, comment=comment.strip())
    return run


def payout_run_lock(*, run: PayoutRun, actor) -> PayoutRun:
    with transaction.atomic():
        run = _locked_run(run)
        workflow.transition_check(run=run, action="lock", actor=actor)
        _ensure_period_claims(run)
        _ensure_fresh(run)
        run.status = RunStatus.LOCKED
        run.save(update_fields=["status"])
        _event(run, action="lock", actor=actor, frm=RunStatus.APPROVED, to=RunStatus.LOCKED)
    return run


def payout_run_mark_exported(*, run: PayoutRun, actor, sha256: str) -> PayoutRun:
    with transaction.atomic():
        run = _locked_run(run)
        workflow.transition_check(run=run, action="export", actor=actor)
        _ensure_period_claims(run)
        _ensure_fresh(run)
        frm = run.status
        run.status = RunStatus.EXPORTED
        run.save(update_fields=["status"])
        _event(run, action="export", actor=actor, frm=frm, to=RunStatus.EXPORTED, comment=sha256)
    return run


# ----------------------------------------------------------------------------- adjustments
def adjustment_create(
    *,
    actor,
    run: PayoutRun,
    employee: Employee,
    amount: Decimal,
    reason: str,
    comment: str,
    prior_period: dt.date | None = None,
    currency: str | None = None,
) -> Adjustment:
    """A manual line for one employee, in the currency the run pays them in (their payout's)."""
    _require_capability(actor, "incentives.adjustment_create")
    if not comment.strip():
        raise IncentivesError("comment_required")
    if amount == 0:
        raise IncentivesError("adjustment_zero")
    with transaction.atomic():
        run = _locked_run(run)
        workflow.transition_check(run=run, action="adjust", actor=actor)
        currency = (currency or employee_currency(run=run, employee=employee)).upper()
        if currency not in engine.MINOR_UNITS:
            raise IncentivesError("unknown_currency", {"currency": currency})
        if not fits_minor_unit(amount, currency):
            raise IncentivesError("amount_precision", {"value": str(amount), "currency": currency})
        adj = Adjustment.objects.create(
            run=run,
            employee=employee,
            amount=amount,
            currency=currency,
            reason=reason,
            comment=comment.strip(),
            prior_period=prior_period,
            created_by=actor,
        )
        audit_record(
            action="adjustment.create",
            actor=actor,
            target=run,
            summary=f"{employee.employee_code} {amount} {reason}",
            after={"adjustment": adj.pk, "amount": str(amount)},
        )
    return adj


def adjustment_decide(*, actor, adjustment: Adjustment, approve: bool, comment: str = "") -> Adjustment:
    _require_capability(actor, "incentives.adjustment_decide")
    with transaction.atomic():
        adj = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
        if adj.status != AdjustmentStatus.PENDING:
            raise IncentivesError("adjustment_not_pending")
        workflow.adjustment_decision_check(adjustment=adj, actor=actor)
        if not approve and not comment.strip():
            raise IncentivesError("comment_required")
        adj.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
        adj.decided_by, adj.decided_at, adj.decision_comment = actor, timezone.now(), comment.strip()
        adj.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        audit_record(
            action=f"adjustment.{'approve' if approve else 'reject'}",
            actor=actor,
            target=adj.run,
            summary=f"adjustment {adj.pk}: {comment}",
        )
    return adj


def open_run_for(period: dt.date) -> PayoutRun | None:
    """The first draft run of the period, or of a later period (where corrections go)."""
    return PayoutRun.objects.filter(status=RunStatus.DRAFT, period__gte=period).order_by("period", "id").first()


def employee_currency(*, run: PayoutRun, employee: Employee) -> str:
    """The currency a run pays an employee in: their payout's in the run, else their latest payout's,
    else the run's."""
    found = (
        Payout.objects.filter(employee=employee)
        .order_by(Case(When(run=run, then=0), default=1), "-run__period", "-id")
        .values_list("currency", flat=True)
        .first()
    )
    return found or run.currency


#: how far ahead a prior-period line looks for an open period (months)
PRIOR_PERIOD_HORIZON = 24


def _prior_period_target(*, closed_period: dt.date, actor) -> PayoutRun:
    """Where a correction to a closed period goes: the draft of the next open period (the all-plans
    draft first). A period whose run is already submitted or closed is passed over; the first
    period without any run gets its all-plans draft now (the line waits there until it is computed)."""
    period = next_period(closed_period)
    for _month in range(PRIOR_PERIOD_HORIZON):
        if not period_is_closed(period):
            runs = PayoutRun.objects.filter(period=period)
            draft = runs.filter(status=RunStatus.DRAFT).order_by("plan_id", "id").first()  # NULL (all plans) first
            if draft is not None:
                return draft
            if not runs.exists():
                return payout_run_prepare(period=period, plan=None, actor=actor)
        period = next_period(period)
    raise IncentivesError("no_open_run", {"period": f"{next_period(closed_period):%Y-%m}"})


def prior_period_adjustment_post(
    *, actor, locked_run: PayoutRun, employee: Employee, amount: Decimal, comment: str, currency: str | None = None
) -> Adjustment:
    """Corrections to a closed period go forward as a line in the next open period."""
    run = _prior_period_target(closed_period=locked_run.period, actor=actor)
    return adjustment_create(
        actor=actor,
        run=run,
        employee=employee,
        amount=amount,
        reason=AdjustmentReason.PRIOR_PERIOD,
        comment=comment,
        prior_period=locked_run.period,
        currency=currency,
    )


# ----------------------------------------------------------------------------- payroll templates
def export_template_save(*, actor, template: ExportTemplate) -> ExportTemplate:
    """Save a payroll file layout (new or edited, already validated by its form), audited."""
    _require_capability(actor, "incentives.payroll_export")
    with transaction.atomic():
        template.save()
        audit_record(action="payroll_template.save", actor=actor, target=template, after=template.columns)
    return template


# ----------------------------------------------------------------------------- disputes
def dispute_open(*, actor, payout: Payout, message: str, line_code: str = "") -> Dispute:
    employee = actor.employee_or_none
    if employee is None or employee.pk != payout.employee_id:
        raise TransitionDenied("dispute_not_own")
    if not message.strip():
        raise IncentivesError("comment_required")
    if line_code and not payout.lines.filter(code=line_code).exists():
        raise IncentivesError("dispute_unknown_line")
    with transaction.atomic():
        dispute = Dispute.objects.create(payout=payout, line_code=line_code, message=message.strip(), opened_by=actor)
        audit_record(
            action="dispute.open", actor=actor, target=payout.run, summary=f"dispute {dispute.pk}: {line_code}"
        )
    return dispute


def dispute_resolve(
    *, actor, dispute: Dispute, accept: bool, resolution: str, amount: Decimal | None = None
) -> Dispute:
    """Accept (posting an adjustment that still needs approval) or reject with a reason."""
    _require_capability(actor, "incentives.dispute_resolve")
    if not resolution.strip():
        raise IncentivesError("comment_required")
    with transaction.atomic():
        dispute = (
            Dispute.objects.select_for_update().select_related("payout__run", "payout__employee").get(pk=dispute.pk)
        )
        workflow.dispute_resolution_check(dispute=dispute, actor=actor)
        if dispute.status != DisputeStatus.OPEN:
            raise IncentivesError("dispute_not_open")
        if not accept and amount:
            raise IncentivesError("dispute_reject_with_amount")
        if accept and amount:
            run = dispute.payout.run
            if run.status == RunStatus.DRAFT:
                dispute.adjustment = adjustment_create(
                    actor=actor,
                    run=run,
                    employee=dispute.payout.employee,
                    amount=amount,
                    reason=AdjustmentReason.DISPUTE,
                    comment=resolution,
                )
            else:
                if period_is_closed(run.period):
                    target = _prior_period_target(closed_period=run.period, actor=actor)
                else:
                    target = open_run_for(run.period)
                if target is None:
                    raise IncentivesError("no_open_run", {"period": f"{run.period:%Y-%m}"})
                dispute.adjustment = adjustment_create(
                    actor=actor,
                    run=target,
                    employee=dispute.payout.employee,
                    amount=amount,
                    reason=AdjustmentReason.DISPUTE,
                    comment=resolution,
                    prior_period=run.period if target.period != run.period else None,
                )
        dispute.status = DisputeStatus.ACCEPTED if accept else DisputeStatus.REJECTED
        dispute.resolution = resolution.strip()
        dispute.resolved_by, dispute.resolved_at = actor, timezone.now()
        dispute.save()
        audit_record(
            action=f"dispute.{'accept' if accept else 'reject'}",
            actor=actor,
            target=dispute.payout.run,
            summary=resolution,
        )
        enqueue("incentives.tasks.dispute_resolved_notify_task", dispute.pk)
    return dispute

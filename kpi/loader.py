"""Write validated facts: PostgreSQL ``COPY`` into a staging table then one UPDATE and one
INSERT (set-based upsert); elsewhere (SQLite in development and tests) ``bulk_create`` /
``bulk_update``. Both report what changed for rows that already existed.

Called only from ``services.kpi_import_process`` inside its transaction. On PostgreSQL a plain
CSV feed first tries :func:`fast_lane_load`, which streams it through ``ingest.fastlane`` straight
into the fact table and gives way to the full validator at the first thing it does not take.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import repeat

import psycopg
from django.db import DatabaseError, connection, transaction
from psycopg.copy import QueuedLibpqWriter

from core.models import Campaign, Employee

from .ingest import FactTable, FeedProfile
from .ingest.codes import RAW_METRICS, scaled_to_decimal
from .ingest.fastlane import Scanner, plan
from .ingest.validate import EXCEEDS_RULES, WITHOUT_RULES, DayPredicate
from .models import KpiFact
from .summary import month_sums_refresh

METRICS = [spec.code for spec in RAW_METRICS]
SCALES = {spec.code: spec.scale for spec in RAW_METRICS}
LOCK_KEY = 734_501  # pg_advisory_xact_lock key: one feed load at a time
COPY_CHUNK = 20000
# bytes of whole lines scanned at a time; a writer thread copies each block while the next is scanned
FAST_LANE_BLOCK = 1 << 16


class LoadIntegrityError(RuntimeError):
    """An employee or campaign id of the feed no longer exists (deleted while validating)."""


@dataclass
class LoadOutcome:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    samples: list[dict] = field(default_factory=list)  # first changed rows: key + {metric: [old, new]}
    deltas: dict[str, str] = field(default_factory=dict)  # metric -> sum(new - old) over changed rows


def facts_load(*, facts: FactTable, batch_id: int, sample_size: int = 100) -> LoadOutcome:
    if not len(facts):
        return LoadOutcome()
    if connection.vendor == "postgresql":
        # COPY into an integer staging table, then one INSERT (and, for corrections, one UPDATE).
        outcome = _load_postgres(facts, batch_id, sample_size)
    else:
        outcome = _load_generic(facts, batch_id, sample_size)
    # the months these days fall in, summed again in this transaction (kpi.summary)
    month_sums_refresh(first=date.fromordinal(min(facts.day_ordinals)), last=date.fromordinal(max(facts.day_ordinals)))
    return outcome


# --------------------------------------------------------------------------- PostgreSQL


def _stage_ddl() -> str:
    # Everything as integers: the day as its proleptic ordinal, campaign 0 for none, amounts scaled by
    # 10**scale. Formatting integers is the cheapest text COPY can get; SQL converts on the way in.
    cols = ", ".join(f"{m} bigint NOT NULL" for m in METRICS)
    return (
        "CREATE TEMP TABLE kpi_stage (employee_id bigint NOT NULL, day_ordinal integer NOT NULL, "
        f"campaign_id bigint NOT NULL, {cols}) ON COMMIT DROP"
    )


def _stage_select() -> str:
    """The staging row as fact columns: employee_id, day, campaign_id, metrics (real values)."""
    values = []
    for m in METRICS:
        scale = SCALES[m]
        values.append(f"s.{m}" if scale == 0 else f"(s.{m}::numeric / {10**scale})::numeric(14, {scale}) AS {m}")
    # only our own column names go into this SQL
    head = "SELECT s.employee_id, (DATE '0001-01-01' + (s.day_ordinal - 1)) AS day, NULLIF(s.campaign_id, 0) AS campaign_id"
    return f"{head}, {', '.join(values)} FROM kpi_stage s"  # noqa: S608


def copy_integer_columns(cursor, table: str, columns: list[str], arrays: list) -> None:
    """COPY parallel integer arrays into ``table`` (text format, written in chunks)."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 - names are ours
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    with raw.copy(sql) as copy:
        total = len(arrays[0])
        for start in range(0, total, COPY_CHUNK):
            # every step is a C loop: str() per column, zip into rows, join
            texts = [list(map(str, a[start : start + COPY_CHUNK])) for a in arrays]
            copy.write("\n".join(map("\t".join, zip(*texts, strict=True))) + "\n")


def copy_fact_rows(cursor, table: str, facts: FactTable, batch_id: int) -> None:
    """COPY the facts straight into the fact table (text format; every step a C loop)."""
    columns = ["employee_id", "day", "campaign_id", *METRICS, "batch_id"]
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 - names are ours
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    iso = {o: date.fromordinal(o).isoformat() for o in set(facts.day_ordinals)}
    campaign_text = {c: str(c) if c else "\\N" for c in set(facts.campaign_ids)}
    batch = str(batch_id)
    with raw.copy(sql) as copy:
        for start in range(0, len(facts), COPY_CHUNK):
            end = min(start + COPY_CHUNK, len(facts))
            texts = [
                list(map(str, facts.employee_ids[start:end])),
                list(map(iso.__getitem__, facts.day_ordinals[start:end])),
                list(map(campaign_text.__getitem__, facts.campaign_ids[start:end])),
            ]
            for m in METRICS:
                values = facts.metrics[m][start:end]
                scale = SCALES[m]
                if scale == 0:
                    texts.append(list(map(str, values)))
                else:  # exact: |value| < 10**14 scaled units, well inside a double's 15 digits
                    fmt = f"{{:.{scale}f}}".format
                    texts.append(list(map(fmt, map(operator.truediv, values, repeat(10**scale)))))
            texts.append([batch] * (end - start))
            copy.write("\n".join(map("\t".join, zip(*texts, strict=True))) + "\n")


def _check_references(cursor, employees: set[int], campaigns: set[int]) -> None:
    """Referential integrity, set-wise (the fact table has no row-by-row FK triggers)."""
    cursor.execute(
        f"SELECT (SELECT COUNT(*) FROM {Employee._meta.db_table} WHERE id = ANY(%s)), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {Campaign._meta.db_table} WHERE id = ANY(%s))",
        [sorted(employees), sorted(campaigns)],
    )
    if tuple(cursor.fetchone()) != (len(employees), len(campaigns)):
        raise LoadIntegrityError("unknown employee or campaign ids")


def _load_postgres(facts: FactTable, batch_id: int, sample_size: int) -> LoadOutcome:
    fact_table = KpiFact._meta.db_table
    cols = ", ".join(METRICS)
    outcome = LoadOutcome()
    first = date.fromordinal(min(facts.day_ordinals))
    last = date.fromordinal(max(facts.day_ordinals))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        _check_references(cursor, facts.employee_set(), set(facts.campaign_ids) - {0})
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {fact_table} WHERE day BETWEEN %s AND %s)",  # noqa: S608
            [first, last],
        )
        if not cursor.fetchone()[0]:  # nothing to compare with or replace: COPY straight into the table
            copy_fact_rows(cursor, fact_table, facts, batch_id)
            outcome.inserted = len(facts)
            return outcome

        cursor.execute("DROP TABLE IF EXISTS kpi_stage, kpi_new")
        cursor.execute(_stage_ddl())
        copy_integer_columns(
            cursor,
            "kpi_stage",
            ["employee_id", "day_ordinal", "campaign_id", *METRICS],
            [facts.employee_ids, facts.day_ordinals, facts.campaign_ids, *(facts.metrics[m] for m in METRICS)],
        )
        cursor.execute("ANALYZE kpi_stage")
        cursor.execute(f"CREATE TEMP TABLE kpi_new ON COMMIT DROP AS {_stage_select()}")  # noqa: S608
        join = (
            "f.employee_id = s.employee_id AND f.day = s.day "
            "AND COALESCE(f.campaign_id, 0) = COALESCE(s.campaign_id, 0)"
        )
        differs = "({}) IS DISTINCT FROM ({})".format(
            ", ".join(f"f.{m}" for m in METRICS), ", ".join(f"s.{m}" for m in METRICS)
        )
        sums = ", ".join(f"SUM(s.{m} - f.{m}) FILTER (WHERE {differs})" for m in METRICS)
        cursor.execute(
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {differs}), {sums} "  # noqa: S608
            f"FROM {fact_table} f JOIN kpi_new s ON {join}"
        )
        matched, changed, *deltas = cursor.fetchone()
        outcome.updated = changed
        outcome.unchanged = matched - changed
        if changed:
            outcome.deltas = {m: str(d) for m, d in zip(METRICS, deltas, strict=True) if d}
            cursor.execute(
                f"SELECT f.employee_id, f.day, f.campaign_id, "  # noqa: S608
                f"{', '.join(f'f.{m}' for m in METRICS)}, {', '.join(f's.{m}' for m in METRICS)} "
                f"FROM {fact_table} f JOIN kpi_new s ON {join} WHERE {differs} "
                f"ORDER BY f.day, f.employee_id, f.campaign_id LIMIT %s",
                [sample_size],
            )
            n = len(METRICS)
            for row in cursor.fetchall():
                old, new = row[3 : 3 + n], row[3 + n :]
                outcome.samples.append(
                    _sample(
                        row[0],
                        row[1],
                        row[2],
                        dict(zip(METRICS, old, strict=True)),
                        dict(zip(METRICS, new, strict=True)),
                    )
                )
            assignments = ", ".join(f"{m} = s.{m}" for m in METRICS)
            cursor.execute(
                f"UPDATE {fact_table} f SET {assignments}, batch_id = %s "  # noqa: S608
                f"FROM kpi_new s WHERE {join} AND {differs}",
                [batch_id],
            )
        cursor.execute(
            f"INSERT INTO {fact_table} (employee_id, day, campaign_id, {cols}, batch_id) "  # noqa: S608
            f"SELECT s.employee_id, s.day, s.campaign_id, {', '.join(f's.{m}' for m in METRICS)}, %s "
            f"FROM kpi_new s WHERE NOT EXISTS (SELECT 1 FROM {fact_table} f WHERE {join})",
            [batch_id],
        )
        outcome.inserted = cursor.rowcount
        cursor.execute("DROP TABLE IF EXISTS kpi_stage, kpi_new")
    return outcome


# --------------------------------------------------------------------------- PostgreSQL fast lane


@dataclass
class FastLane:
    """What the fast lane loaded, or why it gave way (``declined``)."""

    rows: int = 0
    first_day: date | None = None
    last_day: date | None = None
    days: list[date] = field(default_factory=list)
    declined: str | None = None

    @property
    def loaded(self) -> bool:
        return self.declined is None


class _Declined(Exception):
    pass


def rule_violations_sql() -> str:
    """The row rules the fast lane leaves to the database, from the validator's own tables: one
    condition that is true for a row breaking any of them (columns compared in real units)."""
    conditions = [f"{checked} > {bound}" for _code, checked, bound in EXCEEDS_RULES]
    conditions += [f"({checked} > 0 AND {count} = 0)" for _code, checked, count in WITHOUT_RULES]
    for spec in RAW_METRICS:
        limit = scaled_to_decimal(spec.limit, spec.scale)
        conditions.append(f"abs({spec.code}) > {limit}")
    return " OR ".join(conditions)


def fast_lane_load(
    stream,
    *,
    profile: FeedProfile,
    agents: dict[str, int],
    campaigns: dict[str, int],
    today: date,
    is_locked: DayPredicate | None,
    batch_id: int,
    progress=None,
) -> FastLane:
    """Stream a plain CSV feed into the fact table (PostgreSQL, inside the caller's transaction).

    Blocks of lines are scanned by ``ingest.fastlane`` and written to a ``COPY`` while the next
    block is read, so the database parses and indexes in parallel with Python. Anything the lane
    does not take (a line it cannot read, an unknown agent, a repeated agent-day, a row breaking a
    rule, facts already stored for those agent-days, ...) rolls back to the savepoint taken here,
    and the caller runs the full validator, which names every problem."""
    if connection.vendor != "postgresql":
        return FastLane(declined="not PostgreSQL")
    head = stream.read(FAST_LANE_BLOCK)
    layout = plan(head, profile)
    if layout is None:
        return FastLane(declined="header or profile")
    scanner = Scanner(
        layout=layout,
        profile=profile,
        agents=agents,
        campaigns=campaigns,
        today=today,
        is_locked=is_locked,
        suffix=f"{layout.delimiter}{batch_id}",
    )
    columns = [*scanner.copy_columns(), "batch_id"]
    delimiter = "E'\\t'" if layout.delimiter == "\t" else f"'{layout.delimiter}'"
    sql = f"COPY {KpiFact._meta.db_table} ({', '.join(columns)}) FROM STDIN (FORMAT csv, DELIMITER {delimiter})"
    total = len(head)
    done = 0
    savepoint = transaction.savepoint()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            raw = cursor.cursor
            with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:  # noqa: S608 - names are ours
                pending = head[layout.data_offset :]
                while True:
                    more = stream.read(FAST_LANE_BLOCK)
                    total += len(more)
                    data = pending + more
                    cut = data.rfind(b"\n") + 1 if more else len(data)
                    block, pending = data[:cut], data[cut:]
                    if block:
                        try:
                            text = scanner.feed(block.decode("utf-8"))
                        except UnicodeDecodeError:
                            raise _Declined("not UTF-8") from None
                        if text is None:
                            raise _Declined(scanner.declined)
                        copy.write(text)
                        done += len(block)
                        if progress is not None:
                            progress(done)
                    if not more:
                        break
            if not scanner.rows:
                raise _Declined("no rows")
            first, last = date.fromordinal(scanner.first_day), date.fromordinal(scanner.last_day)
            cursor.execute(
                f"SELECT EXISTS (SELECT 1 FROM {KpiFact._meta.db_table} WHERE day BETWEEN %s AND %s "  # noqa: S608
                f"AND batch_id = %s AND ({rule_violations_sql()}))",
                [first, last, batch_id],
            )
            if cursor.fetchone()[0]:
                raise _Declined("a row breaks a rule")
            _check_references(cursor, scanner.employee_ids(), scanner.campaign_ids())
    except (_Declined, psycopg.Error, DatabaseError) as exc:
        transaction.savepoint_rollback(savepoint)
        reason = str(exc) if isinstance(exc, _Declined) else f"database: {type(exc).__name__}"
        return FastLane(declined=reason)
    transaction.savepoint_commit(savepoint)
    month_sums_refresh(first=first, last=last)  # in the caller's transaction, like the rows
    return FastLane(rows=scanner.rows, first_day=first, last_day=last, days=scanner.days())


# --------------------------------------------------------------------------- generic


def _load_generic(facts: FactTable, batch_id: int, sample_size: int) -> LoadOutcome:
    outcome = LoadOutcome()
    first = date.fromordinal(min(facts.day_ordinals))
    last = date.fromordinal(max(facts.day_ordinals))
    employees = sorted(facts.employee_set())
    campaigns = set(facts.campaign_ids) - {0}
    if Employee.objects.filter(pk__in=employees).count() != len(employees) or (
        Campaign.objects.filter(pk__in=campaigns).count() != len(campaigns)
    ):
        raise LoadIntegrityError("unknown employee or campaign ids")
    existing: dict[tuple[int, date, int], KpiFact] = {}
    for start in range(0, len(employees), 500):
        chunk = employees[start : start + 500]
        for fact in KpiFact.objects.filter(employee_id__in=chunk, day__range=(first, last)):
            existing[(fact.employee_id, fact.day, fact.campaign_id or 0)] = fact
    to_create: list[KpiFact] = []
    to_update: list[KpiFact] = []
    deltas: dict[str, Decimal] = {}
    for i in range(len(facts)):
        employee_id = facts.employee_ids[i]
        day = date.fromordinal(facts.day_ordinals[i])
        campaign_id = facts.campaign_ids[i]
        values = {m: _value(facts.metrics[m][i], SCALES[m]) for m in METRICS}
        current = existing.get((employee_id, day, campaign_id))
        if current is None:
            to_create.append(
                KpiFact(employee_id=employee_id, day=day, campaign_id=campaign_id or None, batch_id=batch_id, **values)
            )
            continue
        old = {m: getattr(current, m) for m in METRICS}
        if all(Decimal(old[m]) == Decimal(values[m]) for m in METRICS):
            outcome.unchanged += 1
            continue
        for m in METRICS:
            delta = Decimal(values[m]) - Decimal(old[m])
            if delta:
                deltas[m] = deltas.get(m, Decimal(0)) + delta
            setattr(current, m, values[m])
        current.batch_id = batch_id
        to_update.append(current)
        if len(outcome.samples) < sample_size:
            outcome.samples.append(_sample(employee_id, day, campaign_id or None, old, values))
    KpiFact.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        KpiFact.objects.bulk_update(to_update, [*METRICS, "batch"], batch_size=500)
    outcome.inserted = len(to_create)
    outcome.updated = len(to_update)
    outcome.deltas = {m: str(d) for m, d in deltas.items() if d}
    outcome.samples.sort(key=lambda s: (s["day"], s["employee_id"], s["campaign_id"] or 0))
    return outcome


def _value(raw: int, scale: int) -> int | Decimal:
    return raw if scale == 0 else scaled_to_decimal(raw, scale)


def _sample(employee_id, day, campaign_id, old: dict, new: dict) -> dict:
    changed = {m: [str(old[m]), str(new[m])] for m in METRICS if Decimal(old[m]) != Decimal(new[m])}
    return {"employee_id": employee_id, "day": day.isoformat(), "campaign_id": campaign_id, "changes": changed}

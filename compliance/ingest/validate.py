"""Whole-file validation of a contact-attempt log.

Pure Python. :func:`validate_contacts` reads every row and returns a :class:`ContactValidation`:
the parsed rows, or the problems (the first ``limit`` kept, all counted), each naming row, column,
value and a ``code`` that ``compliance.messages`` turns into a sentence. A file with any problem
loads nothing.

The error report outlives the file (whose bytes are deleted once it is processed), so it never
quotes a debtor's account or number: the values of ``cuenta`` and ``destino`` are left out, and in
every other value, column name or parameter a run of seven or more digits (a phone number or an
account written where it does not belong, e.g. a file without its header row) reads ``•••``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from kpi.ingest.readers import open_table

from ..engine.calendar import COUNTRIES, US_STATE_ZONES, UnknownZone, zone, zone_for
from ..engine.rules import CHANNELS, RESULTS
from .profiles import REQUIRED, ContactProfile

MAX_TEXT = 200
PRIVATE_COLUMNS = ("cuenta", "destino")  # never quoted in an error
LONG_NUMBER = re.compile(r"\+?\d(?:[\s().-]*\d){6,}")
LONG_NUMBER_IN_MOMENT = re.compile(r"\+?\d(?:[\s().]*\d){6,}")  # a date's hyphens split its digits
HIDDEN = "•••"


def masked(text: str | None, *, moment: bool = False) -> str | None:
    """``text`` with every run of seven or more digits (separators allowed) replaced by ``•••``;
    in a timestamp (``moment``) hyphens separate runs, so ``2026-03-08`` stays readable."""
    if text is None:
        return None
    return (LONG_NUMBER_IN_MOMENT if moment else LONG_NUMBER).sub(HIDDEN, text)


@dataclass(frozen=True, slots=True)
class ContactError:
    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "row": self.row, "column": self.column, "value": self.value, "params": self.params}


@dataclass(frozen=True, slots=True)
class ContactRow:
    row: int
    at: dt.datetime  # timezone-aware
    agent: int  # Employee id
    account: str  # as written (hashed before it is stored)
    destination: str
    channel: str
    result: str
    country: str
    zone: str
    campaign: int | None


@dataclass
class ContactValidation:
    rows: list[ContactRow] = field(default_factory=list)
    errors: list[ContactError] = field(default_factory=list)
    error_count: int = 0
    data_rows: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class _Errors:
    def __init__(self, result: ContactValidation, limit: int) -> None:
        self.result, self.limit = result, limit

    def add(
        self, code: str, row: int | None = None, column: str | None = None, value: Any = None, *, moment=False, **params
    ) -> None:
        """Count a problem and keep the first ``limit``, long digit runs masked (:func:`masked`;
        ``moment``: the value is a timestamp)."""
        self.result.error_count += 1
        if len(self.result.errors) < self.limit:
            shown = None if value is None else str(value)[:MAX_TEXT]
            params = {k: masked(v, moment=True) if isinstance(v, str) else v for k, v in params.items()}
            self.result.errors.append(ContactError(code, row, masked(column), masked(shown, moment=moment), params))


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.isoformat()
    return str(cell).strip()


def parse_moment(text: str, *, local_zone: str | None) -> tuple[dt.datetime | None, str | None]:
    """An aware datetime from ISO 8601 (with offset, or local in ``local_zone``), or the error code."""
    try:
        moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        return None, "bad_timestamp"
    if moment.tzinfo is None:
        if local_zone is None:
            return None, "timestamp_without_offset"
        moment = moment.replace(tzinfo=zone(local_zone))
    return moment, None


def validate_contacts(
    stream: BinaryIO,
    *,
    profile: ContactProfile,
    agents: Mapping[str, int],
    campaigns: Mapping[str, int],
    now: dt.datetime,
    filename: str | None = None,
    max_rows: int = 1_000_000,
    limit: int = 1000,
) -> ContactValidation:
    result = ContactValidation()
    errors = _Errors(result, limit)
    table = open_table(stream, profile=profile, filename=filename)  # type: ignore[arg-type]
    if table.fatal is not None:
        errors.add(table.fatal.code, table.fatal.row, **dict(table.fatal.params))
        return result
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    if not any(profile.canonical_column(name) for name in table.header):
        # a file without its header row: the "names" are a debtor's data, so none is quoted
        errors.add("missing_header", table.header_row, columns=len(table.header))
        return result
    for index, name in enumerate(table.header):
        code = profile.canonical_column(name)
        if code is None:
            errors.add("unknown_column", table.header_row, name)
        elif code in positions:
            errors.add("duplicate_column", table.header_row, name, first=names[code])
        else:
            positions[code], names[code] = index, name
    for code in REQUIRED:
        if code not in positions:
            errors.add("missing_column", table.header_row, code)
    if not result.ok:
        return result
    width = len(table.header)
    for row_number, cells in table.rows:
        result.data_rows += 1
        if result.data_rows > max_rows:
            errors.add("too_many_rows", limit=max_rows)
            return result
        if len(cells) != width:
            errors.add("wrong_field_count", row_number, found=len(cells), expected=width)
            continue
        parsed = _row(row_number, cells, positions, names, profile, agents, campaigns, now, errors)
        if parsed is not None:
            result.rows.append(parsed)
    for error in table.state.row_errors:
        errors.add(error.code, error.row, error.column, **dict(error.params))
    if table.state.bad_encoding_rows:
        row, byte = table.state.first_bad_encoding or (None, "")
        errors.add("bad_encoding", row, byte=byte, rows=table.state.bad_encoding_rows)
    if result.data_rows == 0 and result.ok:
        errors.add("no_data_rows")
    if not result.ok:
        result.rows = []
    result.errors.sort(key=lambda e: e.row or 0)
    return result


def _row(row_number, cells, positions, names, profile, agents, campaigns, now, errors) -> ContactRow | None:
    values = {code: _text(cells[index]) for code, index in positions.items()}
    before = errors.result.error_count

    def bad(code: str, column: str, **params) -> None:
        value = None if column in PRIVATE_COLUMNS else values.get(column)
        errors.add(code, row_number, names[column], value, moment=column == "fecha_hora", **params)

    for code in REQUIRED:
        if not values[code]:
            bad("blank_value", code)
    for code in ("cuenta", "destino"):
        if len(values[code]) > MAX_TEXT:
            bad("too_long", code, maximum=MAX_TEXT)
    country = values["pais"].upper()
    if values["pais"] and country not in COUNTRIES:
        bad("unknown_country", "pais", allowed=", ".join(COUNTRIES))
    channel = values["canal"].lower()
    if values["canal"] and channel not in CHANNELS:
        bad("unknown_channel", "canal", allowed=", ".join(CHANNELS))
    result = values["resultado"].lower()
    if values["resultado"] and result not in RESULTS:
        bad("unknown_result", "resultado", allowed=", ".join(RESULTS))
    agent = agents.get(values["agente"]) if values["agente"] else None
    if values["agente"] and agent is None:
        bad("unknown_agent", "agente", agent_key=profile.agent_key)
    campaign = None
    if values.get("campana"):
        campaign = campaigns.get(values["campana"])
        if campaign is None:
            bad("unknown_campaign", "campana")
    zone_name = None
    if country in COUNTRIES:
        explicit = values.get("zona_horaria") or None
        state = values.get("estado") or None
        try:
            zone_name = zone_for(country, state=state, explicit=explicit)
        except UnknownZone:
            if explicit:
                bad("unknown_zone", "zona_horaria")
            else:
                bad("unknown_state", "estado", allowed=" ".join(sorted(US_STATE_ZONES)))
    moment = None
    if values["fecha_hora"]:
        moment, problem = parse_moment(values["fecha_hora"], local_zone=profile.local_zone)
        if problem:
            bad(problem, "fecha_hora")
        elif moment > now:
            bad("future_timestamp", "fecha_hora", now=now.isoformat(timespec="minutes"))
    if errors.result.error_count != before or moment is None or agent is None or zone_name is None:
        return None
    return ContactRow(
        row=row_number,
        at=moment,
        agent=agent,
        account=values["cuenta"],
        destination=values["destino"],
        channel=channel,
        result=result,
        country=country,
        zone=zone_name,
        campaign=campaign,
    )

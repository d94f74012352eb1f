"""Demo contact logs: two months up to yesterday for 40 demo agents, one call a week per account on a
working day within hours (no breach), plus the planted breaches the other demos and the tests rely on:

    A0001 (the demo user «agente»)  a Sunday call at 07:12 to a Colombian account (Bogotá)
    A0002                           a Chilean account called twice in one week
    A0003                           a US (Texas) account called 10 times in 7 days (suspended: no licence to dial)
    A0004                           a Mexican account called at 06:40

Written through the public services (a CSV per month, uploaded and scanned, which assigns the remedial
courses). Deterministic; idempotent (nothing happens once a demo contact log exists).
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from compliance.engine.calendar import DEFAULT_ZONES, holiday_name
from compliance.models import ContactImport
from compliance.services import compliance_scan, contact_import_create, contact_import_process

HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais,zona_horaria,estado,campana\n"
COUNTRIES = ("MX", "CO", "CL", "PE", "US")
RESULTS = ("no_contesta", "no_contesta", "buzon", "ocupado", "contacto_titular", "promesa", "numero_erroneo")
US_STATES = {"TX": "America/Chicago", "NY": "America/New_York", "CA": "America/Los_Angeles"}


def _row(at: dt.datetime, agent: str, account: str, phone: str, country: str, result: str, state: str = "") -> str:
    return f"{at.isoformat(timespec='seconds')},{agent},{account},{phone},llamada,{result},{country},,{state},\n"


def _local(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(zone))


def _mondays(first: dt.date, last: dt.date) -> list[dt.date]:
    day = first - dt.timedelta(days=first.weekday())
    out = []
    while day <= last:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


def _background(world, first: dt.date, last: dt.date) -> list[tuple[dt.datetime, str]]:
    rng = world.rng("compliance-contacts")
    rows = []
    for index, agent in enumerate(world.agents[:40]):
        for n in range(3):
            country = COUNTRIES[(index + n) % len(COUNTRIES)]
            state = ("TX", "NY", "CA")[(index + n) % 3] if country == "US" else ""
            zone = US_STATES[state] if state else DEFAULT_ZONES[country]
            account, phone = f"{country}-{index:03d}-{n}", f"55{index:04d}{n:02d}"
            weekday = rng.randrange(5)  # the same weekday every week: 7 days apart, never 6
            for monday in _mondays(first, last):
                day = monday + dt.timedelta(days=weekday)
                if not first <= day <= last or holiday_name(country, day):
                    continue
                at = _local(day, rng.randrange(9, 17), rng.randrange(60), zone)
                rows.append((at, _row(at, agent.employee_code, account, phone, country, rng.choice(RESULTS), state)))
    return rows


def _planted(last: dt.date) -> list[tuple[dt.datetime, str]]:
    # the last full week (Monday to Sunday) before `last`
    sunday = last - dt.timedelta(days=(last.weekday() + 1) % 7)
    monday = sunday - dt.timedelta(days=6)
    rows = []
    at = _local(sunday, 7, 12, "America/Bogota")
    rows.append((at, _row(at, "A0001", "CO-DEMO-DOMINGO", "573001234567", "CO", "no_contesta")))
    for day in (monday + dt.timedelta(days=1), monday + dt.timedelta(days=3)):
        at = _local(day, 11, 0, "America/Santiago")
        rows.append((at, _row(at, "A0002", "CL-DEMO-SEMANA", "56912345678", "CL", "no_contesta")))
    # 10 calls in 7 days: the 8th, 9th and 10th break 7-in-7 (three severe breaches: suspended)
    for i, day in enumerate([monday + dt.timedelta(days=d) for d in (0, 1, 1, 2, 3, 3, 4, 5, 5, 6)]):
        at = _local(day, 10 + i % 2 * 5, 30, "America/Chicago")
        rows.append((at, _row(at, "A0003", "US-DEMO-7EN7", "12145550123", "US", "no_contesta", "TX")))
    at = _local(monday + dt.timedelta(days=2), 6, 40, "America/Mexico_City")
    rows.append((at, _row(at, "A0004", "MX-DEMO-TEMPRANO", "525512345678", "MX", "buzon")))
    return rows


def _month_start(day: dt.date, back: int) -> dt.date:
    year, month = day.year, day.month - back
    while month <= 0:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


def seed(*, world, stdout=None) -> None:
    if ContactImport.objects.filter(source=ContactImport.Source.DEMO).exists():
        return
    last = world.today - dt.timedelta(days=1)
    first = _month_start(world.today, 2)
    rows = sorted(_background(world, first, last) + _planted(last))
    by_month: dict[dt.date, list[str]] = {}
    for at, line in rows:
        by_month.setdefault(at.date().replace(day=1), []).append(line)
    for month, lines in sorted(by_month.items()):
        data = (HEADER + "".join(lines)).encode()
        imp = contact_import_create(
            uploaded=io.BytesIO(data), filename=f"marcador-{month:%Y-%m}.csv", source=ContactImport.Source.DEMO
        )
        imp = contact_import_process(import_id=imp.pk)
        if imp.status != ContactImport.Status.LOADED:
            raise RuntimeError(f"demo contact log {month:%Y-%m} was {imp.status}: {imp.errors[:3]}")
    for month in sorted(by_month):
        compliance_scan(period=month)
    if stdout is not None:
        stdout.write(f"  compliance: {len(rows)} contact attempts over {len(by_month)} months, scanned")

"""Demo KPI facts: the two complete months before "today" plus the current month up to
yesterday, for every demo agent (Monday to Saturday). Deterministic (one random stream per
agent and day), fast (bulk_create) and idempotent (only missing agent-days are added).

Characters the other demos rely on (employee codes):
    TOP_PERFORMERS       recover well above their peers
    QUALITY_FAILURES     quality scores around 60–75
    COMPLIANCE_INCIDENTS compliance incidents, some severe
    MID_MONTH_HIRE       hired on the 16th of last month (facts from that day)
    LEAVER               left on the 14th of last month (no facts afterwards)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile

from core.dates import add_months
from core.models import CampaignAssignment, Employee, TeamMembership
from kpi.models import FeedProfile, KpiFact, KpiImport
from kpi.services import kpi_import_create, kpi_import_process
from kpi.summary import month_sums_refresh

TOP_PERFORMERS = ("A0001", "A0002", "A0017", "A0031")
QUALITY_FAILURES = ("A0003", "A0018")
COMPLIANCE_INCIDENTS = ("A0004", "A0019")
MID_MONTH_HIRE = "A0030"
LEAVER = "A0045"
SEED = 20261123

# average promise ticket per delinquency bucket (local currency)
TICKET = {"1-30": 1500, "31-60": 2500, "61-90": 4000, "91-180": 6000, "180+": 9000, "legal": 15000}
CENT = Decimal("0.01")


def demo_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """First day of the month two months back .. yesterday."""
    return add_months(today.replace(day=1), -2), today - dt.timedelta(days=1)


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _day_values(code: str, day: dt.date, bucket: str) -> dict:
    rng = random.Random(f"{SEED}-kpi-{code}-{day.isoformat()}")
    top = code in TOP_PERFORMERS
    saturday = day.weekday() == 5
    hours = Decimal("4.00") if saturday else Decimal("8.00")
    scale = 0.5 if saturday else 1.0
    attempts = int(rng.randint(170, 250) * scale)
    contacts = int(attempts * rng.uniform(0.30, 0.42 if top else 0.36))
    rpc = int(contacts * rng.uniform(0.55, 0.75))
    promises = int(rpc * rng.uniform(0.22 if top else 0.15, 0.38 if top else 0.30))
    ticket = TICKET.get(bucket, 3000) * (1.35 if top else 1.0)
    promised = _money(promises * ticket * rng.uniform(0.7, 1.3))
    kept = int(promises * rng.uniform(0.62 if top else 0.45, 0.85 if top else 0.75))
    kept_amount = (
        _money(float(promised) * (kept / promises) * rng.uniform(0.85, 1.0)) if promises and kept else Decimal(0)
    )
    collected = _money(float(kept_amount) * rng.uniform(1.0, 1.4) + rng.uniform(0, 400))
    handled = contacts + rng.randint(5, 25)
    handle_seconds = min(int(handled * rng.uniform(150, 260)), int(hours * 3600))
    evaluations = 1 if rng.random() < 0.3 else 0
    if code in QUALITY_FAILURES:
        score = Decimal(rng.randint(55, 76))
    else:
        score = Decimal(rng.randint(82, 99))
    incidents = severe = 0
    if code in COMPLIANCE_INCIDENTS:
        if rng.random() < 0.12:
            incidents = 1
            severe = 1 if rng.random() < 0.4 else 0
    elif rng.random() < 0.01:
        incidents = 1
    return {
        "intentos": attempts,
        "contactos": contacts,
        "contactos_titular": rpc,
        "promesas": promises,
        "monto_prometido": promised if promises else Decimal(0),
        "promesas_cumplidas": kept,
        "monto_cumplido": kept_amount,
        "monto_recuperado": collected,
        "horas_pagadas": hours,
        "llamadas_atendidas": handled,
        "segundos_gestion": handle_seconds,
        "evaluaciones_calidad": evaluations,
        "puntaje_calidad": score if evaluations else Decimal(0),
        "incidentes_cumplimiento": incidents,
        "incidentes_graves": severe,
    }


def _set_characters(today: dt.date) -> None:
    """The mid-month hire and the leaver (idempotent: dates are derived from today)."""
    last_month = add_months(today.replace(day=1), -1)
    hire = last_month.replace(day=16)
    leave = last_month.replace(day=14)
    employee = Employee.objects.filter(employee_code=MID_MONTH_HIRE).first()
    if employee is not None and employee.hire_date != hire:
        Employee.objects.filter(pk=employee.pk).update(hire_date=hire, termination_date=None)
        TeamMembership.objects.filter(employee=employee).update(start=hire)
        CampaignAssignment.objects.filter(employee=employee).update(start=hire)
    employee = Employee.objects.filter(employee_code=LEAVER).first()
    if employee is not None and employee.termination_date != leave:
        Employee.objects.filter(pk=employee.pk).update(termination_date=leave)
        TeamMembership.objects.filter(employee=employee, end__isnull=True).update(end=leave)
        CampaignAssignment.objects.filter(employee=employee, end__isnull=True).update(end=leave)


def seed(*, world, stdout=None) -> None:
    today = world.today
    start, end = demo_range(today)
    if end < start:
        return
    _set_characters(today)
    profile = FeedProfile.objects.get(code="canonico")
    batch, _ = KpiImport.objects.get_or_create(
        sha256=hashlib.sha256(f"demo-kpi-{SEED}".encode()).hexdigest(),
        defaults={
            "profile": profile,
            "source": KpiImport.Source.DEMO,
            "original_name": "demo.csv",
            "file_format": "csv",
            "status": KpiImport.Status.LOADED,
            "progress": 100,
        },
    )
    agents = list(Employee.objects.filter(pk__in=[a.pk for a in world.agents]).order_by("employee_code"))
    assignments: dict[int, list] = {}
    for link in (
        CampaignAssignment.objects.filter(employee__in=agents).select_related("campaign").order_by("start", "pk")
    ):
        assignments.setdefault(link.employee_id, []).append(link)
    existing = set(
        KpiFact.objects.filter(employee__in=agents, day__range=(start, end)).values_list("employee_id", "day")
    )
    new: list[KpiFact] = []
    day = start
    days = []
    while day <= end:
        if day.weekday() != 6:
            days.append(day)
        day += dt.timedelta(days=1)
    for agent in agents:
        links = assignments.get(agent.pk, [])
        for index, day in enumerate(days):
            if (agent.pk, day) in existing or not agent.is_active_on(day):
                continue
            active = [link for link in links if link.start <= day and (link.end is None or link.end >= day)]
            if not active:
                continue
            campaign = active[index % len(active)].campaign
            new.append(
                KpiFact(
                    employee_id=agent.pk,
                    day=day,
                    campaign_id=campaign.pk,
                    batch=batch,
                    **_day_values(agent.employee_code, day, campaign.bucket),
                )
            )
    KpiFact.objects.bulk_create(new, batch_size=2000)
    if new:
        month_sums_refresh(first=start, last=end)
        KpiImport.objects.filter(pk=batch.pk).update(
            row_count=KpiFact.objects.filter(batch=batch).count(), first_day=start, last_day=end
        )
    _seed_rejected_example(profile, today)
    if stdout is not None:
        stdout.write(f"  kpi: {len(new)} daily facts added ({start} – {end})")


def _seed_rejected_example(profile: FeedProfile, today: dt.date) -> None:
    """One rejected upload, so the error report can be seen in the demo."""
    if KpiImport.objects.filter(original_name="ejemplo-con-errores.csv").exists():
        return
    yesterday = today - dt.timedelta(days=1)
    header = (
        "fecha,agente,campana,intentos,contactos,contactos_titular,promesas,monto_prometido,"
        "promesas_cumplidas,monto_cumplido,monto_recuperado,horas_pagadas,llamadas_atendidas,"
        "segundos_gestion,evaluaciones_calidad,puntaje_calidad,incidentes_cumplimiento"
    )
    lines = [
        header,
        f"{yesterday:%Y-%m-%d},A0001,,120,50,30,8,9000.00,9,9500.00,7000.00,8,40,14000,1,91,0",
        f"{today.year}-02-31,A0002,,100,40,20,5,1000.00,3,600.00,800.00,8,30,9000,0,0,0",
        f"{yesterday:%Y-%m-%d},Z9999,,100,40,20,5,1000.00,3,600.00,800.00,8,30,9000,0,0,0",
        f'{yesterday:%Y-%m-%d},A0003,,100,40,45,5,"1.234,56",3,600.00,800.00,8,30,9000,0,0,0',
        f"{yesterday:%Y-%m-%d},A0004,,cien,40,20,5,1000.00,3,600.00,800.00,8,30,9000,0,0,0",
    ]
    kpi_import = kpi_import_create(
        profile=profile,
        uploaded=ContentFile("\n".join(lines).encode()),
        filename="ejemplo-con-errores.csv",
        source=KpiImport.Source.DEMO,
    )
    kpi_import_process(import_id=kpi_import.pk, today=today)

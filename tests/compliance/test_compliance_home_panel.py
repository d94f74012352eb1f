"""The compliance officer's home page: breaches per week by severity (a chart with its table, linked
to the breach list), agents suspended from dialling today, the week's contact-log loads; a fixed
number of queries whatever the agents."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine

from compliance.models import Breach, DialSuspension, RuleCode
from compliance.services import contact_import_create, contact_import_process
from tests.factories import EmployeeFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

HEADER = "fecha_hora,agente,cuenta,destino,canal,resultado,pais\n"
# a Thursday: the chart's last week starts on Monday the 9th
NOW = dt.datetime(2026, 3, 12, 18, tzinfo=dt.UTC)


def _load(lines: str, capture) -> None:
    with time_machine.travel(NOW, tick=False):
        imp = contact_import_create(uploaded=io.BytesIO((HEADER + lines).encode()), filename="log.csv")
        with capture(execute=True):
            contact_import_process(import_id=imp.pk)


def _card(client) -> str:
    client.cookies["django_language"] = "es"
    with time_machine.travel(NOW, tick=False):
        html = client.get("/").content.decode()
    card = html[html.index('id="card-compliance-officer"') :]
    return card[: card.index("</section>")]


def _figure(card: str, title: str) -> str:
    start = card.index(f'<figcaption class="chart__title">{title}</figcaption>')
    return card[start : card.index("</figure>", start)]


def _rows(card: str) -> dict[str, list[str]]:
    body = card[card.index("<tbody>") :]
    return {
        row: re.findall(r'<td class="num">([^<]*)</td>', cells)
        for row, cells in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', body)
    }


def test_the_officer_sees_breaches_per_week_by_severity(world, client_for, django_capture_on_commit_callbacks):
    # a Sunday call in Bogotá (week of 2 March), an early call in Mexico (the week of 9 March)
    _load(
        "2026-03-08T07:12:00-05:00,A0001,CTA-1,3001234567,llamada,no_contesta,CO\n"
        "2026-03-10T06:40:00-06:00,A0003,MX-1,5512345678,llamada,buzon,MX\n",
        django_capture_on_commit_callbacks,
    )
    DialSuspension.objects.create(
        employee=world.outsider_employee, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 20), severe_breaches=3
    )
    enforced = Breach.objects.filter(advisory=False)
    by_week = {}
    for b in enforced:
        monday = b.local_day - dt.timedelta(days=b.local_day.weekday())
        by_week[monday] = by_week.get(monday, 0) + 1

    card = _card(client_for(world.compliance))

    assert 'role="img"' in card and "Incumplimientos por semana, según gravedad" in card
    rows = _rows(_figure(card, "Incumplimientos por semana, según gravedad"))
    assert len(rows) == 8 and list(rows)[-1] == "Semana del 09/03/2026"
    totals = {label: int(cells[-1]) for label, cells in rows.items()}
    assert totals["Semana del 02/03/2026"] == by_week.get(dt.date(2026, 3, 2), 0) > 0
    assert totals["Semana del 09/03/2026"] == by_week.get(dt.date(2026, 3, 9), 0) > 0
    assert sum(totals.values()) == enforced.count()
    by_rule = _rows(_figure(card, "Incumplimientos de las últimas 8 semanas, por regla"))
    expected = {}
    for b in enforced:
        expected[str(RuleCode(b.code).label)] = expected.get(str(RuleCode(b.code).label), 0) + 1
    assert {rule: int(cells[-1]) for rule, cells in by_rule.items()} == expected
    assert "/cumplimiento/?first=2026-01-19" in card
    assert "Asesores suspendidos para marcar hoy: 1" in card
    assert "Registros de contacto cargados en los últimos 7 días: 1" in card


def test_a_supervisor_has_no_officer_card(world, client_for):
    client = client_for(world.supervisor)
    assert 'id="card-compliance-officer"' not in client.get("/").content.decode()


def test_the_officer_card_adds_no_query_per_agent(world, client_for, django_capture_on_commit_callbacks, count_queries):
    _load(
        "2026-03-08T07:12:00-05:00,A0001,CTA-1,3001234567,llamada,no_contesta,CO\n", django_capture_on_commit_callbacks
    )

    def count():
        return count_queries(client_for(world.compliance), "/")

    few = count()
    lines = ""
    for n in range(6):
        employee = EmployeeFactory(employee_code=f"X{n:03d}")
        TeamMembershipFactory(employee=employee, team=world.team_b, start=dt.date(2024, 1, 1))
        lines += f"2026-03-08T07:1{n}:00-05:00,X{n:03d},CTA-{n},30012345{n:02d},llamada,no_contesta,CO\n"
    _load(lines, django_capture_on_commit_callbacks)
    assert Breach.objects.filter(employee__employee_code__startswith="X").exists()
    assert count() == few

"""HR's home page draws the certificates expiring in the next 30, 60 and 90 days per site of the
holder's team, links to the expiring list, and costs no query per agent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from certification.models import Certificate
from tests.certification.test_cert_certificates import pass_exam
from tests.factories import EmployeeFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _card(client) -> str:
    client.cookies["django_language"] = "es"
    with time_machine.travel(dt.datetime(2026, 6, 1, 15, tzinfo=dt.UTC), tick=False):
        html = client.get("/").content.decode()
    card = html[html.index('id="card-certification-hr"') :]
    return card[: card.index("</section>")]


def _rows(card: str) -> dict[str, list[str]]:
    body = card[card.index("<tbody>") :]
    return {
        row: re.findall(r'<td class="num">([^<]*)</td>', cells)
        for row, cells in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', body)
    }


def _expiring(exam, employee, days: int) -> Certificate:
    cert = pass_exam(exam, employee)
    Certificate.objects.filter(pk=cert.pk).update(expires_on=TODAY + dt.timedelta(days=days))
    return cert


def test_hr_sees_certificates_expiring_per_site_and_window(exam, world, client_for):
    _expiring(exam, world.agent_employee, 10)  # team A, ≤ 30 days
    _expiring(exam, world.teammate_employee, 45)  # team A, 31–60
    _expiring(exam, world.outsider_employee, 200)  # team B, beyond 90 days: not counted

    card = _card(client_for(world.hr))

    assert 'role="img"' in card
    assert "Certificados que vencen en los próximos 90 días, por sede" in card
    rows = _rows(card)
    assert rows == {world.team_a.site.name: ["1", "1", "0", "2"]}
    assert "2 certificados vencen en los próximos 90 días, 1 de ellos en 30." in card
    assert "/rrhh/por-vencer/?dias=90" in card or "?dias=90" in card


def test_hr_home_says_when_nothing_expires(world, client_for):
    card = _card(client_for(world.hr))
    assert "Ningún certificado vence en los próximos 90 días." in card and 'role="img"' not in card


def test_the_expiry_panel_adds_no_query_per_agent(exam, world, client_for, count_queries):
    _expiring(exam, world.agent_employee, 10)

    def count():
        return count_queries(client_for(world.hr), "/")

    few = count()
    for n in range(6):
        employee = EmployeeFactory(employee_code=f"X{n:03d}")
        TeamMembershipFactory(
            employee=employee, team=world.team_b if n % 2 else world.team_a, start=dt.date(2024, 1, 1)
        )
        _expiring(exam, employee, 20 + n * 10)
    assert count() == few

"""The KPI panels of the home page: the agent's trends (sparklines opening on the last month with
data) and the supervisor's collection-goal attainment chart, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from incentives.models import Target
from tests.factories import EmployeeFactory, TeamMembershipFactory
from tests.incentives.factories import demo_definition, published_plan
from tests.kpi.test_kpi_trends import NOV, OCT, _facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    # the 3rd of December: the month has no facts yet, the panels open on November
    with time_machine.travel(dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


def _home(client) -> str:
    client.cookies["django_language"] = "es"
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_agents_home_draws_the_trend_of_their_kpis(world, client_for, clock):
    _facts(world.agent_employee, OCT, 2, intentos=100, contactos=40)
    _facts(world.agent_employee, NOV, 2, intentos=100, contactos=50)

    html = _home(client_for(world.agent))

    card = html[html.index('id="card-kpi-agent"') :]
    card = card[: card.index("</section>")]
    assert "nov 2026 y los cinco meses anteriores" in card
    assert "Contactabilidad</span> <strong>50.00 %</strong>" in card
    assert card.count('class="chart chart--sparkline"') == 3
    assert "Contactabilidad: de 40.00 % en oct 2026 a 50.00 % en nov 2026." in card
    assert "?mes=2026-11" in card


def test_the_supervisors_home_draws_the_goal_attainment(world, client_for, clock):
    published_plan(world.analyst, definition=demo_definition("tramo_temprano"), teams=[world.team_a])
    Target.objects.create(period=NOV, code="meta_recuperacion", team=world.team_a, value=Decimal("10000"))
    _facts(world.agent_employee, NOV, 5)  # 4,000 of 10,000

    html = _home(client_for(world.supervisor))

    card = html[html.index('id="card-kpi-team"') :]
    card = card[: card.index("</section>")]
    assert 'role="img"' in card and '<th scope="row">nov 2026</th><td class="num">40.0 %</td>' in card
    assert 'id="card-kpi-agent"' not in html  # the agent's card is for agents


def test_the_kpi_panels_add_no_query_per_agent(world, client_for, clock, count_queries):
    published_plan(world.analyst, definition=demo_definition("tramo_temprano"), teams=[world.team_a])
    Target.objects.create(period=NOV, code="meta_recuperacion", team=world.team_a, value=Decimal("10000"))
    _facts(world.agent_employee, NOV, 2)

    def count():
        return count_queries(client_for(world.supervisor), "/")

    few = count()
    for n in range(8):
        employee = EmployeeFactory(employee_code=f"D{n:03d}")
        TeamMembershipFactory(employee=employee, team=world.team_a, start=dt.date(2024, 1, 1))
        _facts(employee, OCT, 2)
        _facts(employee, NOV, 2)
    assert count() == few

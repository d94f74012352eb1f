"""HR's training card on the home page: the company's completion in the reader's numbers and the
teams with the most mandatory courses overdue (a chart with its table), in a fixed number of queries."""

import datetime as dt
import re

import pytest

from tests.factories import EmployeeFactory, TeamMembershipFactory
from tests.learning.test_status_chart import _assign

pytestmark = pytest.mark.django_db

LATE = dt.date(2020, 1, 1)


def _card(client) -> str:
    client.cookies["django_language"] = "es"
    html = client.get("/").content.decode()
    card = html[html.index('id="card-learning-hr"') :]
    return card[: card.index("</section>")]


def _rows(card: str) -> dict[str, list[str]]:
    body = card[card.index("<tbody>") :]
    return {
        row: re.findall(r'<td class="num">([^<]*)</td>', cells)
        for row, cells in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', body)
    }


def test_hr_sees_the_teams_with_training_overdue(world, client_for, course):
    _assign(world.agent_employee, course, due=LATE)
    _assign(world.teammate_employee, course, due=LATE)
    _assign(world.outsider_employee, course)  # team B: open, on time, nothing overdue

    card = _card(client_for(world.hr))

    assert 'role="img"' in card and "Equipos con más formación obligatoria vencida" in card
    team_a = world.team_a.name
    assert _rows(card) == {team_a: ["2", "0", "2"]}  # team B has nothing overdue: not drawn
    assert '<p class="stat">0\xa0%</p>' in card  # Babel's Spanish percent, not "0%"


def test_nothing_overdue_draws_no_chart(world, client_for, course):
    _assign(world.agent_employee, course)
    card = _card(client_for(world.hr))
    assert 'role="img"' not in card and "Nada vencido" in card


def test_the_training_card_adds_no_query_per_agent(world, client_for, course, count_queries):
    _assign(world.agent_employee, course, due=LATE)

    def count():
        return count_queries(client_for(world.hr), "/")

    few = count()
    for n in range(8):
        employee = EmployeeFactory(employee_code=f"D{n:03d}")
        TeamMembershipFactory(
            employee=employee, team=world.team_b if n % 2 else world.team_a, start=dt.date(2024, 1, 1)
        )
        _assign(employee, course, due=LATE if n % 3 else dt.date(2099, 1, 1))
    assert count() == few

"""The incentive analyst's home page: bonus runs by status per month, and per currency the payouts
of the latest month against the month before (chart and table), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from incentives.services import payout_run_compute
from tests.factories import EmployeeFactory, TeamMembershipFactory
from tests.incentives.factories import PERIOD, facts

pytestmark = pytest.mark.django_db

SEPT = dt.date(2026, 9, 1)
NOW = dt.datetime(2026, 11, 16, 15, tzinfo=dt.UTC)


def _card(client) -> str:
    client.cookies["django_language"] = "es"
    with time_machine.travel(NOW, tick=False):
        html = client.get("/").content.decode()
    card = html[html.index('id="card-incentives-analyst"') :]
    return card[: card.index("</section>")]


def _figures(card: str) -> dict[str, str]:
    out = {}
    for match in re.finditer(
        r'<figure class="chart[^>]*>\s*<figcaption class="chart__title">([^<]+)</figcaption>', card
    ):
        out[match.group(1)] = card[match.start() : card.index("</figure>", match.start())]
    return out


def _rows(figure: str) -> list[tuple[str, list[str]]]:
    body = figure[figure.index("<tbody>") :]
    return [
        (row, re.findall(r'<td class="num">([^<]*)</td>', cells))
        for row, cells in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', body)
    ]


def _two_months(w):
    for emp in (w.agent_employee, w.teammate_employee, w.outsider_employee):
        facts(emp, 10, start=SEPT)
    with time_machine.travel(NOW, tick=False):
        september = payout_run_compute(period=SEPT, actor=w.analyst)
        october = payout_run_compute(period=PERIOD, actor=w.analyst)
    return september, october


def test_the_analyst_sees_runs_by_status_and_the_payouts_against_the_month_before(bonus_world, client_for):
    september, october = _two_months(bonus_world)

    card = _card(client_for(bonus_world.analyst))

    figures = _figures(card)
    runs = figures["Corridas de bonos por estado, por mes"]
    assert 'role="img"' in runs
    rows = dict(_rows(runs))
    assert list(rows)[-1] == "oct 2026" and len(rows) == 6
    assert rows["oct 2026"] == ["1"] and rows["sep 2026"] == ["1"] and rows["may 2026"] == ["0"]
    distribution = figures["Asesores por pago (MXN): oct 2026 frente a sep 2026"]
    header = re.findall(r'<th scope="col" class="num">([^<]+)</th>', distribution)
    assert header == ["sep 2026", "oct 2026"]
    bands = _rows(distribution)
    assert sum(int(cells[0]) for _band, cells in bands) == september.payouts.count() > 0
    assert sum(int(cells[1]) for _band, cells in bands) == october.payouts.count() > 0
    assert bands[0][0].startswith("$")
    assert "/bonos/corridas/" in card or "corridas/" in card


def test_hr_has_no_analyst_card(bonus_world, client_for):
    _two_months(bonus_world)
    client = client_for(bonus_world.hr)
    client.cookies["django_language"] = "es"
    assert 'id="card-incentives-analyst"' not in client.get("/").content.decode()


def test_the_analyst_card_adds_no_query_per_agent(bonus_world, client_for, count_queries):
    w = bonus_world

    def count():
        return count_queries(client_for(w.analyst), "/")

    _two_months(w)
    few = count()
    for n in range(6):
        employee = EmployeeFactory(employee_code=f"X{n:03d}")
        TeamMembershipFactory(employee=employee, team=w.team_a, start=dt.date(2024, 1, 1))
        facts(employee, 5)
    with time_machine.travel(NOW, tick=False):
        run = payout_run_compute(period=PERIOD, actor=w.analyst)
    assert run.payouts.count() > 3
    assert count() == few

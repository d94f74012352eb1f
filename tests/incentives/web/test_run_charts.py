"""The charts of the run page and the leaderboard: money drawn once per currency, never added across
currencies; the leaderboard's chart explains the top scores; each chart's table holds its numbers."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.numbers import format_money
from incentives.models import RunTeam
from incentives.selectors import leaderboard
from incentives.services import payout_run_compute
from tests.incentives.factories import PERIOD

pytestmark = pytest.mark.django_db


def _page(client, url) -> str:
    client.cookies["django_language"] = "es"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _figures(html: str) -> dict[str, str]:
    out = {}
    for match in re.finditer(
        r'<figure class="chart[^>]*>\s*<figcaption class="chart__title">([^<]+)</figcaption>', html
    ):
        out[match.group(1)] = html[match.start() : html.index("</figure>", match.start())]
    return out


def _rows(figure: str) -> list[tuple[str, list[str]]]:
    body = figure[figure.index("<tbody>") :]
    return [
        (row, re.findall(r'<td class="num">([^<]*)</td>', cells))
        for row, cells in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', body)
    ]


def test_the_run_page_draws_each_currency_apart(countries, client_for):
    w = countries
    run = payout_run_compute(period=PERIOD, actor=w.analyst)

    figures = _figures(_page(client_for(w.hr), reverse("incentives:run_detail", args=[run.pk])))

    assert {"Total por equipo (CLP)", "Total por equipo (COP)", "Total por equipo (MXN)"} <= set(figures)
    team_a = RunTeam.objects.get(run=run, team=w.team_a)
    assert set(team_a.totals) == {"MXN", "CLP"}  # one team, two currencies: drawn in two charts
    for currency in ("MXN", "CLP"):
        rows = dict(_rows(figures[f"Total por equipo ({currency})"]))
        assert rows["Equipo A"] == [format_money(team_a.totals[currency], currency)]
        assert "Equipo B" not in rows  # team B is paid in COP only
    clp = figures["Distribución de los pagos (CLP)"]
    assert sum(int(cells[0]) for _band, cells in _rows(clp)) == run.payouts.filter(currency="CLP").count()
    assert 'role="img"' in clp and "$" in _rows(clp)[0][0]


def test_a_manager_sees_only_the_teams_of_the_scope_in_the_charts(countries, client_for):
    w = countries
    run = payout_run_compute(period=PERIOD, actor=w.analyst)

    figures = _figures(_page(client_for(w.manager), reverse("incentives:run_detail", args=[run.pk])))

    assert "Total por equipo (COP)" not in figures and "Distribución de los pagos (COP)" not in figures


def test_the_leaderboard_chart_splits_each_top_score_into_its_three_parts(bonus_world, client_for):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    board = leaderboard(run=run)

    figures = _figures(_page(client_for(w.analyst), reverse("incentives:leaderboard") + f"?run={run.pk}"))

    (title,) = [t for t in figures if t.startswith("Los ")]
    rows = _rows(figures[title])
    assert [name for name, _cells in rows] == [f"{r['rank']}. {r['employee'].full_name}" for r in board[:10]]
    first = board[0]
    recovery, quality, compliance, total = rows[0][1]
    assert total == f"{first['score']:.1f}"
    assert quality == f"{first['quality'] / 3:.1f}"

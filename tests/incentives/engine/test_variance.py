"""Month-over-month variance and the outlier rule (``incentives.variance``): pure, no database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from incentives.variance import CHANGED, MISSING, NEW, UNCHANGED, month_over_month

TEAM, OTHER = 10, 20


def _team(*amounts, team=TEAM, currency="MXN", first=1):
    return [(first + i, team, currency, D(a)) for i, a in enumerate(amounts)]


def _agent(variance, employee_id, currency="MXN"):
    return next(a for a in variance.agents if a.key == employee_id and a.currency == currency)


@pytest.mark.parametrize(
    ("before", "now", "flagged", "why"),
    [
        ("2000", "2000", False, "no change"),
        ("2000", "3200", True, "+60 % and 1,200 against a typical 2,000 bonus"),
        ("2000", "700", True, "-65 %"),
        ("2000", "2800", False, "+40 %: below 50 %"),
        ("80", "160", False, "+100 % but 80 is less than a quarter of the team's typical 2,000"),
        ("0", "2000", True, "from nothing to a bonus counts as beyond 50 %"),
        ("2000", "0", True, "a gate took the whole bonus: -100 %"),
    ],
)
def test_an_agent_is_flagged_when_the_change_is_large_in_percent_and_in_amount(before, now, flagged, why):
    previous = [(1, TEAM, "MXN", D(before)), *_team("2000", "2000", "2000", first=2)]
    current = [(1, TEAM, "MXN", D(now)), *_team("2000", "2000", "2000", first=2)]
    row = _agent(month_over_month(current, previous), 1)
    assert row.flagged is flagged, why
    assert row.change == D(now) - D(before)


def test_new_and_missing_agents_are_shown_as_such_not_flagged():
    previous = _team("1000", "1000")  # agents 1 and 2
    current = [(1, TEAM, "MXN", D("1000")), (3, TEAM, "MXN", D("5000"))]
    v = month_over_month(current, previous)
    assert _agent(v, 1).status == UNCHANGED
    assert (_agent(v, 2).status, _agent(v, 2).previous, _agent(v, 2).current) == (MISSING, D("1000"), None)
    assert (_agent(v, 3).status, _agent(v, 3).previous, _agent(v, 3).current) == (NEW, None, D("5000"))
    assert not any(a.flagged for a in v.agents)
    assert [a.key for a in v.new] == [3] and [a.key for a in v.missing] == [2]
    assert _agent(v, 3).ratio is None and _agent(v, 2).ratio == D(-1)


def test_amounts_in_different_currencies_are_never_compared_or_added():
    previous = [(1, TEAM, "MXN", D("1000")), (2, OTHER, "CLP", D("500000"))]
    current = [(1, TEAM, "CLP", D("900000")), (2, OTHER, "CLP", D("500000"))]
    v = month_over_month(current, previous)
    # agent 1 moved from a Mexican to a Chilean plan: missing in MXN, new in CLP
    assert _agent(v, 1, "MXN").status == MISSING and _agent(v, 1, "CLP").status == NEW
    teams = {(t.key, t.currency): (t.previous, t.current) for t in v.teams}
    assert teams == {
        (TEAM, "MXN"): (D("1000"), None),
        (TEAM, "CLP"): (None, D("900000")),
        (OTHER, "CLP"): (D("500000"), D("500000")),
    }


def test_team_totals_are_flagged_from_a_change_of_twenty_percent():
    previous = [*_team("1000", "1000"), *_team("1000", "1000", team=OTHER, first=3)]
    current = [*_team("1000", "1500"), *_team("1000", "1100", team=OTHER, first=3)]
    v = month_over_month(current, previous)
    teams = {t.key: t for t in v.teams}
    assert (teams[TEAM].change, teams[TEAM].ratio, teams[TEAM].flagged) == (D("500"), D("0.25"), True)
    assert (teams[OTHER].change, teams[OTHER].ratio, teams[OTHER].flagged) == (D("100"), D("0.05"), False)
    assert teams[TEAM].status == CHANGED


def test_an_agent_counts_with_the_team_they_are_paid_with_this_month():
    previous = [(1, OTHER, "MXN", D("1000"))]
    current = [(1, TEAM, "MXN", D("1000"))]
    v = month_over_month(current, previous)
    assert _agent(v, 1).team_id == TEAM
    # the agent's pay is counted in the team that paid it: the old team lost it, the new one gained it
    teams = {t.key: (t.previous, t.current) for t in v.teams}
    assert teams == {TEAM: (None, D("1000")), OTHER: (D("1000"), None)}


def test_flagged_agents_come_first_then_the_largest_changes():
    previous = _team("2000", "2000", "2000", "2000", "100")
    current = _team("2000", "3300", "2000", "2400", "300")  # agent 2 flagged; 4: +400; 5: +200
    v = month_over_month(current, previous)
    assert [a.key for a in v.agents] == [2, 4, 5, 1, 3]
    assert [a.key for a in v.largest(2)] == [2, 4]
    assert v.largest(5, team_id=OTHER, all_teams=False) == []

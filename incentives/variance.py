"""Month-over-month variance of a bonus run against the previous month, and the outlier rule.

Pure Python (no Django): rows in, frozen dataclasses out; ``selectors.run_variance`` fetches the
rows and the names. Amounts are compared only within one currency: an agent or a team paid in two
currencies has one row per currency, and nothing is summed across currencies.

Input rows are ``(employee_id, team_id, currency, amount)`` for the run's payouts and for the
payouts of the previous period's approved run(s) (approved, locked or exported). An agent's team
is the one they are paid with this month (last month's when they are not in this run).

**The outlier rule** (``AGENT_PERCENT``, ``AGENT_SHARE``, ``TEAM_PERCENT``):

* an agent is flagged when their pay changed by at least 50 % of last month's **and** by at
  least a quarter of their team's typical bonus (the median payout of the team's agents over the
  two months, in that currency). The second condition keeps small amounts quiet (80 → 160 is
  +100 % but not worth a look when the team's typical bonus is 2,000); the first keeps big
  earners' ordinary swings quiet. Going from nothing to a bonus counts as beyond 50 %.
* a team is flagged when its total changed by at least 20 %.
* an agent paid this month but not last month is **new**, one paid last month but not in this run
  is **missing**: both are shown as such (a missing agent may have left, or a plan assignment was
  lost), never mixed with the flagged changes.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

AGENT_PERCENT = Decimal("0.50")
AGENT_SHARE = Decimal("0.25")
TEAM_PERCENT = Decimal("0.20")

NEW, MISSING, CHANGED, UNCHANGED = "new", "missing", "changed", "unchanged"
ZERO = Decimal(0)

#: (employee_id, team_id or None, currency, amount)
PayRow = tuple[int, int | None, str, Decimal]


@dataclass(frozen=True)
class Change:
    key: int | None  # employee id (agents) or team id (teams; None: paid without a team)
    team_id: int | None
    currency: str
    previous: Decimal | None  # None: not paid last month
    current: Decimal | None  # None: not in this run
    status: str  # NEW, MISSING, CHANGED, UNCHANGED
    flagged: bool = False

    @property
    def change(self) -> Decimal:
        return (self.current or ZERO) - (self.previous or ZERO)

    @property
    def ratio(self) -> Decimal | None:
        """change / previous (0.25 is +25 %); None when there was nothing to compare with."""
        if not self.previous:
            return None
        return self.change / self.previous


@dataclass(frozen=True)
class Variance:
    teams: list[Change] = field(default_factory=list)
    #: flagged first, then by the size of the change (new and missing agents included)
    agents: list[Change] = field(default_factory=list)

    @property
    def flagged(self) -> list[Change]:
        return [a for a in self.agents if a.flagged]

    @property
    def new(self) -> list[Change]:
        return [a for a in self.agents if a.status == NEW]

    @property
    def missing(self) -> list[Change]:
        return [a for a in self.agents if a.status == MISSING]

    def largest(self, n: int = 5, *, team_id: int | None = None, all_teams: bool = True) -> list[Change]:
        """The n largest changes in amount (new and missing agents included), optionally of one team."""
        rows = [a for a in self.agents if a.change and (all_teams or a.team_id == team_id)]
        return sorted(rows, key=lambda a: (-abs(a.change), a.currency, a.key or 0))[:n]


def _sum(rows: Iterable[PayRow]) -> tuple[dict[tuple[int, str], Decimal], dict[tuple[int, str], int | None]]:
    amounts: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    teams: dict[tuple[int, str], int | None] = {}
    for employee_id, team_id, currency, amount in rows:
        amounts[(employee_id, currency)] += amount
        teams.setdefault((employee_id, currency), team_id)
    return amounts, teams


def _status(previous: Decimal | None, current: Decimal | None) -> str:
    if previous is None:
        return NEW
    if current is None:
        return MISSING
    return CHANGED if current != previous else UNCHANGED


def _agent_flag(change: Change, typical: Decimal) -> bool:
    if change.status != CHANGED:
        return False
    beyond_percent = change.ratio is None or abs(change.ratio) >= AGENT_PERCENT
    return beyond_percent and abs(change.change) >= AGENT_SHARE * typical


def month_over_month(current: Iterable[PayRow], previous: Iterable[PayRow]) -> Variance:
    """Per agent and per team, this month against last month (see the module docstring)."""
    now, now_team = _sum(current)
    before, before_team = _sum(previous)
    agents: list[Change] = []
    for key in now.keys() | before.keys():
        team_id = now_team[key] if key in now_team else before_team[key]
        prev, cur = before.get(key), now.get(key)
        agents.append(Change(key[0], team_id, key[1], prev, cur, _status(prev, cur)))
    # the team's typical bonus: the median payout of its agents over the two months, per currency
    pool: dict[tuple[int | None, str], list[Decimal]] = defaultdict(list)
    for a in agents:
        pool[(a.team_id, a.currency)].extend(v for v in (a.previous, a.current) if v is not None)
    typical = {k: Decimal(statistics.median(v)) for k, v in pool.items()}
    agents = [replace(a, flagged=_agent_flag(a, typical[(a.team_id, a.currency)])) for a in agents]
    agents.sort(key=lambda a: (not a.flagged, -abs(a.change), a.currency, a.key))

    team_now: dict[tuple[int | None, str], Decimal] = defaultdict(Decimal)
    team_before: dict[tuple[int | None, str], Decimal] = defaultdict(Decimal)
    for (employee_id, currency), amount in now.items():
        team_now[(now_team[(employee_id, currency)], currency)] += amount
    for (employee_id, currency), amount in before.items():
        team_before[(before_team[(employee_id, currency)], currency)] += amount
    teams = []
    for key in team_now.keys() | team_before.keys():
        prev, cur = team_before.get(key), team_now.get(key)
        row = Change(key[0], key[0], key[1], prev, cur, _status(prev, cur))
        flagged = row.status == CHANGED and (row.ratio is None or abs(row.ratio) >= TEAM_PERCENT)
        teams.append(replace(row, flagged=flagged))
    teams.sort(key=lambda t: (t.key is None, t.key or 0, t.currency))
    return Variance(teams=teams, agents=agents)

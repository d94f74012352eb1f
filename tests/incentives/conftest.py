from __future__ import annotations

import pytest

from tests.incentives.factories import PERIOD, facts, published_plan


@pytest.fixture
def bonus_world(world):
    """The shared world with a published plan on teams A and B and ten days of facts each.

    Per agent and day: 800 collected, 3 kept promises, quality 90 (2 evaluations).
    Simple plan: 1% of 8,000 = 80.00 + 30 kept promises x 10 = 300.00 -> 380.00 each."""
    version = published_plan(world.analyst, teams=(world.team_a, world.team_b))
    for emp in (world.agent_employee, world.teammate_employee, world.outsider_employee):
        facts(emp, 10)
    world.version = version
    world.period = PERIOD
    return world

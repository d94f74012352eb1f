from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.incentives.factories import PERIOD, facts, published_plan, simple_definition


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


@pytest.fixture
def countries(world):
    """A0001 (team A) on the Mexican plan, A0002 on the Chilean one (assigned to the employee),
    A0003 (team B, Bogotá) on the Colombian one. Same results each: 8,005.50 collected (1 % =
    80.055) and 30 kept promises (300)."""
    w = world
    w.mx = published_plan(w.analyst, definition=simple_definition("simple-mx"), teams=(w.team_a,))
    w.co = published_plan(w.analyst, definition=simple_definition("simple-co", currency="COP"), teams=(w.team_b,))
    w.cl = published_plan(
        w.analyst, definition=simple_definition("simple-cl", currency="CLP"), employee=w.teammate_employee
    )
    for emp in (w.agent_employee, w.teammate_employee, w.outsider_employee):
        facts(emp, 10, monto_recuperado=D("800.55"))
    return w

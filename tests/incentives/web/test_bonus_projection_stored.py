""" "My bonus" shows a projection the engine computed once and stored: viewing it again (or signing
in again) runs no engine; a KPI load or correction, or a change of the agent's plan assignment,
makes the next view compute it anew and show the new figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.urls import reverse

from incentives import engine
from incentives.models import PlanAssignment
from kpi.models import KpiFact
from tests.incentives.factories import facts

NOW = "2026-10-10 12:00:00-05:00"


def _runs(monkeypatch) -> list[int]:
    calls: list[int] = []
    calculate = engine.period_payouts_calculate

    def counted(inputs):
        calls.append(len(inputs.segments))
        return calculate(inputs)

    monkeypatch.setattr(engine, "period_payouts_calculate", counted)
    return calls


def _bonus(client) -> str:
    response = client.get(reverse("incentives:my_bonus"))
    assert response.status_code == 200
    return response.content.decode()


def test_my_bonus_runs_the_engine_only_when_its_inputs_change(bonus_world, client_for, monkeypatch):
    w = bonus_world
    calls = _runs(monkeypatch)
    with time_machine.travel(NOW, tick=False):
        first = _bonus(client_for(w.agent))
        assert len(calls) == 1 and "$1,608.00" in first  # 10 days projected to 31: 248.00 + 1,360.00

        again = _bonus(client_for(w.agent))  # signed in again: last_login written, nothing the bonus reads
        assert len(calls) == 1 and "$1,608.00" in again

        # a KPI correction: the 10th collected 10,800 (was 800): 18,000 in 10 days, 55,800 projected
        KpiFact.objects.filter(employee=w.agent_employee, day=dt.date(2026, 10, 10)).update(
            monto_recuperado=Decimal("10800")
        )
        corrected = _bonus(client_for(w.agent))
        assert len(calls) == 2 and "$1,918.00" in corrected and "$1,608.00" not in corrected
        assert "$1,918.00" in _bonus(client_for(w.agent)) and len(calls) == 2

        PlanAssignment.objects.filter(plan_version=w.version, team=w.team_a).update(end=dt.date(2026, 10, 5))
        _bonus(client_for(w.agent))
        assert len(calls) == 3  # the plan now ends on the 5th: computed again


def test_a_teammates_kpi_load_is_an_input_too(bonus_world, client_for, monkeypatch):
    """Team pools and goals read the team's facts: a load for anyone in the month computes again."""
    w = bonus_world
    calls = _runs(monkeypatch)
    with time_machine.travel(NOW, tick=False):
        _bonus(client_for(w.agent))
        facts(w.teammate_employee, 1, start=dt.date(2026, 10, 11))  # a new batch, another person
        _bonus(client_for(w.agent))
    assert len(calls) == 2

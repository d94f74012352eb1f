from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from core.models import AuditEvent
from incentives.errors import IncentivesError
from incentives.models import Payout, PayoutRun, RunStatus
from incentives.selectors import kpi_period_locked, kpi_periods_locked
from incentives.services import payout_run_compute, payout_run_submit
from tests.incentives.factories import PERIOD, facts, published_plan, simple_definition

pytestmark = pytest.mark.django_db


def test_it_computes_a_draft_run_from_facts(bonus_world):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    # the supervisor is a member of team A too: no facts, so the quality gate pays 0
    assert run.status == RunStatus.DRAFT and run.payout_count == 4
    totals = dict(run.payouts.values_list("employee__employee_code", "total"))
    assert totals == {"A0001": D("380.00"), "A0002": D("380.00"), "A0003": D("380.00"), "S0001": D("0.00")}
    assert run.total == D("1140.00")
    payout = run.payouts.get(employee=w.agent_employee)
    assert [ln.code for ln in payout.lines.all()] == ["recuperacion", "promesas"]
    assert D(payout.inputs["kpi_sums"]["monto_recuperado"]) == D(8000)
    assert payout.lines.get(code="promesas").detail["next_tier"]["raw_gap"] == "20"
    assert sorted(run.run_teams.values_list("team__name", flat=True)) == ["Equipo A", "Equipo B"]
    assert AuditEvent.objects.filter(action="payout_run.compute", object_id=str(run.pk)).exists()


def test_recomputing_a_draft_replaces_it(bonus_world):
    first = payout_run_compute(period=PERIOD, actor=bonus_world.analyst)
    facts(bonus_world.agent_employee, 5, start=dt.date(2026, 10, 20))
    second = payout_run_compute(period=PERIOD, actor=bonus_world.analyst)
    assert first.pk == second.pk
    assert PayoutRun.objects.count() == 1 and Payout.objects.count() == 4
    assert second.payouts.get(employee=bonus_world.agent_employee).total == D("570.00")


def test_a_submitted_run_is_not_recomputed(bonus_world):
    run = payout_run_compute(period=PERIOD, actor=bonus_world.analyst)
    payout_run_submit(run=run, actor=bonus_world.analyst)
    with pytest.raises(IncentivesError) as exc:
        payout_run_compute(period=PERIOD, actor=bonus_world.analyst)
    assert exc.value.code == "run_not_draft"


def test_closed_period_refuses_a_new_run_and_locks_kpis(bonus_world):
    run = payout_run_compute(period=PERIOD, actor=bonus_world.analyst)
    assert not kpi_period_locked(day=dt.date(2026, 10, 15))
    PayoutRun.objects.filter(pk=run.pk).update(status=RunStatus.LOCKED)
    assert kpi_period_locked(day=dt.date(2026, 10, 15))
    assert not kpi_period_locked(day=dt.date(2026, 11, 1))
    days = {dt.date(2026, 10, 31), dt.date(2026, 11, 1), dt.date(2026, 9, 30)}
    assert kpi_periods_locked(days=days) == {dt.date(2026, 10, 31)}
    with pytest.raises(IncentivesError) as exc:
        payout_run_compute(period=PERIOD, actor=bonus_world.analyst)
    assert exc.value.code == "period_locked"


def test_failed_quality_gate_pays_zero_with_reason(world):
    published_plan(world.analyst, teams=(world.team_a,))
    facts(world.agent_employee, 10, puntaje_calidad=D("70.00"))
    run = payout_run_compute(period=PERIOD, actor=world.analyst)
    payout = run.payouts.get(employee=world.agent_employee)
    assert payout.total == 0
    assert [(g["code"], g["reason"]) for g in payout.failed_gates] == [("calidad_minima", "condition_not_met")]


def test_certificate_gate_uses_the_certification_selector(world, monkeypatch):
    definition = simple_definition(gates=[{"code": "certificado", "kind": "certificate"}])
    published_plan(world.analyst, definition=definition, teams=(world.team_a,))
    facts(world.agent_employee, 10)
    facts(world.teammate_employee, 10)
    calls = []

    def fake(*, agent_ids, specialisation, day):
        calls.append((sorted(agent_ids), specialisation, day))
        return {world.teammate_employee.pk: object()}

    monkeypatch.setattr("incentives.run_inputs.certificates_valid_on", fake)
    run = payout_run_compute(period=PERIOD, actor=world.analyst)
    totals = dict(run.payouts.values_list("employee__employee_code", "total"))
    assert totals["A0001"] == 0 and totals["A0002"] == D("380.00")
    assert calls and calls[0][1] == world.specialisation.pk and calls[0][2] == dt.date(2026, 10, 31)
    gates = run.payouts.get(employee=world.agent_employee).gates
    assert gates == [
        {"code": "certificado", "kind": "certificate", "passed": False, "reason": "not_certified", "params": {}}
    ]


def test_mid_month_hire_is_prorated_and_mid_period_plan_change_splits_days(world):
    w = world
    # agent hired on 16 Oct: 16 eligible days of 31
    type(w.agent_employee).objects.filter(pk=w.agent_employee.pk).update(hire_date=dt.date(2026, 10, 16))
    definition = simple_definition(components=[simple_definition()["components"][0]])
    published_plan(w.analyst, definition=definition, teams=(w.team_a,))
    # teammate: team plan until 10 Oct, then a personal plan (2%) from 11 Oct
    personal = simple_definition(code="personal")
    personal["components"] = [dict(simple_definition()["components"][0])]
    personal["components"][0]["tiers"] = {
        "mode": "retroactive",
        "bands": [{"lower": "0", "upper": None, "rate": "0.02"}],
    }
    published_plan(w.analyst, definition=personal, employee=w.teammate_employee, start=dt.date(2026, 10, 11))
    facts(w.agent_employee, 10, start=dt.date(2026, 10, 16))
    facts(w.teammate_employee, 31)
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    agent = run.payouts.get(employee=w.agent_employee)
    assert (agent.eligible_days, agent.days_in_period) == (16, 31)
    assert agent.total == D("41.29")  # 1% of 8,000 x 16/31 = 41.290...
    split = {
        p.plan_version.plan.code: (p.eligible_days, p.total) for p in run.payouts.filter(employee=w.teammate_employee)
    }
    # 24,800 collected: 1% x 10/31 = 80.00; 2% x 21/31 = 336.00
    assert split == {"simple": (10, D("80.00")), "personal": (21, D("336.00"))}


def test_run_for_one_plan_only(bonus_world):
    other = simple_definition(code="otro")
    published_plan(bonus_world.analyst, definition=other, employee=bonus_world.agent_employee)
    run = payout_run_compute(period=PERIOD, plan_code="otro", actor=bonus_world.analyst)
    assert list(run.payouts.values_list("employee__employee_code", flat=True)) == ["A0001"]
    assert run.plan.code == "otro"


def test_run_bonuses_command(bonus_world, capsys):
    from django.core.management import call_command

    call_command("run_bonuses", "--period", "2026-10")
    assert "4 payouts, totals {'MXN': '1140.00'}" in capsys.readouterr().out

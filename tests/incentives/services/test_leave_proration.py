"""Leave reduces the eligible days of prorated components (golden cases on a 30-day month)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Leave, LeaveKind
from incentives.run_inputs import period_inputs_read
from incentives.services import payout_run_compute
from tests.incentives.factories import facts, published_plan, simple_definition

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)  # 30 days


def _leave(employee, start, end, kind=LeaveKind.VACATION):
    return Leave.objects.create(employee=employee, kind=kind, start=start, end=end)


@pytest.fixture
def november(world):
    """Simple plan on team A; ten days of facts (8,000 collected, 30 kept promises) per agent."""
    published_plan(world.analyst, teams=(world.team_a,))
    for emp in (world.agent_employee, world.teammate_employee):
        facts(emp, 10, start=NOVEMBER)
    return world


def test_ten_days_of_leave_pay_twenty_thirtieths_of_a_prorated_component(november):
    w = november
    _leave(w.agent_employee, dt.date(2026, 11, 11), dt.date(2026, 11, 20), LeaveKind.SICK)
    run = payout_run_compute(period=NOVEMBER, actor=w.analyst)

    agent = run.payouts.get(employee=w.agent_employee)
    assert (agent.eligible_days, agent.days_in_period) == (20, 30)
    assert agent.inputs["leave_days"] == 10
    lines = {ln.code: ln for ln in agent.lines.all()}
    # 1% of 8,000 = 80.00 x 20/30 = 53.33; kept promises are not prorated: 30 x 10 = 300.00
    assert lines["recuperacion"].amount == D("53.33")
    assert lines["promesas"].amount == D("300.00")
    assert agent.total == D("353.33")

    proration = [s for s in lines["recuperacion"].detail["trace"] if s["rule"] == "proration"]
    assert len(proration) == 1
    step = proration[0]
    assert (step["inputs"]["eligible_days"], step["inputs"]["days_in_period"], step["inputs"]["leave_days"]) == (
        20,
        30,
        10,
    )
    assert D(step["inputs"]["factor"]).quantize(D("0.0001")) == D("0.6667")
    assert D(step["result"]).quantize(D("0.0001")) == D("53.3333")
    assert not [s for s in lines["promesas"].detail["trace"] if s["rule"] == "proration"]

    teammate = run.payouts.get(employee=w.teammate_employee)
    assert (teammate.eligible_days, teammate.inputs["leave_days"], teammate.total) == (30, 0, D("380.00"))


def test_overlapping_leaves_count_each_day_once_and_days_outside_employment_are_not_leave(november):
    w = november
    _leave(w.agent_employee, dt.date(2026, 11, 11), dt.date(2026, 11, 20), LeaveKind.VACATION)
    _leave(w.agent_employee, dt.date(2026, 11, 18), dt.date(2026, 11, 22), LeaveKind.UNPAID)
    _leave(w.agent_employee, dt.date(2026, 10, 25), dt.date(2026, 11, 2), LeaveKind.OTHER)  # 2 days in November
    type(w.agent_employee).objects.filter(pk=w.agent_employee.pk).update(termination_date=dt.date(2026, 11, 20))
    reading = period_inputs_read(period=NOVEMBER)
    seg = next(s for s in reading.inputs.segments if s.employee_id == w.agent_employee.pk)
    # employed 1-20 Nov (20 days); on leave 1-2 and 11-20 within them (12): 8 eligible
    assert (seg.inputs.eligible_days, seg.leave_days) == (8, 12)


def test_leave_is_taken_from_the_plan_version_in_force_on_those_days(november):
    w = november
    personal = simple_definition(code="personal")
    published_plan(w.analyst, definition=personal, employee=w.teammate_employee, start=dt.date(2026, 11, 11))
    _leave(w.teammate_employee, dt.date(2026, 11, 9), dt.date(2026, 11, 12))
    reading = period_inputs_read(period=NOVEMBER)
    split = {
        reading.plan_code_of(s): (s.inputs.eligible_days, s.leave_days)
        for s in reading.inputs.segments
        if s.employee_id == w.teammate_employee.pk
    }
    assert split == {"simple": (8, 2), "personal": (18, 2)}


def test_a_whole_period_on_leave_gets_no_payout(november):
    w = november
    _leave(w.agent_employee, dt.date(2026, 10, 20), dt.date(2026, 12, 5), LeaveKind.SICK)
    run = payout_run_compute(period=NOVEMBER, actor=w.analyst)
    assert not run.payouts.filter(employee=w.agent_employee).exists()
    assert run.payouts.filter(employee=w.teammate_employee).exists()


def test_leave_of_every_employee_is_read_in_one_query(november):
    w = november
    for emp in (w.agent_employee, w.teammate_employee):
        _leave(emp, dt.date(2026, 11, 3), dt.date(2026, 11, 4))
        _leave(emp, dt.date(2026, 11, 20), dt.date(2026, 11, 21), LeaveKind.SICK)
    with CaptureQueriesContext(connection) as ctx:
        reading = period_inputs_read(period=NOVEMBER)
    leave_queries = [q for q in ctx.captured_queries if Leave._meta.db_table in q["sql"]]
    assert len(leave_queries) == 1
    assert {s.employee_id: s.leave_days for s in reading.inputs.segments if s.leave_days} == {
        w.agent_employee.pk: 4,
        w.teammate_employee.pk: 4,
    }

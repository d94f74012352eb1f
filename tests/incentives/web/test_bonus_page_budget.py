""" "My bonus" and the payout page in a fixed number of queries, whatever the number of teams a plan
is assigned to, the months of payouts and the agent's days of KPI facts."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incentives.models import PayoutRun, PlanAssignment, RunStatus
from incentives.services import payout_run_compute
from tests.factories import EmployeeFactory, TeamFactory, TeamMembershipFactory
from tests.incentives.factories import facts

NOW = "2026-10-10 12:00:00-05:00"

#: session, user, MFA, employee; KPI names; the stored projection's key (change markers of the
#: marked tables, of the two months' facts, of certificates; who holds which role); the payouts
#: list. Computing it (the first view after a change) reads the period for the agent in a fixed
#: number more: assignments, one query per kind of link (team, campaign, role), leave, teams,
#: targets, KPI sums, certificates.
MY_BONUS_BUDGET = 10
#: session, user, MFA, employee; the payout with its run and plan; KPI names; disputes
PAYOUT_BUDGET = 7


def _more(w, *, teams: int, months: int, prefix: str) -> None:
    """`teams` more teams on the agent's plan (an assignment each, a member with facts) and a
    locked run for each of `months` more months before October."""
    for i in range(teams):
        team = TeamFactory(name=f"Equipo {prefix}{i}")
        PlanAssignment.objects.create(
            plan_version=w.version, team=team, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
        )
        member = EmployeeFactory(employee_code=f"{prefix}{i:03d}")
        TeamMembershipFactory(employee=member, team=team, start=dt.date(2024, 1, 1))
        facts(member, 5)
    done = PayoutRun.objects.count()
    for i in range(done, done + months):
        period = dt.date(2026, 9 - i, 1)
        facts(w.agent_employee, 5, start=period)
        run = payout_run_compute(period=period, actor=w.analyst)
        PayoutRun.objects.filter(pk=run.pk).update(status=RunStatus.LOCKED)


def _counts(w, client_for, count_queries) -> tuple[int, int, int]:
    latest = PayoutRun.objects.order_by("-period").first().payouts.get(employee=w.agent_employee)
    client = client_for(w.agent)
    stored = count_queries(client, reverse("incentives:my_bonus"))
    cache.clear()  # the first view after a change: the projection is computed and stored
    with CaptureQueriesContext(connection) as computing:
        client.get(reverse("incentives:my_bonus"))
    return (
        stored,
        len(computing.captured_queries),
        count_queries(client, reverse("incentives:payout_detail", args=[latest.pk])),
    )


def test_my_bonus_and_the_payout_page_keep_their_query_budgets(bonus_world, client_for, count_queries):
    w = bonus_world
    with time_machine.travel(NOW, tick=False):
        _more(w, teams=2, months=2, prefix="P")
        few = _counts(w, client_for, count_queries)
        _more(w, teams=6, months=4, prefix="Q")
        many = _counts(w, client_for, count_queries)

    assert few == many
    assert (few[0], few[2]) == (MY_BONUS_BUDGET, PAYOUT_BUDGET)

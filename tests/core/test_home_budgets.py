"""The pages an agent opens at the start of a shift, and the supervisor's and HR's homes, in a fixed
number of queries: the same with three times the courses, certificates, months of KPI facts,
payouts and teams (each budget below says what it is made of)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from incentives.models import PayoutRun, PlanAssignment, RunStatus
from incentives.services import payout_run_compute
from learning.models import Assignment, AssignmentSource
from tests.certification.factories import QuestionBankFactory, make_exam, make_questions
from tests.certification.test_cert_certificates import pass_exam
from tests.factories import EmployeeFactory, SpecialisationFactory, TeamFactory, TeamMembershipFactory
from tests.incentives.factories import published_plan
from tests.kpi.test_kpi_trends import _facts
from tests.learning import factories as learning_factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)

# every page: session, user, MFA check, the user's employee (4)
#: + the profile card's team; the KPI card (last day with facts, monthly sums, measured incidents);
#: the learning card (open assignments, progress, next lessons, Wagtail's site); the certificates;
#: the latest statement run and its totals
AGENT_HOME = 15
#: + team; teams card (teams, count, people); KPI card (last day, people, plans' targets); learning
#: card (assignments, three counts); the teams again for the card's list
SUPERVISOR_HOME = 15
#: + teams card (count, people); KPI card (last day, people, plans); learning (three counts, active
#: rules, overdue by team, their teams); expiring certificates by site; runs awaiting; team list
HR_HOME = 18
#: /kpis/ sends the agent to their own page
MY_KPIS_REDIRECT = 4
#: the agent's KPI page: the employee in scope (replaces the plain employee read), last day, the
#: month's sums and measured incidents, its daily facts, six months of sums and incidents, goals
AGENT_KPIS = 11


def _volume(w, n: int, prefix: str, months: list[dt.date]) -> None:
    """`n` more courses assigned to the agent and the teammate, certificates in `n` more
    specialisations, `n` more teams under the supervisor (a member each, with facts), and the
    agent's facts and a locked bonus run for each of `months`."""
    for i in range(n):
        course = learning_factories.course(f"{prefix}-curso-{i}", lessons=1)
        for employee in (w.agent_employee, w.teammate_employee):
            Assignment.objects.create(
                employee=employee,
                course=course,
                source=AssignmentSource.MANUAL,
                key="m",
                assigned_on=dt.date(2026, 1, 1),
                due_date=dt.date(2026, 11, 1) if i % 2 else dt.date(2027, 1, 1),
                mandatory=True,
            )
        spec = SpecialisationFactory(code=f"{prefix}{i}", name=f"Especialidad {prefix}{i}")
        bank = QuestionBankFactory(code=f"{prefix}-banco-{i}", specialisation=spec)
        make_questions(bank, 2, prefix=f"{prefix}{i}-")
        exam = make_exam(specialisation=spec, bank=bank, count=2)
        pass_exam(exam, w.agent_employee, now=NOW - dt.timedelta(days=30 + i))
        team = TeamFactory(name=f"Equipo {prefix}{i}")
        team.supervisors.add(w.supervisor)
        PlanAssignment.objects.create(
            plan_version=w.version, team=team, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
        )
        member = EmployeeFactory(employee_code=f"{prefix}{i:03d}")
        TeamMembershipFactory(employee=member, team=team, start=dt.date(2024, 1, 1))
        for month in months:
            _facts(member, month, 2)
    for month in months:
        _facts(w.agent_employee, month, 2)
        run = payout_run_compute(period=month, actor=w.analyst)
        PayoutRun.objects.filter(pk=run.pk).update(status=RunStatus.LOCKED)


def _counts(w, client_for, count_queries) -> dict[str, int]:
    agent = client_for(w.agent)
    own = reverse("kpi:employee_kpis", args=[w.agent_employee.employee_code])
    counts = {
        "agent /": count_queries(agent, "/"),
        "agent /kpis/": count_queries(agent, reverse("kpi:my_kpis"), status=302),
        "agent own KPIs": count_queries(agent, own),
    }
    counts["supervisor /"] = count_queries(client_for(w.supervisor), "/")
    counts["hr /"] = count_queries(client_for(w.hr), "/")
    return counts


def test_the_shift_start_pages_keep_their_query_budgets(world, client_for, count_queries):
    w = world
    w.version = published_plan(w.analyst, teams=(w.team_a, w.team_b))
    with time_machine.travel(NOW, tick=False):
        _volume(w, 2, "p", [dt.date(2026, 9, 1), dt.date(2026, 10, 1)])
        few = _counts(w, client_for, count_queries)
        _volume(w, 4, "q", [dt.date(2026, m, 1) for m in (5, 6, 7, 8)])
        many = _counts(w, client_for, count_queries)

    assert (
        few
        == many
        == {
            "agent /": AGENT_HOME,
            "agent /kpis/": MY_KPIS_REDIRECT,
            "agent own KPIs": AGENT_KPIS,
            "supervisor /": SUPERVISOR_HOME,
            "hr /": HR_HOME,
        }
    )

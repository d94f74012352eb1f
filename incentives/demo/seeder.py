"""Demo data for incentives: three plans, assignments, targets, an approved and exported run
(two months back), a run waiting for approval (last month) and, through the projection, the
current month. Idempotent: plans are found by code and runs by period."""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db.models import Sum

from core.models import Employee, Team, User
from core.roles import Role
from incentives import services
from incentives.exports import default_template, payroll_export
from incentives.models import Dispute, PayoutRun, Plan, PlanAssignment, Target
from incentives.periods import next_period, period_bounds, previous_period
from kpi.models import KpiFact

PLANS_DIR = Path(__file__).resolve().parent / "plans"
EARLY_TEAMS = ("1", "2")  # team index within each site: Temprana A / B
#: each site is paid in its country's money by its own plans (demo_plans/<plan>_<suffix>.json)
COUNTRY_PLANS = {"MX": "", "CO": "_co", "CL": "_cl"}


def _plan(name: str, valid_from: dt.date, analyst: User):
    data = json.loads((PLANS_DIR / f"{name}.json").read_text("utf-8"))
    plan = Plan.objects.filter(code=data["code"]).first()
    if plan is not None:
        return plan.versions.order_by("-number").first()
    data["valid_from"] = valid_from.isoformat()
    version = services.plan_version_create(actor=analyst, definition=data)
    return services.plan_version_publish(actor=analyst, version=version)


def _targets(period: dt.date, reference: dt.date, analyst: User) -> None:
    """Team recovery goals: the team's average collected per agent in `reference`, rounded."""
    if Target.objects.filter(period=period, code="meta_recuperacion").exists():
        return
    first, last = period_bounds(reference)
    lines = ["periodo,codigo,equipo,valor"]
    for team in Team.objects.order_by("code"):
        rows = (
            KpiFact.objects.filter(day__range=(first, last), employee__memberships__team=team)
            .values("employee_id")
            .annotate(total=Sum("monto_recuperado"))
        )
        totals = [r["total"] for r in rows if r["total"]]
        if not totals:
            continue
        average = sum(totals, Decimal(0)) / len(totals)
        goal = (average / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000
        lines.append(f"{period:%Y-%m},meta_recuperacion,{team.code},{goal}")
    if len(lines) > 1:
        services.targets_import_csv(actor=analyst, text="\n".join(lines) + "\n")


def seed(*, world, stdout=None) -> None:
    today = world.today
    current = today.replace(day=1)
    last_month = previous_period(current)
    two_back = previous_period(last_month)
    analyst, hr = world.users["analista"], world.users["rrhh"]
    end = dt.date(today.year + 1, 12, 31)

    plans = {
        country: {
            name: _plan(f"{name}{suffix}", two_back, analyst)
            for name in ("tramo_temprano", "tramo_tardio", "supervisores")
        }
        for country, suffix in COUNTRY_PLANS.items()
    }
    if not PlanAssignment.objects.exists():
        for team in world.teams:
            country = plans.get(team.site.country, plans["MX"])
            version = country["tramo_temprano" if team.code.split("-")[1] in EARLY_TEAMS else "tramo_tardio"]
            services.plan_assignment_create(actor=analyst, version=version, team=team, start=two_back, end=end)
        services.plan_assignment_create(
            actor=analyst, version=plans["MX"]["supervisores"], role=Role.SUPERVISOR, start=two_back, end=end
        )
        # supervisors outside Mexico: their country's plan, by employee (more specific than the role)
        for supervisor in world.supervisors:
            team = Team.objects.filter(supervisors=supervisor.user_id).select_related("site").first()
            if team is not None and team.site.country in ("CO", "CL"):
                services.plan_assignment_create(
                    actor=analyst,
                    version=plans[team.site.country]["supervisores"],
                    employee=supervisor,
                    start=two_back,
                    end=end,
                )

    _targets(two_back, two_back, analyst)
    _targets(last_month, two_back, analyst)
    _targets(current, last_month, analyst)
    default_template()

    created = []
    if not PayoutRun.objects.filter(period=two_back).exists():
        run = services.payout_run_compute(period=two_back, actor=analyst)
        services.payout_run_submit(run=run, actor=analyst)
        for run_team in run.run_teams.select_related("team"):
            manager = run_team.team.managers.order_by("pk").first()
            services.payout_run_approve_team(run=run, team=run_team.team, actor=manager)
        services.payout_run_approve_final(run=run, actor=hr)
        run = services.payout_run_lock(run=run, actor=hr)
        for currency in run.currencies:  # one payroll file per currency
            payroll_export(actor=hr, run=run, file_format="csv", currency=currency)
        agent = Employee.objects.filter(employee_code="A0001").first()
        payout = run.payouts.filter(employee=agent).first()
        if payout is not None and agent.user_id:
            Dispute.objects.get_or_create(
                payout=payout,
                defaults={
                    "line_code": payout.lines.order_by("position").first().code if payout.lines.exists() else "",
                    "message": "Creo que faltan dos promesas cumplidas del día 12; las registré en el CRM.",
                    "opened_by": agent.user,
                },
            )
        created.append(f"{two_back:%Y-%m} exported")
    if not PayoutRun.objects.filter(period=last_month).exists() and next_period(two_back) == last_month:
        run = services.payout_run_compute(period=last_month, actor=analyst)
        services.payout_run_submit(run=run, actor=analyst)
        created.append(f"{last_month:%Y-%m} submitted")
    if stdout is not None and created:
        stdout.write(f"  incentives: runs {', '.join(created)}")

"""Object scope for incentives, an extension of core.scoping (404 outside it, never 403).

A payout keeps the team it was computed for in its run (not the employee's team today), so
payouts, a run's teams and the runs themselves are scoped by that team (core.scoping.scope_by_team).
An adjustment or a dispute follows its employee's payout in the run; an adjustment for someone
without a payout in the run falls back to the employee's scope today (core.scoping).
Nothing here tests a role: the reader's teams come from `teams_in_scope`, the whole company from
`sees_whole_company` (both capabilities in core.capabilities).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.scoping import employees_in_scope, scope_by_team, sees_whole_company, teams_in_scope
from incentives.models import Payout, RunTeam


def payouts_in_scope(qs: QuerySet, user) -> QuerySet:
    return scope_by_team(qs, user, team_field="team", employee_field="employee")


def run_teams_in_scope(qs: QuerySet, user) -> QuerySet:
    if sees_whole_company(user):
        return qs
    return qs.filter(team__in=teams_in_scope(user))


def runs_in_scope(qs: QuerySet, user) -> QuerySet:
    """Runs that have a team in the reader's scope (the whole company sees every run)."""
    if sees_whole_company(user):
        return qs
    return qs.filter(pk__in=run_teams_in_scope(RunTeam.objects.all(), user).values("run_id"))


def team_in_scope(user, team) -> bool:
    return sees_whole_company(user) or teams_in_scope(user).filter(pk=team.pk).exists()


def adjustments_in_scope(qs: QuerySet, user) -> QuerySet:
    if not user.is_authenticated:
        return qs.none()
    if sees_whole_company(user):
        return qs
    paid = Payout.objects.filter(run=OuterRef("run"), employee=OuterRef("employee"))
    in_team = Exists(paid.filter(team__in=teams_in_scope(user)))
    unpaid_in_scope = ~Exists(paid) & Q(employee__in=employees_in_scope(user).values("pk"))
    return qs.filter(in_team | unpaid_in_scope | Q(employee__user=user))


def disputes_in_scope(qs: QuerySet, user) -> QuerySet:
    return scope_by_team(qs, user, team_field="payout__team", employee_field="payout__employee")

"""A bonus run's workflow as ONE table: (status, action) -> next status, capability, extra rules.

    transition_check(run=, action=, actor=, team=)  -> the Transition, or raises (what services call,
                                                       after locking the run row)
    transitions_allowed(run=, actor=)               -> what the run page may offer this actor
    adjustment_decision_check / dispute_resolution_check (and their *_allowed twins)

Services call the checks, the view and the template call the *_allowed twins: both read the same
rows, so no button is shown to someone the service would refuse. Who holds a capability is
core.capabilities; which teams and people are the actor's is incentives.scoping (core.scoping).
Invariants about the data (a run still computing, pending adjustments, no payouts) stay in the
services and raise IncentivesError.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.capabilities import user_can
from incentives import scoping
from incentives.errors import IncentivesError, TransitionDenied
from incentives.models import Adjustment, Dispute, PayoutRun, RunEvent, RunStatus


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    capability: str
    rules: tuple[str, ...] = ()


# the four-eyes rules: who made or submitted the numbers, or is paid by them, does not approve them
FOUR_EYES = ("not_computer", "not_adjuster", "not_submitter", "not_payee")

TABLE: tuple[Transition, ...] = (
    Transition("recompute", RunStatus.DRAFT, RunStatus.DRAFT, "incentives.run_compute"),
    Transition("adjust", RunStatus.DRAFT, RunStatus.DRAFT, "incentives.adjustment_create"),
    Transition("submit", RunStatus.DRAFT, RunStatus.SUBMITTED, "incentives.run_submit"),
    # a draft can be thrown away (its claims on the period's plans go with it)
    Transition("discard", RunStatus.DRAFT, RunStatus.DRAFT, "incentives.run_compute"),
    # a run waiting for approval whose inputs changed goes back to draft to be recomputed
    # (services._reopen_if_stale; only when the run is stale)
    Transition("reopen_stale", RunStatus.SUBMITTED, RunStatus.DRAFT, "incentives.run_compute"),
    Transition("reopen_stale", RunStatus.TEAMS_APPROVED, RunStatus.DRAFT, "incentives.run_compute"),
    Transition("reopen_stale", RunStatus.APPROVED, RunStatus.DRAFT, "incentives.run_compute"),
    Transition(
        "approve_team",
        RunStatus.SUBMITTED,
        RunStatus.TEAMS_APPROVED,
        "incentives.run_approve_team",
        ("team_in_scope", *FOUR_EYES),
    ),
    Transition(
        "reject", RunStatus.SUBMITTED, RunStatus.DRAFT, "incentives.run_approve_team", ("a_team_of_the_run_in_scope",)
    ),
    Transition(
        "approve_final",
        RunStatus.TEAMS_APPROVED,
        RunStatus.APPROVED,
        "incentives.run_final_approve",
        (*FOUR_EYES, "not_team_approver"),
    ),
    Transition("reject", RunStatus.TEAMS_APPROVED, RunStatus.DRAFT, "incentives.run_final_approve"),
    Transition("lock", RunStatus.APPROVED, RunStatus.LOCKED, "incentives.run_lock"),
    Transition("export", RunStatus.LOCKED, RunStatus.EXPORTED, "incentives.payroll_export"),
    Transition("export", RunStatus.EXPORTED, RunStatus.EXPORTED, "incentives.payroll_export"),
)
ACTIONS = tuple(dict.fromkeys(t.action for t in TABLE))


# ----------------------------------------------------------------------------- rules
# Each rule answers None (passes) or the error code of the refusal.
def _submitter_id(run: PayoutRun) -> int | None:
    event = RunEvent.objects.filter(run=run, action="submit").order_by("-id").only("actor_id").first()
    return event.actor_id if event else None


def _rule_team_in_scope(run, actor, team):
    return None if team is not None and scoping.team_in_scope(actor, team) else "team_not_managed"


def _rule_a_team_of_the_run_in_scope(run, actor, team):
    visible = scoping.run_teams_in_scope(run.run_teams.all(), actor)
    return None if visible.exists() else "team_not_managed"


def _rule_not_computer(run, actor, team):
    return "maker_checker" if run.computed_by_id == actor.pk else None


def _rule_not_adjuster(run, actor, team):
    return "maker_checker" if run.adjustments.filter(created_by=actor).exists() else None


def _rule_not_submitter(run, actor, team):
    return "own_submission" if _submitter_id(run) == actor.pk else None


def _rule_not_team_approver(run, actor, team):
    return "maker_checker" if run.run_teams.filter(approved_by=actor).exists() else None


def _rule_not_payee(run, actor, team):
    employee = actor.employee_or_none
    if employee is not None and (
        run.payouts.filter(employee=employee).exists() or run.adjustments.filter(employee=employee).exists()
    ):
        return "own_payout"
    return None


RULES: dict[str, Callable] = {
    "team_in_scope": _rule_team_in_scope,
    "a_team_of_the_run_in_scope": _rule_a_team_of_the_run_in_scope,
    "not_computer": _rule_not_computer,
    "not_adjuster": _rule_not_adjuster,
    "not_submitter": _rule_not_submitter,
    "not_team_approver": _rule_not_team_approver,
    "not_payee": _rule_not_payee,
}


# ----------------------------------------------------------------------------- runs
def transition_for(*, status: str, action: str) -> Transition | None:
    return next((t for t in TABLE if t.action == action and t.source == status), None)


def action_check(*, action: str, actor) -> list[Transition]:
    """Before any run is at hand: the actor holds the capability of at least one row of `action`."""
    rows = [t for t in TABLE if t.action == action]
    if not rows:
        raise IncentivesError("invalid_transition", {"status": "", "to": action})
    if actor is not None and not any(user_can(actor, t.capability) for t in rows):
        raise TransitionDenied("not_allowed_role")
    return rows


def transition_check(*, run: PayoutRun, action: str, actor, team=None) -> Transition:
    """Raise TransitionDenied (role, scope, four eyes) or IncentivesError (wrong status); `actor=None`
    is the system itself (management commands): only the status is checked."""
    rows = action_check(action=action, actor=actor)
    row = transition_for(status=run.status, action=action)
    if row is None:
        raise IncentivesError("invalid_transition", {"status": run.status, "to": rows[0].target})
    if actor is None:
        return row
    if not user_can(actor, row.capability):
        raise TransitionDenied("not_allowed_role")
    for rule in row.rules:
        code = RULES[rule](run, actor, team)
        if code is not None:
            raise TransitionDenied(code)
    return row


def transition_allowed(*, run: PayoutRun, action: str, actor, team=None) -> bool:
    try:
        transition_check(run=run, action=action, actor=actor, team=team)
    except IncentivesError:
        return False
    return True


def transitions_allowed(*, run: PayoutRun, actor, teams=()) -> dict:
    """{action: bool} for the run page; "approve_team" is the set of team ids this actor may approve
    (of `teams`, the run's teams shown to them, unapproved)."""
    allowed = {
        action: transition_allowed(run=run, action=action, actor=actor)
        for action in ACTIONS
        if action != "approve_team"
    }
    allowed["approve_team"] = {
        rt.team_id
        for rt in teams
        if rt.approved_at is None and transition_allowed(run=run, action="approve_team", actor=actor, team=rt.team)
    }
    return allowed


# ----------------------------------------------------------------------------- adjustments, disputes
def adjustment_decision_check(*, adjustment: Adjustment, actor) -> None:
    """`incentives.adjustment_decide`, for an employee in the actor's scope (the team the employee
    is paid with in that run), not one's own adjustment and not one's own pay."""
    if not user_can(actor, "incentives.adjustment_decide"):
        raise TransitionDenied("not_allowed_role")
    if not scoping.adjustments_in_scope(Adjustment.objects.filter(pk=adjustment.pk), actor).exists():
        raise TransitionDenied("employee_not_in_scope")
    if adjustment.created_by_id == actor.pk:
        raise TransitionDenied("adjustment_own")
    employee = actor.employee_or_none
    if employee is not None and adjustment.employee_id == employee.pk:
        raise TransitionDenied("own_payout")


def adjustment_decision_allowed(*, adjustment: Adjustment, actor) -> bool:
    try:
        adjustment_decision_check(adjustment=adjustment, actor=actor)
    except IncentivesError:
        return False
    return True


def dispute_resolution_check(*, dispute: Dispute, actor) -> None:
    """`incentives.dispute_resolve`, in scope, and never one's own dispute (opened by or about oneself)."""
    if not user_can(actor, "incentives.dispute_resolve"):
        raise TransitionDenied("not_allowed_role")
    if not scoping.disputes_in_scope(Dispute.objects.filter(pk=dispute.pk), actor).exists():
        raise TransitionDenied("employee_not_in_scope")
    employee = actor.employee_or_none
    if dispute.opened_by_id == actor.pk or (employee is not None and dispute.payout.employee_id == employee.pk):
        raise TransitionDenied("dispute_own")


def dispute_resolution_allowed(*, dispute: Dispute, actor) -> bool:
    try:
        dispute_resolution_check(dispute=dispute, actor=actor)
    except IncentivesError:
        return False
    return True

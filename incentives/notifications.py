"""E-mails of the incentives workflow, sent after the transition commits (``tasks``).

    submitted        each manager of the run's teams: the teams waiting for their approval
    teams_approved   HR: the run is ready for final approval
    reject           whoever computed and submitted the run: the comment
    approve_final    whoever computed the run; and every paid agent: the statement is ready
    reopen_stale     the approvers so far (managers of the run's teams; HR once the teams approved) and
                     whoever computed it: the inputs changed, the run is back in draft to be recomputed
    dispute resolved the agent who opened the dispute: the decision and its reason

Each recipient gets the message in their own language; users without an e-mail are skipped.
"""

from __future__ import annotations

from core.mail import send_templated_mail, user_language
from core.models import User
from core.roles import Role

from .models import Dispute, Payout, RunEvent


def _send(users, template: str, context: dict, *, exclude=None) -> int:
    sent = 0
    seen: set[int] = set()
    for user in users:
        if user is None or not user.email or not user.is_active or user.pk in seen or user == exclude:
            continue
        seen.add(user.pk)
        send_templated_mail(
            to=user.email,
            language=user_language(user),
            template=f"incentives/emails/{template}",
            context={**context, "recipient": user},
        )
        sent += 1
    return sent


def notify_run_event(event_id: int) -> int:
    """Send the e-mails a run event calls for; returns how many were sent."""
    event = RunEvent.objects.select_related("run", "run__computed_by", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    run = event.run
    context = {"run": run, "event": event, "period": f"{run.period:%Y-%m}"}
    if event.action == "submit":
        sent = 0
        pending = run.run_teams.filter(approved_at__isnull=True).select_related("team")
        by_manager: dict[User, list] = {}
        for run_team in pending:
            for manager in run_team.team.managers.all():
                by_manager.setdefault(manager, []).append(run_team)
        for manager, teams in sorted(by_manager.items(), key=lambda kv: kv[0].pk):
            sent += _send([manager], "run_submitted", {**context, "run_teams": teams}, exclude=event.actor)
        return sent
    if event.action == "teams_approved":
        return _send(User.objects.filter(role=Role.HR).order_by("pk"), "run_ready_for_final", context)
    if event.action == "reject":
        submitters = [
            e.actor for e in run.events.filter(action="submit").select_related("actor").order_by("-at", "-pk")[:1]
        ]
        return _send([run.computed_by, *submitters], "run_rejected", context, exclude=event.actor)
    if event.action == "reopen_stale":
        managers = User.objects.filter(managed_teams__in=run.run_teams.values("team_id")).order_by("pk")
        approvers = [*managers, run.computed_by]
        if event.from_status != "submitted":
            approvers += list(User.objects.filter(role=Role.HR).order_by("pk"))
        return _send(approvers, "run_reopened", context, exclude=event.actor)
    if event.action == "approve_final":
        sent = _send([run.computed_by], "run_approved", context, exclude=event.actor)
        agents = (
            Payout.objects.filter(run=run, employee__user__isnull=False)
            .select_related("employee__user")
            .order_by("employee__employee_code")
        )
        for payout in agents:
            sent += _send([payout.employee.user], "statement_ready", {**context, "payout": payout})
        return sent
    return 0


def notify_dispute_resolved(dispute_id: int) -> int:
    dispute = Dispute.objects.select_related("payout__run", "opened_by", "resolved_by").filter(pk=dispute_id).first()
    if dispute is None:
        return 0
    run = dispute.payout.run
    context = {"dispute": dispute, "run": run, "period": f"{run.period:%Y-%m}"}
    return _send([dispute.opened_by], "dispute_resolved", context)

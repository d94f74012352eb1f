"""Dashboard cards (a fixed, small number of queries each)."""

from __future__ import annotations

from core.capabilities import user_can
from incentives.selectors import latest_statement_run, runs_awaiting, totals_by_currency


def agent_panel(request) -> dict | None:
    employee = request.user.employee_or_none
    if employee is None:
        return None
    run = latest_statement_run(employee=employee)
    totals = None
    if run is not None:
        totals = totals_by_currency(run.payouts.filter(employee=employee).values_list("currency", "total"))
    return {"card_id": "incentives-agent", "run": run, "totals": totals}


def approvals_panel(request) -> dict | None:
    acting = ("incentives.run_submit", "incentives.run_approve_team", "incentives.run_final_approve")
    if not any(user_can(request.user, capability) for capability in acting):
        return None  # a reader of runs with no step of their own (supervisors)
    runs = list(runs_awaiting(user=request.user).select_related("plan")[:5])
    return {"card_id": "incentives-approvals", "runs": runs}

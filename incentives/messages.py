"""Translatable wording of the incentives error and issue codes."""

from __future__ import annotations

from collections import ChainMap
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.errors import error_text, fill

MESSAGES = {
    # runs and workflow
    "period_locked": _(
        "The period %(period)s is closed (a run was approved or locked): no new run or recompute;"
        " post a prior-period adjustment instead."
    ),
    "period_claimed": _(
        "Run #%(run)s already covers %(plan)s for %(period)s: a person is paid once per plan and month."
        " Recompute that run, or discard it while it is a draft."
    ),
    "paid_twice": _(
        "Run #%(run)s of %(period)s already pays some of these people under the same plan; nobody is paid twice."
    ),
    "run_stale": _(
        "The run is out of date: its inputs changed since it was computed (%(kinds)s; %(count)s people)."
        " Recompute it before it goes on."
    ),
    "run_stale_closed": _(
        "The inputs of this closed run changed after its approval (%(kinds)s; %(count)s people)."
        " Recompute the closed period to post the differences to the next open period, then export."
    ),
    "run_not_draft": _("The run is %(status)s; only a draft can be recomputed."),
    "run_changed_meanwhile": _(
        "The run or its inputs changed while its parts were being calculated; nothing was saved. Compute it again."
    ),
    "run_changed_since_confirmation": _(
        "The run changed after you were shown its figures (it was recomputed, or an adjustment was approved):"
        " check the new figures and confirm again."
    ),
    "run_computing": _("The run is being computed; try again in a moment."),
    "invalid_transition": _("A run in status %(status)s cannot go to %(to)s."),
    "not_allowed_role": _("Your role may not do this."),
    "maker_checker": _("You computed or adjusted this run, so you cannot approve it."),
    "own_payout": _("This run contains your own payout; someone else must approve it."),
    "own_submission": _("You submitted this run, so someone else must approve it."),
    "employee_not_in_scope": _("This employee is not in your teams."),
    "dispute_own": _("This is your own dispute; someone else must resolve it."),
    "team_not_managed": _("You do not manage this team."),
    "team_not_in_run": _("This team has no payouts in the run."),
    "team_already_approved": _("This team is already approved."),
    "comment_required": _("A comment is required."),
    "pending_adjustments": _("Adjustments are waiting for approval."),
    "no_payouts": _("The run has no payouts."),
    "not_exportable": _("Only runs with final approval can be exported."),
    "adjustment_not_pending": _("The adjustment was already decided."),
    "adjustment_own": _("You cannot approve an adjustment you created."),
    "adjustment_zero": _("The amount cannot be zero."),
    "dispute_not_open": _("The dispute is already resolved."),
    "dispute_not_own": _("You can only dispute your own payout."),
    "dispute_reject_with_amount": _(
        "A rejected dispute pays nothing: leave the amount empty, or accept the dispute to pay it."
    ),
    "no_open_run": _("There is no open run for %(period)s."),
    "dispute_unknown_line": _("Choose one of the payout's lines."),
    "export_currency_required": _(
        "This run pays in several currencies (%(currencies)s): export one payroll file per currency."
    ),
    "export_unknown_currency": _("The run pays nothing in %(currency)s."),
    # plans
    "plan_invalid": _("The plan is not valid."),
    "version_published": _("A published version cannot be changed; create a new version."),
    "already_published": _("This version is already published."),
    "publishes_over_published": _(
        "Version %(number)s is already published from %(valid_from)s; a new version must start later."
    ),
    "invalid_period": _("Invalid period %(value)s: use YYYY-MM."),
    # targets
    "targets_bad_header": _(
        "The targets file needs the columns: periodo, codigo, valor and one of empleado, equipo, campana."
    ),
    "targets_unknown_employee": _("Row %(row)s: unknown employee %(value)s."),
    "targets_unknown_team": _("Row %(row)s: unknown team %(value)s."),
    "targets_unknown_campaign": _("Row %(row)s: unknown campaign %(value)s."),
    "targets_bad_value": _("Row %(row)s: %(value)s is not a valid number."),
    "targets_bad_period": _("Row %(row)s: %(value)s is not a period YYYY-MM."),
    "targets_no_owner": _("Row %(row)s: give exactly one of employee, team or campaign."),
    "targets_empty": _("The file has no rows."),
}

ISSUES = {
    "schema_invalid": _("%(path)s: %(message)s"),
    "invalid_json": _("The file is not valid JSON: %(message)s"),
    "plan_no_components": _("The plan needs at least one component."),
    "unknown_currency": _("Unknown currency %(currency)s."),
    "invalid_dates": _("The end date is before the start date."),
    "duplicate_component": _("Component %(component)s appears twice."),
    "duplicate_gate": _("Gate %(gate)s appears twice."),
    "duplicate_measure": _("Measure %(measure)s appears twice."),
    "measure_unknown_raw": _("Measure %(measure)s uses unknown KPI %(kpi)s."),
    "measure_shadows_builtin": _("Measure %(measure)s has the name of a catalogue KPI."),
    "unknown_measure": _("Component %(component)s uses unknown measure %(measure)s."),
    "team_payout_outside_override": _("Only override components can use the team payout."),
    "tiers_empty": _("Component %(component)s has no bands."),
    "tiers_gap_at_start": _("Component %(component)s: the first band must start at 0, not %(lower)s."),
    "tiers_gap": _("Component %(component)s: gap between %(upper)s and %(next_lower)s."),
    "tiers_overlap": _("Component %(component)s: band %(band)s overlaps the next one (%(upper)s > %(next_lower)s)."),
    "tiers_not_open_ended": _("Component %(component)s: the last band must have no upper limit."),
    "tier_empty_band": _("Component %(component)s: band %(lower)s–%(upper)s is empty."),
    "tier_amount_in_marginal": _("Component %(component)s: fixed amounts are only allowed in retroactive tables."),
    "negative_rate": _("Component %(component)s: rates cannot be negative."),
    "negative_amount": _("Amounts cannot be negative (%(field)s)."),
    "invalid_multiplier": _("Component %(component)s: the multiplier cannot be negative."),
    "invalid_factor": _("Modifier %(modifier)s: the factor cannot be negative."),
    "cap_below_floor": _("The cap (%(cap)s) is below the floor (%(floor)s)."),
    "amount_precision": _("%(value)s has more decimals than %(currency)s allows."),
    "gate_unknown_kpi": _("Gate %(gate)s uses unknown KPI %(kpi)s."),
    "gate_unknown_component": _("Gate %(gate)s names unknown component %(component)s."),
    "gate_missing_condition": _("Gate %(gate)s needs a condition."),
    "modifier_unknown_kpi": _("A modifier uses unknown KPI %(kpi)s."),
    "kicker_unknown_kpi": _("A kicker uses unknown KPI %(kpi)s."),
    "invalid_decimal": _("%(value)s is not a number."),
    "invalid_date": _("Invalid date: %(message)s"),
}

GATE_REASONS = {
    "ok": "",
    "not_required": _("not required by the campaign"),
    "condition_not_met": _("%(kpi)s was %(value)s; needs %(op)s %(threshold)s"),
    "no_data": _("no data for %(kpi)s"),
    "not_certified": _("no valid certificate on the last day of the period"),
    "severe_incidents": _("%(count)s severe compliance incident(s)"),
}


RULES = {
    "measure": _("measure"),
    "attainment": _("attainment"),
    "prorate_target": _("prorated target"),
    "missing_target": _("missing target"),
    "no_data": _("no data"),
    "clamp_negative": _("negative value counted as 0"),
    "threshold": _("below the threshold"),
    "tiers_retroactive": _("retroactive tiers"),
    "tiers_marginal": _("marginal tiers"),
    "modifier": _("modifier"),
    "kicker": _("kicker"),
    "proration": _("proration by eligible days"),
    "floor": _("floor"),
    "cap": _("cap"),
    "gate_failed": _("failed gate: pays 0"),
    "round_half_up": _("rounding (half up)"),
    "pool_split_by_hours": _("pool split by hours"),
    "plan_cap": _("plan cap"),
    "plan_floor": _("plan floor"),
}


STALE_KINDS = {
    "kpi": _("KPI facts"),
    "targets": _("targets"),
    "assignments": _("plan assignments"),
    "leave": _("leave"),
    "certificates": _("certificates"),
    "teams": _("teams"),
    "plans": _("plan versions"),
}


def stale_kinds_label(kinds) -> str:
    return ", ".join(str(STALE_KINDS.get(k, k)) for k in kinds)


#: Every code an `IncentivesError` may carry (a plan's issues can be raised too).
ERROR_MESSAGES = ChainMap(MESSAGES, ISSUES)


def error_message(code: str, params: dict[str, Any] | None = None) -> str:
    return error_text(ERROR_MESSAGES, code, params)


def issue_message(issue: dict[str, Any]) -> str:
    template = ISSUES.get(issue["code"])
    return issue["code"] if template is None else fill(template, issue.get("params", {}))


def gate_reason(result: dict[str, Any]) -> str:
    template = GATE_REASONS.get(result["reason"], result["reason"])
    if not template:
        return ""
    return fill(template, result.get("params", {}))


#: a run's history (RunEvent.action) in words
RUN_EVENTS = {
    "submit": _("submitted for approval"),
    "approve_team": _("team approved"),
    "teams_approved": _("all teams approved"),
    "approve_final": _("final approval"),
    "reject": _("rejected"),
    "lock": _("period locked"),
    "export": _("payroll exported"),
    "reopen_stale": _("returned to draft: its inputs changed"),
}


def run_event_label(action: str) -> str:
    return str(RUN_EVENTS.get(action, action.replace("_", " ")))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: the words for the audit actions this app records (core.registry.register_audit_actions)
AUDIT_ACTIONS = {
    "adjustment.create": _("Adjustment requested"),
    "adjustment.approve": _("Adjustment approved"),
    "adjustment.reject": _("Adjustment rejected"),
    "dispute.open": _("Payout disputed"),
    "dispute.accept": _("Dispute accepted"),
    "dispute.reject": _("Dispute rejected"),
    "payout_run.compute": _("Bonus run computed"),
    "payout_run.discard": _("Bonus run discarded"),
    "payout_run.recompute": _("Bonus run recomputed"),
    "payout_run.adjust": _("Bonus run adjusted"),
    "payout_run.submit": _("Bonus run submitted"),
    "payout_run.reopen_stale": _("Stale bonus run reopened"),
    "payout_run.approve_team": _("Team approved in a bonus run"),
    "payout_run.reject": _("Bonus run rejected"),
    "payout_run.approve_final": _("Bonus run finally approved"),
    "payout_run.lock": _("Bonus run locked"),
    "payout_run.export": _("Bonus run exported"),
    "payroll.export": _("Payroll file exported"),
    "payroll_template.save": _("Payroll template saved"),
    "plan_assignment.create": _("Bonus plan assigned"),
    "plan_version.close": _("Plan version closed"),
    "plan_version.create": _("Plan version created"),
    "plan_version.publish": _("Plan version published"),
    "plan_version.update": _("Plan version changed"),
    "targets.import": _("Targets imported"),
}


class IncentivesConfig(AppConfig):
    name = "incentives"
    label = "incentives"
    verbose_name = _("Incentives")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): apps.py loads before the app registry is ready, and most of these import models.
        from core.changes import change_marked
        from core.registry import (
            BadgeKind,
            NavItem,
            Panel,
            register_audit_actions,
            register_badge_kind,
            register_dashboard_panel,
            register_nav_item,
        )
        from kpi.locks import PeriodLock, register_period_lock
        from kpi.targets import register_kpi_targets

        from . import dashboard, selectors
        from .run_inputs import MARKED_MODELS

        # the stale check's cache is keyed on these tables' change markers (on SQLite: triggers, core.changes)
        change_marked(*MARKED_MODELS)

        # a run's status: a draft still needs work, an approved (or later) run is settled
        register_audit_actions(AUDIT_ACTIONS)
        register_badge_kind(
            BadgeKind("run", {"draft": "warn", "approved": "ok", "locked": "ok", "exported": "ok"}, default="info")
        )
        register_nav_item(
            NavItem("incentives-mine", _("My bonus"), "incentives:my_bonus", "incentives.own_bonus", order=35)
        )
        register_nav_item(
            NavItem(
                "incentives-runs",
                _("Bonus runs"),
                "incentives:run_list",
                "incentives.run_read",
                order=36,
            )
        )
        register_nav_item(
            NavItem(
                "incentives-plans",
                _("Bonus plans"),
                "incentives:plan_list",
                "incentives.plan_read",
                order=37,
            )
        )
        register_nav_item(
            NavItem(
                "incentives-leaderboard",
                _("Leaderboard"),
                "incentives:leaderboard",
                "incentives.run_read",
                order=38,
            )
        )
        register_nav_item(
            NavItem(
                "incentives-disputes",
                _("Disputes"),
                "incentives:dispute_list",
                "incentives.dispute_resolve",
                order=39,
            )
        )
        register_dashboard_panel(
            Panel(
                "incentives-agent",
                "incentives/panels/agent.html",
                "incentives.own_bonus",
                dashboard.agent_panel,
                order=40,
                unless="incentives.run_read",
            )
        )
        register_dashboard_panel(
            Panel(
                "incentives-approvals",
                "incentives/panels/approvals.html",
                "incentives.run_read",
                dashboard.approvals_panel,
                order=41,
            )
        )
        register_dashboard_panel(
            Panel(
                "incentives-analyst",
                "incentives/panels/analyst.html",
                "incentives.run_compute",
                dashboard.analyst_panel,
                order=35,
            )
        )
        # A closed bonus period freezes its KPI facts; kpi asks through this hook (it never imports incentives).
        register_period_lock(
            PeriodLock(
                is_locked=lambda day: selectors.kpi_period_locked(day=day), snapshot=selectors.kpi_locked_day_predicate
            )
        )
        # The KPI pages draw each KPI against its goal; the goals are the plans' targets (kpi.targets).
        register_kpi_targets(selectors.kpi_targets_by_month)

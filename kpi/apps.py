from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_catalogue(sender, using="default", **kwargs) -> None:
    """After `migrate` (and a test database flush): the KpiDefinition rows follow kpi.catalogue."""
    # imported here: models cannot be imported while the app registry is being built
    from django.db import connections

    from kpi.models import KpiDefinition
    from kpi.services import kpi_catalogue_sync

    if using != "default" or KpiDefinition._meta.db_table not in connections[using].introspection.table_names():
        return  # a partial `migrate` that has not created the catalogue table yet
    kpi_catalogue_sync()


#: the words for the audit actions this app records (core.registry.register_audit_actions)
AUDIT_ACTIONS = {
    "feed_profile.save": _("Feed profile saved"),
    "kpi.measured_incidents": _("Measured incidents recorded"),
    "kpi_import.duplicate": _("KPI file already loaded"),
    "kpi_import.file_purge": _("Rejected KPI file deleted"),
    "kpi_import.load": _("KPI file loaded"),
    "kpi_import.reject": _("KPI file rejected"),
}


class KpiConfig(AppConfig):
    name = "kpi"
    label = "kpi"
    verbose_name = _("KPIs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sync_catalogue, sender=self, dispatch_uid="kpi-catalogue-sync")
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
        from kpi.models import KpiFact

        from . import dashboard

        change_marked(KpiFact)  # kpi_facts_change_marker (on SQLite: triggers, core.changes)

        register_audit_actions(AUDIT_ACTIONS)
        register_badge_kind(
            BadgeKind(
                "import",
                {"loaded": "ok", "validated": "ok", "rejected": "bad", "failed": "bad", "duplicate": "warn"},
                default="info",
            )
        )

        register_nav_item(NavItem("kpi-mine", _("My KPIs"), "kpi:my_kpis", "kpi.own_read", order=30))
        register_nav_item(
            NavItem(
                "kpi-team",
                _("Team KPIs"),
                "kpi:team_kpis",
                "kpi.team_read",
                order=31,
            )
        )
        register_nav_item(NavItem("kpi-feeds", _("KPI feeds"), "kpi:import_list", "kpi.feed_upload", order=32))
        register_dashboard_panel(
            Panel(
                "kpi-agent",
                "kpi/panels/agent.html",
                "kpi.own_read",
                dashboard.agent_panel,
                order=15,
                unless="kpi.team_read",
            )
        )
        register_dashboard_panel(
            Panel("kpi-team", "kpi/panels/team.html", "kpi.team_read", dashboard.team_panel, order=15)
        )

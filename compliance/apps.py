from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_rulesets(sender, using="default", **kwargs) -> None:
    """After `migrate`: each country without a rule set gets version 1 from the fact sheet."""
    # imported here: models cannot be imported while the app registry is being built
    from django.db import connections

    from compliance.models import RuleSetVersion
    from compliance.services import rulesets_seed_defaults

    if using != "default" or RuleSetVersion._meta.db_table not in connections[using].introspection.table_names():
        return
    rulesets_seed_defaults()


#: the words for the audit actions this app records (core.registry.register_audit_actions)
AUDIT_ACTIONS = {
    "compliance_scan.run": _("Contact rules checked"),
    "contact_import.load": _("Contact log loaded"),
    "contact_import.stale_purge": _("Unprocessed contact log discarded"),
    "ruleset.version_create": _("New version of contact rules"),
    "dial_suspension.start": _("Licence to dial suspended"),
    "dial_suspension.extend": _("Dial suspension extended"),
    "dial_suspension.clear": _("Dial suspension lifted"),
    "dial_suspension.expire": _("Dial suspension ended"),
}


class ComplianceConfig(AppConfig):
    name = "compliance"
    label = "compliance"
    verbose_name = _("Compliance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_seed_rulesets, sender=self, dispatch_uid="compliance-rulesets-seed")
        # Imported in ready(): apps.py loads before the app registry is ready.
        from compliance import dashboard
        from compliance.selectors import assignment_concerns
        from core.capabilities import define
        from core.registry import (
            BadgeKind,
            NavItem,
            Panel,
            register_assignment_check,
            register_audit_actions,
            register_badge_kind,
            register_dashboard_panel,
            register_nav_item,
        )
        from core.roles import Role

        define(
            "compliance.breach_read",
            _("See contact-rule breaches and their evidence within one's scope"),
            {Role.COMPLIANCE, Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.HR},
        )
        define(
            "compliance.contacts_upload",
            _("Upload the dialer's contact-attempt logs and run the compliance check"),
            {Role.COMPLIANCE, Role.ADMIN},
        )
        define(
            "compliance.rules_edit",
            _("Write a new version of a country's contact rules"),
            {Role.COMPLIANCE, Role.ADMIN},
        )
        define("compliance.own_breaches", _("Menu: one's own contact-rule breaches"), {Role.AGENT}, kind="menu")
        register_audit_actions(AUDIT_ACTIONS)
        register_assignment_check("compliance.licence_to_dial", assignment_concerns)
        register_badge_kind(BadgeKind("breach_severity", {"severe": "bad"}, default="warn"))
        register_nav_item(
            NavItem(
                "compliance-breaches", _("Compliance"), "compliance:breach_list", "compliance.breach_read", order=60
            )
        )
        register_nav_item(
            NavItem("compliance-mine", _("My breaches"), "compliance:my_breaches", "compliance.own_breaches", order=61)
        )
        register_dashboard_panel(
            Panel(
                "compliance-officer",
                "compliance/panels/officer.html",
                "compliance.contacts_upload",
                dashboard.officer_panel,
                order=30,
            )
        )

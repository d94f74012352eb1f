from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _install_change_triggers(sender, using="default", **kwargs) -> None:
    """After `migrate` (and a flush) on SQLite: the change tokens' triggers (see core.changes)."""
    # imported here: the app registry is still being built when apps.py loads
    from django.db import connections

    from core.changes import change_triggers_install

    change_triggers_install(connection=connections[using])


#: the words for the audit actions this app records (core.registry.register_audit_actions)
AUDIT_ACTIONS = {
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    "audit.export": _("Audit trail exported"),
    "audit.purge": _("Old audit events purged"),
    "auth.login": _("Signed in"),
    "auth.logout": _("Signed out"),
    "auth.login_failed": _("Failed sign-in"),
    "auth.login_failed_flood": _("Many failed sign-ins"),
    "campaign.assign": _("Assigned to a campaign"),
    "outbox.redeliver": _("Integration message sent again"),
    "webhook_subscription.create": _("Webhook subscription created"),
    "webhook_subscription.update": _("Webhook subscription changed"),
    "webhook_subscription.rotate_secret": _("Webhook secret renewed"),
    "org.employees_upsert": _("Employees synchronised from the HR system"),
    "org.teams_upsert": _("Teams synchronised from the HR system"),
    "org.memberships_upsert": _("Team memberships synchronised from the HR system"),
    "org.campaign_assignments_upsert": _("Campaign assignments synchronised from the HR system"),
    "org.leave_upsert": _("Leave synchronised from the HR system"),
    "mfa.authenticator_added": _("Two-step authenticator added"),
    "mfa.authenticator_removed": _("Two-step authenticator removed"),
    "team.membership_move": _("Moved to another team"),
    "user.groups_change": _("Groups changed"),
    "user.role_set": _("Role given"),
    "user.role_change": _("Role changed"),
}


class CoreConfig(AppConfig):
    default = True  # this module also holds CmsUsersConfig
    name = "core"
    verbose_name = _("Organisation")

    def ready(self):
        # Imported in ready(): apps.py loads before the app registry is ready, and most of these import models.
        from django.db.models import Field, ForeignObject

        post_migrate.connect(_install_change_triggers, sender=self, dispatch_uid="core-change-triggers")

        from core import (
            checks,  # noqa: F401
            dashboard,
            receivers,  # noqa: F401
        )
        from core.lookups import AnyOf
        from core.registry import (
            BadgeKind,
            NavItem,
            Panel,
            register_audit_actions,
            register_badge_kind,
            register_dashboard_panel,
            register_nav_item,
        )

        Field.register_lookup(AnyOf)
        ForeignObject.register_lookup(AnyOf)

        register_audit_actions(AUDIT_ACTIONS)
        register_nav_item(NavItem("home", _("Home"), "home", None, order=0))
        register_nav_item(NavItem("audit", _("Audit trail"), "core:audit_list", "audit.read", order=900))
        register_nav_item(NavItem("users", _("Users and roles"), "core:user_list", "org.user_manage", order=910))
        register_nav_item(
            NavItem("webhooks", _("Webhooks"), "core:webhook_list", "integrations.webhooks_manage", order=920)
        )
        register_badge_kind(BadgeKind("outbox", {"pending": "info", "delivered": "ok", "failed": "bad"}, symbols=True))
        register_nav_item(
            NavItem(
                "team",
                _("My teams"),
                "core:team_list",
                "org.team_read",
                order=50,
            )
        )
        register_dashboard_panel(
            Panel("core-profile", "core/panels/profile.html", None, dashboard.profile_panel, order=0)
        )
        register_dashboard_panel(
            Panel(
                "core-teams",
                "core/panels/teams.html",
                "org.team_read",
                dashboard.teams_panel,
                order=10,
            )
        )
        register_dashboard_panel(
            Panel(
                "core-audit",
                "core/panels/audit.html",
                "audit.read",
                dashboard.audit_panel,
                order=20,
            )
        )


class CmsUsersConfig(WagtailUsersAppConfig):
    """wagtail.users with the portal's user editor (no superuser checkbox: the role decides)."""

    user_viewset = "core.cms_users.UserViewSet"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from core.registry import (
            NavItem,
            Panel,
            Seeder,
            register_dashboard_panel,
            register_demo_seeder,
            register_nav_item,
            roles,
        )
        from core.roles import Role
        from learning import dashboard, demo_seed, receivers  # noqa: F401

        everyone_with_training = roles(Role.AGENT, Role.SUPERVISOR)
        register_nav_item(
            NavItem("learning", _("My learning"), "learning:my_learning", everyone_with_training, order=10)
        )
        register_nav_item(
            NavItem("learning-catalogue", _("Course catalogue"), "learning:catalogue", roles(Role.values), order=11)
        )
        register_nav_item(
            NavItem(
                "learning-status",
                _("Training status"),
                "learning:training_status",
                roles(Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.COMPLIANCE, Role.ADMIN),
                order=12,
            )
        )
        register_nav_item(
            NavItem("learning-rules", _("Assignment rules"), "learning:rule_list", roles(Role.HR, Role.ADMIN), order=13)
        )
        register_dashboard_panel(
            Panel(
                "learning-agent",
                "learning/panels/agent.html",
                roles(Role.AGENT, Role.SUPERVISOR),
                dashboard.agent_panel,
                order=20,
            )
        )
        register_dashboard_panel(
            Panel(
                "learning-team",
                "learning/panels/team.html",
                roles(Role.SUPERVISOR, Role.MANAGER, Role.COMPLIANCE),
                dashboard.team_panel,
                order=21,
            )
        )
        register_dashboard_panel(
            Panel("learning-hr", "learning/panels/hr.html", roles(Role.HR, Role.ADMIN), dashboard.hr_panel, order=21)
        )
        register_demo_seeder(Seeder("learning", demo_seed.seed, order=20))

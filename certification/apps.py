from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    label = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from certification import dashboard
        from certification.demo import seeder as demo_seeder
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

        register_nav_item(
            NavItem(
                "certification", _("My certification"), "certification:my_certification", roles(Role.AGENT), order=20
            )
        )
        register_nav_item(
            NavItem(
                "certification-matrix",
                _("Certification"),
                "certification:hr_matrix",
                roles(Role.HR, Role.SUPERVISOR, Role.MANAGER, Role.COMPLIANCE, Role.ADMIN),
                order=21,
            )
        )
        register_nav_item(
            NavItem(
                "verification", _("Verify a certificate"), "verification:form", roles(Role.HR, Role.ADMIN), order=29
            )
        )
        register_dashboard_panel(
            Panel(
                "certification-agent",
                "certification/panels/agent.html",
                roles(Role.AGENT),
                dashboard.agent_panel,
                order=25,
            )
        )
        register_dashboard_panel(
            Panel(
                "certification-hr",
                "certification/panels/hr.html",
                roles(Role.HR, Role.ADMIN),
                dashboard.hr_panel,
                order=25,
            )
        )
        register_demo_seeder(Seeder("certification", demo_seeder.seed, order=30, depends_on=("learning",)))

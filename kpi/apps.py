from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "kpi"
    label = "kpi"
    verbose_name = _("KPIs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.registry import NavItem, Seeder, register_demo_seeder, register_nav_item

        from . import demo

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
        register_demo_seeder(Seeder("kpi", demo.seed, order=40))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: the words for the audit actions this app records (core.registry.register_audit_actions)
AUDIT_ACTIONS = {
    "assignment.path_assign": _("Learning path assigned"),
    "assignment.remedial_assign": _("Remedial course assigned"),
    "assignment.manual_assign": _("Course assigned by HR"),
    "assignment_rule.create": _("Assignment rule created"),
    "assignment_rule.update": _("Assignment rule changed"),
    "assignment_rule.deactivate": _("Assignment rule turned off"),
    "course.complete": _("Course completed"),
    "course.new_version": _("New version of a course"),
    "scorm_package.import": _("SCORM package imported"),
    "scorm_package.purge": _("Unused SCORM package removed"),
    "training_status.export": _("Training status exported"),
}


class LearningConfig(AppConfig):
    name = "learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self):
        # Imported in ready(): apps.py loads before the app registry is ready, and most of these import models.
        from core.registry import (
            BadgeKind,
            NavItem,
            Panel,
            register_audit_actions,
            register_badge_kind,
            register_dashboard_panel,
            register_nav_item,
        )
        from learning import dashboard, receivers, views_pages  # noqa: F401
        from learning.forms import ScormLessonPageForm
        from learning.models import PAGE_CONTEXT_BUILDERS, ScormLessonPage

        # an assignment's status; the tone is repeated as a symbol (a completion is not told by colour alone)
        register_audit_actions(AUDIT_ACTIONS)
        register_badge_kind(
            BadgeKind(
                "assignment",
                {"completed": "ok", "overdue": "bad", "in_progress": "info", "not_started": ""},
                labels={
                    "completed": _("Completed"),
                    "overdue": _("Overdue"),
                    "in_progress": _("In progress"),
                    "not_started": _("Not started"),
                },
                symbols=True,
            )
        )
        register_nav_item(
            NavItem("learning", _("My learning"), "learning:my_learning", "learning.own_training", order=10)
        )
        register_nav_item(NavItem("learning-catalogue", _("Course catalogue"), "learning:catalogue", None, order=11))
        register_nav_item(
            NavItem(
                "learning-status",
                _("Training status"),
                "learning:training_status",
                "learning.matrix_read",
                order=12,
            )
        )
        register_nav_item(
            NavItem("learning-rules", _("Assignment rules"), "learning:rule_list", "learning.assign", order=13)
        )
        register_dashboard_panel(
            Panel(
                "learning-agent",
                "learning/panels/agent.html",
                "learning.own_training",
                dashboard.agent_panel,
                order=20,
            )
        )
        register_dashboard_panel(
            Panel(
                "learning-team",
                "learning/panels/team.html",
                "learning.matrix_read",
                dashboard.team_panel,
                order=21,
                unless="learning.assign",
            )
        )
        register_dashboard_panel(
            Panel("learning-hr", "learning/panels/hr.html", "learning.assign", dashboard.hr_overdue_panel, order=21)
        )
        PAGE_CONTEXT_BUILDERS.update(
            catalogue=views_pages.catalogue_context,
            course=views_pages.course_context,
            lesson=views_pages.lesson_context,
            scorm_lesson=views_pages.scorm_lesson_context,
        )
        ScormLessonPage.base_form_class = ScormLessonPageForm

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: the words for the audit actions this app records (core.registry.register_audit_actions)
AUDIT_ACTIONS = {
    "attempt.essay_mark": _("Essay marked"),
    "attempt.regrade": _("Attempt regraded"),
    "certificate.issue": _("Certificate issued"),
    "certificate.reissue": _("Certificate reissued"),
    "certificate.revoke": _("Certificate revoked"),
    "question_bank.import": _("Questions imported"),
    "question.create": _("Question created"),
    "question.update": _("Question changed"),
}


class CertificationConfig(AppConfig):
    name = "certification"
    label = "certification"
    verbose_name = _("Certification")

    def ready(self):
        # Imported in ready(): apps.py loads before the app registry is ready, and most of these import models.
        from certification import (
            checks,  # noqa: F401 - registers the signing-key checks
            dashboard,
        )
        from certification.messages import CERTIFICATE_STATUS_LABELS, CERTIFICATE_STATUS_TONES
        from certification.models import Certificate
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

        change_marked(Certificate)  # certificates_change_marker (on SQLite: triggers, core.changes)
        register_audit_actions(AUDIT_ACTIONS)
        register_badge_kind(BadgeKind("certificate", CERTIFICATE_STATUS_TONES, labels=CERTIFICATE_STATUS_LABELS))
        register_nav_item(
            NavItem(
                "certification",
                _("My certification"),
                "certification:my_certification",
                "certification.own_certificates",
                order=20,
            )
        )
        register_nav_item(
            NavItem(
                "certification-matrix",
                _("Certification"),
                "certification:hr_matrix",
                "certification.hr_read",
                order=21,
            )
        )
        register_nav_item(
            NavItem("verification", _("Verify a certificate"), "verification:form", "certification.verify", order=29)
        )
        register_dashboard_panel(
            Panel(
                "certification-agent",
                "certification/panels/agent.html",
                "certification.own_certificates",
                dashboard.agent_panel,
                order=25,
            )
        )
        register_dashboard_panel(
            Panel(
                "certification-hr",
                "certification/panels/hr_expiry.html",
                "certification.certificate_revoke",
                dashboard.hr_expiry_panel,
                order=25,
            )
        )

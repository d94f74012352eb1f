"""Roles of the portal and what each one may see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Manager")
    HR = "hr", _("HR / training")
    EDITOR = "editor", _("Content editor")
    COMPLIANCE = "compliance", _("Compliance officer")
    ANALYST = "analyst", _("Incentives analyst")
    ADMIN = "admin", _("Administrator")


#: Roles that see every employee of the company.
COMPANY_WIDE_ROLES = frozenset({Role.HR, Role.COMPLIANCE, Role.ANALYST, Role.ADMIN})
#: Roles that can open the Wagtail admin.
CMS_ROLES = frozenset({Role.EDITOR, Role.ADMIN})

"""Roles of the portal (what each one may do: core.capabilities)."""

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


# What each role may do is the capability table in core.capabilities; nothing else tests role names.

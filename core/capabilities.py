"""Who may do what: ONE table of named capabilities, each held by a set of roles.

Every page, service, API handler, menu entry, dashboard card and button asks the same question,
`user.can("incentives.run_submit")` (templates: `{% load capabilities %}{% if user|can:"…" %}`),
and nothing else compares role names. An active superuser counts as an administrator: that rule
is written here once (`effective_role`), like Django's `PermissionsMixin.has_perm`.

A capability says whether a role may do a kind of thing at all (page level: 403 when it may not).
Which objects it may do it to is object scope (`core.scoping`, 404), and a workflow adds its own
rules on top (e.g. `incentives.workflow`: not the submitter, team in the actor's scope).

Apps declare their capabilities in this table (core names strings only; it imports no app).
An unknown name raises `UnknownCapability`, so a typo fails loudly instead of denying quietly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.roles import Role


class UnknownCapability(KeyError):
    pass


#: what a capability governs: an action (pages, services, API, buttons refuse it to other roles),
#: object scope (read by core.scoping), or only a menu entry (pages of one's own data, open to
#: anyone linked to an employee, are listed in the menu of the roles that use them).
KINDS = ("action", "scope", "menu")


@dataclass(frozen=True)
class Capability:
    name: str
    description: str | Promise  # a lazy translation
    roles: frozenset[str]
    kind: str = "action"


_TABLE: dict[str, Capability] = {}


def define(name: str, description: str | Promise, roles: Iterable[str], *, kind: str = "action") -> Capability:
    """Add one capability to the table (apps may also call this from `AppConfig.ready()`)."""
    if kind not in KINDS:
        raise ValueError(f"capability {name}: unknown kind {kind!r}")
    roles = frozenset(str(r) for r in roles)
    unknown = roles - set(Role.values)
    if unknown:
        raise ValueError(f"capability {name}: unknown roles {sorted(unknown)}")
    existing = _TABLE.get(name)
    if existing is not None and (existing.roles, existing.kind) != (roles, kind):
        raise ValueError(f"capability {name} is already defined with other roles")
    cap = Capability(name, description, roles, kind)
    _TABLE[name] = cap
    return cap


# ----------------------------------------------------------------------------- the table
# organisation and object scope (core.scoping reads these)
define(
    "org.scope_company",
    _("See every employee of the company"),
    {Role.HR, Role.COMPLIANCE, Role.ANALYST, Role.ADMIN},
    kind="scope",
)
define("org.scope_supervised_teams", _("See the members of the teams one supervises"), {Role.SUPERVISOR}, kind="scope")
define("org.scope_managed_teams", _("See the members of the teams one manages"), {Role.MANAGER}, kind="scope")
define(
    "org.team_read",
    _("Open the teams pages"),
    {Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.ADMIN, Role.COMPLIANCE, Role.ANALYST},
)
define("org.employee_manage", _("Move employees between teams and assign campaigns"), {Role.HR, Role.ADMIN})
define("org.user_manage", _("Change users' roles"), {Role.ADMIN})
define("audit.read", _("Read and export the audit trail"), {Role.COMPLIANCE, Role.ADMIN})
define("api.token_manage", _("Create and revoke API tokens"), {Role.ANALYST, Role.HR, Role.ADMIN})
define(
    "integrations.webhooks_manage",
    _("Manage webhook subscriptions and send their messages again"),
    {Role.ADMIN},
)
define("cms.access", _("Open the content admin (CMS)"), {Role.EDITOR, Role.ADMIN})
# learning
define("learning.own_training", _("Menu: one's own training"), {Role.AGENT, Role.SUPERVISOR}, kind="menu")
define(
    "learning.matrix_read",
    _("See the training status of the people in scope"),
    {Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.COMPLIANCE, Role.ADMIN},
)
define("learning.assign", _("Manage training assignment rules"), {Role.HR, Role.ADMIN})
# certification
define("certification.own_certificates", _("Menu: one's own certificates"), {Role.AGENT}, kind="menu")
define(
    "certification.hr_read",
    _("See the certification matrix, expiring certificates and clearances"),
    {Role.HR, Role.SUPERVISOR, Role.MANAGER, Role.COMPLIANCE, Role.ADMIN},
)
define("certification.certificate_revoke", _("Revoke certificates"), {Role.HR, Role.ADMIN})
define("certification.certificate_reissue", _("Re-issue certificates"), {Role.HR, Role.ADMIN})
define("certification.verify", _("Menu: the public certificate verification page"), {Role.HR, Role.ADMIN}, kind="menu")
define("certification.question_bank_edit", _("Edit question banks, questions and exams"), {Role.EDITOR, Role.ADMIN})
# kpi
define("kpi.own_read", _("Menu: one's own KPIs"), {Role.AGENT}, kind="menu")
define(
    "kpi.team_read",
    _("See the KPIs of the people in scope"),
    {Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.ANALYST, Role.ADMIN, Role.COMPLIANCE},
)
define("kpi.feed_upload", _("Upload KPI feeds (web and API)"), {Role.ANALYST, Role.HR, Role.ADMIN})
# incentives
define("incentives.own_bonus", _("Menu: one's own bonus"), {Role.AGENT, Role.SUPERVISOR}, kind="menu")
define(
    "incentives.run_read",
    _("See bonus runs and the leaderboard within one's scope"),
    {Role.ANALYST, Role.HR, Role.ADMIN, Role.MANAGER, Role.SUPERVISOR},
)
define("incentives.run_compute", _("Compute and recompute draft bonus runs"), {Role.ANALYST, Role.ADMIN})
define("incentives.run_submit", _("Submit a draft bonus run for approval"), {Role.ANALYST, Role.ADMIN})
define(
    "incentives.run_approve_team", _("Approve (or reject) a submitted run for one's teams"), {Role.MANAGER, Role.ADMIN}
)
define("incentives.run_final_approve", _("Give a run its final approval (or reject it)"), {Role.HR, Role.ADMIN})
define("incentives.run_lock", _("Lock an approved run's period"), {Role.HR, Role.ADMIN})
define("incentives.payroll_export", _("Export payroll files and manage their templates"), {Role.HR, Role.ADMIN})
define("incentives.adjustment_create", _("Add adjustments to a draft run"), {Role.ANALYST, Role.HR, Role.ADMIN})
define(
    "incentives.adjustment_decide",
    _("Approve or reject adjustments for employees in scope"),
    {Role.ANALYST, Role.HR, Role.ADMIN, Role.MANAGER},
)
define("incentives.dispute_resolve", _("Resolve other people's disputes"), {Role.ANALYST, Role.HR, Role.ADMIN})
define("incentives.plan_read", _("See bonus plans"), {Role.ANALYST, Role.HR, Role.ADMIN})
define("incentives.plan_edit", _("Draft, import and assign bonus plans"), {Role.ANALYST, Role.ADMIN})
define("incentives.plan_publish", _("Publish a bonus plan version"), {Role.ANALYST, Role.HR, Role.ADMIN})
define("incentives.targets_import", _("Load targets"), {Role.ANALYST, Role.HR, Role.ADMIN})


# ----------------------------------------------------------------------------- questions
def get(name: str) -> Capability:
    try:
        return _TABLE[name]
    except KeyError:
        raise UnknownCapability(name) from None


def all_capabilities() -> list[Capability]:
    return sorted(_TABLE.values(), key=lambda c: c.name)


def effective_role(user) -> str | None:
    """The role whose capabilities the user holds: None when signed out or inactive;
    an active superuser counts as an administrator (the one place that says so)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return None
    return Role.ADMIN if getattr(user, "is_superuser", False) else user.role


def role_is_superuser(role: str | None) -> bool:
    """The other direction: privileges follow the role, so administrators are the Django/Wagtail
    superusers (User.save sets the flag from this)."""
    return role == Role.ADMIN


def role_can(role: str | None, name: str) -> bool:
    return role is not None and role in get(name).roles


def user_can(user, name: str) -> bool:
    return role_can(effective_role(user), name)


def roles_with(name: str) -> frozenset[str]:
    return get(name).roles


def holders_q(name: str):
    """A Q on User for the active users who hold `name` (the same rule as `user_can`)."""
    from django.db.models import Q

    roles = get(name).roles
    holders = Q(is_superuser=False, role__in=roles)
    if Role.ADMIN in roles:
        holders |= Q(is_superuser=True)
    return Q(is_active=True) & holders

"""Writes on the organisation: every one is audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api_tokens import all_scopes, max_lifetime_days, token_generate, token_hash
from core.audit import audit_record
from core.capabilities import role_can, user_can
from core.models import ApiToken, Campaign, CampaignAssignment, Employee, Team, TeamMembership, User
from core.registry import assignment_concerns
from core.roles import Role

#: Wagtail group that gives content editors the CMS (created by Wagtail's migrations).
CMS_GROUP = "Moderators"


def _require_capability(actor: User | None, capability: str) -> None:
    """People need the capability (core.capabilities); `actor=None` is the system (commands, seeders)."""
    if actor is not None and not user_can(actor, capability):
        raise PermissionDenied


def _sync_groups(user: User) -> None:
    group = Group.objects.filter(name=CMS_GROUP).first()
    if group is None:
        return
    if role_can(user.role, "cms.access"):
        user.groups.add(group)
    else:
        user.groups.remove(group)


@transaction.atomic
def user_set_role(*, actor: User | None, user: User, role: str) -> User:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    user.role = role
    user._audit_actor = actor  # the change (role and the flags it implies) is audited on save
    user.save(update_fields=["role"])  # User.save derives is_superuser / is_staff from the role
    _sync_groups(user)
    return user


def _check_no_overlap(qs, start: dt.date, end: dt.date | None, message: str) -> None:
    if qs.overlapping(start, end).exists():
        raise ValidationError(message)


@transaction.atomic
def team_membership_move(*, actor: User | None, employee: Employee, team: Team, start: dt.date) -> TeamMembership:
    """Move an employee to `team` from `start`: the current membership ends the day before."""
    _require_capability(actor, "org.employee_manage")
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    current = employee.memberships.filter(end__isnull=True).first()
    if current is not None:
        if current.team_id == team.pk:
            return current
        if start <= current.start:
            raise ValidationError(_("The new membership must start after the current one."))
        current.end = start - dt.timedelta(days=1)
        current.save(update_fields=["end"])
    _check_no_overlap(
        employee.memberships.all(), start, None, _("The employee already belongs to a team on those dates.")
    )
    membership = TeamMembership.objects.create(employee=employee, team=team, start=start)
    audit_record(
        action="team.membership_move",
        actor=actor,
        target=employee,
        before={"team": current.team.code if current else None},
        after={"team": team.code, "start": start},
    )
    return membership


@transaction.atomic
def campaign_assign(
    *, actor: User | None, employee: Employee, campaign: Campaign, start: dt.date, end: dt.date | None = None
) -> CampaignAssignment:
    """Link ``employee`` to ``campaign`` from ``start``. The checks registered in core.registry run first:
    a refusing concern (e.g. not cleared to dial, when the setting refuses) raises a ValidationError
    with its words and nothing is stored; warnings are audited with the assignment and returned on
    ``assignment.concerns``."""
    _require_capability(actor, "org.employee_manage")
    if end is not None and end < start:
        raise ValidationError(_("The end date cannot be before the start date."))
    _check_no_overlap(
        employee.campaign_assignments.filter(campaign=campaign),
        start,
        end,
        _("The employee already works this campaign on those dates."),
    )
    # what higher apps know (compliance: the licence to dial), registered in core.registry
    concerns = assignment_concerns(employee=employee, campaign=campaign, start=start, end=end)
    refused = [c for c in concerns if c.refuse]
    if refused:
        raise ValidationError([ValidationError(c.message, code=c.code) for c in refused])
    assignment = CampaignAssignment.objects.create(employee=employee, campaign=campaign, start=start, end=end)
    after = {"campaign": campaign.code, "start": start, "end": end}
    if concerns:
        after["warnings"] = [{"code": c.code, "message": str(c.message)} for c in concerns]
    audit_record(action="campaign.assign", actor=actor, target=employee, after=after)
    assignment.concerns = concerns  # warnings the caller shows (the assignment was made)
    return assignment


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, scopes: list[str], expires_at: dt.datetime, mfa_satisfied: bool
) -> tuple[ApiToken, str]:
    """Create a scoped, expiring token; returns it and its plaintext, shown once (only its SHA-256 is
    stored). `mfa_satisfied`: the caller's session passed MFA, where the user must use or has MFA
    (core.mfa.session_mfa_satisfied); without it nothing is created."""
    if not mfa_satisfied:
        raise PermissionDenied(_("Creating an API token needs a session that passed the second factor."))
    now = timezone.now()
    unknown = sorted(set(scopes) - all_scopes())
    if not scopes or unknown:
        raise ValidationError({"scopes": _("Choose at least one known scope.")})
    if expires_at <= now or expires_at > now + dt.timedelta(days=max_lifetime_days()):
        raise ValidationError(
            {"expires_at": _("A token expires within %(days)s days.") % {"days": max_lifetime_days()}}
        )
    plaintext = token_generate()
    token = ApiToken.objects.create(
        owner=actor,
        name=name,
        prefix=plaintext[:12],
        key_hash=token_hash(plaintext),
        scopes=sorted(set(scopes)),
        created_at=now,
        expires_at=expires_at,
    )
    audit_record(
        action="api_token.create",
        actor=actor,
        target=token,
        after={"scopes": token.scopes, "expires_at": expires_at, "prefix": token.prefix},
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="api_token.revoke", actor=actor, target=token)
    return token

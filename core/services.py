"""Writes on the organisation: every one is audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import APIToken

from core.audit import audit_record
from core.capabilities import role_can, user_can
from core.models import Campaign, CampaignAssignment, Employee, Team, TeamMembership, User
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
    before = user.role
    user.role = role
    user.is_superuser = role == Role.ADMIN
    user.is_staff = role_can(role, "cms.access")
    user.save(update_fields=["role", "is_superuser", "is_staff"])
    _sync_groups(user)
    if before != role:
        audit_record(action="user.role_change", actor=actor, target=user, before={"role": before}, after={"role": role})
    return user


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    email: str,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    language: str = "es",
) -> User:
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, language=language)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.role = role
    user.is_superuser = role == Role.ADMIN
    user.is_staff = role_can(role, "cms.access")
    user.save()
    _sync_groups(user)
    audit_record(action="user.create", actor=actor, target=user, after={"role": role, "email": email})
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
    _require_capability(actor, "org.employee_manage")
    if end is not None and end < start:
        raise ValidationError(_("The end date cannot be before the start date."))
    _check_no_overlap(
        employee.campaign_assignments.filter(campaign=campaign),
        start,
        end,
        _("The employee already works this campaign on those dates."),
    )
    assignment = CampaignAssignment.objects.create(employee=employee, campaign=campaign, start=start, end=end)
    audit_record(
        action="campaign.assign",
        actor=actor,
        target=employee,
        after={"campaign": campaign.code, "start": start, "end": end},
    )
    return assignment


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[APIToken, str]:
    """Returns the token and its plaintext, shown once (Wagtail stores only a digest)."""
    token, plaintext = APIToken.create_token(user=actor, name=name)
    audit_record(action="api_token.create", actor=actor, target=token)
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, actor: User, token: APIToken) -> None:
    token.revoke()
    audit_record(action="api_token.revoke", actor=actor, target=token)

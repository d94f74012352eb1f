"""Audit of sign-in events and of every change to what a user may do (connected in CoreConfig.ready).
Recording, not business flow: role, superuser/staff flags, groups and MFA enrolment, whichever screen,
command or shell made the change."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from core.audit import audit_record, audit_signin_failure
from core.models import User
from core.request_context import current_request


@receiver(user_logged_in, dispatch_uid="core_audit_login")
def _audit_login(sender, request, user, **kwargs):
    audit_record(action="auth.login", actor=user, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="core_audit_logout")
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="auth.logout", actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="core_audit_login_failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    login = str(credentials.get("username") or credentials.get("email") or "")
    audit_signin_failure(login=login, request=request)


@receiver(pre_save, sender=User, dispatch_uid="core_user_privileges_before")
def _remember_privileges(sender, instance: User, raw=False, **kwargs):
    """Objects not loaded from the database (forms building a fresh instance) read the stored flags."""
    if raw or instance.pk is None or getattr(instance, "_saved_privileges", None) is not None:
        return
    stored = User.objects.filter(pk=instance.pk).values("role", "is_superuser", "is_staff").first()
    instance._saved_privileges = stored


@receiver(post_save, sender=User, dispatch_uid="core_audit_user_privileges")
def _audit_privileges(sender, instance: User, created: bool, raw=False, **kwargs):
    if raw:
        return
    before = None if created else getattr(instance, "_saved_privileges", None)
    after = instance.privileges()
    if before != after:
        audit_record(
            action="user.role_set" if created else "user.role_change",
            actor=getattr(instance, "_audit_actor", None),
            target=instance,
            summary=f"role {before['role'] if before else '—'} → {after['role']}",
            before=before,
            after=after,
        )
    instance._saved_privileges = after


def _group_names(pk_set) -> list[str]:
    return sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="core_audit_user_groups")
def _audit_groups(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        instance._cleared_groups = (
            [(instance, list(instance.groups.values_list("pk", flat=True)))]
            if not reverse
            else [(user, [instance.pk]) for user in instance.user_set.all()]
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        changes = getattr(instance, "_cleared_groups", [])
        verb = "removed"
    else:
        verb = "added" if action == "post_add" else "removed"
        changes = (
            [(instance, list(pk_set or ()))]
            if not reverse
            else [(user, [instance.pk]) for user in User.objects.filter(pk__in=pk_set or ())]
        )
    for user, group_ids in changes:
        if not group_ids:
            continue
        names = _group_names(group_ids)
        audit_record(
            action="user.groups_change",
            target=user,
            summary=f"groups {verb}: {', '.join(names)}",
            after={verb: names},
        )


@receiver(post_save, sender=Authenticator, dispatch_uid="core_audit_mfa_added")
def _audit_authenticator_added(sender, instance: Authenticator, created: bool, raw=False, **kwargs):
    if created and not raw:
        audit_record(
            action="mfa.authenticator_added",
            target=instance.user,
            summary=f"{instance.type} enrolled",
            after={"type": instance.type, "authenticator_id": instance.pk},
        )
        _enrolment_passes_the_second_factor(instance)


def _enrolment_passes_the_second_factor(authenticator: Authenticator) -> None:
    """Typing a valid code to activate TOTP proves the second factor for this session, so the person is
    not sent to the code page again right after enrolling."""
    from allauth.account.internal.flows.login import record_authentication

    request = current_request()
    user = getattr(request, "user", None)
    if authenticator.type == Authenticator.Type.TOTP and user is not None and user.pk == authenticator.user_id:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True)


@receiver(post_delete, sender=Authenticator, dispatch_uid="core_audit_mfa_removed")
def _audit_authenticator_removed(sender, instance: Authenticator, **kwargs):
    audit_record(
        action="mfa.authenticator_removed",
        object_type="core.user",
        object_id=str(instance.user_id),
        object_repr=str(User.objects.filter(pk=instance.user_id).values_list("username", flat=True).first() or ""),
        summary=f"{instance.type} removed",
        before={"type": instance.type, "authenticator_id": instance.pk},
    )

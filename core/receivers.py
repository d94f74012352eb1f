"""Audit of sign-in events (connected in CoreConfig.ready). Recording, not business flow."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.audit import audit_record


@receiver(user_logged_in, dispatch_uid="core_audit_login")
def _audit_login(sender, request, user, **kwargs):
    audit_record(action="auth.login", actor=user, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="core_audit_logout")
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="auth.logout", actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="core_audit_login_failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    login = str(credentials.get("username") or credentials.get("email") or "")[:150]
    audit_record(
        action="auth.login_failed",
        request=request,
        object_type="core.user",
        object_repr=login,
        summary="failed sign-in",
    )

"""Who must use a second factor, and whether this session passed it (allauth keeps the record)."""

from __future__ import annotations

from django.conf import settings


def user_must_use_mfa(user) -> bool:
    """With REQUIRE_MFA on (production), every role in ACREDITA_MFA_ROLES signs in with a second factor."""
    if not (settings.ACREDITA_REQUIRE_MFA and user.is_authenticated):
        return False
    return user.is_superuser or user.role in settings.ACREDITA_MFA_ROLES


def user_has_mfa(user) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return user.is_authenticated and is_mfa_enabled(user)


def user_needs_mfa_enrolment(user) -> bool:
    return user_must_use_mfa(user) and not user_has_mfa(user)


def session_passed_mfa(request) -> bool:
    """True when THIS session's sign-in (or a later reauthentication) included the second factor, as
    allauth records it in the session; an authenticator merely existing is not enough."""
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def session_mfa_satisfied(request) -> bool:
    """What sensitive actions (creating an API token) ask: MFA passed in this session whenever the
    user must use MFA or has enrolled in it."""
    user = request.user
    if session_passed_mfa(request):
        return True
    return not (user_must_use_mfa(user) or user_has_mfa(user))

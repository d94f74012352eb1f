"""TOTP helpers for tests: enrol a user, compute the current code, mark a test client's session as
having passed the second factor (what allauth's MFA stage records)."""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value


def enrol_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


#: a code asked for this close to the end of its 30-second period waits for the next one: on a loaded
#: machine the request that checks it may arrive after the period turned (allauth's tolerance is 0)
PERIOD_MARGIN_SECONDS = 5


def totp_code(secret: str, *, offset: int = 0) -> str:
    left = 30 - time.time() % 30
    if left < PERIOD_MARGIN_SECONDS:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def pass_mfa(client, user):
    """`client`, signed in as `user`, whose session passed the second factor."""
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "username": user.username},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client

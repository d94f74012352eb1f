"""One way in (allauth: rate limits and MFA stage), MFA per role, API tokens that need MFA, bounded
failed-sign-in audit, audited privileges that follow the role, and a keyed audit chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, override_settings
from django.utils import timezone

from core.audit import audit_record, audit_verify, event_content
from core.models import ApiToken, AuditChainHead, AuditEvent, User
from core.roles import Role
from core.services import api_token_create
from tests.mfa import enrol_totp, pass_mfa, totp_code

pytestmark = pytest.mark.django_db


# --- one way in -----------------------------------------------------------------------------------


def test_the_cms_login_page_hands_over_to_allauth(world, client):
    response = client.get("/cms/login/?next=/cms/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/cuenta/login/?next=%2Fcms%2Fpages%2F"


def test_a_password_posted_to_the_cms_login_does_not_sign_in(world, client):
    enrol_totp(world.editor)

    client.post("/cms/login/", {"username": "editor", "password": "pass"})

    assert "_auth_user_id" not in client.session
    assert client.get("/cms/").status_code == 302


def test_the_cms_login_refuses_an_offsite_next(world, client):
    response = client.get("/cms/login/?next=https://evil.example/phish")

    assert response["Location"] == "/cuenta/login/?next=%2Fcms%2F"


def test_the_cms_sends_anonymous_visitors_to_allauth(client):
    response = client.get("/cms/")

    assert response.status_code == 302 and response["Location"].startswith("/cuenta/login/")


def test_the_cms_password_reset_hands_over_to_allauth(client):
    assert client.get("/cms/password_reset/")["Location"] == "/cuenta/password/reset/"
    assert client.get("/cms/password_reset/confirm/abc/def/")["Location"] == "/cuenta/password/reset/"


def test_a_totp_user_signing_in_for_the_cms_is_asked_for_the_code(world, client):
    secret = enrol_totp(world.admin)

    response = client.post("/cuenta/login/?next=/cms/", {"login": "admin", "password": "pass"})

    assert response.status_code == 302 and response["Location"].startswith("/cuenta/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    response = client.post("/cuenta/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/cms/"
    assert client.get("/cms/").status_code == 200


def test_a_session_that_skipped_the_second_factor_is_sent_to_it(world, client):
    """An authenticator existing is not enough: this session must have passed it."""
    enrol_totp(world.admin)
    client.force_login(world.admin)  # a sign-in that did not go through allauth's MFA stage

    for path in ("/cms/", "/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/cuenta/2fa/reauthenticate/?next={path.replace('/', '%2F')}"


def test_the_code_on_the_reauthentication_page_lets_the_session_through(world, client):
    secret = enrol_totp(world.admin)
    client.force_login(world.admin)

    response = client.post("/cuenta/2fa/reauthenticate/?next=/cms/", {"code": totp_code(secret)})

    assert response.status_code == 302 and response["Location"] == "/cms/"
    assert client.get("/cms/").status_code == 200


def test_enrolling_in_totp_counts_as_passing_it_for_this_session(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.agent)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": timezone.now().timestamp(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(world.agent.pk)
    session.save()
    page = client.get("/cuenta/2fa/totp/activate/")
    secret = page.context["form"].secret

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cuenta/2fa/totp/activate/", {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.agent, type=Authenticator.Type.TOTP).exists()
    assert client.get("/").status_code == 200


# --- MFA per role ---------------------------------------------------------------------------------

PEOPLE_DATA_ROLES = [Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.EDITOR, Role.COMPLIANCE, Role.ANALYST, Role.ADMIN]


@override_settings(ACREDITA_REQUIRE_MFA=True)
@pytest.mark.parametrize("role", PEOPLE_DATA_ROLES)
def test_every_role_that_sees_other_peoples_data_must_enrol(world, client_for, role):
    response = client_for(world.user(role)).get("/")

    assert response.status_code == 302 and response["Location"] == "/cuenta/2fa/totp/activate/"


@override_settings(ACREDITA_REQUIRE_MFA=True)
def test_agents_are_not_forced_to_enrol(world, client_for):
    assert client_for(world.agent).get("/").status_code == 200


# --- API tokens -----------------------------------------------------------------------------------


def _create(user, *, mfa_satisfied=True, scopes=("kpi:read",), days=30):
    return api_token_create(
        actor=user,
        name="dialer",
        scopes=list(scopes),
        expires_at=timezone.now() + dt.timedelta(days=days),
        mfa_satisfied=mfa_satisfied,
    )


def test_a_token_is_not_created_without_the_second_factor(world):
    with pytest.raises(PermissionDenied):
        _create(world.analyst, mfa_satisfied=False)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("scopes", "days"), [((), 30), (("kpi:admin",), 30), (("nomina:read",), 30), (("kpi:read",), 400)]
)
def test_a_token_needs_known_scopes_and_a_bounded_lifetime(world, scopes, days):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _create(world.analyst, scopes=scopes, days=days)
    assert not ApiToken.objects.exists()


def test_a_token_is_stored_hashed_and_shown_once(world):
    token, plaintext = _create(world.analyst)

    assert token.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert plaintext.startswith(token.prefix)


def test_the_tokens_page_asks_an_enrolled_user_for_the_code_first(world, client):
    enrol_totp(world.analyst)
    client.force_login(world.analyst)  # a session that did not pass the second factor

    response = client.post("/organizacion/tokens/", {"name": "x", "scopes": ["kpi:write"], "lifetime_days": 30})

    assert response.status_code == 302 and response["Location"].startswith("/cuenta/2fa/reauthenticate/")
    assert not ApiToken.objects.exists()


def test_an_agent_with_mfa_passes_it_before_creating_a_token(world, client, rf):
    """`session_mfa_satisfied` asks for MFA whenever the user has it, whatever the role."""
    from django.contrib.sessions.backends.cache import SessionStore

    from core.mfa import session_mfa_satisfied

    enrol_totp(world.agent)
    request = rf.get("/")
    request.user, request.session = world.agent, SessionStore()
    assert not session_mfa_satisfied(request)
    request.user = world.teammate
    assert session_mfa_satisfied(request)


def test_the_tokens_page_creates_a_scoped_expiring_token_and_lists_its_use(world, client):
    enrol_totp(world.analyst)
    pass_mfa(client, world.analyst)

    response = client.post("/organizacion/tokens/", {"name": "marcador", "scopes": ["kpi:write"], "lifetime_days": 90})

    token = ApiToken.objects.get()
    body = response.content.decode()
    assert token.scopes == ["kpi:write"] and token.owner == world.analyst
    assert (token.expires_at - timezone.now()).days in (89, 90)
    assert token.prefix in body and "kpi:write" in body
    plaintext = response.context["new_key"]
    assert plaintext in body
    assert plaintext not in client.get("/organizacion/tokens/").content.decode()  # shown once
    client.post("/api/v1/kpi-feeds", {}, HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    token.refresh_from_db()
    assert token.last_used_at is not None
    response = client.post(f"/organizacion/tokens/{token.pk}/revocar/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke").exists()


# --- failed sign-ins ------------------------------------------------------------------------------


def _fail(login: str, ip: str = "10.0.0.1"):
    request = RequestFactory().post("/cuenta/login/", REMOTE_ADDR=ip)
    assert authenticate(request, username=login, password="wrong") is None


#: the start of a counting window (failures are counted per window of AUDIT_SIGNIN_FAILURE_WINDOW_SECONDS,
#: aligned to the epoch): the clock is held there, so a slow machine cannot cross into the next window mid-test
WINDOW_START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@time_machine.travel(WINDOW_START, tick=False)
def test_a_thousand_failed_sign_ins_make_a_handful_of_audit_rows(world):
    before = AuditEvent.objects.count()

    for _ in range(1000):
        _fail("agent")

    rows = AuditEvent.objects.filter(action="auth.login_failed").order_by("pk")
    assert AuditEvent.objects.count() - before == 4
    assert [e.after["count"] for e in rows] == [1, 10, 100, 1000]
    assert audit_verify().ok


@time_machine.travel(WINDOW_START, tick=False)
@override_settings(AUDIT_SIGNIN_FAILURE_PAIRS_PER_WINDOW=20)
def test_a_thousand_different_login_names_are_bounded_too(world):
    for n in range(1000):
        _fail(f"=HYPERLINK(x{n})", ip=f"10.0.{n % 7}.{n % 200}")

    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 20
    assert AuditEvent.objects.filter(action="auth.login_failed_flood").count() == 1


def test_the_allauth_login_form_still_audits_a_failure(world, client):
    client.post("/cuenta/login/", {"login": "agent", "password": "wrong"})

    assert AuditEvent.objects.filter(action="auth.login_failed", object_repr="agent").count() == 1


# --- privileges follow the role, every change audited ---------------------------------------------


def _wagtail_edit(client, user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "role": user.role,
        "groups": [],
        **changes,
    }
    return client.post(f"/cms/users/edit/{user.pk}/", data)


def test_the_wagtail_user_editor_cannot_grant_superuser_beside_the_role(world, client_for):
    client = client_for(world.admin)

    response = _wagtail_edit(client, world.supervisor, is_superuser="on")

    assert response.status_code == 302
    world.supervisor.refresh_from_db()
    assert not world.supervisor.is_superuser and world.supervisor.role == Role.SUPERVISOR
    assert "is_superuser" not in client.get(f"/cms/users/edit/{world.supervisor.pk}/").context["form"].fields


def test_making_someone_admin_in_the_wagtail_editor_is_an_audited_role_change(world, client_for):
    response = _wagtail_edit(client_for(world.admin), world.supervisor, role=Role.ADMIN)

    assert response.status_code == 302
    world.supervisor.refresh_from_db()
    assert world.supervisor.is_superuser and world.supervisor.role == Role.ADMIN
    event = AuditEvent.objects.filter(action="user.role_change", object_id=str(world.supervisor.pk)).get()
    assert event.actor == world.admin
    assert event.before["is_superuser"] is False and event.after == {
        "role": "admin",
        "is_superuser": True,
        "is_staff": True,
    }


def test_the_superuser_flag_follows_the_role_whatever_sets_it(world):
    world.supervisor.is_superuser = True
    world.supervisor.save()

    world.supervisor.refresh_from_db()
    assert not world.supervisor.is_superuser
    admin = User.objects.create_superuser("root", "root@example.com", "x")
    assert admin.role == Role.ADMIN and admin.is_superuser


def test_group_changes_are_audited(world):
    group = Group.objects.create(name="Revisores")

    world.agent.groups.add(group)
    world.agent.groups.remove(group)
    group.user_set.add(world.teammate)
    world.teammate.groups.clear()

    events = AuditEvent.objects.filter(action="user.groups_change").order_by("pk")
    assert [(e.object_id, e.after) for e in events] == [
        (str(world.agent.pk), {"added": ["Revisores"]}),
        (str(world.agent.pk), {"removed": ["Revisores"]}),
        (str(world.teammate.pk), {"added": ["Revisores"]}),
        (str(world.teammate.pk), {"removed": ["Revisores"]}),
    ]


def test_mfa_enrolment_and_removal_are_audited(world):
    enrol_totp(world.hr)
    Authenticator.objects.filter(user=world.hr).delete()

    actions = list(AuditEvent.objects.filter(object_id=str(world.hr.pk)).values_list("action", flat=True))
    assert "mfa.authenticator_added" in actions and "mfa.authenticator_removed" in actions
    assert audit_verify().ok


# --- the audit chain is keyed ----------------------------------------------------------------------


def _unkeyed(prev_hash: str, event: AuditEvent) -> str:
    canonical = json.dumps(event_content(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def test_a_rewrite_with_recomputed_unkeyed_hashes_is_detected(world):
    for n in range(3):
        audit_record(action="test.event", actor=world.hr, after={"n": n})
    events = list(AuditEvent.objects.order_by("pk"))
    # someone with database write access edits the second-last event and recomputes every hash after it
    AuditEvent.objects.filter(pk=events[-2].pk).update(after={"n": 999})
    prev = events[-3].hash
    for event in AuditEvent.objects.filter(pk__gte=events[-2].pk).order_by("pk"):
        new_hash = _unkeyed(prev, event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=new_hash)
        prev = new_hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)

    report = audit_verify()

    assert not report.ok and report.broken_event_id == events[-2].pk


def test_the_chain_verifies_only_with_its_key(world):
    audit_record(action="test.event", actor=world.hr)
    assert audit_verify().ok

    with override_settings(AUDIT_HMAC_KEY="another-key-another-key-another-key"):
        assert not audit_verify().ok


def _rewrite_unkeyed():
    """The chain as the previous release wrote it (plain SHA-256)."""
    prev = AuditChainHead.objects.get(pk=1).checkpoint_hash
    for event in AuditEvent.objects.order_by("pk"):
        new_hash = _unkeyed(prev, event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=new_hash)
        prev = new_hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)


def _migration():
    return importlib.import_module("core.migrations.0004_audit_chain_keyed")


def test_the_migration_rekeys_an_intact_unkeyed_chain(world):
    from django.apps import apps

    for n in range(3):
        audit_record(action="test.event", actor=world.hr, after={"n": n})
    _rewrite_unkeyed()
    assert not audit_verify().ok

    _migration().rekey(apps)

    assert audit_verify().ok


def test_the_migration_refuses_to_rekey_a_tampered_chain(world):
    from django.apps import apps
    from django.db import transaction

    for n in range(3):
        audit_record(action="test.event", actor=world.hr, after={"n": n})
    _rewrite_unkeyed()
    tampered = AuditEvent.objects.order_by("pk").last()
    AuditEvent.objects.filter(pk=tampered.pk).update(after={"n": 999})
    hashes = list(AuditEvent.objects.order_by("pk").values_list("hash", flat=True))

    with pytest.raises(RuntimeError, match=f"#{tampered.pk}"), transaction.atomic():
        _migration().rekey(apps)  # a migration runs in one transaction: nothing is re-keyed
    assert list(AuditEvent.objects.order_by("pk").values_list("hash", flat=True)) == hashes


def test_production_requires_the_audit_key():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "AUDIT_HMAC_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "k" * 60})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "AUDIT_HMAC_KEY" in result.stderr

import pytest
from django.core.cache import cache
from django.test import override_settings

from core.models import DemoMarker

pytestmark = pytest.mark.django_db

ROLES = ["agent", "supervisor", "manager", "hr", "editor", "compliance", "analyst", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_a_spanish_home(world, client_for, role):
    response = client_for(world.user(role)).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="es">' in body
    assert "Hola" in body


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/login/")


def test_english_is_available(world, client_for):
    client = client_for(world.agent)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body and "Hello" in body


def test_the_menu_depends_on_the_role(world, client_for):
    agent_body = client_for(world.agent).get("/").content.decode()
    assert "/organizacion/auditoria/" not in agent_body
    compliance_body = client_for(world.compliance).get("/").content.decode()
    assert "/organizacion/auditoria/" in compliance_body


def test_a_role_on_another_roles_page_gets_the_designed_403(world, client_for):
    response = client_for(world.agent).get("/organizacion/equipos/")
    assert response.status_code == 403
    assert "No tiene acceso a esta página" in response.content.decode()


def test_unknown_pages_get_the_designed_404(world, client_for):
    response = client_for(world.agent).get("/no-existe/")
    assert response.status_code == 404
    assert "No encontramos esta página" in response.content.decode()


def test_server_errors_get_the_designed_500(rf):
    from core.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Algo salió mal" in response.content.decode()


def test_supervisor_sees_only_their_teams(world, client_for):
    client = client_for(world.supervisor)
    assert client.get(f"/organizacion/equipos/{world.team_a.code}/").status_code == 200
    assert client.get(f"/organizacion/equipos/{world.team_b.code}/").status_code == 404


@override_settings(ACREDITA_REQUIRE_MFA=False)
def test_the_demo_banner_shows_with_the_demo_data_and_says_mfa_is_not_enforced(world, client_for):
    assert "Modo demostración" not in client_for(world.hr).get("/").content.decode()
    DemoMarker.objects.create()
    cache.clear()
    body = client_for(world.hr).get("/").content.decode()
    assert "Modo demostración" in body and "dos pasos no es obligatoria" in body


@override_settings(ACREDITA_REQUIRE_MFA=True)
def test_privileged_roles_must_enrol_in_mfa_when_enforced(world, client_for):
    response = client_for(world.manager).get("/")
    assert response.status_code == 302 and "/cuenta/2fa/" in response["Location"]
    assert client_for(world.agent).get("/").status_code == 200


@override_settings(ACREDITA_REQUIRE_MFA=True)
def test_enrolled_privileged_users_pass_once_this_session_passed_the_code(world, client):
    from tests.mfa import enrol_totp, pass_mfa

    enrol_totp(world.hr)
    assert pass_mfa(client, world.hr).get("/").status_code == 200


def test_signing_in_by_email_or_username(world, client):
    assert client.post("/cuenta/login/", {"login": "agent@example.com", "password": "pass"}).status_code == 302
    client.logout()
    assert client.post("/cuenta/login/", {"login": "agent", "password": "pass"}).status_code == 302


def test_wrong_credentials_are_refused_with_a_message(world, client):
    response = client.post("/cuenta/login/", {"login": "agent", "password": "nope"})
    assert response.status_code == 200
    assert "no son correctos" in response.content.decode()


def test_repeated_failures_lock_the_login_out(world, client):
    from django.core.cache import cache

    cache.clear()
    for _ in range(5):
        client.post("/cuenta/login/", {"login": "agent", "password": "nope"})
    response = client.post("/cuenta/login/", {"login": "agent", "password": "pass"})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_there_is_no_self_signup(db, client):
    from core.models import User

    client.post(
        "/cuenta/signup/",
        {"username": "x", "email": "x@example.com", "password1": "Xx12345678!!", "password2": "Xx12345678!!"},
    )
    assert not User.objects.filter(username="x").exists()
    assert "/cuenta/signup/" not in client.get("/cuenta/login/").content.decode()


def test_spanish_is_the_default_even_for_english_browsers(world, client_for):
    body = client_for(world.agent).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="es">' in body


def test_the_language_choice_is_remembered_on_the_profile(world, client_for):
    client = client_for(world.agent)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    world.agent.refresh_from_db()
    assert world.agent.language == "en"
    client.cookies.clear()
    client.force_login(world.agent)
    assert '<html lang="en">' in client.get("/").content.decode()

import os
import subprocess
import sys

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_password_reset_sends_a_link(world, client):
    response = client.post("/cuenta/password/reset/", {"email": "agent@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/cuenta/password/reset/key/" in mail.outbox[0].body


def test_oidc_single_sign_on_is_configured_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "OIDC_CLIENT_ID": "acredita",
        "OIDC_CLIENT_SECRET": "s3cret",
        "OIDC_SERVER_URL": "https://login.example.com/realms/acredita",
        "OIDC_PROVIDER_NAME": "SSO Recupera",
    }
    code = (
        "from django.conf import settings; app = settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]; "
        "print(app['client_id'], app['settings']['server_url'], app['name'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["acredita", "https://login.example.com/realms/acredita", "SSO", "Recupera"]


def test_without_oidc_variables_no_provider_is_offered(client):
    from django.conf import settings

    assert "openid_connect" not in settings.SOCIALACCOUNT_PROVIDERS
    assert "Or sign in with" not in client.get("/cuenta/login/").content.decode()


def test_a_deactivated_user_cannot_sign_in(world, client):
    world.agent.is_active = False
    world.agent.save()
    response = client.post("/cuenta/login/", {"login": "agent", "password": "pass"}, follow=True)
    assert "_auth_user_id" not in client.session
    assert response.redirect_chain[-1][0] == "/cuenta/inactive/"
    assert "desactivada" in response.content.decode().lower()


def test_mfa_pages_use_the_portal_layout(world, client_for):
    body = client_for(world.hr).get("/cuenta/2fa/").content.decode()
    assert "brand__name" in body and "Autenticación" in body

"""One way in: the CMS login hands over to allauth, which asks a TOTP-enrolled user for the code."""

import time
from urllib.parse import urlparse

from tests.mfa import totp_code


def _fresh_code(secret: str, used: set[str]) -> str:
    """The current code, waiting for the next 30-second step when this one was already used
    (allauth refuses a code twice)."""
    while (code := totp_code(secret)) in used:
        time.sleep(1)
    used.add(code)
    return code


def test_a_totp_user_going_to_the_cms_login_is_asked_for_the_code(page, login):
    used: set[str] = set()
    # the editor enrols in TOTP with the secret the activation page shows
    login(page, "editor")
    page.goto("/cuenta/2fa/totp/activate/")
    if urlparse(page.url).path.startswith("/cuenta/reauthenticate/"):
        page.fill("#id_password", "demo")
        page.press("#id_password", "Enter")
        page.wait_for_load_state("networkidle")
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("#id_code", _fresh_code(secret, used))
    page.press("#id_code", "Enter")
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()

    # Wagtail's login page is allauth's; the password alone does not open the CMS
    page.goto("/cms/login/")
    assert urlparse(page.url).path == "/cuenta/login/"
    page.fill("#id_login", "editor")
    page.fill("#id_password", "demo")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == "/cuenta/2fa/authenticate/"
    page.goto("/cms/")
    assert urlparse(page.url).path != "/cms/"

    # a new visit: asked again for the code, which opens the CMS
    page.context.clear_cookies()
    page.goto("/cms/login/")
    page.fill("#id_login", "editor")
    page.fill("#id_password", "demo")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.fill("#id_code", _fresh_code(secret, used))
    page.press("#id_code", "Enter")
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == "/cms/"

"""Browser security checks: one way in (the CMS login hands over to allauth, which asks a TOTP-enrolled user for
the code), and the Content-Security-Policy holds on the CMS admin and the public verification page (the `page`
fixture fails a test on any CSP violation; see conftest)."""

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


CMS_PAGES = [
    "/cms/",
    "/cms/pages/",
    "/cms/images/",
    "/cms/documents/",
    "/cms/snippets/",
    "/cms/users/",
    "/cms/account/",
]


def test_the_cms_admin_runs_under_the_content_security_policy(page, login):
    login(page, "admin")
    for path in CMS_PAGES:
        response = page.goto(path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()} or response.headers.get(
            "content-security-policy"
        ), path
    # a page editor: Draftail, StreamField, choosers
    page.goto("/cms/pages/")
    page.locator("a[href*='/cms/pages/'][href$='/edit/']").first.click()
    page.wait_for_load_state("networkidle")
    assert "/edit/" in page.url


def test_the_cms_admin_loads_nothing_from_other_hosts(page, login, live_portal):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    login(page, "editor")
    page.goto("/cms/")
    page.wait_for_load_state("networkidle")
    own = urlparse(live_portal).netloc
    foreign = [url for url in requested if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != own]
    assert foreign == []


def test_the_verification_page_runs_under_the_content_security_policy(page):
    response = page.goto("/verificar/?codigo=ZZZZ-ZZZZ-ZZZ")
    assert "default-src 'self'" in response.headers.get("content-security-policy", "")
    assert response.headers.get("x-robots-tag") == "noindex, nofollow"

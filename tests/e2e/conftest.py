"""Browser tests against a real portal process: a fresh SQLite database, migrated and seeded with
`seed_demo` once per session, served by `manage.py runserver`, driven by Playwright in Debian's chromium.

Fixtures: `live_portal` (base URL), `page` (a fresh browser context per test, Spanish locale),
`login(page, username)`, `axe(page)` → serious/critical axe-core violations on the current page.

Every page a test visits is held to the Content-Security-Policy: the `page` fixture collects the
browser's CSP violation reports (console errors and `securitypolicyviolation` events) and fails the
test if there was any.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


#: the live portal's environment (its database and media), for tests that run a command against it
PORTAL_ENV: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("e2e") / "portal.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "DEBUG": "1",
        "CELERY_BROKER_URL": "",
        "REQUIRE_MFA": "0",
        "MEDIA_ROOT": str(db_path.parent / "media"),
    }
    env.pop("REDIS_URL", None)
    PORTAL_ENV.update(env)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    port = _free_port()
    log = open(db_path.with_suffix(".log"), "w")  # noqa: SIM115
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/cuenta/login/", timeout=2)  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the portal did not start; see " + str(log.name)) from None
            time.sleep(0.5)
    yield url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is required at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Recorded in each document before its own scripts run; read back by the page fixture.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + e.documentURI + (e.sourceFile ? " (" + e.sourceFile + ":" + e.lineNumber + ")" : ""));
});
"""


@pytest.fixture
def csp_violations():
    return []


@pytest.fixture
def page(browser, live_portal, csp_violations):
    context = browser.new_context(base_url=live_portal, locale="es-MX", accept_downloads=True)
    context.set_default_timeout(20_000)
    context.add_init_script(script=CSP_LISTENER)
    page = context.new_page()

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append(f"{page.url}: {message.text}")

    def before_leaving(*_args):
        try:
            csp_violations.extend(page.evaluate("window.__cspViolations || []"))
        except Exception:  # noqa: BLE001,S110 - the document is already gone; the console still reported it
            pass

    page.on("console", on_console)
    yield page
    before_leaving()
    context.close()
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(csp_violations))


@pytest.fixture
def login():
    def do_login(page, username: str, password: str = "demo"):
        page.goto("/cuenta/login/")
        page.fill("#id_login", username)
        page.fill("#id_password", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return do_login


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make e2e does)")
    source = AXE.read_text()

    def run(page) -> list[dict]:
        page.evaluate(source)  # through DevTools, not a <script> tag: the page's CSP forbids inline scripts
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run

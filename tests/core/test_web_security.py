"""Small web-security promises: no open redirect, a Content-Security-Policy, one client-IP reader
that honours the trusted proxies, SITE_URL required in production, no third-party avatars."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.test import RequestFactory

from core.audit import audit_record
from core.models import AuditEvent


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/phish", "https:/\\evil.example", "javascript:alert(1)"]
)
def test_the_role_change_never_redirects_off_site(world, client_for, target):
    response = client_for(world.admin).post(
        f"/organizacion/usuarios/{world.agent.pk}/rol/", {"role": "hr", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/organizacion/usuarios/"


def test_the_role_change_returns_to_a_page_of_the_portal(world, client_for):
    response = client_for(world.admin).post(
        f"/organizacion/usuarios/{world.agent.pk}/rol/", {"role": "hr", "next": "/organizacion/usuarios/?q=ana"}
    )
    assert response["Location"] == "/organizacion/usuarios/?q=ana"


def test_portal_pages_carry_a_strict_content_security_policy(world, client_for):
    policy = client_for(world.agent).get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_the_cms_admin_gets_only_its_inline_script_allowance(world, client_for):
    policy = client_for(world.admin).get("/cms/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-eval" not in policy


def test_project_templates_have_no_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        if "/emails/" in str(path) or "/pdf/" in str(path):
            continue  # not served to browsers
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text) or re.search(
            r"<style|\sstyle=|\son[a-z]+=\"", text
        ):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def client_ip(request):
    from core.network import client_ip as read

    return read(request)


def _request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client's own entries are not believed
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "", "10.0.0.1"),
        (1, "not-an-ip", "10.0.0.1"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_behind_trusted_proxies_the_client_is_read_from_the_right(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request("10.0.0.1", forwarded)) == expected


def test_the_audit_trail_records_the_client_behind_the_proxy(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.USE_X_FORWARDED_FOR = True  # the old, undeclared switch: no longer read
    audit_record(action="test.ip", summary="x", request=_request("10.0.0.1", "1.2.3.4, 203.0.113.7"))
    assert AuditEvent.objects.get(action="test.ip").ip == "203.0.113.7"


def test_allauth_reads_the_same_trusted_proxy_count():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT


def _production(extra_env: dict, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REDIS_URL", "CELERY_BROKER_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "k" * 64,
            "AUDIT_HMAC_KEY": "a" * 48,
            "COMPLIANCE_HASH_KEY": "c" * 48,
            "ALLOWED_HOSTS": "acredita.example.com",
            **extra_env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], env=env, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_site_url():
    result = _production({})
    assert result.returncode != 0 and "SITE_URL" in result.stderr


def test_check_deploy_refuses_a_loopback_site_url(settings):
    from core.checks import check_site_url

    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [e.id for e in check_site_url(None)] == ["acredita.E001"]
    settings.SITE_URL = "https://acredita.example.com"
    assert check_site_url(None) == []


def test_check_deploy_warns_about_a_per_process_cache(settings):
    from core.checks import check_shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in check_shared_cache(None)] == ["acredita.W002"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert check_shared_cache(None) == []


def test_the_cms_admin_loads_nothing_from_another_host(world, client_for):
    response = client_for(world.admin).get("/cms/")
    assert response.status_code == 200
    html = response.content.decode()
    # the sidebar's avatar is a URL inside JSON props, the rest are tag attributes
    loaded = re.findall(r"""(?:src|srcset)=["']((?:https?:)?//[^"']+)""", html)
    loaded += re.findall(r'"avatarUrl": "((?:https?:)?//[^"]+)"', html)
    assert [url for url in loaded if "//testserver" not in url] == []
    assert "gravatar" not in html

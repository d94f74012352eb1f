"""Demo data stays out of the running portal: only `seed_demo` imports the `<app>/demo/` packages,
and the "Demo mode" banner follows the demo data, not the MFA setting."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from core.management.commands.seed_demo import demo_seeders
from core.models import DemoMarker
from core.selectors import demo_data_forget

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = {"config", "core", "content", "learning", "certification", "kpi", "incentives"}

PORTAL_START = """
import json, sys
import django
django.setup()
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

get_wsgi_application()
resolver = get_resolver()
resolver.url_patterns  # every URLconf of the portal
resolver.reverse_dict
print(json.dumps(sorted(sys.modules)))
"""


def _demo_modules(names: list[str]) -> list[str]:
    return [
        name
        for name in names
        if name.split(".")[0] in PROJECT_PACKAGES
        and any(part == "demo" or part.startswith("demo_") for part in name.split("."))
    ]


@pytest.mark.slow
def test_a_portal_started_with_production_settings_imports_no_demo_module():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(48),
        "COMPLIANCE_HASH_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "acredita.example.com",
        "SITE_URL": "https://acredita.example.com",  # required in production
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PORTAL_START], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert "incentives.urls" in modules and "kpi.views" in modules  # the check saw a loaded portal
    assert _demo_modules(modules) == []


def test_the_seed_command_finds_every_apps_demo_package_in_order():
    assert [(order, label) for order, label, _seed in demo_seeders()] == [
        (20, "learning"),
        (30, "certification"),
        (40, "kpi"),
        (50, "incentives"),
        (60, "compliance"),
    ]


@pytest.mark.django_db
@override_settings(ACREDITA_REQUIRE_MFA=False)
def test_the_demo_banner_shows_only_when_the_demo_data_is_present(world, client_for):
    client = client_for(world.agent)
    assert "banner--demo" not in client.get(reverse("home")).content.decode()  # MFA off alone: no banner

    DemoMarker.objects.create()
    demo_data_forget()
    assert "banner--demo" in client.get(reverse("home")).content.decode()

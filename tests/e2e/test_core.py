"""Each demo role signs in and sees its home; the login page and every home pass axe-core."""

from urllib.parse import urlparse

import pytest

ROLES = ["agente", "supervisor", "gerente", "rrhh", "editor", "cumplimiento", "analista", "admin"]


def test_login_page_is_spanish_and_accessible(page, axe):
    page.goto("/cuenta/login/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Iniciar sesión" in page.content()
    assert axe(page) == []


def test_wrong_password_is_refused(page, login):
    login(page, "agente", "incorrecta")
    assert "/cuenta/login/" in page.url
    assert page.locator("form").count() >= 1


@pytest.mark.parametrize("username", ROLES)
def test_each_role_signs_in_and_sees_its_home(page, login, axe, username):
    login(page, username)
    assert urlparse(page.url).path == "/"
    heading = page.locator("h1").first.inner_text()
    assert heading.startswith("Hola")
    assert page.locator(".dashboard .card").count() >= 1
    violations = axe(page)
    assert violations == [], violations

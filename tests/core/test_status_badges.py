"""Every status badge in the portal comes from one tag and one tone table (core.registry)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from core.registry import badge_kind


def render(source: str, **context) -> str:
    return Template("{% load status %}" + source).render(Context(context)).strip()


@pytest.mark.parametrize(
    ("kind", "status", "tone"),
    [
        ("run", "draft", "warn"),
        ("run", "exported", "ok"),
        ("run", "submitted", "info"),
        ("import", "rejected", "bad"),
        ("import", "duplicate", "warn"),
        ("assignment", "overdue", "bad"),
        ("certificate", "expiring", "warn"),
        ("certificate", "revoked", "bad"),
        ("breach_severity", "severe", "bad"),
        ("breach_severity", "minor", "warn"),
    ],
)
def test_each_app_registers_the_tone_of_its_statuses(kind, status, tone):
    html = render('{% status_badge kind status "x" %}', kind=kind, status=status)
    assert f'class="badge badge--{tone}"' in html


def test_a_badge_of_an_unknown_kind_fails_loudly_instead_of_guessing():
    with pytest.raises(KeyError):
        badge_kind("runn")


def test_a_missing_status_is_a_muted_dash_and_a_plain_status_has_no_tone():
    assert render('{% status_badge "assignment" "" %}') == '<span class="muted">—</span>'
    assert render('{% status_badge "assignment" "not_started" %}').startswith('<span class="badge">')


def test_assignment_badges_say_the_status_in_words_and_repeat_the_tone_as_a_symbol():
    with translation.override("es"):
        html = render('{% status_badge "assignment" "completed" %}')
    assert "badge--ok" in html and '<span aria-hidden="true">✔ </span>' in html
    assert "Completado" in html or "Completada" in html


def test_no_template_draws_a_status_badge_of_its_own():
    """The three per-app badge templates are gone; badges with a tone chosen in the template are not back."""
    root = Path(settings.BASE_DIR) / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text()
        assert "status_badge.html" not in text or path.name == "status_badge.html", path
        assert "|status_badge" not in text, path
        assert "badge--bad{% else %}badge--warn" not in text, path

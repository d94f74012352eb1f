"""A compliance officer writes a new version of a country's rules from the current one: the old version
is kept (and ends the day before), the change is audited, a mistake is refused in Spanish."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from compliance.models import RuleSetVersion
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("compliance:ruleset_new", args=["CO"])


def test_the_officer_writes_a_new_version_from_the_current_one_and_the_old_one_is_kept(world, client_for):
    client = client_for(world.compliance)
    page = client.get(URL)
    assert page.status_code == 200
    tomorrow = page.context["form"].initial["effective_from"]
    assert f'value="{tomorrow.isoformat()}"' in page.content.decode()  # what a date input can show
    current = RuleSetVersion.objects.get(country="CO", version=1)
    shown = json.loads(page.context["form"].initial["definition"])
    assert shown == current.definition  # written from the current version
    changed = json.loads(json.dumps(current.definition))
    hours = next(r for r in changed["rules"] if r["kind"] == "hours")
    hours["days"]["sat"] = [["09:00", "13:00"]]
    response = client.post(URL, {"effective_from": "2027-01-01", "definition": json.dumps(changed)})
    assert response.status_code == 302
    new = RuleSetVersion.objects.get(country="CO", version=2)
    assert new.effective_from == dt.date(2027, 1, 1) and new.created_by == world.compliance
    current.refresh_from_db()
    assert current.effective_to == dt.date(2026, 12, 31) and current.definition != new.definition
    event = AuditEvent.objects.get(action="ruleset.version_create")
    assert event.before["version"] == 1 and event.after["version"] == 2


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ('{"rules": [', "no es JSON válido"),
        (
            '{"rules": [{"key": "horario", "kind": "hours", "days": {"mon": [["19:00", "07:00"]]}}]}',
            "Regla «horario», lunes: la franja 19:00–07:00 termina antes de empezar.",
        ),
        ('{"rules": [{"key": "tope", "kind": "cap", "code": "tope_diario", "limit": "dos"}]}', "número entero"),
    ],
)
def test_a_rule_set_that_cannot_work_is_refused_in_spanish_and_nothing_is_stored(
    world, client_for, definition, expected
):
    client = client_for(world.compliance)
    response = client.post(URL, {"effective_from": "2027-01-01", "definition": definition})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not RuleSetVersion.objects.filter(country="CO", version=2).exists()
    assert not AuditEvent.objects.filter(action="ruleset.version_create").exists()


def test_a_version_that_does_not_start_after_the_current_one_is_refused_on_the_date(world, client_for):
    client = client_for(world.compliance)
    current = RuleSetVersion.objects.get(country="CO", version=1)
    response = client.post(
        URL, {"effective_from": current.effective_from.isoformat(), "definition": json.dumps(current.definition)}
    )
    assert response.status_code == 200
    assert "Una versión nueva debe empezar después" in response.content.decode()


def test_only_compliance_officers_and_admins_may_edit_rules(world, client_for):
    assert client_for(world.supervisor).get(URL).status_code in (403, 404)
    assert client_for(world.agent).get(URL).status_code in (403, 404)
    assert client_for(world.compliance).get(reverse("compliance:ruleset_new", args=["AR"])).status_code == 404

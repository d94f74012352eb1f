"""The audit trail reads in words: every action the portal records has a label in the reader's language."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from core.audit import audit_record
from core.registry import audit_action_label, audit_actions
from incentives.workflow import ACTIONS as RUN_ACTIONS

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "content", "learning", "certification", "kpi", "incentives", "compliance")
LITERAL = re.compile(
    r"""action\s*=\s*"([a-z_]+\.[a-z_.]+)"|"([a-z_]+\.[a-z_]+)" if |else "([a-z_]+\.[a-z_]+)"|action = "([a-z_]+\.[a-z_.]+)\""""
)


def _recorded_codes() -> set[str]:
    codes = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "demo" in path.parts:
                continue
            for match in LITERAL.finditer(path.read_text()):
                codes.add(next(group for group in match.groups() if group))
    return codes


def test_every_action_written_in_the_code_has_words():
    codes = _recorded_codes()
    assert len(codes) > 40  # the scan finds the portal's actions
    families = {f"payout_run.{a}" for a in RUN_ACTIONS} | {
        "adjustment.approve",
        "adjustment.reject",
        "dispute.accept",
        "dispute.reject",
    }
    families |= {f"dial_suspension.{c}" for c in ("start", "extend", "clear", "expire")}
    assert sorted(code for code in codes | families if code not in audit_actions()) == []


def test_an_action_reads_in_spanish_and_in_english():
    with translation.override("es"):
        assert audit_action_label("certificate.revoke") == "Certificado revocado"
        assert audit_action_label("payout_run.approve_final") == "Corrida de bonos aprobada en definitiva"
    with translation.override("en"):
        assert audit_action_label("certificate.revoke") == "Certificate revoked"


def test_a_cms_editors_change_reads_as_the_verb_and_the_model():
    with translation.override("es"):
        label = audit_action_label("campaign.update")
    assert label.startswith("Modificado: ") and "campaign.update" not in label
    assert audit_action_label("no_such.thing") == "no_such.thing"


@pytest.mark.django_db
def test_the_audit_trail_and_its_home_card_show_the_words(world, client_for):
    audit_record(action="certificate.revoke", actor=world.admin, summary="prueba")
    client = client_for(world.admin)
    page = client.get(reverse("core:audit_list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Certificado revocado" in page
    assert '<option value="certificate.revoke">Certificado revocado</option>' in page
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Certificado revocado" in home and "<code>certificate.revoke</code>" not in home

"""Exporting a bank as GIFT or Moodle XML: the command, the admin download, round trips (issue #13 §4)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from certification.models import Question
from tests.certification.factories import QuestionBankFactory

DATA = Path(__file__).parent / "engine" / "data"


@pytest.fixture
def editor_client(world, client_for):
    from core.services import user_set_role

    user_set_role(actor=None, user=world.editor, role="editor")
    return client_for(world.editor)


def _import(path, bank):
    out = StringIO()
    call_command("import_questions", str(path), "--bank", bank.code, stdout=out, stderr=StringIO())
    return out.getvalue()


def _export(bank, fmt, path):
    out = StringIO()
    call_command("export_questions", "--bank", bank.code, "--format", fmt, "--out", str(path), stdout=out)
    return out.getvalue()


def _content(bank):
    return sorted(
        (
            q.category.path,
            q.name,
            q.type,
            json.dumps(q.current_version.payload, sort_keys=True),
            tuple(sorted(q.tags.names())),
        )
        for q in Question.objects.filter(bank=bank).select_related("category", "current_version")
    )


def test_a_moodle_xml_bank_exports_imports_into_a_new_bank_and_exports_identically(bank, world, tmp_path):
    assert "imported 9 questions" in _import(DATA / "roundtrip.xml", bank)
    first = tmp_path / "banco.xml"
    assert "9 preguntas escritas" in _export(bank, "xml", first)
    other = QuestionBankFactory(code="banco-copia", specialisation=world.specialisation)
    assert "imported 9 questions" in _import(first, other)
    assert _content(other) == _content(bank)
    again = tmp_path / "again.xml"
    _export(other, "moodle-xml", again)
    assert again.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert '<question type="ordering">' in first.read_text(encoding="utf-8")
    # the category description travels with it
    assert other.categories.get(path="Cobranza temprana/Perú").description == "Preguntas para Perú"
    assert "<text>Preguntas para Perú</text>" in first.read_text(encoding="utf-8")


def test_gift_export_names_the_ordering_question_it_cannot_write(bank, tmp_path):
    _import(DATA / "roundtrip.xml", bank)
    printed = _export(bank, "gift", tmp_path / "banco.gift")
    assert "No exportada (el formato no tiene sintaxis para este tipo): “Pasos”" in printed
    assert "8 preguntas escritas" in printed


def test_editors_download_a_bank_in_both_formats_from_the_admin(bank, editor_client):
    _import(DATA / "roundtrip.xml", bank)
    url = reverse("certification-tools:export")
    assert editor_client.get(url).status_code == 200
    xml = editor_client.get(url, {"bank": bank.pk, "format": "moodle-xml"})
    assert xml.status_code == 200
    assert xml["Content-Disposition"] == 'attachment; filename="banco-prueba.xml"'
    assert xml["Content-Type"].startswith("application/xml")
    assert xml.content.decode().count("<question type=") == 11  # 9 questions and 2 categories
    gift = editor_client.get(url, {"bank": bank.pk, "format": "gift"})
    assert gift["Content-Disposition"] == 'attachment; filename="banco-prueba.gift.txt"'
    assert "::Horario Perú::" in gift.content.decode()
    listing = editor_client.get(reverse("certification-banks:index")).content.decode()
    assert f"{url}?bank={bank.pk}&amp;format=moodle-xml" in listing


def test_a_bad_export_request_shows_the_form_again_not_an_error_page(bank, editor_client):
    response = editor_client.get(reverse("certification-tools:export"), {"bank": "999999", "format": "pdf"})
    assert response.status_code == 400
    assert "error-message" in response.content.decode()


def test_agents_cannot_download_a_bank(bank, world, client_for):
    response = client_for(world.agent).get(reverse("certification-tools:export"), {"bank": bank.pk, "format": "gift"})
    assert response.status_code in (302, 403, 404)

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from certification.models import Question, QuestionCategory
from tests.certification.factories import make_exam, make_questions

DATA = Path(__file__).parent / "engine" / "data"

GIFT = """$CATEGORY: $course$/top/Chile/Costos

::cl-tope:: Tope de gastos de cobranza hasta 10 UF (%) {#9}

::cl-dias:: ¿Desde cuántos días de atraso se pueden cobrar gastos? {#20:0}

::cl-principio:: La Ley 21.320 exige {=proporcionalidad ~opacidad ~presión}

::cl-ensayo:: Describa una gestión útil. {}
"""

BAD_GIFT = """::ok:: Pregunta {T}

::roto:: Pregunta {=a ~b
"""


@pytest.fixture
def gift_file(tmp_path):
    path = tmp_path / "banco.gift"
    path.write_text(GIFT, encoding="utf-8")
    return path


@pytest.fixture
def editor_client(world, client_for):
    from core.services import user_set_role

    user_set_role(actor=None, user=world.editor, role="editor")
    return client_for(world.editor)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_questions", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def test_the_command_imports_gift_and_reimporting_does_not_duplicate(bank, gift_file):
    out = run(gift_file, "--format", "gift", "--bank", bank.code)
    assert "imported 4 questions" in out
    assert "numeric: 2" in out and "single: 1" in out and "Chile/Costos: 4" in out
    # an essay is imported as Moodle imports it (a person marks it), not skipped
    assert "essay: 1" in out and "skipped" not in out
    assert Question.objects.get(bank=bank, name="cl-ensayo").type == "essay"
    assert Question.objects.filter(bank=bank).count() == 4
    assert QuestionCategory.objects.get(bank=bank, path="Chile/Costos").parent.path == "Chile"
    again = run(gift_file, "--bank", bank.code)
    assert "imported 0 questions; 0 updated as a new version; 4 already" in again
    assert Question.objects.filter(bank=bank).count() == 4


def test_dry_run_prints_and_stores_nothing(bank, gift_file):
    out = run(gift_file, "--bank", bank.code, "--dry-run")
    assert "would import 4 questions" in out and "numeric: 2" in out
    assert not Question.objects.exists()


def test_a_file_with_errors_stores_nothing_and_names_the_line(bank, tmp_path):
    path = tmp_path / "malo.gift"
    path.write_text(BAD_GIFT, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 errors"):
        call_command("import_questions", str(path), "--bank", bank.code, stdout=StringIO(), stderr=err)
    assert "3" in err.getvalue()  # line 3
    assert not Question.objects.exists()


def test_the_command_imports_moodle_xml_and_rejects_bad_xml(bank):
    out = run(DATA / "good.xml", "--format", "moodle-xml", "--bank", bank.code)
    assert "imported 8 questions" in out  # with the description and the essay, as Moodle imports them
    assert "unsupported_type" in out and "calculated" in out
    tags = set(Question.objects.get(name="Frecuencia Chile").tags.names())
    assert tags == {"Chile", "dificultad:media"}
    with pytest.raises(CommandError):
        call_command(
            "import_questions", str(DATA / "bad.xml"), "--bank", bank.code, stdout=StringIO(), stderr=StringIO()
        )
    assert Question.objects.count() == 8


def test_the_command_needs_a_known_bank(db, gift_file):
    with pytest.raises(CommandError, match="unknown bank"):
        run(gift_file, "--bank", "nope")


def test_editors_import_from_the_admin(bank, editor_client):
    client = editor_client
    url = reverse("certification-tools:import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("b.gift", GIFT.encode(), content_type="text/plain")
    html = client.post(url, {"bank": bank.pk, "format": "gift", "file": upload, "dry_run": ""}).content.decode()
    assert "import-outcome" in html and Question.objects.count() == 4
    bad = SimpleUploadedFile("m.gift", BAD_GIFT.encode(), content_type="text/plain")
    html = client.post(url, {"bank": bank.pk, "format": "gift", "file": bad}).content.decode()
    assert "import-errors" in html and Question.objects.count() == 4


def test_agents_cannot_use_the_admin_tools(world, client_for):
    client = client_for(world.agent)
    response = client.get(reverse("certification-tools:import"))
    assert response.status_code in (302, 403)


def test_editors_write_questions_in_gift_and_edits_make_versions(bank, world, editor_client, exam):
    from certification import services

    client = editor_client
    category = QuestionCategory.objects.filter(bank=bank).first()
    add_url = reverse("certification-questions:add")
    response = client.post(
        add_url,
        {
            "bank": bank.pk,
            "category": category.pk,
            "name": "Nueva",
            "is_active": "on",
            "tags": "tema:horarios",
            "definition": "¿Horario en México? {=07\\:00 a 22\\:00 ~08\\:00 a 20\\:00}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(name="Nueva")
    assert question.type == "single" and set(question.tags.names()) == {"tema:horarios"}
    # used by an attempt, then edited: a new version
    used = exam.sections.first()
    services.attempt_start(exam=exam, employee=world.agent_employee)
    target = Question.objects.filter(current_version__attempt_questions__isnull=False).first()
    edit_url = reverse("certification-questions:edit", args=[target.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "bank": bank.pk,
            "category": target.category_id,
            "name": target.name,
            "is_active": "on",
            "definition": "Cambiada {=sí ~no}",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.versions.count() == 2 and used


def test_bad_gift_in_the_admin_form_shows_the_line(bank, editor_client):
    client = editor_client
    make_questions(bank, 1)
    category = QuestionCategory.objects.filter(bank=bank).first()
    html = client.post(
        reverse("certification-questions:add"),
        {"bank": bank.pk, "category": category.pk, "name": "Mala", "definition": "Texto {=a ~b"},
    ).content.decode()
    assert not Question.objects.filter(name="Mala").exists()
    assert "Line 1" in html or "Línea 1" in html


def test_admin_listings_and_item_analysis_render(bank, world, editor_client, exam):
    from certification import services
    from tests.certification.test_cert_attempts import form_for

    for employee in (world.agent_employee, world.teammate_employee, world.outsider_employee):
        attempt = services.attempt_start(exam=exam, employee=employee)
        services.attempt_submit(attempt=attempt, form=form_for(attempt, correct=employee != world.outsider_employee))
    client = editor_client
    for name in ("certification-banks:index", "certification-questions:index", "certification-exams:index"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("certification-exams:edit", args=[exam.pk])).status_code == 200
    html = client.get(reverse("certification-tools:analysis"), {"exam": exam.pk}).content.decode()
    assert "Cronbach" in html and "P0" in html or "P1" in html


def test_make_exam_helper(world, bank):
    make_questions(bank, 2)
    assert make_exam(specialisation=world.specialisation, bank=bank, code="otro", count=2).question_count == 2


def test_a_question_file_above_the_upload_limit_is_refused_with_a_clear_error(bank, editor_client, settings):
    settings.UPLOAD_MAX_BYTES = 200
    client = editor_client
    client.cookies["django_language"] = "es"
    upload = SimpleUploadedFile("b.gift", (GIFT * 10).encode(), content_type="text/plain")

    response = client.post(reverse("certification-tools:import"), {"bank": bank.pk, "format": "gift", "file": upload})

    assert response.status_code == 413
    assert "El archivo supera el límite de" in response.content.decode()
    assert Question.objects.count() == 0


DUPLICATED_GIFT = """// [id:CL-1] [tag:chile] [tag:costos]
::cl-tope:: Tope de gastos de cobranza hasta 10 UF (%) {#9}

::cl-principio:: La Ley 21.320 exige {=proporcionalidad ~opacidad ~presión}

::cl-tope:: Tope de gastos de cobranza hasta 10 UF (%) {#9}

::cl-principio:: La Ley 21.320 exige {=proporcionalidad ~opacidad ~presión}
"""


def test_exact_duplicates_inside_one_file_are_reported_not_merged_silently(bank, tmp_path, editor_client):
    path = tmp_path / "dup.gift"
    path.write_text(DUPLICATED_GIFT, encoding="utf-8")
    dry = run(path, "--bank", bank.code, "--dry-run")
    assert "would import 2 questions" in dry  # was 4: the dry run counted the repeats
    out = run(path, "--bank", bank.code)
    assert "imported 2 questions" in out
    assert "2 preguntas repetidas en el archivo se guardan una sola vez" in out
    assert "“cl-tope” (línea 6)" in out and "“cl-principio” (línea 8)" in out
    assert Question.objects.filter(bank=bank).count() == 2
    upload = SimpleUploadedFile("dup.gift", DUPLICATED_GIFT.encode(), content_type="text/plain")
    url = reverse("certification-tools:import")
    html = editor_client.post(url, {"bank": bank.pk, "format": "gift", "file": upload, "dry_run": "1"}).content.decode()
    assert 'id="import-duplicates"' in html and "“cl-tope”" in html


def test_moodle_id_and_tag_comments_become_the_questions_tags(bank, tmp_path):
    path = tmp_path / "tags.gift"
    path.write_text(DUPLICATED_GIFT, encoding="utf-8")
    run(path, "--bank", bank.code)
    tope = Question.objects.get(bank=bank, name="cl-tope")
    assert sorted(tope.tags.names()) == ["chile", "costos"]
    assert list(Question.objects.get(bank=bank, name="cl-principio").tags.names()) == []


def test_a_bank_exported_as_gift_imports_into_a_new_bank_as_the_same_questions(bank, world, tmp_path):
    from tests.certification.engine.test_cert_gift_moodle import MOODLE_STYLE
    from tests.certification.factories import QuestionBankFactory

    source = tmp_path / "moodle.gift"
    source.write_text(DUPLICATED_GIFT + "\n" + MOODLE_STYLE, encoding="utf-8")
    run(source, "--bank", bank.code)
    out = tmp_path / "export.gift"
    call_command("export_questions", "--bank", bank.code, "--out", str(out), stdout=StringIO())
    other = QuestionBankFactory(code="banco-copia", specialisation=world.specialisation)
    printed = run(out, "--bank", other.code)
    assert "imported 14 questions" in printed

    def content(b):
        return sorted(
            (
                q.category.path,
                q.name,
                json.dumps(q.current_version.payload, sort_keys=True),
                tuple(sorted(q.tags.names())),
            )
            for q in Question.objects.filter(bank=b).select_related("category", "current_version")
        )

    assert content(other) == content(bank)
    again = tmp_path / "again.gift"
    call_command("export_questions", "--bank", other.code, "--out", str(again), stdout=StringIO())
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_export_needs_a_known_bank(db, tmp_path):
    with pytest.raises(CommandError, match="No hay un banco de preguntas con el código “nada”"):
        call_command("export_questions", "--bank", "nada", "--out", str(tmp_path / "x.gift"))

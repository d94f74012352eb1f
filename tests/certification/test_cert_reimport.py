"""Id numbers and versioning on re-import (issue #13 §2): the same question imported again with a
change becomes a new version of it, never a second active question."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from certification import services
from certification.importing import parse_question_file
from certification.models import AttemptQuestion, Question
from tests.certification.factories import make_exam, single

FIRST = """$CATEGORY: Chile/Costos

// [id:CL-TOPE] [tag:chile]
::cl-tope:: Tope de gastos hasta 10 UF (%) {#9#Bien}

::cl-principio:: La Ley 21.320 exige {=proporcionalidad#Sí ~opacidad ~presión}

::cl-dias:: ¿Desde cuántos días de atraso? {#20}
"""

# cl-tope renamed and its feedback changed (same id number); cl-principio's feedback changed
# (no id number: same category and name); cl-dias unchanged.
SECOND = """$CATEGORY: Chile/Costos

// [id:CL-TOPE] [tag:chile]
::cl-tope-uf:: Tope de gastos hasta 10 UF (%) {#9#Correcto: 9 %}

::cl-principio:: La Ley 21.320 exige {=proporcionalidad#Sí, la proporcionalidad ~opacidad ~presión}

::cl-dias:: ¿Desde cuántos días de atraso? {#20}
"""


def _import(bank, text, tmp_path, name="banco.gift"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_questions", str(path), "--bank", bank.code, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_id_number_is_stored_and_exported_in_both_formats(bank, tmp_path):
    _import(bank, FIRST, tmp_path)
    assert Question.objects.get(bank=bank, name="cl-tope").id_number == "CL-TOPE"
    assert Question.objects.get(bank=bank, name="cl-dias").id_number == ""
    gift, xml = tmp_path / "out.gift", tmp_path / "out.xml"
    for fmt, path in (("gift", gift), ("moodle-xml", xml)):
        call_command("export_questions", "--bank", bank.code, "--format", fmt, "--out", str(path), stdout=StringIO())
    assert "// [id:CL-TOPE] [tag:chile]\n::cl-tope::" in gift.read_text(encoding="utf-8")
    assert "<idnumber>CL-TOPE</idnumber>" in xml.read_text(encoding="utf-8")


def test_a_changed_question_imported_again_is_a_new_version_of_the_same_question(bank, world, tmp_path):
    _import(bank, FIRST, tmp_path)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=3)
    attempt = services.attempt_start(exam=exam, employee=world.agent_employee)
    printed = _import(bank, SECOND, tmp_path, "v2.gift")
    assert "imported 0 questions; 2 updated as a new version; 1 already in bank" in printed
    assert Question.objects.filter(bank=bank).count() == 3
    tope = Question.objects.get(bank=bank, id_number="CL-TOPE")
    assert tope.name == "cl-tope-uf"
    assert tope.versions.count() == 2
    assert tope.snapshot().numeric_answers[0].feedback == "Correcto: 9 %"
    principio = Question.objects.get(bank=bank, name="cl-principio")
    assert principio.versions.count() == 2
    assert principio.snapshot().choices[0].feedback == "Sí, la proporcionalidad"
    assert Question.objects.get(bank=bank, name="cl-dias").versions.count() == 1
    # the attempt keeps the versions it saw
    seen = AttemptQuestion.objects.filter(attempt=attempt).values_list("version__number", flat=True)
    assert sorted(seen) == [1, 1, 1]
    # and importing the second file again changes nothing
    assert "imported 0 questions; 0 updated as a new version; 3 already in bank" in _import(bank, SECOND, tmp_path)


def test_a_question_without_id_number_gains_the_one_a_later_file_gives_it(bank, tmp_path):
    _import(bank, FIRST.replace("// [id:CL-TOPE] [tag:chile]\n", ""), tmp_path)
    printed = _import(bank, FIRST, tmp_path, "with-id.gift")
    assert "imported 0 questions; 1 updated as a new version" in printed
    assert Question.objects.get(bank=bank, name="cl-tope").id_number == "CL-TOPE"
    assert Question.objects.filter(bank=bank).count() == 3


def test_two_questions_of_one_file_with_the_same_name_are_not_merged_into_a_stored_one(bank, tmp_path):
    _import(bank, "::igual:: Primera {T}\n", tmp_path)
    printed = _import(bank, "::igual:: Segunda {T}\n\n::igual:: Tercera {F}\n", tmp_path, "two.gift")
    assert "imported 2 questions; 0 updated" in printed
    assert Question.objects.filter(bank=bank, name="igual").count() == 3


def test_one_id_number_on_two_different_questions_of_a_file_is_an_error_and_nothing_is_stored(bank, tmp_path):
    text = "// [id:X-1]\n::a:: Uno {T}\n\n// [id:X-1]\n::b:: Dos {F}\n"
    report = parse_question_file(text.encode(), "gift")
    assert [(e.code, e.line, e.params) for e in report.errors] == [
        ("import.duplicate_id_number", 5, {"id_number": "X-1", "other": "a"})
    ]
    path = tmp_path / "dup.gift"
    path.write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_questions", str(path), "--bank", bank.code, stdout=StringIO(), stderr=err)
    assert "Línea 5: El número de identificación “X-1” ya lo usa “a” en este archivo" in err.getvalue()
    assert not Question.objects.filter(bank=bank).exists()


def test_an_id_number_names_one_question_of_a_bank(bank):
    category = services.category_ensure(bank=bank, path=("General",))
    services.question_save(bank=bank, category=category, name="a", snapshot=single("a"), id_number="ID-1")
    with pytest.raises(services.CertificationError) as exc:
        services.question_save(bank=bank, category=category, name="b", snapshot=single("b"), id_number="ID-1")
    assert exc.value.code == "question.id_number_taken"

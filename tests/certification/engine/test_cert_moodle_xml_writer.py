"""Moodle XML export: what ``parse_moodle_xml`` and Moodle's importer read back (issue #13 §4)."""

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

from defusedxml import ElementTree as SafeET

from certification.engine.gift import parse_gift
from certification.engine.moodle_xml import parse_moodle_xml
from certification.engine.moodle_xml_writer import write_moodle_xml
from certification.engine.questions import ImportedQuestion, NumericAnswer, QuestionSnapshot, QuestionType
from tests.certification.engine.test_cert_gift_moodle import MOODLE_STYLE

DATA = Path(__file__).parent / "data"


def _comparable(report):
    return [replace(q, index=None, line=None) for q in report.questions]


def test_a_moodle_xml_file_written_back_reads_as_the_same_questions_and_the_same_text():
    first = parse_moodle_xml((DATA / "roundtrip.xml").read_bytes())
    assert first.errors == () and first.skipped == ()
    assert len(first.questions) == 9
    assert {q.question.type for q in first.questions} == set(QuestionType) - {QuestionType.SCENARIO}
    text, left_out = write_moodle_xml(first.questions, dict(first.category_info))
    assert left_out == ()
    second = parse_moodle_xml(text.encode())
    assert second.errors == ()
    assert _comparable(second) == _comparable(first)
    assert write_moodle_xml(second.questions, dict(second.category_info))[0] == text
    # the category description (Moodle's <info>) too
    assert second.category_info == first.category_info == ((("Cobranza temprana", "Perú"), "Preguntas para Perú"),)


def test_moodles_settings_combined_feedback_and_hints_are_kept_and_written_back():
    report = parse_moodle_xml((DATA / "roundtrip.xml").read_bytes())
    capitals = next(q for q in report.questions if q.name == "Capitales").question
    assert dict(capitals.moodle) == {
        "penalty": "0.1000000",
        "shuffleanswers": "false",
        "answernumbering": "123",
        "correctfeedback": "¡Todas!",
        "partiallycorrectfeedback": "Faltan algunas",
        "incorrectfeedback": "Revise la lista",
    }
    assert capitals.hints == ("Son tres", "Cusco no es capital")
    root = SafeET.fromstring(write_moodle_xml(report.questions)[0].encode())
    by_name = {q.find("name/text").text: q for q in root.findall("question") if q.get("type") != "category"}
    written = by_name["Capitales"]
    assert written.find("penalty").text == "0.1000000"
    assert written.find("shuffleanswers").text == "false"
    assert written.find("incorrectfeedback/text").text == "Revise la lista"
    assert [h.find("text").text for h in written.findall("hint")] == ["Son tres", "Cusco no es capital"]
    # a question without settings gets Moodle's defaults, and reads back without any
    horario = by_name["Horario Perú"]
    assert (horario.find("penalty").text, horario.find("shuffleanswers").text) == ("0.3333333", "true")
    assert next(q for q in report.questions if q.name == "Horario Perú").question.moodle == ()


def test_ordering_items_are_read_in_their_position_order():
    report = parse_moodle_xml((DATA / "roundtrip.xml").read_bytes())
    ordering = next(q for q in report.questions if q.question.type == QuestionType.ORDERING)
    assert [c.text for c in ordering.question.choices] == ["Saludar", "Validar identidad", "Informar la deuda"]


def test_gift_questions_exported_as_xml_keep_their_content():
    gift = parse_gift(MOODLE_STYLE)
    text, left_out = write_moodle_xml(gift.questions)
    assert left_out == ()
    back = parse_moodle_xml(text.encode())
    assert back.errors == ()
    assert [(q.name, q.category, q.tags, q.question.type) for q in back.questions] == [
        (q.name, q.category, q.tags, q.question.type) for q in gift.questions
    ]


def test_the_written_xml_has_the_structure_moodles_importer_reads():
    report = parse_moodle_xml((DATA / "roundtrip.xml").read_bytes())
    root = SafeET.fromstring(write_moodle_xml(report.questions)[0].encode())
    assert root.tag == "quiz"
    kinds = [q.get("type") for q in root.findall("question")]
    assert kinds == [
        "category",
        "multichoice",
        "multichoice",
        "truefalse",
        "category",
        "shortanswer",
        "numerical",
        "matching",
        "ordering",
        "essay",
        "description",
    ]
    assert root.find("question/category/text").text == "$course$/top/Cobranza temprana/Perú"
    first = root.findall("question")[1]
    for tag in ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade", "penalty", "idnumber"):
        assert first.find(tag) is not None, tag
    assert first.find("idnumber").text == "PE-HOR-1"
    assert first.find("defaultgrade").text == "2.0000000"
    assert [a.get("fraction") for a in first.findall("answer")] == ["100", "0", "-33.33333"]
    assert [t.text for t in first.findall("tags/tag/text")] == ["horarios", "jurisdiccion:PE"]
    numeric = root.findall("question")[6]
    assert [(a.find("text").text, a.find("tolerance").text) for a in numeric.findall("answer")] == [
        ("9", "0"),
        ("9", "1.5"),
        ("*", "0"),
    ]


def test_a_numeric_range_is_written_as_moodle_stores_it_and_grades_the_same():
    item = ImportedQuestion(
        name="Rango",
        category=("A",),
        question=QuestionSnapshot(
            key="",
            type=QuestionType.NUMERIC,
            text="Entre 1 y 5",
            numeric_answers=(NumericAnswer(low=D(1), high=D(5)),),
        ),
    )
    (back,) = parse_moodle_xml(write_moodle_xml([item])[0].encode()).questions
    (answer,) = back.question.numeric_answers
    assert (answer.value, answer.tolerance) == (D(3), D(2))
    assert answer.bounds() == (D(1), D(5))


def test_scenario_questions_are_left_out_and_named():
    item = ImportedQuestion(
        name="Caso", category=(), question=QuestionSnapshot(key="", type=QuestionType.SCENARIO, text="Caso")
    )
    text, left_out = write_moodle_xml([item])
    assert left_out == (item,)
    assert SafeET.fromstring(text.encode()).findall("question") == []

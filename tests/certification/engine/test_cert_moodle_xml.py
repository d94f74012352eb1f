from decimal import Decimal as D
from pathlib import Path

import pytest

from certification.engine.moodle_xml import parse_moodle_xml
from certification.engine.questions import QuestionType

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def report():
    return parse_moodle_xml((DATA / "good.xml").read_bytes())


def test_it_reads_supported_types(report):
    assert report.errors == ()
    assert [(q.index, q.name, q.question.type) for q in report.questions] == [
        (2, "Frecuencia Chile", QuestionType.SINGLE),
        (3, "Principios", QuestionType.MULTI),
        (4, "Juicio", QuestionType.TRUE_FALSE),
        (5, "Autoridad CL", QuestionType.SHORT),
        (6, "Días gestión útil", QuestionType.NUMERIC),
        (7, "Tramos", QuestionType.MATCHING),
        (8, "Intro", QuestionType.DESCRIPTION),
        (9, "Ensayo", QuestionType.ESSAY),
    ]
    assert all(q.category == ("Cobranza tardía", "Chile") for q in report.questions)


def test_it_names_skipped_types(report):
    assert [(s.kind, s.name, s.reason) for s in report.skipped] == [("calculated", "Calc", "unsupported_type")]


def test_it_reads_fractions_points_feedback_and_tags(report):
    q = report.questions[0]
    assert q.question.points == D(2)
    assert q.question.text_format == "html"
    assert [(c.text, c.fraction, c.feedback) for c in q.question.choices] == [
        ("Una", D(1), "Correcto"),
        ("Tres", D(0), "No"),
    ]
    assert q.question.general_feedback == "Ley 21.320"
    assert q.tags == ("Chile", "dificultad:media")
    assert [c.fraction for c in report.questions[1].question.choices] == [D("0.5"), D("0.5"), D(-1)]


def test_it_reads_truefalse_numeric_and_matching(report):
    tf = report.questions[2].question
    assert [(c.key, c.fraction, c.feedback) for c in tf.choices] == [
        ("true", D(1), "Sí"),
        ("false", D(0), "No"),
    ]
    num, other = report.questions[4].question.numeric_answers
    assert (num.value, num.tolerance, num.fraction) == (D(15), D(0), D(1))
    # Moodle's "*" ("any other answer") is kept with its feedback, not dropped.
    assert (other.is_catch_all, other.fraction, other.feedback) == (True, D(0), "Revise la ley")
    pairs = report.questions[5].question.pairs
    assert [(p.prompt, p.answer) for p in pairs] == [
        ("Hasta 10 UF", "9 %"),
        ("Más de 20 días", "Se puede cobrar"),
        ("", "25 %"),
    ]


def test_it_reports_errors_by_question_index_and_name():
    report = parse_moodle_xml((DATA / "bad.xml").read_bytes())
    assert [(e.index, e.name, e.code) for e in report.errors] == [
        (1, "Sin correcta", "xml.no_correct_answer"),
        (2, "TF raro", "xml.bad_truefalse"),
        (3, "Número malo", "xml.bad_number"),
        (4, "Fracción mala", "xml.bad_fraction"),
        (5, "Sin texto", "xml.empty_question_text"),
        (6, "Un par", "xml.matching_too_few_pairs"),
    ]
    assert report.questions == ()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<quiz><question>", "xml.malformed"),
        (b"<other/>", "xml.not_a_quiz"),
        (
            b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>',
            "xml.forbidden_construct",
        ),
    ],
)
def test_it_rejects_broken_or_hostile_xml(data, code):
    report = parse_moodle_xml(data)
    assert [e.code for e in report.errors] == [code]
    assert report.questions == ()


def _quiz(*answers, single="false"):
    body = "".join(f'<answer fraction="{f}"><text>{t}</text></answer>' for f, t in answers)
    return (
        '<?xml version="1.0"?><quiz><question type="multichoice"><name><text>Capitales</text></name>'
        f'<questiontext format="html"><text>Marque las capitales</text></questiontext><single>{single}</single>'
        f"{body}</question></quiz>"
    ).encode()


def test_grades_moodle_does_not_offer_are_rejected_as_moodle_rejects_them():
    # 33 + 33.3 + 33.3: Moodle refuses the file; before #13 it imported and scored 1.0.
    report = parse_moodle_xml(_quiz(("33", "Lima"), ("33.3", "Quito"), ("33.3", "Bogotá"), ("0", "Cusco")))
    assert report.questions == ()
    assert [(e.code, e.index, e.params) for e in report.errors] == [("grades.not_a_moodle_grade", 1, {"value": "33"})]


def test_multiple_answer_grades_must_add_up_to_100():
    report = parse_moodle_xml(_quiz(("50", "Lima"), ("25", "Quito"), ("0", "Cusco")))
    assert [(e.code, e.params) for e in report.errors] == [("grades.multi_not_100", {"total": "75"})]
    thirds = parse_moodle_xml(
        _quiz(("33.33333", "Lima"), ("33.33333", "Quito"), ("33.33333", "Bogotá"), ("-100", "Cusco"))
    )
    assert thirds.errors == ()
    assert [c.fraction for c in thirds.questions[0].question.choices] == [
        D("0.3333333"),
        D("0.3333333"),
        D("0.3333333"),
        D(-1),
    ]


def test_a_single_answer_question_needs_one_answer_at_100():
    report = parse_moodle_xml(_quiz(("50", "Lima"), ("0", "Cusco"), single="true"))
    assert [e.code for e in report.errors] == ["grades.single_without_full_marks"]

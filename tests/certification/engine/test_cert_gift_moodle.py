"""GIFT as Moodle reads and writes it (issue #13 §1).

The inputs are written for this project in the syntax Moodle's own GIFT fixture and unit
tests use (Moodle's files are GPL and stay out of the repository).
"""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from certification.engine.gift import parse_gift
from certification.engine.grading import Response, grade_question
from certification.engine.questions import QuestionType

# Every form a Moodle GIFT import accepts, one question each.
MOODLE_STYLE = r"""// ensayo
::E1:: ¿Cómo describiría una llamada ideal? {}

// pregunta de emparejamiento con marcas de formato en cada elemento
::Relacionar::[html]Relacione la <b>autoridad</b> con el país.{
    =[html]La autoridad de <i>México</i>. -> CONDUSEF
    =[moodle]La autoridad de Chile. -> SERNAC
    =[plain]La autoridad de Perú. -> INDECOPI
    =[markdown]La autoridad de **Colombia**. -> SIC
    = -> FTC
}

// opción única con retroalimentación por respuesta, con formato
::Horario:: ¿Qué horario rige en México?
{
    =07\:00 a 22\:00 # correcto
    ~08\:00 a 20\:00 # [html]ése es el de <b>Chile</b>
    ~[plain]a cualquier hora # nunca
}

// respuesta múltiple con pesos negativos
::Conductas:: Marque las conductas prohibidas.
{
    ~%50%amenazar # sí
    ~%-100%identificarse # [html]no
    ~%50%llamar de madrugada # sí
    ~%-100%[plain]enviar un estado de cuenta # no
}

// numérica con tolerancia y una respuesta "cualquier otra"
::N1:: Un número entre 1 y 5 {#3:2~#Muy lejos}

// numérica con rango
::N2:: Otro número entre 1 y 5 {#1..5}

// varias respuestas numéricas con crédito parcial
::N3:: ¿En qué año se publicó la norma? {#
    =2017:0 # exacto
    =%50%2017:2 # cerca
}

// numérica como la escribe el exportador de Moodle
::N4:: ¿Cuántos días hábiles? {#
	=%100%15:0#Correcto
	~#Revise la ley
}

// respuesta corta con varias respuestas y un comodín
::Corta::¿Qué autoridad aplica el código en Perú?{
    =INDECOPI#Bien
    =%50%Instituto de Defensa#Use la sigla
    =%0%*#No
}

// verdadero/falso con retroalimentación y retroalimentación general
::VF:: Los SMS cuentan para el límite 7-en-7.{
FALSE#Quedan fuera del conteo.#Correcto.
####Regulation F, §1006.14.}

::VF2::Una afirmación verdadera.{T}

::VF3::Otra afirmación verdadera.{TRUE}
"""


@pytest.fixture(scope="module")
def report():
    return parse_gift(MOODLE_STYLE)


def by_name(report, name):
    return next(q for q in report.questions if q.name == name)


def test_a_moodle_style_file_imports_whole_with_moodles_counts(report):
    # Moodle reads 12 questions here; before #13 the whole file was rejected at "3:2~".
    assert report.errors == ()
    assert report.counts_by_type() == {
        "matching": 1,
        "single": 1,
        "multi": 1,
        "numeric": 4,
        "short": 1,
        "truefalse": 3,
        "essay": 1,
    }
    assert len(report.questions) == 12 and report.skipped == ()


def test_a_numeric_answer_with_tolerance_followed_by_a_catch_all(report):
    exact, other = by_name(report, "N1").question.numeric_answers
    assert (exact.value, exact.tolerance, exact.fraction, exact.feedback) == (D(3), D(2), D(1), "")
    assert (other.is_catch_all, other.fraction, other.feedback) == (True, D(0), "Muy lejos")


def test_the_catch_all_gives_its_feedback_to_any_other_answer(report):
    q = replace(by_name(report, "N1").question, key="q1")
    right = grade_question(q, Response(text="4.5"))
    wrong = grade_question(q, Response(text="9"))
    assert (right.fraction, right.feedback) == (D(1), "")
    assert (wrong.fraction, wrong.feedback) == (D(0), "Muy lejos")


def test_a_range_and_several_answers_with_partial_credit(report):
    (rng,) = by_name(report, "N2").question.numeric_answers
    assert (rng.low, rng.high) == (D(1), D(5))
    exact, close = by_name(report, "N3").question.numeric_answers
    assert (exact.value, exact.tolerance, exact.fraction, exact.feedback) == (D(2017), D(0), D(1), "exacto")
    assert (close.value, close.tolerance, close.fraction, close.feedback) == (D(2017), D(2), D("0.5"), "cerca")


def test_moodles_own_numeric_export_form(report):
    right, other = by_name(report, "N4").question.numeric_answers
    assert (right.value, right.fraction, right.feedback) == (D(15), D(1), "Correcto")
    assert (other.is_catch_all, other.feedback) == (True, "Revise la ley")


def test_format_markers_on_items_answers_and_feedback_are_not_literal_text(report):
    m = by_name(report, "Relacionar").question
    assert m.text_format == "html"
    assert [(p.prompt, p.answer) for p in m.pairs] == [
        ("La autoridad de <i>México</i>.", "CONDUSEF"),
        ("La autoridad de Chile.", "SERNAC"),
        ("La autoridad de Perú.", "INDECOPI"),
        ("La autoridad de **Colombia**.", "SIC"),
        ("", "FTC"),
    ]
    single = by_name(report, "Horario").question
    assert [(c.text, c.fraction, c.feedback) for c in single.choices] == [
        ("07:00 a 22:00", D(1), "correcto"),
        ("08:00 a 20:00", D(0), "ése es el de <b>Chile</b>"),
        ("a cualquier hora", D(0), "nunca"),
    ]
    multi = by_name(report, "Conductas").question
    assert multi.type == QuestionType.MULTI
    assert [(c.text, c.fraction, c.feedback) for c in multi.choices][-1] == (
        "enviar un estado de cuenta",
        D(-1),
        "no",
    )


def test_short_answer_with_several_answers_and_a_wildcard(report):
    answers = by_name(report, "Corta").question.text_answers
    assert [(a.text, a.fraction, a.feedback) for a in answers] == [
        ("INDECOPI", D(1), "Bien"),
        ("Instituto de Defensa", D("0.5"), "Use la sigla"),
        ("*", D(0), "No"),
    ]


def test_true_false_with_feedback_and_general_feedback(report):
    tf = by_name(report, "VF").question
    assert [(c.key, c.fraction, c.feedback) for c in tf.choices] == [
        ("true", D(0), "Quedan fuera del conteo."),
        ("false", D(1), "Correcto."),
    ]
    assert tf.general_feedback == "Regulation F, §1006.14."


@pytest.mark.parametrize(
    ("source", "code", "line"),
    [
        ("::A:: x {#3:2~#mal\n=}", "gift.bad_number", 2),
        ("::A:: x\n{#3:dos}", "gift.bad_number", 2),
    ],
)
def test_a_broken_numeric_answer_still_names_its_line(source, code, line):
    r = parse_gift(source)
    assert [(e.code, e.line) for e in r.errors] == [(code, line)]


def test_moodles_id_and_tag_comment_gives_the_id_number_and_tags():
    r = parse_gift(
        "// question: 12  name: x\n// [id:CL\\]-7] [tag:cobranza] [tag:México] [tag:cobranza]\n::x:: Hola {T}\n\n::y:: Sin {F}\n"
    )
    x, y = r.questions
    assert (x.id_number, x.tags) == ("CL]-7", ("cobranza", "México"))
    assert (y.id_number, y.tags) == ("", ())


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("::A:: Capitales {~%33%Lima ~%33%Quito ~%34%Bogotá ~Cusco}", "gift.bad_weight"),
        ("::A:: Capitales {~%50%Lima ~%25%Quito ~Cusco}", "grades.multi_not_100"),
        ("::A:: Capital {=%50%Lima ~Cusco}", "grades.single_without_full_marks"),
    ],
)
def test_grades_follow_moodles_rules(source, code):
    report = parse_gift(source)
    assert report.questions == ()
    assert {(e.code, e.line) for e in report.errors} == {(code, 1)}


def test_thirds_and_the_grades_moodle_offers_are_accepted():
    report = parse_gift("::A:: Capitales {~%33.33333%Lima ~%33.33333%Quito ~%33.33333%Bogotá ~%-100%Cusco}")
    assert report.errors == ()

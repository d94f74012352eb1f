from decimal import Decimal as D

import pytest

from certification.engine.gift import parse_gift
from certification.engine.questions import QuestionType

GOOD = r"""// Banco de prueba: cobranza temprana
// otra línea de comentario

$CATEGORY: $course$/top/Cobranza temprana/Horarios

::MX-horario:: [html]¿En qué horario puede contactarse a un deudor en <b>México</b>?
{
  =07\:00 a 22\:00, hora del deudor #Correcto: CONDUSEF.
  ~08\:00 a 20\:00 #Ese es el horario de Chile.
  ~%-50%A cualquier hora #Nunca.
  ####Disposiciones de CONDUSEF (2014).
}

::TF-SMS:: Según Regulation F, los SMS cuentan para el límite 7-en-7.
{FALSE#Los correos y SMS quedan fuera del conteo.#Bien.}

// comentario entre preguntas
::TF-corto:: La Ley 2300 prohíbe preguntar por qué no pagó. {T}

::Autoridad PE:: ¿Qué autoridad aplica el Código de Protección al Consumidor en Perú?
{=INDECOPI =%50%Instituto Nacional de Defensa de la Competencia #Use la sigla}

::Días:: ¿Cuántos días después de una conversación se presume acoso si se vuelve a llamar? {#7}

::Tope:: Tope de gastos de cobranza en Chile (%) hasta 10 UF {#9:0.5}

::Rango:: Un número entre 1 y 5 {#1..5}

::Varios:: Año del Código Penal 284 Bis {#=2017:0 #Exacto =%50%2017:1 #Cerca}

$CATEGORY: Cumplimiento normativo

::Autoridades:: Relacione país y autoridad.
{
  =México -> CONDUSEF
  =Chile -> SERNAC
  =Perú -> INDECOPI
}

::Multi:: [markdown]Marque **todas** las conductas prohibidas en México:
{
  ~%50%Llamar desde números ocultos
  ~%50%Amenazar al deudor
  ~%-100%Identificarse con su nombre
}

La Ley {~2300 =1266 ~21.320} regula el reporte negativo en Colombia.

::Escapes:: Símbolos \= \~ \# \{ \} \\ y dos puntos\: todo bien {=a\=b}

::Ensayo:: Describa una llamada ideal. {}

::Descripción:: Esta sección trata sobre negociación.
"""


@pytest.fixture(scope="module")
def report():
    return parse_gift(GOOD)


def by_name(report, name):
    return next(q for q in report.questions if q.name == name)


def test_it_parses_a_good_file_without_errors(report):
    assert report.errors == ()
    assert len(report.questions) == 14
    assert report.counts_by_type() == {
        "single": 2,
        "truefalse": 2,
        "short": 2,
        "numeric": 4,
        "matching": 1,
        "multi": 1,
        "essay": 1,
        "description": 1,
    }


def test_essay_and_description_import_as_moodle_imports_them_not_skipped(report):
    assert report.skipped == ()
    essay, description = by_name(report, "Ensayo"), by_name(report, "Descripción")
    assert (essay.line, essay.question.type, essay.question.needs_marking) == (51, QuestionType.ESSAY, True)
    assert (description.line, description.question.type) == (53, QuestionType.DESCRIPTION)
    assert description.question.max_points == 0


def test_it_reads_multiple_choice_with_weights_feedback_and_format(report):
    q = by_name(report, "MX-horario")
    assert q.line == 6
    assert q.category == ("Cobranza temprana", "Horarios")
    snap = q.question
    assert snap.type == QuestionType.SINGLE
    assert snap.text_format == "html"
    assert snap.text.startswith("¿En qué horario") and "<b>México</b>" in snap.text
    assert [(c.text, c.fraction, c.feedback) for c in snap.choices] == [
        ("07:00 a 22:00, hora del deudor", D(1), "Correcto: CONDUSEF."),
        ("08:00 a 20:00", D(0), "Ese es el horario de Chile."),
        ("A cualquier hora", D("-0.5"), "Nunca."),
    ]
    assert snap.general_feedback == "Disposiciones de CONDUSEF (2014)."


def test_it_reads_true_false_with_wrong_then_right_feedback(report):
    snap = by_name(report, "TF-SMS").question
    true, false = snap.choices
    assert (true.key, true.fraction, true.feedback) == ("true", D(0), "Los correos y SMS quedan fuera del conteo.")
    assert (false.key, false.fraction, false.feedback) == ("false", D(1), "Bien.")
    assert by_name(report, "TF-corto").question.choices[0].fraction == D(1)


def test_it_reads_short_answers(report):
    snap = by_name(report, "Autoridad PE").question
    assert [(a.text, a.fraction, a.feedback) for a in snap.text_answers] == [
        ("INDECOPI", D(1), ""),
        ("Instituto Nacional de Defensa de la Competencia", D("0.5"), "Use la sigla"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Días", [(D(7), D(0), None, None, D(1))]),
        ("Tope", [(D(9), D("0.5"), None, None, D(1))]),
        ("Rango", [(None, D(0), D(1), D(5), D(1))]),
        ("Varios", [(D(2017), D(0), None, None, D(1)), (D(2017), D(1), None, None, D("0.5"))]),
    ],
)
def test_it_reads_numeric_answers(report, name, expected):
    answers = by_name(report, name).question.numeric_answers
    assert [(a.value, a.tolerance, a.low, a.high, a.fraction) for a in answers] == expected


def test_it_reads_matching_and_category_changes(report):
    q = by_name(report, "Autoridades")
    assert q.category == ("Cumplimiento normativo",)
    assert [(p.prompt, p.answer) for p in q.question.pairs] == [
        ("México", "CONDUSEF"),
        ("Chile", "SERNAC"),
        ("Perú", "INDECOPI"),
    ]


def test_it_reads_multiple_response_when_no_answer_has_equals(report):
    snap = by_name(report, "Multi").question
    assert snap.type == QuestionType.MULTI
    assert snap.text_format == "markdown"
    assert [c.fraction for c in snap.choices] == [D("0.5"), D("0.5"), D(-1)]


def test_it_reads_missing_word_questions_and_names_them(report):
    q = next(q for q in report.questions if q.name.startswith("La Ley"))
    assert q.question.text == "La Ley _____ regula el reporte negativo en Colombia."
    assert [c.fraction for c in q.question.choices] == [D(0), D(1), D(0)]


def test_it_unescapes_special_characters(report):
    q = by_name(report, "Escapes")
    assert q.question.text == "Símbolos = ~ # { } \\ y dos puntos: todo bien"
    assert q.question.text_answers[0].text == "a=b"


def test_it_accepts_crlf_and_bom():
    report = parse_gift("\ufeff::A:: Pregunta {T}\r\n\r\n::B:: Otra {F}\r\n")
    assert [q.name for q in report.questions] == ["A", "B"]
    assert report.errors == ()


BAD = """\
::ok:: Una buena {T}

::sin cierre:: Pregunta {=a ~b

::cierre suelto:: Pregunta } {=a}

::peso malo:: Pregunta {
  =uno
  ~%abc%dos
}

::sin correcta:: Pregunta {~a ~b}

::matching roto:: Empareja {
  =a -> 1
  =b
}

::matching corto:: Empareja {=a -> 1}

::numero malo:: Cuánto {#abc}

::rango invertido:: Cuánto {#5..1}

::dos bloques:: Uno {=a} dos {=b}

::título sin cerrar Pregunta {T}

{=sin texto}

$CATEGORY:

::anidado:: Texto { =a { =b } }

::formato raro:: Texto {xyz}
"""


def test_it_reports_every_error_with_its_line():
    report = parse_gift(BAD)
    found = [(e.code, e.line) for e in report.errors]
    assert found == [
        ("gift.unclosed_brace", 3),
        ("gift.unexpected_close_brace", 5),
        ("gift.bad_weight", 9),
        ("gift.no_correct_answer", 12),
        ("gift.matching_malformed_pair", 16),
        ("gift.matching_too_few_pairs", 19),
        ("gift.bad_number", 21),
        ("gift.bad_range", 23),
        ("gift.multiple_answer_blocks", 25),
        ("gift.unclosed_title", 27),
        ("gift.empty_question_text", 29),
        ("gift.bad_category", 31),
        ("gift.nested_brace", 33),
        ("gift.unknown_answer_format", 35),
    ]
    # the good question is still read, but the caller must not store anything
    assert [q.name for q in report.questions] == ["ok"]
    assert not report.ok


def test_it_carries_params_for_translation():
    report = parse_gift("::n:: Cuánto {#1..x}")
    (error,) = report.errors
    assert error.code == "gift.bad_number" and error.params == {"value": "1..x"}

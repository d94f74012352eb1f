from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certification.engine.grading import (
    Response,
    grade_attempt,
    grade_question,
    multi_weights,
    normalise_text,
    ordering_fraction,
    parse_number,
)
from certification.engine.questions import (
    Choice,
    MatchPair,
    NumericAnswer,
    QuestionSnapshot,
    QuestionType,
    TextAnswer,
    snapshot_from_dict,
    snapshot_to_dict,
)

SINGLE = QuestionSnapshot(
    key="q1",
    type=QuestionType.SINGLE,
    text="¿Horario de contacto en México?",
    points=D(2),
    choices=(
        Choice("a", "07:00–22:00", D(1), "Correcto"),
        Choice("b", "08:00–20:00", D(0), "Eso es Chile"),
        Choice("c", "Casi", D("0.5")),
        Choice("d", "Nunca", D("-0.5")),
    ),
)

TRUE_FALSE = QuestionSnapshot(
    key="tf",
    type=QuestionType.TRUE_FALSE,
    text="Los SMS cuentan para el 7-en-7.",
    choices=(Choice("true", "Verdadero", D(0)), Choice("false", "Falso", D(1))),
)

MULTI = QuestionSnapshot(
    key="m",
    type=QuestionType.MULTI,
    text="Prohibido en México",
    choices=(
        Choice("a", "Amenazar", D("0.5")),
        Choice("b", "Números ocultos", D("0.5")),
        Choice("c", "Identificarse", D(0)),
        Choice("d", "Documentar por escrito", D(0)),
    ),
)

MULTI_EXPLICIT = QuestionSnapshot(
    key="m2",
    type=QuestionType.MULTI,
    text="x",
    choices=(
        Choice("a", "A", D("1")),
        Choice("b", "B", D("1")),
        Choice("c", "C", D("1")),
        Choice("x", "X", D("-1")),
    ),
)

MATCHING = QuestionSnapshot(
    key="mt",
    type=QuestionType.MATCHING,
    text="Autoridad",
    pairs=(
        MatchPair("p1", "México", "CONDUSEF"),
        MatchPair("p2", "Chile", "SERNAC"),
        MatchPair("p3", "Perú", "INDECOPI"),
        MatchPair("p4", "Colombia", "SFC"),
        MatchPair("p5", "", "FTC"),
    ),
)

ORDERING = QuestionSnapshot(
    key="o",
    type=QuestionType.ORDERING,
    text="Ordena la llamada",
    choices=tuple(Choice(k, k.upper()) for k in ("a", "b", "c", "d", "e")),
)

SHORT = QuestionSnapshot(
    key="s",
    type=QuestionType.SHORT,
    text="Autoridad peruana",
    text_answers=(
        TextAnswer("INDECOPI"),
        TextAnswer("Instituto Nacional de Defensa*", D("0.5"), "Use la sigla"),
    ),
)

NUMERIC = QuestionSnapshot(
    key="n",
    type=QuestionType.NUMERIC,
    text="Tope Chile %",
    numeric_answers=(
        NumericAnswer(value=D(9), tolerance=D("0.5")),
        NumericAnswer(low=D(5), high=D(7), fraction=D("0.5"), feedback="Ese es otro tramo"),
    ),
)

SCENARIO = QuestionSnapshot(
    key="sc",
    type=QuestionType.SCENARIO,
    text="Transcripción de la llamada…",
    sub_questions=(
        QuestionSnapshot(
            key="sc.1",
            type=QuestionType.TRUE_FALSE,
            text="¿Verificó la identidad?",
            points=D(1),
            choices=(Choice("true", "V", D(1)), Choice("false", "F", D(0))),
        ),
        QuestionSnapshot(
            key="sc.2",
            type=QuestionType.SHORT,
            text="Autoridad",
            points=D(3),
            text_answers=(TextAnswer("SERNAC"),),
        ),
    ),
)


def choose(*keys):
    return Response(choice_keys=frozenset(keys))


@pytest.mark.parametrize(
    ("response", "fraction", "points"),
    [
        (choose("a"), D(1), D(2)),
        (choose("b"), D(0), D(0)),
        (choose("c"), D("0.5"), D(1)),
        (choose("d"), D(0), D(0)),  # negative weights floor at 0 for single choice
        (choose("a", "b"), D(0), D(0)),  # tampered: two keys on a single choice
        (choose("zz"), D(0), D(0)),  # unknown key
        (None, D(0), D(0)),
    ],
)
def test_it_grades_single_choice(response, fraction, points):
    result = grade_question(SINGLE, response)
    assert result.fraction == fraction
    assert result.points == points
    assert result.max_points == D(2)


def test_it_gives_per_choice_feedback_for_chosen_choices_only():
    result = grade_question(SINGLE, choose("b"))
    by_key = {i.key: i for i in result.items}
    assert by_key["b"].feedback == "Eso es Chile" and by_key["b"].chosen
    assert by_key["a"].feedback == "" and by_key["a"].correct and not by_key["a"].chosen


@pytest.mark.parametrize(
    ("keys", "fraction"),
    [({"false"}, D(1)), ({"true"}, D(0)), (set(), D(0))],
)
def test_it_grades_true_false(keys, fraction):
    assert grade_question(TRUE_FALSE, choose(*keys)).fraction == fraction


@pytest.mark.parametrize(
    ("keys", "fraction"),
    [
        ({"a", "b"}, D(1)),
        ({"a"}, D("0.5")),
        ({"a", "c"}, D(0)),  # 0.5 - 1/2 default penalty
        ({"a", "b", "c"}, D("0.5")),
        ({"a", "b", "c", "d"}, D(0)),  # ticking every box earns nothing
        ({"c", "d"}, D(0)),  # floored
        (set(), D(0)),
    ],
)
def test_it_grades_multiple_response_with_default_penalty(keys, fraction):
    assert grade_question(MULTI, choose(*keys)).fraction == fraction


@pytest.mark.parametrize(
    ("keys", "fraction"),
    [
        ({"a", "b", "c"}, D(1)),  # weights 1,1,1 normalised to thirds
        ({"a"}, D("0.3333")),
        ({"a", "b"}, D("0.6667")),
        ({"a", "b", "c", "x"}, D(0)),  # explicit -100 % penalty
    ],
)
def test_it_normalises_positive_weights_and_uses_explicit_penalties(keys, fraction):
    assert grade_question(MULTI_EXPLICIT, choose(*keys)).fraction == fraction


def test_it_exposes_multi_weights():
    weights = multi_weights(MULTI)
    assert weights == {"a": D("0.5"), "b": D("0.5"), "c": D("-0.5"), "d": D("-0.5")}


@pytest.mark.parametrize(
    ("matches", "fraction"),
    [
        ({"p1": "CONDUSEF", "p2": "SERNAC", "p3": "INDECOPI", "p4": "SFC"}, D(1)),
        ({"p1": "condusef", "p2": "SERNAC", "p3": "FTC", "p4": "SFC"}, D("0.75")),
        ({"p1": "SERNAC", "p2": "CONDUSEF"}, D(0)),
        ({"p1": "CONDUSEF"}, D("0.25")),
        ({}, D(0)),
    ],
)
def test_it_grades_matching_per_pair(matches, fraction):
    response = Response(matches=tuple(matches.items()))
    assert grade_question(MATCHING, response).fraction == fraction


@pytest.mark.parametrize(
    ("order", "fraction"),
    [
        ("abcde", D(1)),
        ("edcba", D(0)),
        ("bcdea", D("0.75")),  # one item moved to the end
        ("abdce", D("0.25")),  # only "ab" stays adjacent
        ("abcd", D(0)),  # missing item
        ("abcdd", D(0)),  # duplicate
        ("", D(0)),
    ],
)
def test_it_grades_ordering_by_adjacent_pairs(order, fraction):
    result = grade_question(ORDERING, Response(order=tuple(order)))
    assert result.fraction == fraction


def test_it_computes_ordering_fraction_for_a_swap():
    # a b d c e: pairs ab (ok) bd (no) dc (no) ce (no) -> 1/4
    assert ordering_fraction(list("abcde"), list("abdce")) == D("0.25")


@given(st.permutations(list("abcdef")))
def test_ordering_fraction_stays_in_range(order):
    value = ordering_fraction(list("abcdef"), list(order))
    assert D(0) <= value <= D(1)
    assert (value == D(1)) == (list(order) == list("abcdef"))


@pytest.mark.parametrize(
    ("text", "fraction"),
    [
        ("INDECOPI", D(1)),
        ("  indecopi ", D(1)),
        ("Índecopí", D(1)),  # accents ignored
        ("instituto  nacional de defensa de la competencia", D("0.5")),  # wildcard
        ("SERNAC", D(0)),
        ("", D(0)),
    ],
)
def test_it_grades_short_answers(text, fraction):
    assert grade_question(SHORT, Response(text=text)).fraction == fraction


def test_it_returns_feedback_of_matching_short_answer():
    result = grade_question(SHORT, Response(text="Instituto Nacional de Defensa X"))
    assert result.feedback == "Use la sigla"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Ação  Ñandú", "acao nandu"), ("\tHOLA\n mundo ", "hola mundo"), ("ﬁ", "fi")],
)
def test_it_normalises_text(value, expected):
    assert normalise_text(value) == expected


@pytest.mark.parametrize(
    ("text", "fraction"),
    [
        ("9", D(1)),
        ("9,4", D(1)),
        ("8.5", D(1)),
        ("9.6", D(0)),
        ("6", D("0.5")),
        ("7", D("0.5")),
        ("abc", D(0)),
        ("", D(0)),
    ],
)
def test_it_grades_numeric_with_tolerance_and_ranges(text, fraction):
    assert grade_question(NUMERIC, Response(text=text)).fraction == fraction


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,5", D("3.5")),
        ("1.500,25", D("1500.25")),
        ("1,500.25", D("1500.25")),
        ("+7", D(7)),
        ("1 500", D(1500)),
        ("nan", None),
        ("inf", None),
        ("x", None),
    ],
)
def test_it_parses_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sub", "fraction", "points"),
    [
        ((("sc.1", choose("true")), ("sc.2", Response(text="sernac"))), D(1), D(4)),
        ((("sc.1", choose("true")),), D("0.25"), D(1)),
        ((("sc.2", Response(text="SERNAC")),), D("0.75"), D(3)),
        ((), D(0), D(0)),
    ],
)
def test_it_grades_scenarios_as_their_sub_questions(sub, fraction, points):
    result = grade_question(SCENARIO, Response(sub_responses=sub))
    assert result.fraction == fraction
    assert result.points == points
    assert result.max_points == D(4)
    assert len(result.sub_results) == 2


def test_it_does_not_autograde_essays():
    essay = QuestionSnapshot(key="e", type=QuestionType.ESSAY, text="Explique")
    result = grade_question(essay, Response(text="algo"))
    assert not result.auto_graded and result.fraction == 0


def test_it_grades_an_attempt_and_decides_pass():
    questions = [SINGLE, TRUE_FALSE, MULTI, SCENARIO]  # max 2 + 1 + 1 + 4 = 8
    responses = {
        "q1": choose("a"),
        "tf": choose("false"),
        "m": choose("a"),
        "sc": Response(sub_responses=(("sc.2", Response(text="SERNAC")),)),
        "not-in-attempt": choose("a"),
    }
    result = grade_attempt(questions, responses, passing_score=D(80))
    assert result.max_points == D(8)
    assert result.total_points == D("6.5")
    assert result.percentage == D("81.25")
    assert result.passed
    assert not grade_attempt(questions, responses, passing_score=D("81.26")).passed


def test_it_fails_an_empty_attempt():
    result = grade_attempt([], {}, passing_score=D(0))
    assert not result.passed and result.percentage == 0


@pytest.mark.parametrize("question", [SINGLE, TRUE_FALSE, MULTI, MATCHING, ORDERING, SHORT, NUMERIC, SCENARIO])
def test_it_round_trips_snapshots_through_json(question):
    assert snapshot_from_dict(snapshot_to_dict(question)) == question


@given(st.sets(st.sampled_from(["a", "b", "c", "d"])))
def test_multi_fraction_is_always_between_zero_and_one(keys):
    fraction = grade_question(MULTI, choose(*keys)).fraction
    assert D(0) <= fraction <= D(1)

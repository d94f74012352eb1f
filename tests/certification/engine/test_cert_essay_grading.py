"""Essays are marked by a person; descriptions are worth nothing (issue #13 §3)."""

from decimal import Decimal as D

from certification.engine.grading import Response, grade_attempt
from certification.engine.questions import Choice, QuestionSnapshot, QuestionType

SINGLE = QuestionSnapshot(
    key="s",
    type=QuestionType.SINGLE,
    text="?",
    choices=(Choice(key="a", text="a", fraction=D(1)), Choice(key="b", text="b")),
)
ESSAY = QuestionSnapshot(key="e", type=QuestionType.ESSAY, text="Explique", points=D(3), grader_info="Tres ideas")
INFO = QuestionSnapshot(key="d", type=QuestionType.DESCRIPTION, text="Lea el caso", points=D(0))
RESPONSES = {"s": Response(choice_keys=frozenset({"a"})), "e": Response(text="Mi respuesta")}


def test_an_unmarked_essay_keeps_the_attempt_pending_and_not_passed():
    result = grade_attempt([SINGLE, ESSAY, INFO], RESPONSES, passing_score=D(20))
    assert result.pending == ("e",)
    assert result.passed is False
    assert (result.total_points, result.max_points) == (D(1), D(4))


def test_a_marked_essay_counts_its_mark_and_the_attempt_can_pass():
    result = grade_attempt([SINGLE, ESSAY, INFO], RESPONSES, passing_score=D(75), marks={"e": D("0.6667")})
    assert result.pending == ()
    essay = next(r for r in result.questions if r.key == "e")
    assert (essay.points, essay.auto_graded) == (D("2.00"), False)
    assert (result.total_points, result.max_points, result.percentage, result.passed) == (
        D("3.00"),
        D(4),
        D("75.00"),
        True,
    )


def test_a_description_is_information_worth_nothing():
    result = grade_attempt([INFO], {}, passing_score=D(50))
    (info,) = result.questions
    assert (info.max_points, info.points) == (D(0), D(0))
    assert result.pending == () and result.max_points == 0

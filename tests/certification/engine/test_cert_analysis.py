from decimal import Decimal as D

import pytest

from certification.engine.analysis import (
    AttemptRecord,
    ItemResponse,
    QuestionInfo,
    analyse_exam,
    cronbach_alpha,
    kr20,
    pearson,
    upper_lower,
)


def attempt(i, scores, choices=None):
    choices = choices or {}
    items = tuple(ItemResponse(k, D(v), tuple(choices.get(k, ()))) for k, v in scores.items())
    pct = sum(scores.values()) / len(scores) * 100
    return AttemptRecord(i, pct, pct >= 60, items)


def test_cronbach_alpha_matches_a_hand_computation():
    # 4 people x 3 items; totals 3,2,1,0 -> var 1.25; item vars .1875,.25,.1875 -> sum .625
    matrix = [[1, 1, 1], [1, 1, 0], [0, 1, 0], [0, 0, 0]]
    assert cronbach_alpha(matrix) == pytest.approx(1.5 * (1 - 0.625 / 1.25))
    assert kr20(matrix) == pytest.approx(cronbach_alpha(matrix))


@pytest.mark.parametrize(
    "matrix",
    [[], [[1, 0]], [[1], [0]], [[1, 1], [1, 1]]],
)
def test_reliability_is_none_when_undefined(matrix):
    assert cronbach_alpha(matrix) is None


def test_kr20_is_none_for_partial_credit():
    assert kr20([[0.5, 1], [0, 1], [1, 0]]) is None


def test_pearson_and_upper_lower():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1)
    assert pearson([1, 1], [0, 1]) is None
    assert upper_lower([(10, 1), (9, 1), (1, 0), (0, 0)]) == 1
    assert upper_lower([(10, 0), (0, 1)]) == -1


def test_it_flags_broken_items_and_summarises_the_exam():
    attempts = []
    for i in range(20):
        strong = i >= 10  # ability grows with i
        scores = {
            "good": 1 if strong else 0,  # discriminates
            "reversed": 1 if i < 5 else 0,  # the weakest get it right
            "easy": 1,  # everyone right
            "hard": 1 if i == 19 else 0,
            "other1": 1 if i >= 8 else 0,
            "other2": 1 if i >= 12 else 0,
        }
        choices = {"good": ["a"] if strong else ["b"]}
        attempts.append(attempt(i, scores, choices))
    info = {"good": QuestionInfo("good", ("a", "b", "c"), frozenset({"a"}))}
    result = analyse_exam(attempts, info)
    items = {i.key: i for i in result.items}
    assert result.attempts == 20
    assert result.pass_rate == pytest.approx(sum(a.passed for a in attempts) / 20)
    assert 0 < result.pass_rate < 1
    assert result.common_items == 6
    assert result.cronbach_alpha is not None
    assert items["good"].facility == pytest.approx(0.5)
    assert items["good"].point_biserial > 0.5
    assert items["good"].upper_lower == pytest.approx(1)
    assert items["good"].distribution == (("a", 10), ("b", 10), ("c", 0))
    assert "unused_distractor" in items["good"].flags
    assert "negative_discrimination" in items["reversed"].flags
    assert "too_easy" in items["easy"].flags
    assert "too_hard" in items["hard"].flags


def test_it_marks_small_samples():
    result = analyse_exam([attempt(1, {"q": 1, "r": 0}), attempt(2, {"q": 0, "r": 1})])
    assert all(i.flags == ("few_responses",) for i in result.items)


def test_it_handles_no_attempts():
    result = analyse_exam([])
    assert result.attempts == 0 and result.items == ()

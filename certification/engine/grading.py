"""Grading of questions and attempts. Pure Python: no Django, no clock, no I/O.

Every question yields a score fraction in [0, 1] (``Decimal``). Rules per type:

single choice, true/false
    The fraction of the chosen choice, floored at 0. No answer, an unknown key or more than
    one chosen key scores 0.

multiple response
    ``multi_scoring="moodle"`` (imported questions): Moodle's rule, the chosen answers' grades
    added, floored at 0 and capped at 1 (a 0 % answer neither adds nor deducts).
    ``multi_scoring="acredita"``: choices with a positive weight are correct. Positive weights are normalised so that
    together they are worth 1 (``=%50%a =%50%b`` and ``=a =b`` mean the same thing).
    Each chosen correct choice adds its (normalised) weight; each chosen wrong choice
    subtracts its penalty: ``-weight`` when the weight is negative, otherwise
    ``1 / number of correct choices``. The sum is floored at 0 and capped at 1, so ticking
    every box never earns credit and an empty answer scores 0.

matching
    One equal share per prompt (distractor answers have no prompt and are not counted):
    ``correct pairs / prompts``.

ordering
    Adjacent-pair rule: each neighbouring pair in the answer that is also neighbouring, in
    the same order, in the correct sequence earns ``1 / (n - 1)``. A complete reversal
    scores 0; moving one item to the wrong end keeps most of the credit. An answer that is
    not a permutation of the items scores 0.

short answer
    Compared after normalisation: Unicode NFKD, accents removed, case-folded, runs of
    whitespace collapsed to one space, trimmed. ``*`` in an accepted answer matches any
    run of characters. The best fraction among matching accepted answers wins.

numeric
    Decimal comma or point (``3,5`` = ``3.5``), spaces and a leading ``+`` ignored. An
    answer matches when the value is within ``value ± tolerance`` or inside ``low..high``
    (inclusive). The best fraction among matching answers wins. A catch-all answer
    (Moodle's ``*``, no value and no range) applies to any non-empty response that no other
    answer matched.

scenario
    Each sub-question is graded by its own rule; the scenario's fraction is the
    points-weighted mean, and its maximum is the sum of the sub-questions' points.

essay
    Marked by a person: ``grade_attempt(marks={key: fraction})``. Until then fraction 0,
    ``auto_graded`` False, and the attempt lists it in ``pending``.

description
    Information only: maximum 0 points.

Attempt: ``total_points = Σ fraction × max_points`` (rounded to 0.01 per question),
``percentage = total / max × 100`` rounded half-up to 0.01, ``passed = percentage >=
passing_score`` and nothing ``pending`` (an unmarked essay keeps the attempt from passing
until it is marked).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .questions import QuestionSnapshot, QuestionType

ZERO = Decimal(0)
ONE = Decimal(1)
FRACTION_Q = Decimal("0.0001")
POINTS_Q = Decimal("0.01")


@dataclass(frozen=True)
class Response:
    """An agent's answer to one question.

    - choice questions: ``choice_keys`` (one key for single/true-false)
    - short/numeric: ``text``
    - matching: ``matches`` = ((pair key, chosen answer text), ...)
    - ordering: ``order`` = choice keys in the agent's order
    - scenario: ``sub_responses`` = ((sub-question key, Response), ...)
    """

    choice_keys: frozenset[str] = frozenset()
    text: str = ""
    matches: tuple[tuple[str, str], ...] = ()
    order: tuple[str, ...] = ()
    sub_responses: tuple[tuple[str, Response], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.choice_keys
            or self.text.strip()
            or self.matches
            or self.order
            or any(not r.is_empty for _, r in self.sub_responses)
        )

    def sub(self, key: str) -> Response:
        for k, r in self.sub_responses:
            if k == key:
                return r
        return EMPTY


EMPTY = Response()


@dataclass(frozen=True)
class ItemFeedback:
    """Feedback for one choice / pair / accepted answer, shown only after close."""

    key: str
    chosen: bool
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class QuestionResult:
    key: str
    type: QuestionType
    fraction: Decimal
    max_points: Decimal
    points: Decimal
    answered: bool
    auto_graded: bool = True
    items: tuple[ItemFeedback, ...] = ()
    feedback: str = ""
    general_feedback: str = ""
    sub_results: tuple[QuestionResult, ...] = ()

    @property
    def correct(self) -> bool:
        return self.fraction >= ONE


@dataclass(frozen=True)
class AttemptResult:
    total_points: Decimal
    max_points: Decimal
    percentage: Decimal
    passed: bool
    passing_score: Decimal
    questions: tuple[QuestionResult, ...] = field(default=())
    #: keys of the essays not marked yet: the result is provisional while any remain
    pending: tuple[str, ...] = ()


def _clamp(value: Decimal) -> Decimal:
    if value < ZERO:
        return ZERO
    if value > ONE:
        return ONE
    return value.quantize(FRACTION_Q, rounding=ROUND_HALF_UP)


def normalise_text(value: str) -> str:
    """Case-, accent- and whitespace-insensitive form used to compare short answers."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def _pattern_matches(accepted: str, given: str) -> bool:
    norm_accepted = normalise_text(accepted)
    if "*" not in norm_accepted:
        return norm_accepted == given
    regex = ".*".join(re.escape(part) for part in norm_accepted.split("*"))
    return re.fullmatch(regex, given) is not None


def parse_number(value: str) -> Decimal | None:
    """Parse an agent's number: ``3,5``, ``3.5``, `` +3 ``, ``1 500``. None if not a number."""
    text = value.strip().replace(" ", "").replace("\u00a0", "").lstrip("+")
    if not text:
        return None
    if "," in text and "." in text:
        # the last separator is the decimal one: 1.500,25 or 1,500.25
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number


def _choice_result(q: QuestionSnapshot, response: Response, fraction: Decimal, answered: bool):
    items = tuple(
        ItemFeedback(
            key=c.key,
            chosen=c.key in response.choice_keys,
            correct=c.fraction > ZERO,
            feedback=c.feedback if c.key in response.choice_keys else "",
        )
        for c in q.choices
    )
    return _result(q, fraction, answered, items=items)


def _result(
    q: QuestionSnapshot,
    fraction: Decimal,
    answered: bool,
    *,
    items: tuple[ItemFeedback, ...] = (),
    feedback: str = "",
    auto_graded: bool = True,
    sub_results: tuple[QuestionResult, ...] = (),
    max_points: Decimal | None = None,
    points: Decimal | None = None,
) -> QuestionResult:
    fraction = _clamp(fraction)
    max_pts = q.max_points if max_points is None else max_points
    pts = (fraction * max_pts).quantize(POINTS_Q, rounding=ROUND_HALF_UP) if points is None else points
    return QuestionResult(
        key=q.key,
        type=q.type,
        fraction=fraction,
        max_points=max_pts,
        points=pts,
        answered=answered,
        auto_graded=auto_graded,
        items=items,
        feedback=feedback,
        general_feedback=q.general_feedback,
        sub_results=sub_results,
    )


def _grade_single(q: QuestionSnapshot, r: Response) -> QuestionResult:
    answered = bool(r.choice_keys)
    by_key = {c.key: c for c in q.choices}
    if len(r.choice_keys) != 1:
        return _choice_result(q, r, ZERO, answered)
    (key,) = tuple(r.choice_keys)
    choice = by_key.get(key)
    fraction = choice.fraction if choice is not None else ZERO
    return _choice_result(q, r, fraction, answered)


def multi_weights(q: QuestionSnapshot) -> dict[str, Decimal]:
    """Effective weight of each choice under the question's multiple-response rule (see
    module doc): Moodle's (the grades as they are) or Acredita's (0 % answers deduct)."""
    if q.multi_scoring == "moodle":
        return {c.key: c.fraction for c in q.choices}
    positives = [c for c in q.choices if c.fraction > ZERO]
    total_positive = sum((c.fraction for c in positives), ZERO)
    default_penalty = ONE / len(positives) if positives else ONE
    weights: dict[str, Decimal] = {}
    for c in q.choices:
        if c.fraction > ZERO:
            weights[c.key] = c.fraction / total_positive
        elif c.fraction < ZERO:
            weights[c.key] = c.fraction
        else:
            weights[c.key] = -default_penalty
    return weights


def _grade_multi(q: QuestionSnapshot, r: Response) -> QuestionResult:
    weights = multi_weights(q)
    chosen = [k for k in r.choice_keys if k in weights]
    fraction = sum((weights[k] for k in chosen), ZERO)
    return _choice_result(q, r, fraction, bool(r.choice_keys))


def _grade_matching(q: QuestionSnapshot, r: Response) -> QuestionResult:
    prompts = [p for p in q.pairs if p.prompt.strip()]
    given = dict(r.matches)
    items = []
    right = 0
    for p in prompts:
        answer = given.get(p.key)
        ok = answer is not None and normalise_text(answer) == normalise_text(p.answer)
        right += ok
        items.append(ItemFeedback(key=p.key, chosen=answer is not None, correct=ok))
    fraction = Decimal(right) / Decimal(len(prompts)) if prompts else ZERO
    return _result(q, fraction, bool(given), items=tuple(items))


def ordering_fraction(correct: Sequence[str], given: Sequence[str]) -> Decimal:
    """Adjacent-pair rule for ordering questions (see module doc)."""
    if len(correct) < 2 or sorted(correct) != sorted(given):
        return ONE if list(correct) == list(given) and correct else ZERO
    position = {key: i for i, key in enumerate(correct)}
    good = sum(1 for a, b in zip(given, given[1:], strict=False) if position[b] == position[a] + 1)
    return Decimal(good) / Decimal(len(correct) - 1)


def _grade_ordering(q: QuestionSnapshot, r: Response) -> QuestionResult:
    correct = [c.key for c in q.choices]
    fraction = ordering_fraction(correct, list(r.order))
    given_pos = {k: i for i, k in enumerate(r.order)}
    items = tuple(
        ItemFeedback(key=k, chosen=k in given_pos, correct=given_pos.get(k) == i) for i, k in enumerate(correct)
    )
    return _result(q, fraction, bool(r.order), items=items)


def _grade_short(q: QuestionSnapshot, r: Response) -> QuestionResult:
    given = normalise_text(r.text)
    best = None
    if given:
        for a in q.text_answers:
            if _pattern_matches(a.text, given) and (best is None or a.fraction > best.fraction):
                best = a
    fraction = best.fraction if best is not None else ZERO
    return _result(q, fraction, bool(given), feedback=best.feedback if best else "")


def _grade_numeric(q: QuestionSnapshot, r: Response) -> QuestionResult:
    number = parse_number(r.text)
    best = None
    if number is not None:
        for a in q.numeric_answers:
            if a.is_catch_all:
                continue
            low, high = a.bounds()
            if low <= number <= high and (best is None or a.fraction > best.fraction):
                best = a
    if best is None and r.text.strip():
        # Moodle's "*" answer: whatever was given, when no numeric answer matched.
        best = next((a for a in q.numeric_answers if a.is_catch_all), None)
    fraction = best.fraction if best is not None else ZERO
    return _result(q, fraction, bool(r.text.strip()), feedback=best.feedback if best else "")


def _grade_scenario(q: QuestionSnapshot, r: Response) -> QuestionResult:
    subs = tuple(grade_question(s, r.sub(s.key)) for s in q.sub_questions)
    max_pts = sum((s.max_points for s in subs), ZERO)
    pts = sum((s.points for s in subs), ZERO)
    fraction = pts / max_pts if max_pts else ZERO
    return _result(
        q,
        fraction,
        any(s.answered for s in subs),
        sub_results=subs,
        max_points=max_pts,
        points=pts,
    )


_GRADERS = {
    QuestionType.SINGLE: _grade_single,
    QuestionType.TRUE_FALSE: _grade_single,
    QuestionType.MULTI: _grade_multi,
    QuestionType.MATCHING: _grade_matching,
    QuestionType.ORDERING: _grade_ordering,
    QuestionType.SHORT: _grade_short,
    QuestionType.NUMERIC: _grade_numeric,
    QuestionType.SCENARIO: _grade_scenario,
}


def grade_question(question: QuestionSnapshot, response: Response | None) -> QuestionResult:
    """Grade one question. ``None`` means no answer."""
    response = response or EMPTY
    if question.type == QuestionType.DESCRIPTION:
        return _result(question, ZERO, False, max_points=ZERO, points=ZERO)
    grader = _GRADERS.get(question.type)
    if grader is None:
        return _result(question, ZERO, not response.is_empty, auto_graded=False)
    return grader(question, response)


def _marked(question: QuestionSnapshot, response: Response | None, fraction: Decimal) -> QuestionResult:
    response = response or EMPTY
    return _result(question, fraction, not response.is_empty, auto_graded=False)


def grade_attempt(
    questions: Iterable[QuestionSnapshot],
    responses: Mapping[str, Response],
    *,
    passing_score: Decimal,
    marks: Mapping[str, Decimal] | None = None,
) -> AttemptResult:
    """Grade every question of an attempt. ``responses`` is keyed by question key;
    keys that are not questions of the attempt are ignored. ``passing_score`` is a
    percentage (0-100). ``marks`` are the fractions people gave essays, by key."""
    marks = marks or {}
    questions = tuple(questions)
    results = tuple(
        _marked(q, responses.get(q.key), marks[q.key])
        if q.needs_marking and q.key in marks
        else grade_question(q, responses.get(q.key))
        for q in questions
    )
    pending = tuple(q.key for q in questions if q.needs_marking and q.key not in marks)
    total = sum((r.points for r in results), ZERO)
    maximum = sum((r.max_points for r in results), ZERO)
    if maximum:
        percentage = (total / maximum * 100).quantize(POINTS_Q, rounding=ROUND_HALF_UP)
    else:
        percentage = ZERO.quantize(POINTS_Q)
    return AttemptResult(
        total_points=total,
        max_points=maximum,
        percentage=percentage,
        passed=bool(maximum) and percentage >= passing_score and not pending,
        passing_score=passing_score,
        questions=results,
        pending=pending,
    )

"""Plain question model shared by grading, importers and storage.

A `QuestionSnapshot` is everything needed to show and grade one question version. It is
frozen: the Django layer stores it as JSON (``snapshot_to_dict``/``snapshot_from_dict``) on
a question version, and an attempt keeps the version it saw.

Fractions are ``Decimal`` values: ``1`` is fully correct, ``0`` is wrong, negative values
are penalties (multiple response only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    TRUE_FALSE = "truefalse"
    MATCHING = "matching"
    ORDERING = "ordering"
    SHORT = "short"
    NUMERIC = "numeric"
    SCENARIO = "scenario"
    ESSAY = "essay"
    DESCRIPTION = "description"


#: Types the grading engine can mark on its own.
AUTO_GRADABLE = frozenset(
    {
        QuestionType.SINGLE,
        QuestionType.MULTI,
        QuestionType.TRUE_FALSE,
        QuestionType.MATCHING,
        QuestionType.ORDERING,
        QuestionType.SHORT,
        QuestionType.NUMERIC,
        QuestionType.SCENARIO,
    }
)

TRUE_KEY = "true"
FALSE_KEY = "false"


@dataclass(frozen=True)
class Choice:
    """A choice of a single/multiple/true-false question, or an item of an ordering one."""

    key: str
    text: str
    fraction: Decimal = Decimal(0)
    feedback: str = ""


@dataclass(frozen=True)
class MatchPair:
    """A matching pair. An empty ``prompt`` makes ``answer`` a distractor."""

    key: str
    prompt: str
    answer: str


@dataclass(frozen=True)
class TextAnswer:
    """An accepted short answer. ``*`` in ``text`` matches any run of characters."""

    text: str
    fraction: Decimal = Decimal(1)
    feedback: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    """``value`` ± ``tolerance``, or the closed range ``low``..``high`` when both are set.

    With neither a value nor a range it is Moodle's ``*`` "any other answer": it matches
    every response (usually at 0 %, carrying the feedback for a wrong number).
    """

    value: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    low: Decimal | None = None
    high: Decimal | None = None
    fraction: Decimal = Decimal(1)
    feedback: str = ""

    @property
    def is_catch_all(self) -> bool:
        return self.value is None and self.low is None and self.high is None

    def bounds(self) -> tuple[Decimal, Decimal]:
        if self.low is not None and self.high is not None:
            return self.low, self.high
        if self.value is None:
            raise ValueError("numeric answer without value or range")
        tol = abs(self.tolerance)
        return self.value - tol, self.value + tol


@dataclass(frozen=True)
class QuestionSnapshot:
    """One question version as shown in an attempt.

    - single / truefalse / multi: ``choices`` (true/false use keys ``true`` and ``false``)
    - ordering: ``choices`` listed in the correct order (fractions unused)
    - matching: ``pairs``
    - short: ``text_answers``
    - numeric: ``numeric_answers``
    - scenario: ``text`` is the shared case; ``sub_questions`` are graded one by one
    - essay: a text answer a person marks (``grader_info`` is the markers' rubric)
    - description: information only, worth no points
    """

    key: str
    type: QuestionType
    text: str
    points: Decimal = Decimal(1)
    #: "moodle" (Moodle's own: HTML allowed, new lines kept), "html", "markdown" or "plain"
    text_format: str = "plain"
    choices: tuple[Choice, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    text_answers: tuple[TextAnswer, ...] = ()
    numeric_answers: tuple[NumericAnswer, ...] = ()
    sub_questions: tuple[QuestionSnapshot, ...] = ()
    general_feedback: str = ""
    #: essay: Moodle's "information for graders" (the rubric markers see)
    grader_info: str = ""
    #: multiple response: "moodle" (each chosen answer adds its grade, 0 % adds nothing; what
    #: imported questions get) or "acredita" (a chosen 0 % answer deducts 1 / number of right ones)
    multi_scoring: str = "acredita"
    #: what Moodle keeps that Acredita only carries (and honours where it can), by Moodle's
    #: element name: penalty, shuffleanswers, answernumbering, showstandardinstruction,
    #: correctfeedback, partiallycorrectfeedback, incorrectfeedback; sorted by name
    moodle: tuple[tuple[str, str], ...] = ()
    #: Moodle's hints (shown in its interactive mode), in order
    hints: tuple[str, ...] = ()

    def moodle_option(self, name: str, default: str = "") -> str:
        return dict(self.moodle).get(name, default)

    @property
    def auto_gradable(self) -> bool:
        return self.type in AUTO_GRADABLE

    @property
    def needs_marking(self) -> bool:
        """An essay: a person marks it (the attempt's result waits for that)."""
        return self.type == QuestionType.ESSAY

    @property
    def max_points(self) -> Decimal:
        if self.type == QuestionType.SCENARIO:
            return sum((q.max_points for q in self.sub_questions), Decimal(0))
        if self.type == QuestionType.DESCRIPTION:
            return Decimal(0)  # Moodle: a description is information, worth nothing
        return self.points


# --- JSON (de)serialisation -------------------------------------------------------------


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def snapshot_to_dict(q: QuestionSnapshot) -> dict[str, Any]:
    """A JSON-safe dict (Decimals as strings)."""
    return {
        "key": q.key,
        "type": q.type.value,
        "text": q.text,
        "points": str(q.points),
        "text_format": q.text_format,
        "choices": [
            {"key": c.key, "text": c.text, "fraction": str(c.fraction), "feedback": c.feedback} for c in q.choices
        ],
        "pairs": [{"key": p.key, "prompt": p.prompt, "answer": p.answer} for p in q.pairs],
        "text_answers": [{"text": a.text, "fraction": str(a.fraction), "feedback": a.feedback} for a in q.text_answers],
        "numeric_answers": [
            {
                "value": _dec(a.value),
                "tolerance": str(a.tolerance),
                "low": _dec(a.low),
                "high": _dec(a.high),
                "fraction": str(a.fraction),
                "feedback": a.feedback,
            }
            for a in q.numeric_answers
        ],
        "sub_questions": [snapshot_to_dict(s) for s in q.sub_questions],
        "general_feedback": q.general_feedback,
        **({"grader_info": q.grader_info} if q.grader_info else {}),
        **({"multi_scoring": q.multi_scoring} if q.type == QuestionType.MULTI else {}),
        **({"moodle": dict(q.moodle)} if q.moodle else {}),
        **({"hints": list(q.hints)} if q.hints else {}),
    }


def snapshot_from_dict(data: dict[str, Any]) -> QuestionSnapshot:
    return QuestionSnapshot(
        key=str(data.get("key", "")),
        type=QuestionType(data["type"]),
        text=data.get("text", ""),
        points=Decimal(str(data.get("points", "1"))),
        text_format=data.get("text_format", "plain"),
        choices=tuple(
            Choice(
                key=str(c["key"]),
                text=c.get("text", ""),
                fraction=Decimal(str(c.get("fraction", "0"))),
                feedback=c.get("feedback", ""),
            )
            for c in data.get("choices", ())
        ),
        pairs=tuple(
            MatchPair(key=str(p["key"]), prompt=p.get("prompt", ""), answer=p["answer"]) for p in data.get("pairs", ())
        ),
        text_answers=tuple(
            TextAnswer(
                text=a["text"],
                fraction=Decimal(str(a.get("fraction", "1"))),
                feedback=a.get("feedback", ""),
            )
            for a in data.get("text_answers", ())
        ),
        numeric_answers=tuple(
            NumericAnswer(
                value=_undec(a.get("value")),
                tolerance=Decimal(str(a.get("tolerance", "0"))),
                low=_undec(a.get("low")),
                high=_undec(a.get("high")),
                fraction=Decimal(str(a.get("fraction", "1"))),
                feedback=a.get("feedback", ""),
            )
            for a in data.get("numeric_answers", ())
        ),
        sub_questions=tuple(snapshot_from_dict(s) for s in data.get("sub_questions", ())),
        general_feedback=data.get("general_feedback", ""),
        grader_info=data.get("grader_info", ""),
        multi_scoring=data.get("multi_scoring", "acredita"),
        moodle=tuple(sorted((str(k), str(v)) for k, v in (data.get("moodle") or {}).items())),
        hints=tuple(str(h) for h in data.get("hints", ())),
    )


@dataclass(frozen=True)
class ImportedQuestion:
    """A question read from a file, before it is stored.

    ``category`` is the category path (``("Cobranza temprana", "Horarios")``); ``line`` is
    the first line of the question in a GIFT file, ``index`` its 1-based position in a
    Moodle XML file.
    """

    name: str
    category: tuple[str, ...]
    question: QuestionSnapshot
    line: int | None = None
    index: int | None = None
    tags: tuple[str, ...] = ()
    id_number: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def auto_gradable(self) -> bool:
        return self.question.auto_gradable


@dataclass(frozen=True)
class ParseError:
    """An error found while reading a file. ``code`` is machine-readable; the Django layer
    translates it. ``line`` (GIFT) or ``index``/``name`` (XML) locate it."""

    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    line: int | None = None
    index: int | None = None
    name: str = ""
    detail: str = ""


@dataclass(frozen=True)
class SkippedItem:
    """A question read from a file but not imported, e.g. ``kind="essay"`` with
    ``reason="not_auto_gradable"``, or an unsupported Moodle XML type."""

    kind: str
    name: str
    reason: str
    line: int | None = None
    index: int | None = None


@dataclass(frozen=True)
class ImportReport:
    questions: tuple[ImportedQuestion, ...] = ()
    errors: tuple[ParseError, ...] = ()
    skipped: tuple[SkippedItem, ...] = ()
    #: Moodle XML category descriptions (the category question's ``<info>``), by category path
    category_info: tuple[tuple[tuple[str, ...], str], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts_by_type(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for q in self.questions:
            out[q.question.type.value] = out.get(q.question.type.value, 0) + 1
        return out

    def counts_by_category(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for q in self.questions:
            label = "/".join(q.category) or "-"
            out[label] = out.get(label, 0) + 1
        return out


def id_number_errors(questions: tuple[ImportedQuestion, ...]) -> tuple[ParseError, ...]:
    """An id number names one question of a bank: two different questions of one file with
    the same id number are an error (at the second). Exact repeats are not: they are merged."""
    first: dict[str, ImportedQuestion] = {}
    errors = []
    for item in questions:
        if not item.id_number:
            continue
        earlier = first.setdefault(item.id_number, item)
        if earlier is item:
            continue
        if (earlier.category, earlier.name, earlier.question) != (item.category, item.name, item.question):
            errors.append(
                ParseError(
                    code="import.duplicate_id_number",
                    params={"id_number": item.id_number, "other": earlier.name},
                    line=item.line,
                    index=item.index,
                    name=item.name,
                )
            )
    return tuple(errors)


# --- Moodle's grade rules ---------------------------------------------------------------

#: The grades Moodle offers for an answer (and their negatives). Moodle's importers refuse a
#: file whose answer grade is not within 0.00001 of one of them.
MOODLE_FRACTIONS = tuple(
    Decimal(v)
    for v in (
        "1",
        "0.9",
        "0.8333333",
        "0.8",
        "0.75",
        "0.7",
        "0.6666667",
        "0.6",
        "0.5",
        "0.4",
        "0.3333333",
        "0.3",
        "0.25",
        "0.2",
        "0.1666667",
        "0.1428571",
        "0.125",
        "0.1111111",
        "0.1",
        "0.05",
        "0",
    )
)
_GRADE_TOLERANCE = Decimal("0.00001")


def moodle_fraction(value: Decimal) -> Decimal | None:
    """The Moodle grade ``value`` stands for, or None when Moodle would reject it."""
    for option in MOODLE_FRACTIONS:
        for candidate in (option, -option):
            if abs(value - candidate) < _GRADE_TOLERANCE:
                return candidate
    return None


def fraction_problem(q: QuestionSnapshot) -> tuple[str, dict[str, Any]] | None:
    """Moodle's rule for the grades of a multiple-choice question, as (code, params), or None:
    single answer needs one answer at 100 %; multiple answers need their positive grades to
    add up to 100 % (rounded to two decimals, as Moodle does)."""
    if q.type == QuestionType.SINGLE:
        if max((c.fraction for c in q.choices), default=Decimal(0)) != 1:
            return "grades.single_without_full_marks", {}
    elif q.type == QuestionType.MULTI:
        total = sum((c.fraction for c in q.choices if c.fraction > 0), Decimal(0))
        if round(total, 2) != 1:
            return "grades.multi_not_100", {"total": f"{round(total * 100, 2).normalize():f}"}
    return None

"""Moodle XML question import. Pure Python; parsed with ``defusedxml`` (no entity tricks).

``parse_moodle_xml(data)`` returns an ``ImportReport``. Supported question types:
multichoice (single and multiple), truefalse, shortanswer, numerical, matching, ordering
(the ordering plugin: items in the correct order, ``fraction`` their position), essay
(``graderinfo`` kept as the markers' rubric), description (worth nothing), plus
``category`` (sets the category of the following questions). Any other type (cloze,
calculated, ddwtos, ...) is named in ``skipped`` with reason ``unsupported_type``.

Embedded files (``<file name=… encoding="base64">``, referred to as ``@@PLUGINFILE@@/name``)
are decoded into ``ImportedQuestion.extra["files"]`` (name → bytes); storing them is the
Django layer's part.

Errors carry the question's 1-based ``index`` among ``<question>`` elements and its
``name``.
"""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .questions import (
    FALSE_KEY,
    TRUE_KEY,
    Choice,
    ImportedQuestion,
    ImportReport,
    MatchPair,
    NumericAnswer,
    ParseError,
    QuestionSnapshot,
    QuestionType,
    SkippedItem,
    TextAnswer,
    fraction_problem,
    id_number_errors,
    moodle_fraction,
)

SUPPORTED = {
    "multichoice",
    "truefalse",
    "shortanswer",
    "numerical",
    "matching",
    "ordering",
    "essay",
    "description",
}
_FORMATS = {"html": "html", "markdown": "markdown", "plain_text": "plain", "moodle_auto_format": "moodle"}
_CATEGORY_PREFIXES = {"$course$", "$system$", "$module$", "$coursecategory$", "top"}


class _QuestionError(Exception):
    def __init__(self, code: str, detail: str = "", **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail
        self.params = params


def _text(el: Element | None, path: str = "text") -> str:
    if el is None:
        return ""
    found = el.find(path) if path else el
    if found is None or found.text is None:
        return ""
    return found.text.strip()


def _fraction(value: str | None) -> Decimal:
    try:
        number = Decimal((value or "0").strip())
    except InvalidOperation as exc:
        raise _QuestionError("xml.bad_fraction", value=value or "") from exc
    if not number.is_finite() or number < -100 or number > 100:
        raise _QuestionError("xml.bad_fraction", value=value or "")
    fraction = moodle_fraction(number / 100)
    if fraction is None:
        raise _QuestionError("grades.not_a_moodle_grade", value=value or "")
    return fraction


def _number(value: str, what: str) -> Decimal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation as exc:
        raise _QuestionError("xml.bad_number", field=what, value=value) from exc
    if not number.is_finite():
        raise _QuestionError("xml.bad_number", field=what, value=value)
    return number


def _category_path(value: str) -> tuple[str, ...]:
    parts = [p.strip() for p in value.replace("//", "\ue010").split("/")]
    parts = [p.replace("\ue010", "/") for p in parts if p]
    while parts and parts[0].lower() in _CATEGORY_PREFIXES:
        parts.pop(0)
    return tuple(parts)


def _bool(el: Element, tag: str, default: bool) -> bool:
    found = el.find(tag)
    if found is None or found.text is None:
        return default
    return found.text.strip().lower() in {"true", "1", "yes"}


#: Moodle's per-question settings that are carried through (see ``QuestionSnapshot.moodle``):
#: element name → whether its value is a text (``<x><text>…</text></x>``) or a plain value
MOODLE_OPTIONS = {
    "penalty": False,
    "shuffleanswers": False,
    "answernumbering": False,
    "showstandardinstruction": False,
    "correctfeedback": True,
    "partiallycorrectfeedback": True,
    "incorrectfeedback": True,
}


#: Moodle's defaults: a value equal to one is not kept (the writer writes it back)
_OPTION_DEFAULTS = {"penalty": "0.3333333", "shuffleanswers": "true", "answernumbering": "abc"}
_BOOLEAN_OPTIONS = {"shuffleanswers", "showstandardinstruction"}


def _moodle_options(q: Element) -> dict[str, object]:
    options = []
    for name, is_text in MOODLE_OPTIONS.items():
        el = q.find(name)
        if el is None:
            continue
        value = _text(el) if is_text else (el.text or "").strip()
        if name in _BOOLEAN_OPTIONS and value:
            value = "true" if value.lower() in {"1", "true", "yes"} else "false"
        if name == "penalty" and value:
            try:
                value = f"{Decimal(value).quantize(Decimal('0.0000001')):f}"
            except InvalidOperation as exc:
                raise _QuestionError("xml.bad_number", field="penalty", value=value) from exc
        if value and value != _OPTION_DEFAULTS.get(name):
            options.append((name, value))
    hints = tuple(h for h in (_text(hint) for hint in q.findall("hint")) if h)
    return {"moodle": tuple(sorted(options)), "hints": hints}


#: the largest embedded file accepted, decoded (Moodle's own default upload limit is larger;
#: a question's image or clip is far below this)
MAX_EMBEDDED_FILE = 5 * 1024 * 1024


def _embedded_files(q: Element) -> dict[str, bytes]:
    """The question's ``<file name=… encoding="base64">`` elements (in its text, answers and
    feedback), decoded, by name: what ``@@PLUGINFILE@@/name`` refers to."""
    files: dict[str, bytes] = {}
    for el in q.iter("file"):
        name = (el.get("name") or "").strip()
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise _QuestionError("xml.bad_file", name=name or "-")
        if (el.get("encoding") or "base64").strip().lower() != "base64":
            raise _QuestionError("xml.bad_file", name=name)
        try:
            data = base64.b64decode("".join((el.text or "").split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _QuestionError("xml.bad_file", name=name) from exc
        if not data or len(data) > MAX_EMBEDDED_FILE:
            raise _QuestionError("xml.bad_file", name=name)
        files[name] = data
    return files


def _answers(q: Element) -> list[Element]:
    return q.findall("answer")


def _build(qtype: str, q: Element, text: str, fmt: str, feedback: str) -> QuestionSnapshot:
    if qtype == "description":  # information only: Moodle gives it no grade
        return QuestionSnapshot(
            key="",
            type=QuestionType.DESCRIPTION,
            text=text,
            text_format=fmt,
            points=Decimal(0),
            general_feedback=feedback,
        )
    points_text = _text(q, "defaultgrade") or "1"
    points = _number(points_text, "defaultgrade")
    if points <= 0:
        raise _QuestionError("xml.bad_number", field="defaultgrade", value=points_text)
    points = Decimal(f"{points.normalize():f}")  # Moodle writes 2.0000000: the same 2 as a GIFT question's
    common = {
        "key": "",
        "text": text,
        "text_format": fmt,
        "points": points,
        "general_feedback": feedback,
        **_moodle_options(q),
    }

    if qtype == "essay":
        return QuestionSnapshot(type=QuestionType.ESSAY, grader_info=_text(q.find("graderinfo")), **common)

    if qtype == "multichoice":
        choices = []
        for i, a in enumerate(_answers(q), start=1):
            choices.append(
                Choice(
                    key=f"c{i}",
                    text=_text(a),
                    fraction=_fraction(a.get("fraction")),
                    feedback=_text(a.find("feedback")),
                )
            )
        if len(choices) < 2:
            raise _QuestionError("xml.too_few_choices", count=len(choices))
        if any(not c.text for c in choices):
            raise _QuestionError("xml.empty_answer")
        if not any(c.fraction > 0 for c in choices):
            raise _QuestionError("xml.no_correct_answer")
        single = _bool(q, "single", True)
        qt = QuestionType.SINGLE if single else QuestionType.MULTI
        scoring = {"multi_scoring": "moodle"} if qt == QuestionType.MULTI else {}  # imported: Moodle's rule
        snap = QuestionSnapshot(type=qt, choices=tuple(choices), **scoring, **common)
        problem = fraction_problem(snap)
        if problem is not None:
            raise _QuestionError(problem[0], **problem[1])
        return snap

    if qtype == "truefalse":
        by_value: dict[str, Choice] = {}
        for a in _answers(q):
            value = _text(a).lower()
            if value not in {TRUE_KEY, FALSE_KEY}:
                raise _QuestionError("xml.bad_truefalse", value=value)
            by_value[value] = Choice(
                key=value,
                text="Verdadero" if value == TRUE_KEY else "Falso",
                fraction=_fraction(a.get("fraction")),
                feedback=_text(a.find("feedback")),
            )
        if set(by_value) != {TRUE_KEY, FALSE_KEY}:
            raise _QuestionError("xml.bad_truefalse", value=",".join(sorted(by_value)))
        if not any(c.fraction > 0 for c in by_value.values()):
            raise _QuestionError("xml.no_correct_answer")
        return QuestionSnapshot(
            type=QuestionType.TRUE_FALSE,
            choices=(by_value[TRUE_KEY], by_value[FALSE_KEY]),
            **common,
        )

    if qtype == "shortanswer":
        answers = tuple(
            TextAnswer(
                text=_text(a),
                fraction=_fraction(a.get("fraction")),
                feedback=_text(a.find("feedback")),
            )
            for a in _answers(q)
            if _text(a)
        )
        if not any(a.fraction > 0 for a in answers):
            raise _QuestionError("xml.no_correct_answer")
        return QuestionSnapshot(type=QuestionType.SHORT, text_answers=answers, **common)

    if qtype == "numerical":
        numeric = []
        for a in _answers(q):
            raw = _text(a)
            if raw == "*":  # Moodle's "any other answer": kept, with its fraction and feedback
                numeric.append(NumericAnswer(fraction=_fraction(a.get("fraction")), feedback=_text(a.find("feedback"))))
                continue
            numeric.append(
                NumericAnswer(
                    value=_number(raw, "answer"),
                    tolerance=abs(_number(_text(a, "tolerance") or "0", "tolerance")),
                    fraction=_fraction(a.get("fraction")),
                    feedback=_text(a.find("feedback")),
                )
            )
        if not any(a.fraction > 0 for a in numeric):
            raise _QuestionError("xml.no_correct_answer")
        return QuestionSnapshot(type=QuestionType.NUMERIC, numeric_answers=tuple(numeric), **common)

    if qtype == "ordering":
        # The ordering plugin stores the correct position of an item in its ``fraction``.
        items = []
        for i, a in enumerate(_answers(q), start=1):
            if not _text(a):
                raise _QuestionError("xml.empty_answer")
            position = _number(a.get("fraction") or str(i), "fraction")
            items.append((position, i, _text(a), _text(a.find("feedback"))))
        if len(items) < 2:
            raise _QuestionError("xml.too_few_choices", count=len(items))
        ordered = tuple(
            Choice(key=f"i{n}", text=text, feedback=feedback)
            for n, (_, _, text, feedback) in enumerate(sorted(items, key=lambda t: (t[0], t[1])), start=1)
        )
        return QuestionSnapshot(type=QuestionType.ORDERING, choices=ordered, **common)

    # matching
    pairs = []
    for i, sub in enumerate(q.findall("subquestion"), start=1):
        prompt = _text(sub)
        answer = _text(sub.find("answer"))
        if not answer:
            raise _QuestionError("xml.matching_malformed_pair", pair=i)
        pairs.append(MatchPair(key=f"p{i}", prompt=prompt, answer=answer))
    if sum(1 for p in pairs if p.prompt) < 2:
        raise _QuestionError("xml.matching_too_few_pairs", count=len(pairs))
    return QuestionSnapshot(type=QuestionType.MATCHING, pairs=tuple(pairs), **common)


def parse_moodle_xml(data: bytes | str) -> ImportReport:
    """Parse a Moodle XML export. Never raises on bad content: errors are in the report."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        return ImportReport(errors=(ParseError(code="xml.forbidden_construct", detail=str(exc)),))
    except SafeET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        return ImportReport(errors=(ParseError(code="xml.malformed", line=line, detail=str(exc)),))
    if root.tag != "quiz":
        return ImportReport(errors=(ParseError(code="xml.not_a_quiz", params={"root": root.tag}),))

    questions: list[ImportedQuestion] = []
    errors: list[ParseError] = []
    skipped: list[SkippedItem] = []
    category: tuple[str, ...] = ()
    category_info: dict[tuple[str, ...], str] = {}
    for index, q in enumerate(root.findall("question"), start=1):
        qtype = (q.get("type") or "").strip()
        if qtype == "category":
            category = _category_path(_text(q.find("category")))
            info = _text(q.find("info"))
            if info and category:
                category_info[category] = info
            continue
        name = _text(q.find("name"))
        if qtype not in SUPPORTED:
            skipped.append(SkippedItem(kind=qtype or "?", name=name, reason="unsupported_type", index=index))
            continue
        qt_el = q.find("questiontext")
        text = _text(qt_el)
        fmt = _FORMATS.get((qt_el.get("format") if qt_el is not None else "") or "", "html")
        try:
            if not text:
                raise _QuestionError("xml.empty_question_text")
            snap = _build(qtype, q, text, fmt, _text(q.find("generalfeedback")))
            files = _embedded_files(q)
        except _QuestionError as exc:
            errors.append(
                ParseError(
                    code=exc.code,
                    params=dict(exc.params),
                    index=index,
                    name=name,
                    detail=exc.detail,
                )
            )
            continue
        tags = tuple(t for t in (_text(tag) for tag in q.findall("tags/tag")) if t)
        questions.append(
            ImportedQuestion(
                name=name or text[:60],
                category=category,
                question=snap,
                index=index,
                tags=tags,
                id_number=_text(q, "idnumber"),
                extra={"files": files} if files else {},
            )
        )
    errors.extend(id_number_errors(tuple(questions)))
    return ImportReport(
        questions=tuple(questions),
        errors=tuple(errors),
        skipped=tuple(skipped),
        category_info=tuple(category_info.items()),
    )

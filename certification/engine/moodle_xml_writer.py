"""Writing questions as Moodle XML, in the form Moodle's importer and ``parse_moodle_xml`` read.

``write_moodle_xml(questions)`` returns the XML text and the questions Moodle XML cannot hold
(scenario questions have no Moodle type). Pure Python; the tree is built with the standard
library's ElementTree (only *reading* untrusted XML needs defusedxml).

What is written, per question: a ``category`` question when the category changes
(``$course$/top/…``, ``/`` inside a name doubled), ``name``, ``questiontext`` with its format,
``generalfeedback``, ``defaultgrade``, ``penalty``, ``hidden``, ``idnumber``, the type's
answers (``fraction`` in percent, feedback inside the answer) and ``tags``. Numeric ranges
(GIFT's ``{#1..5}``) are written as Moodle stores them: the middle value and half the width
as tolerance. The numeric catch-all is Moodle's ``*`` answer. Ordering questions use the
ordering plugin's layout (answers in the correct order, ``fraction`` their position).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from xml.etree import ElementTree as ET  # noqa: S405 - building a tree, never parsing untrusted input

from .questions import FALSE_KEY, TRUE_KEY, ImportedQuestion, NumericAnswer, QuestionSnapshot, QuestionType

#: Our text formats and Moodle's names for them.
XML_FORMATS = {"html": "html", "markdown": "markdown", "plain": "plain_text", "moodle": "moodle_auto_format"}

_TYPES = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTI: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT: "shortanswer",
    QuestionType.NUMERIC: "numerical",
    QuestionType.MATCHING: "matching",
    QuestionType.ORDERING: "ordering",
    QuestionType.ESSAY: "essay",
    QuestionType.DESCRIPTION: "description",
}


def _number(value: Decimal, places: int = 7) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def _plain_number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


def _percent(fraction: Decimal) -> str:
    return _plain_number(fraction * 100)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _text_el(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    attrs = {"format": fmt} if fmt else {}
    el = _sub(parent, tag, **attrs)
    _sub(el, "text", text)
    return el


def _answer(parent: ET.Element, text: str, fraction: Decimal | str, feedback: str, fmt: str = "html") -> ET.Element:
    value = fraction if isinstance(fraction, str) else _percent(fraction)
    el = _sub(parent, "answer", fraction=value, format=fmt)
    _sub(el, "text", text)
    _text_el(el, "feedback", feedback)
    return el


def _numeric_answer(parent: ET.Element, a: NumericAnswer) -> None:
    if a.is_catch_all:
        el = _answer(parent, "*", a.fraction, a.feedback, "moodle_auto_format")
        _sub(el, "tolerance", "0")
        return
    low, high = a.bounds()
    if a.low is not None and a.high is not None:
        value, tolerance = (low + high) / 2, (high - low) / 2
    else:
        value, tolerance = a.value or Decimal(0), a.tolerance
    el = _answer(parent, _plain_number(value), a.fraction, a.feedback, "moodle_auto_format")
    _sub(el, "tolerance", _plain_number(tolerance))


def _combined_feedback(el: ET.Element, q: QuestionSnapshot) -> None:
    for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text_el(el, name, q.moodle_option(name))


def _body(el: ET.Element, q: QuestionSnapshot) -> None:
    t = q.type
    if t in (QuestionType.SINGLE, QuestionType.MULTI):
        _sub(el, "single", "true" if t == QuestionType.SINGLE else "false")
        _sub(el, "shuffleanswers", q.moodle_option("shuffleanswers", "true"))
        _sub(el, "answernumbering", q.moodle_option("answernumbering", "abc"))
        if q.moodle_option("showstandardinstruction"):
            _sub(el, "showstandardinstruction", q.moodle_option("showstandardinstruction"))
        _combined_feedback(el, q)
        for c in q.choices:
            _answer(el, c.text, c.fraction, c.feedback)
    elif t == QuestionType.TRUE_FALSE:
        by_key = {c.key: c for c in q.choices}
        for key in (TRUE_KEY, FALSE_KEY):
            c = by_key[key]
            _answer(el, key, c.fraction, c.feedback, "moodle_auto_format")
    elif t == QuestionType.SHORT:
        _sub(el, "usecase", "0")
        for a in q.text_answers:
            _answer(el, a.text, a.fraction, a.feedback, "moodle_auto_format")
    elif t == QuestionType.NUMERIC:
        for a in q.numeric_answers:
            _numeric_answer(el, a)
    elif t == QuestionType.MATCHING:
        _sub(el, "shuffleanswers", q.moodle_option("shuffleanswers", "true"))
        _combined_feedback(el, q)
        for p in q.pairs:
            sub = _text_el(el, "subquestion", p.prompt)
            answer = _sub(sub, "answer")
            _sub(answer, "text", p.answer)
    elif t == QuestionType.ORDERING:
        _sub(el, "layouttype", "VERTICAL")
        _sub(el, "selecttype", "ALL")
        _sub(el, "selectcount", "0")
        _sub(el, "gradingtype", "ABSOLUTE_POSITION")
        _combined_feedback(el, q)
        for position, c in enumerate(q.choices, start=1):
            _answer(el, c.text, _number(Decimal(position)), c.feedback)
    elif t == QuestionType.ESSAY:
        _sub(el, "responseformat", "editor")
        _sub(el, "responserequired", "1")
        _sub(el, "responsefieldlines", "10")
        _sub(el, "attachments", "0")
        _text_el(el, "graderinfo", q.grader_info)
        _text_el(el, "responsetemplate", "")


def _category(quiz: ET.Element, path: tuple[str, ...], info: str) -> None:
    el = _sub(quiz, "question", type="category")
    _text_el(el, "category", "$course$/top/" + "/".join(p.replace("/", "//") for p in path), fmt=None)
    _text_el(el, "info", info)


def _question(quiz: ET.Element, item: ImportedQuestion) -> None:
    q = item.question
    el = _sub(quiz, "question", type=_TYPES[q.type])
    _text_el(el, "name", item.name, fmt=None)
    _text_el(el, "questiontext", q.text, XML_FORMATS.get(q.text_format, "html"))
    _text_el(el, "generalfeedback", q.general_feedback)
    _sub(el, "defaultgrade", _number(q.points))
    _sub(el, "penalty", q.moodle_option("penalty", "0.3333333"))
    _sub(el, "hidden", "0")
    _sub(el, "idnumber", item.id_number)
    _body(el, q)
    for hint in q.hints:
        _text_el(el, "hint", hint)
    if item.tags:
        tags = _sub(el, "tags")
        for tag in item.tags:
            _sub(_sub(tags, "tag"), "text", tag)


def write_moodle_xml(
    questions: Iterable[ImportedQuestion], category_info: Mapping[tuple[str, ...], str] | None = None
) -> tuple[str, tuple[ImportedQuestion, ...]]:
    """The Moodle XML text of ``questions`` and those it cannot express (scenario);
    ``category_info`` gives a category's description (Moodle's ``<info>``) by path."""
    category_info = category_info or {}
    quiz = ET.Element("quiz")
    left_out: list[ImportedQuestion] = []
    category: tuple[str, ...] | None = None
    for item in questions:
        if item.question.type not in _TYPES:
            left_out.append(item)
            continue
        if item.category != category:
            _category(quiz, item.category, category_info.get(item.category, ""))
            category = item.category
        _question(quiz, item)
    ET.indent(quiz, space="  ")
    body = ET.tostring(quiz, encoding="unicode", short_empty_elements=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", tuple(left_out)

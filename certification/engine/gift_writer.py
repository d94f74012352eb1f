"""Writing questions as GIFT, in the form Moodle's importer and ``parse_gift`` read back.

``write_gift(questions)`` returns the text and the questions GIFT cannot hold (ordering and
scenario questions have no GIFT syntax). Pure Python.

What is written: ``$CATEGORY:`` when the category changes (``/`` inside a name doubled),
Moodle's ``// [id:…] [tag:…]`` comment, ``::name::``, ``[html]``/``[markdown]``/``[plain]``
when the question text is not in Moodle's own format (the default, written without a marker), answers one per line with ``%weight%`` and ``#feedback``, the
numeric catch-all as ``~#feedback``, general feedback after ``####``. Special characters
(``\\ ~ = # { } :``) are escaped and a new line is written as ``\\n``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .questions import FALSE_KEY, TRUE_KEY, ImportedQuestion, NumericAnswer, QuestionSnapshot, QuestionType

_SPECIAL = "\\~=#{}:"


def _escape(text: str) -> str:
    out = []
    for char in text:
        if char in _SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char != "\r":
            out.append(char)
    return "".join(out)


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


def _weight(fraction: Decimal) -> str:
    return f"%{_number(fraction * 100)}%"


def _feedback(text: str) -> str:
    return f"#{_escape(text)}" if text else ""


def _category_line(path: tuple[str, ...]) -> str:
    return "$CATEGORY: " + "/".join(part.replace("/", "//") for part in path)


def _comment(item: ImportedQuestion) -> str:
    tokens = []
    if item.id_number:
        tokens.append(f"[id:{item.id_number.replace(']', chr(92) + ']')}]")
    tokens += [f"[tag:{t.replace(']', chr(92) + ']')}]" for t in item.tags]
    return "// " + " ".join(tokens) if tokens else ""


def _numeric(a: NumericAnswer) -> str:
    if a.is_catch_all:
        return (
            f"\t~{_feedback(a.feedback) or '#'}"
            if a.fraction == 0
            else f"\t={_weight(a.fraction)}*{_feedback(a.feedback)}"
        )
    if a.low is not None and a.high is not None:
        spec = f"{_number(a.low)}..{_number(a.high)}"
    else:
        spec = f"{_number(a.value or Decimal(0))}:{_number(a.tolerance)}"
    return f"\t={_weight(a.fraction)}{spec}{_feedback(a.feedback)}"


def _answers(q: QuestionSnapshot) -> list[str] | None:
    t = q.type
    if t == QuestionType.TRUE_FALSE:
        by_key = {c.key: c for c in q.choices}
        true, false = by_key[TRUE_KEY], by_key[FALSE_KEY]
        right, wrong = (true, false) if true.fraction > 0 else (false, true)
        head = "TRUE" if right is true else "FALSE"
        if right.feedback or wrong.feedback:
            head += f"#{_escape(wrong.feedback)}#{_escape(right.feedback)}"
        return [head]
    if t == QuestionType.SINGLE:
        lines = []
        for c in q.choices:
            if c.fraction == 1:
                lines.append(f"\t={_escape(c.text)}{_feedback(c.feedback)}")
            else:
                weight = _weight(c.fraction) if c.fraction else ""
                lines.append(f"\t~{weight}{_escape(c.text)}{_feedback(c.feedback)}")
        return lines
    if t == QuestionType.MULTI:
        return [f"\t~{_weight(c.fraction)}{_escape(c.text)}{_feedback(c.feedback)}" for c in q.choices]
    if t == QuestionType.SHORT:
        return [
            f"\t={'' if a.fraction == 1 else _weight(a.fraction)}{_escape(a.text)}{_feedback(a.feedback)}"
            for a in q.text_answers
        ]
    if t == QuestionType.NUMERIC:
        return ["#"] + [_numeric(a) for a in q.numeric_answers]
    if t == QuestionType.MATCHING:
        return [f"\t={_escape(p.prompt)} -> {_escape(p.answer)}" for p in q.pairs]
    if t == QuestionType.ESSAY:
        return []
    return None


def _question(item: ImportedQuestion) -> str | None:
    q = item.question
    if q.type == QuestionType.DESCRIPTION:
        body = None
    else:
        body = _answers(q)
        if body is None:
            return None
    fmt = f"[{q.text_format}]" if q.text_format in ("html", "markdown", "plain") else ""
    head = f"::{_escape(item.name)}::{fmt}{_escape(q.text)}"
    if body is None:
        return head
    if q.type == QuestionType.NUMERIC:
        inner = body[0] + "\n" + "\n".join(body[1:])
    elif q.type == QuestionType.TRUE_FALSE:
        inner = body[0]
    else:
        inner = "\n" + "\n".join(body)
    if q.general_feedback:
        inner += f"\n####{_escape(q.general_feedback)}"
    if q.type == QuestionType.ESSAY and not q.general_feedback:
        return head + "{}"
    newline = "\n" if inner.startswith("\n") or q.type == QuestionType.NUMERIC else ""
    return f"{head}{{{inner}{newline}}}"


def write_gift(questions: Iterable[ImportedQuestion]) -> tuple[str, tuple[ImportedQuestion, ...]]:
    """The GIFT text of ``questions`` and those GIFT cannot express (ordering, scenario)."""
    parts: list[str] = []
    left_out: list[ImportedQuestion] = []
    category: tuple[str, ...] | None = None
    for item in questions:
        text = _question(item)
        if text is None:
            left_out.append(item)
            continue
        if item.category != category and item.category:
            parts.append(_category_line(item.category))
        category = item.category
        comment = _comment(item)
        parts.append(f"{comment}\n{text}" if comment else text)
    return "\n\n".join(parts) + ("\n" if parts else ""), tuple(left_out)

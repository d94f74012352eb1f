"""Questions written as plain dicts (for the types GIFT cannot express: ordering and
scenario). Pure Python. Format (see ``certification/demo/extra_questions.py``)::

    {"title": "slug", "category": "a/b", "type": "ordering", "text": "...",
     "items": ["first", "second", ...], "feedback": "..."}
    {"title": "slug", "category": "a/b", "type": "scenario", "text": "case ...",
     "subquestions": [
        {"type": "single", "text": "...", "choices": [{"text", "correct", "feedback"}]},
        {"type": "multiple", "text": "...", "choices": [{"text", "weight", "feedback"}]},
        {"type": "truefalse", "text": "...", "answer": true, "feedback": "..."},
        {"type": "short", "text": "...", "answers": ["a", "b"]},
        {"type": "numeric", "text": "...", "value": "7", "tolerance": "0"},
     ]}

Errors carry the 1-based ``index`` and the ``name`` (title) of the question.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .questions import (
    FALSE_KEY,
    TRUE_KEY,
    Choice,
    ImportedQuestion,
    ImportReport,
    NumericAnswer,
    ParseError,
    QuestionSnapshot,
    QuestionType,
    TextAnswer,
)


class _Bad(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _text(d: Mapping[str, Any], key: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Bad("dict.missing_field", field=key)
    return value.strip()


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise _Bad("dict.bad_number", field=field, value=str(value)) from exc
    if not number.is_finite():
        raise _Bad("dict.bad_number", field=field, value=str(value))
    return number


def _sub(d: Mapping[str, Any], key: str) -> QuestionSnapshot:
    kind = d.get("type")
    text = _text(d, "text")
    common = {"key": key, "text": text, "general_feedback": str(d.get("feedback", "") or "")}
    if kind == "single":
        choices = tuple(
            Choice(
                key=f"c{i}",
                text=_text(c, "text"),
                fraction=Decimal(1) if c.get("correct") else Decimal(0),
                feedback=str(c.get("feedback", "") or ""),
            )
            for i, c in enumerate(d.get("choices") or [], start=1)
        )
        if len(choices) < 2:
            raise _Bad("dict.too_few_choices", count=len(choices))
        if sum(1 for c in choices if c.fraction > 0) != 1:
            raise _Bad("dict.no_correct_answer")
        return QuestionSnapshot(type=QuestionType.SINGLE, choices=choices, **common)
    if kind == "multiple":
        choices = tuple(
            Choice(
                key=f"c{i}",
                text=_text(c, "text"),
                fraction=_decimal(c.get("weight", "0"), "weight") / 100,
                feedback=str(c.get("feedback", "") or ""),
            )
            for i, c in enumerate(d.get("choices") or [], start=1)
        )
        if len(choices) < 2:
            raise _Bad("dict.too_few_choices", count=len(choices))
        if not any(c.fraction > 0 for c in choices):
            raise _Bad("dict.no_correct_answer")
        return QuestionSnapshot(type=QuestionType.MULTI, choices=choices, **common)
    if kind == "truefalse":
        if not isinstance(d.get("answer"), bool):
            raise _Bad("dict.missing_field", field="answer")
        right = d["answer"]
        return QuestionSnapshot(
            type=QuestionType.TRUE_FALSE,
            choices=(
                Choice(TRUE_KEY, "Verdadero", Decimal(1) if right else Decimal(0)),
                Choice(FALSE_KEY, "Falso", Decimal(0) if right else Decimal(1)),
            ),
            **common,
        )
    if kind == "short":
        answers = tuple(TextAnswer(str(a).strip()) for a in d.get("answers") or [] if str(a).strip())
        if not answers:
            raise _Bad("dict.no_correct_answer")
        return QuestionSnapshot(type=QuestionType.SHORT, text_answers=answers, **common)
    if kind == "numeric":
        return QuestionSnapshot(
            type=QuestionType.NUMERIC,
            numeric_answers=(
                NumericAnswer(
                    value=_decimal(d.get("value"), "value"),
                    tolerance=abs(_decimal(d.get("tolerance", "0"), "tolerance")),
                ),
            ),
            **common,
        )
    raise _Bad("dict.unknown_type", type=str(kind))


def _question(d: Mapping[str, Any]) -> QuestionSnapshot:
    kind = d.get("type")
    text = _text(d, "text")
    if kind == "ordering":
        items = [str(i).strip() for i in d.get("items") or [] if str(i).strip()]
        if len(items) < 3:
            raise _Bad("dict.too_few_items", count=len(items))
        if len(set(items)) != len(items):
            raise _Bad("dict.duplicate_items")
        return QuestionSnapshot(
            key="",
            type=QuestionType.ORDERING,
            text=text,
            choices=tuple(Choice(key=f"i{n}", text=item) for n, item in enumerate(items, start=1)),
            general_feedback=str(d.get("feedback", "") or ""),
        )
    if kind == "scenario":
        subs = d.get("subquestions") or []
        if len(subs) < 2:
            raise _Bad("dict.too_few_subquestions", count=len(subs))
        return QuestionSnapshot(
            key="",
            type=QuestionType.SCENARIO,
            text=text,
            sub_questions=tuple(_sub(s, f"s{n}") for n, s in enumerate(subs, start=1)),
            general_feedback=str(d.get("feedback", "") or ""),
        )
    # a single question of another type, written as a dict
    snap = _sub(d, "")
    return snap


def parse_question_dicts(questions: Iterable[Mapping[str, Any]]) -> ImportReport:
    out: list[ImportedQuestion] = []
    errors: list[ParseError] = []
    for index, d in enumerate(questions, start=1):
        name = str(d.get("title", "") or "")
        try:
            if not name:
                raise _Bad("dict.missing_field", field="title")
            snap = _question(d)
        except _Bad as exc:
            errors.append(ParseError(code=exc.code, params=exc.params, index=index, name=name))
            continue
        category = tuple(p for p in str(d.get("category", "")).split("/") if p.strip())
        tags = tuple(str(t) for t in d.get("tags", ()) or ())
        out.append(ImportedQuestion(name=name, category=category, question=snap, index=index, tags=tags))
    return ImportReport(questions=tuple(out), errors=tuple(errors))

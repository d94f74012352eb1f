"""What the exam and review pages show, built from frozen snapshots.

`question_for_exam` never includes fractions, correct flags or feedback: the exam page must
not reveal the answer key while the attempt is open. `question_for_review` adds them after
close, when the exam's review policy allows it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from certification.engine.questions import QuestionSnapshot, QuestionType


def _base(q: QuestionSnapshot, prefix: str, number: str) -> dict[str, Any]:
    return {"prefix": prefix, "number": number, "type": q.type.value, "text": q.text, "format": q.text_format}


def question_for_exam(
    q: QuestionSnapshot, display: dict[str, Any], response: dict[str, Any], prefix: str, number: str
) -> dict[str, Any]:
    view = _base(q, prefix, number)
    response = response or {}
    by_key = {c.key: c for c in q.choices}
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.TRUE_FALSE):
        order = display.get("choices") or [c.key for c in q.choices]
        chosen = set(response.get("choices", ()))
        view["choices"] = [
            {"key": k, "text": by_key[k].text, "checked": k in chosen, "id": f"{prefix}-{k}"}
            for k in order
            if k in by_key
        ]
        view["input"] = "checkbox" if q.type == QuestionType.MULTI else "radio"
    elif q.type in (QuestionType.SHORT, QuestionType.NUMERIC):
        view["value"] = response.get("text", "")
        view["inputmode"] = "decimal" if q.type == QuestionType.NUMERIC else "text"
    elif q.type == QuestionType.ESSAY:
        view["value"] = response.get("text", "")
    elif q.type == QuestionType.MATCHING:
        answers = display.get("answers") or sorted({p.answer for p in q.pairs})
        matches = response.get("matches", {})
        view["pairs"] = [
            {"name": f"{prefix}-{p.key}", "prompt": p.prompt, "selected": matches.get(p.key, "")}
            for p in q.pairs
            if p.prompt.strip()
        ]
        view["answers"] = answers
    elif q.type == QuestionType.ORDERING:
        order = display.get("order") or [c.key for c in q.choices]
        positions = response.get("positions", {})
        view["items"] = [
            {"name": f"{prefix}-{k}", "text": by_key[k].text, "position": str(positions.get(k, ""))}
            for k in order
            if k in by_key
        ]
        view["positions"] = [str(i) for i in range(1, len(order) + 1)]
    elif q.type == QuestionType.SCENARIO:
        subs = display.get("subs", {})
        sub_responses = response.get("subs", {})
        view["subs"] = [
            question_for_exam(
                s, subs.get(s.key, {}), sub_responses.get(s.key, {}), f"{prefix}-{s.key}", f"{number}.{i}"
            )
            for i, s in enumerate(q.sub_questions, start=1)
        ]
    return view


def combined_feedback(q: QuestionSnapshot, fraction: str | None) -> str:
    """Moodle's combined feedback for the result: correct, partially correct or incorrect."""
    if fraction is None:
        return ""
    value = Decimal(str(fraction))
    name = "correctfeedback" if value >= 1 else "partiallycorrectfeedback" if value > 0 else "incorrectfeedback"
    return q.moodle_option(name)


def question_for_review(
    q: QuestionSnapshot, response: dict[str, Any], result: dict[str, Any], number: str
) -> dict[str, Any]:
    """Answers, correctness and feedback, for after the attempt closes."""
    view = _base(q, "", number)
    response = response or {}
    result = result or {}
    view["fraction"] = result.get("fraction")
    view["points"] = result.get("points")
    view["max_points"] = result.get("max_points")
    view["feedback"] = result.get("feedback", "")
    view["general_feedback"] = result.get("general_feedback", "")
    view["combined_feedback"] = combined_feedback(q, result.get("fraction"))
    items = {i["key"]: i for i in result.get("items", [])}
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.TRUE_FALSE):
        view["choices"] = [
            {
                "text": c.text,
                "chosen": items.get(c.key, {}).get("chosen", False),
                "correct": c.fraction > 0,
                "feedback": items.get(c.key, {}).get("feedback", ""),
            }
            for c in q.choices
        ]
    elif q.type in (QuestionType.SHORT, QuestionType.NUMERIC):
        view["given"] = response.get("text", "")
        if q.type == QuestionType.SHORT:
            view["accepted"] = [a.text for a in q.text_answers if a.fraction >= 1]
        else:
            view["accepted"] = [
                f"{a.low}–{a.high}"
                if a.low is not None
                else (f"{a.value} ± {a.tolerance}" if a.tolerance else str(a.value))
                for a in q.numeric_answers
                if a.fraction >= 1 and not a.is_catch_all
            ]
    elif q.type == QuestionType.ESSAY:
        view["essay"] = response.get("text", "")
        view["mark_comment"] = result.get("mark_comment", "")
    elif q.type == QuestionType.MATCHING:
        matches = response.get("matches", {})
        view["pairs"] = [
            {
                "prompt": p.prompt,
                "given": matches.get(p.key, ""),
                "answer": p.answer,
                "correct": items.get(p.key, {}).get("correct", False),
            }
            for p in q.pairs
            if p.prompt.strip()
        ]
    elif q.type == QuestionType.ORDERING:
        by_key = {c.key: c.text for c in q.choices}
        view["given_order"] = [by_key.get(k, k) for k in response.get("order", [])]
        view["correct_order"] = [c.text for c in q.choices]
    elif q.type == QuestionType.SCENARIO:
        subs = result.get("subs", {})
        sub_responses = response.get("subs", {})
        view["subs"] = [
            question_for_review(s, sub_responses.get(s.key, {}), subs.get(s.key, {}), f"{number}.{i}")
            for i, s in enumerate(q.sub_questions, start=1)
        ]
    return view

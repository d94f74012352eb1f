"""Reading an agent's answers: from a submitted form to stored JSON, and from stored JSON to
the grading ``Response``. Pure Python; the form is anything with ``get`` and ``getlist``.

Form field names for the question stored with prefix ``q12``:

- single / true-false: ``q12`` = choice key; multiple response: ``q12`` (several values)
- short / numeric: ``q12`` = text; essay: ``q12`` = text (up to ``MAX_ESSAY``)
- description: no field
- matching: ``q12-<pair key>`` = chosen answer text
- ordering: ``q12-<item key>`` = position (1..n)
- scenario: sub-question ``s1`` uses prefix ``q12-s1``

Stored JSON: ``{"choices": [...]}``, ``{"text": ...}``, ``{"matches": {pair: answer}}``,
``{"order": [...]}``, ``{"subs": {key: {...}}}``. An empty dict means no answer.
"""

from __future__ import annotations

from typing import Any, Protocol

from .grading import Response
from .questions import QuestionSnapshot, QuestionType

MAX_TEXT = 500
#: an essay's answer (Moodle's plain-text response box), in characters
MAX_ESSAY = 20_000


class FormData(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[Any]: ...


class BadResponse(ValueError):
    """A value that no honest form could send (error code ``attempt.bad_response``)."""

    code = "attempt.bad_response"


def response_from_json(data: dict[str, Any] | None) -> Response:
    data = data or {}
    return Response(
        choice_keys=frozenset(str(k) for k in data.get("choices", ())),
        text=str(data.get("text", "")),
        matches=tuple((str(k), str(v)) for k, v in (data.get("matches") or {}).items()),
        order=tuple(str(k) for k in data.get("order", ())),
        sub_responses=tuple((str(k), response_from_json(v)) for k, v in (data.get("subs") or {}).items()),
    )


def field_names(q: QuestionSnapshot, prefix: str) -> set[str]:
    """Every form field name that belongs to this question."""
    if q.type == QuestionType.MATCHING:
        return {f"{prefix}-{p.key}" for p in q.pairs if p.prompt.strip()}
    if q.type == QuestionType.ORDERING:
        return {f"{prefix}-{c.key}" for c in q.choices}
    if q.type == QuestionType.SCENARIO:
        names: set[str] = set()
        for s in q.sub_questions:
            names |= field_names(s, f"{prefix}-{s.key}")
        return names
    if q.type == QuestionType.DESCRIPTION:
        return set()
    return {prefix}


def response_from_form(q: QuestionSnapshot, prefix: str, form: FormData) -> dict[str, Any] | None:
    """The stored JSON for this question, or None when the form says nothing about it.
    Raises ``BadResponse`` for values outside the question (tampered forms)."""
    t = q.type
    if t in (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.MULTI):
        values = [str(v) for v in form.getlist(prefix)]
        if not values:
            return None
        allowed = {c.key for c in q.choices}
        if any(v not in allowed for v in values):
            raise BadResponse(prefix)
        if t != QuestionType.MULTI and len(values) > 1:
            raise BadResponse(prefix)
        return {"choices": sorted(set(values))}
    if t in (QuestionType.SHORT, QuestionType.NUMERIC):
        value = form.get(prefix)
        if value is None:
            return None
        return {"text": str(value)[:MAX_TEXT]}
    if t == QuestionType.ESSAY:
        value = form.get(prefix)
        if value is None:
            return None
        return {"text": str(value).replace("\r\n", "\n")[:MAX_ESSAY]}
    if t == QuestionType.MATCHING:
        answers = {p.answer for p in q.pairs}
        matches = {}
        seen = False
        for p in q.pairs:
            if not p.prompt.strip():
                continue
            value = form.get(f"{prefix}-{p.key}")
            if value is None:
                continue
            seen = True
            if value == "":
                continue
            if value not in answers:
                raise BadResponse(prefix)
            matches[p.key] = value
        return {"matches": matches} if seen else None
    if t == QuestionType.ORDERING:
        positions = {}
        for c in q.choices:
            value = form.get(f"{prefix}-{c.key}")
            if value in (None, ""):
                continue
            try:
                pos = int(value)
            except (TypeError, ValueError) as exc:
                raise BadResponse(prefix) from exc
            if not 1 <= pos <= len(q.choices):
                raise BadResponse(prefix)
            positions[c.key] = pos
        if not positions:
            return None
        if len(positions) < len(q.choices) or len(set(positions.values())) != len(positions):
            # incomplete or duplicate positions: keep what was given, it will not grade
            return {"order": [], "positions": positions}
        return {"order": sorted(positions, key=positions.__getitem__), "positions": positions}
    if t == QuestionType.SCENARIO:
        subs = {}
        for s in q.sub_questions:
            value = response_from_form(s, f"{prefix}-{s.key}", form)
            if value is not None:
                subs[s.key] = value
        return {"subs": subs} if subs else None
    return None


def response_is_answered(q: QuestionSnapshot, data: dict[str, Any] | None) -> bool:
    """Whether the stored JSON ``data`` gives this question an answer (the navigator and the
    confirmation before submitting). A description asks nothing, so it is always answered;
    a scenario counts once any sub-question has an answer."""
    data = data or {}
    t = q.type
    if t == QuestionType.DESCRIPTION:
        return True
    if t in (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.MULTI):
        return bool(data.get("choices"))
    if t in (QuestionType.SHORT, QuestionType.NUMERIC, QuestionType.ESSAY):
        return bool(str(data.get("text", "")).strip())
    if t == QuestionType.MATCHING:
        return bool(data.get("matches"))
    if t == QuestionType.ORDERING:
        return bool(data.get("positions") or data.get("order"))
    if t == QuestionType.SCENARIO:
        subs = data.get("subs") or {}
        return any(response_is_answered(s, subs.get(s.key)) for s in q.sub_questions)
    return bool(data)


def ideal_response(q: QuestionSnapshot) -> dict[str, Any]:
    """The stored JSON of a fully correct answer (for demo data, benchmarks and tests)."""
    t = q.type
    if t in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        best = max(q.choices, key=lambda c: c.fraction)
        return {"choices": [best.key]}
    if t == QuestionType.MULTI:
        return {"choices": sorted(c.key for c in q.choices if c.fraction > 0)}
    if t == QuestionType.SHORT:
        best = max(q.text_answers, key=lambda a: a.fraction)
        return {"text": best.text.replace("*", "")}
    if t == QuestionType.NUMERIC:
        best = max(q.numeric_answers, key=lambda a: (a.fraction, not a.is_catch_all))
        if best.is_catch_all:
            return {"text": "0"}
        low, high = best.bounds()
        return {"text": str((low + high) / 2)}
    if t == QuestionType.MATCHING:
        return {"matches": {p.key: p.answer for p in q.pairs if p.prompt.strip()}}
    if t == QuestionType.ORDERING:
        order = [c.key for c in q.choices]
        return {"order": order, "positions": {k: i for i, k in enumerate(order, start=1)}}
    if t == QuestionType.SCENARIO:
        return {"subs": {s.key: ideal_response(s) for s in q.sub_questions}}
    if t == QuestionType.ESSAY:
        return {"text": "Respuesta de desarrollo."}
    return {}

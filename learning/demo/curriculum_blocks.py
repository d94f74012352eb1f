"""Small constructors for lesson body blocks.

Every helper returns a ``(type, value)`` 2-tuple whose value has exactly the shape the
StreamField block library expects, so course modules stay short and consistent.
"""

from __future__ import annotations

Block = tuple[str, object]


def heading(text: str) -> Block:
    return ("heading", text)


def paragraph(html: str) -> Block:
    return ("paragraph", html)


def callout(kind: str, title: str, body: str) -> Block:
    return ("callout", {"kind": kind, "title": title, "body": body})


def legal(title: str, body: str) -> Block:
    return callout("legal", title, body)


def tip(title: str, body: str) -> Block:
    return callout("tip", title, body)


def warning(title: str, body: str) -> Block:
    return callout("warning", title, body)


def _turn(speaker: str, text: str, ok: str, avoid: str) -> dict:
    if ok and avoid:
        raise ValueError("a turn carries either a compliant note or an avoid note, not both")
    if ok:
        return {"speaker": speaker, "text": text, "note_kind": "compliant", "note": ok}
    if avoid:
        return {"speaker": speaker, "text": text, "note_kind": "avoid", "note": avoid}
    return {"speaker": speaker, "text": text, "note_kind": "", "note": ""}


def agent(text: str, *, ok: str = "", avoid: str = "") -> dict:
    return _turn("agent", text, ok, avoid)


def debtor(text: str, *, ok: str = "", avoid: str = "") -> dict:
    return _turn("debtor", text, ok, avoid)


def dialogue(title: str, *turns: dict) -> Block:
    return ("dialogue", {"title": title, "turns": list(turns)})


def do_dont(title: str, do: list[str], dont: list[str]) -> Block:
    return ("do_dont", {"title": title, "do": list(do), "dont": list(dont)})


def right(text: str, feedback: str) -> dict:
    return {"text": text, "correct": True, "feedback": feedback}


def wrong(text: str, feedback: str) -> dict:
    return {"text": text, "correct": False, "feedback": feedback}


def check(question: str, choices: list[dict], explanation: str) -> Block:
    return (
        "knowledge_check",
        {"question": question, "choices": list(choices), "explanation": explanation},
    )


def lesson(slug: str, title: str, summary: str, *body: Block) -> dict:
    return {"slug": slug, "title": title, "summary": summary, "body": list(body)}

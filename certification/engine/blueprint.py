"""Blueprint draws and choice shuffling for exam attempts. Pure Python; randomness injected."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from .questions import QuestionSnapshot, QuestionType


@dataclass(frozen=True)
class DrawShortfall:
    """Not enough questions in a section's pool (error code ``exam.pool_too_small``)."""

    section: str
    needed: int
    available: int


def draw_section(
    candidates: Sequence[int],
    count: int,
    *,
    rng: random.Random,
    avoid: Collection[int] = (),
    taken: Collection[int] = (),
) -> list[int] | DrawShortfall:
    """Pick ``count`` ids from ``candidates``, never one in ``taken`` (drawn by an earlier
    section), and avoiding ``avoid`` (seen in the previous attempt) while the pool allows:
    fresh questions first, then the least bad fallback."""
    pool = [c for c in dict.fromkeys(candidates) if c not in taken]
    if len(pool) < count:
        return DrawShortfall(section="", needed=count, available=len(pool))
    fresh = [c for c in pool if c not in avoid]
    seen = [c for c in pool if c in avoid]
    if len(fresh) >= count:
        return rng.sample(fresh, count)
    return fresh + rng.sample(seen, count - len(fresh))


def shuffle_snapshot(q: QuestionSnapshot, *, rng: random.Random, shuffle_choices: bool) -> dict:
    """Presentation order for one question: returns ``{"choices": [...], "answers": [...],
    "order": [...], "subs": {...}}`` as needed. The grading snapshot keeps the correct
    order (ordering questions are always shown shuffled, or the answer would be given)."""
    out: dict = {}
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI):
        keys = [c.key for c in q.choices]
        # the exam's setting, unless the question keeps its order (Moodle's "shuffle the choices?" off)
        if shuffle_choices and q.moodle_option("shuffleanswers", "true") == "true":
            rng.shuffle(keys)
        out["choices"] = keys
    elif q.type == QuestionType.ORDERING:
        keys = [c.key for c in q.choices]
        for _ in range(10):
            rng.shuffle(keys)
            if keys != [c.key for c in q.choices] or len(keys) < 2:
                break
        out["order"] = keys
    elif q.type == QuestionType.MATCHING:
        answers = sorted({p.answer for p in q.pairs})
        rng.shuffle(answers)
        out["answers"] = answers
        out["prompts"] = [p.key for p in q.pairs if p.prompt.strip()]
    elif q.type == QuestionType.SCENARIO:
        out["subs"] = {s.key: shuffle_snapshot(s, rng=rng, shuffle_choices=shuffle_choices) for s in q.sub_questions}
    return out


def with_keys(q: QuestionSnapshot, key: str) -> QuestionSnapshot:
    return replace(q, key=key)

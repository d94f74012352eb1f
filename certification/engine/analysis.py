"""Item analysis for exams. Pure Python; statistics are floats (not money).

Definitions (per question, over the closed attempts that contained it):

facility
    mean score fraction (share correct for 0/1 items).
point-biserial (corrected)
    Pearson correlation between the item's score and the *rest* score (the attempt's total
    item score minus this item), so the item does not correlate with itself. ``None`` when
    either side has no variance.
upper-lower (27 %)
    attempts containing the item are ranked by total score; mean item score of the top
    27 % minus that of the bottom 27 % (at least one attempt per group).
choice distribution
    how many times each choice was picked.

Per exam: attempts, mean percentage, pass rate, and reliability. Attempts may draw
different questions, so Cronbach's alpha is computed on the questions that appear in every
attempt (``None`` with fewer than 2 such questions, 2 attempts, or zero total variance);
KR-20 is the same on 0/1 scores and is reported only when every score is 0 or 1.

Flags (only when an item has at least ``min_responses`` responses, otherwise
``few_responses``): ``negative_discrimination``, ``low_discrimination`` (< 0.15),
``too_hard`` (facility < 0.2), ``too_easy`` (facility > 0.95), ``unused_distractor`` (a wrong
choice nobody picked).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

HARD = 0.2
EASY = 0.95
LOW_DISCRIMINATION = 0.15


@dataclass(frozen=True)
class ItemResponse:
    question_key: str
    fraction: Decimal | float
    choice_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttemptRecord:
    attempt_id: str | int
    percentage: Decimal | float
    passed: bool
    items: tuple[ItemResponse, ...]


@dataclass(frozen=True)
class QuestionInfo:
    """What the analysis needs to know about a question: its choices and which are right."""

    key: str
    choice_keys: tuple[str, ...] = ()
    correct_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ItemAnalysis:
    key: str
    responses: int
    facility: float | None
    point_biserial: float | None
    upper_lower: float | None
    distribution: tuple[tuple[str, int], ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExamAnalysis:
    attempts: int
    mean_percentage: float | None
    pass_rate: float | None
    cronbach_alpha: float | None
    kr20: float | None
    common_items: int
    items: tuple[ItemAnalysis, ...] = field(default=())


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _variance(values: Sequence[float]) -> float:
    m = _mean(values)
    return sum((v - m) ** 2 for v in values) / len(values)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2 or len(xs) != len(ys):
        return None
    mx, my = _mean(xs), _mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Rows are attempts, columns items. None when undefined."""
    if len(matrix) < 2:
        return None
    k = len(matrix[0])
    if k < 2 or any(len(row) != k for row in matrix):
        return None
    totals = [sum(row) for row in matrix]
    total_var = _variance(totals)
    if total_var == 0:
        return None
    item_var = sum(_variance([row[j] for row in matrix]) for j in range(k))
    return (k / (k - 1)) * (1 - item_var / total_var)


def kr20(matrix: Sequence[Sequence[float]]) -> float | None:
    """KR-20 for 0/1 items (equals alpha on such data). None if any score is not 0 or 1."""
    if not matrix or any(v not in (0.0, 1.0) for row in matrix for v in row):
        return None
    if len(matrix) < 2:
        return None
    k = len(matrix[0])
    if k < 2:
        return None
    totals = [sum(row) for row in matrix]
    total_var = _variance(totals)
    if total_var == 0:
        return None
    pq = 0.0
    for j in range(k):
        p = _mean([row[j] for row in matrix])
        pq += p * (1 - p)
    return (k / (k - 1)) * (1 - pq / total_var)


def upper_lower(pairs: Sequence[tuple[float, float]], share: float = 0.27) -> float | None:
    """``pairs`` = (total score, item score). Mean item score of the top group minus the
    bottom group."""
    if len(pairs) < 2:
        return None
    ranked = sorted(pairs, key=lambda p: p[0])
    size = max(1, round(len(ranked) * share))
    lower = [item for _, item in ranked[:size]]
    upper = [item for _, item in ranked[-size:]]
    return _mean(upper) - _mean(lower)


def analyse_exam(
    attempts: Iterable[AttemptRecord],
    questions: Mapping[str, QuestionInfo] | None = None,
    *,
    min_responses: int = 10,
) -> ExamAnalysis:
    attempts = list(attempts)
    questions = questions or {}
    if not attempts:
        return ExamAnalysis(0, None, None, None, None, 0, ())

    scores: list[dict[str, float]] = []
    for a in attempts:
        scores.append({i.question_key: float(i.fraction) for i in a.items})
    totals = [sum(s.values()) for s in scores]

    keys: list[str] = []
    for s in scores:
        for key in s:
            if key not in keys:
                keys.append(key)

    items = []
    for key in keys:
        item_scores, rest_scores, total_pairs = [], [], []
        chosen: Counter[str] = Counter()
        for s, total in zip(scores, totals, strict=True):
            if key not in s:
                continue
            item_scores.append(s[key])
            rest_scores.append(total - s[key])
            total_pairs.append((total, s[key]))
        for a in attempts:
            for i in a.items:
                if i.question_key == key:
                    chosen.update(i.choice_keys)
        info = questions.get(key)
        choice_keys = info.choice_keys if info else tuple(sorted(chosen))
        distribution = tuple((c, chosen.get(c, 0)) for c in choice_keys)
        n = len(item_scores)
        facility = _mean(item_scores) if n else None
        pb = pearson(item_scores, rest_scores)
        ul = upper_lower(total_pairs)
        flags: list[str] = []
        if n < min_responses:
            flags.append("few_responses")
        else:
            if (pb is not None and pb < 0) or (ul is not None and ul < 0):
                flags.append("negative_discrimination")
            elif pb is not None and pb < LOW_DISCRIMINATION:
                flags.append("low_discrimination")
            if facility is not None and facility < HARD:
                flags.append("too_hard")
            if facility is not None and facility > EASY:
                flags.append("too_easy")
            if info and info.choice_keys:
                if any(chosen.get(c, 0) == 0 for c in info.choice_keys if c not in info.correct_keys):
                    flags.append("unused_distractor")
        items.append(
            ItemAnalysis(
                key=key,
                responses=n,
                facility=facility,
                point_biserial=pb,
                upper_lower=ul,
                distribution=distribution,
                flags=tuple(flags),
            )
        )

    common = [k for k in keys if all(k in s for s in scores)]
    matrix = [[s[k] for k in common] for s in scores]
    alpha = cronbach_alpha(matrix) if len(common) >= 2 else None
    k20 = kr20(matrix) if len(common) >= 2 else None
    percentages = [float(a.percentage) for a in attempts]
    return ExamAnalysis(
        attempts=len(attempts),
        mean_percentage=_mean(percentages),
        pass_rate=sum(1 for a in attempts if a.passed) / len(attempts),
        cronbach_alpha=alpha,
        kr20=k20,
        common_items=len(common),
        items=tuple(items),
    )

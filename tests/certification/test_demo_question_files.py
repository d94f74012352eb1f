"""Shape checks for the demo question bank files (pure: no database, no Django)."""

import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

DEMO_DIR = Path(__file__).resolve().parents[2] / "certification" / "demo"
GIFT_PATH = DEMO_DIR / "questions.gift"
EXTRA_PATH = DEMO_DIR / "extra_questions.py"

SPECIALISATIONS = {"cobranza-temprana", "cobranza-tardia", "legal", "negociacion", "cumplimiento"}
TITLE_RE = re.compile(r"^::((?:[^:\\]|\\.)+)::")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CATEGORY_RE = re.compile(r"^\$CATEGORY:\s*\$course\$/(\S+)\s*$")


def _unescaped(text: str, char: str) -> list[int]:
    """Positions of ``char`` in ``text`` that are not escaped with a backslash."""
    positions, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            positions.append(i)
        i += 1
    return positions


def _gift_questions() -> list[dict]:
    """Split the GIFT file into questions: blank-line separated blocks that contain ``{``."""
    text = GIFT_PATH.read_bytes().decode("utf-8")
    category = None
    questions = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [ln for ln in block.splitlines() if not ln.lstrip().startswith("//")]
        body = "\n".join(lines).strip()
        if not body:
            continue
        match = CATEGORY_RE.match(body)
        if match:
            category = match.group(1)
            continue
        if "{" not in body:
            continue
        title = TITLE_RE.match(body)
        questions.append({"title": title.group(1) if title else None, "category": category, "body": body})
    return questions


def _load_extra_questions() -> list[dict]:
    spec = importlib.util.spec_from_file_location("demo_extra_questions", EXTRA_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.__doc__ and "Format" in module.__doc__
    return module.QUESTIONS


GIFT_QUESTIONS = _gift_questions()
EXTRA_QUESTIONS = _load_extra_questions()


def test_gift_file_is_utf8_without_bom_and_has_header_comments():
    raw = GIFT_PATH.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert text.startswith("//")
    assert "ñ" in text and "á" in text


def test_gift_has_at_least_110_questions():
    assert len(GIFT_QUESTIONS) >= 110


def test_every_gift_question_has_a_unique_slug_title():
    titles = [q["title"] for q in GIFT_QUESTIONS]
    assert None not in titles
    duplicates = [t for t, n in Counter(titles).items() if n > 1]
    assert duplicates == []
    assert [t for t in titles if not SLUG_RE.match(t)] == []


def test_every_gift_question_has_exactly_one_answer_block():
    bad = [
        q["title"]
        for q in GIFT_QUESTIONS
        if len(_unescaped(q["body"], "{")) != 1 or len(_unescaped(q["body"], "}")) != 1
    ]
    assert bad == []


def test_every_gift_question_sits_in_a_specialisation_category():
    assert all(q["category"] for q in GIFT_QUESTIONS)
    roots = {q["category"].split("/")[0] for q in GIFT_QUESTIONS}
    assert roots == SPECIALISATIONS


@pytest.mark.parametrize("specialisation", sorted(SPECIALISATIONS))
def test_each_specialisation_has_at_least_20_gift_questions(specialisation):
    count = sum(1 for q in GIFT_QUESTIONS if q["category"].split("/")[0] == specialisation)
    assert count >= 20


@pytest.mark.parametrize(
    ("label", "pattern"),
    [
        ("essay", r"\{\s*\}"),
        ("true/false", r"\{\s*(T|F|TRUE|FALSE)\s*(#|\})"),
        ("numeric with tolerance", r"\{#\s*-?[\d.]+:[\d.]+"),
        ("numeric range", r"\{#\s*-?[\d.]+\.\.[\d.]+"),
        ("matching", r"->"),
        ("weighted multiple response", r"~%-\d"),
        ("html format", r"::\[html\]"),
    ],
)
def test_gift_uses_every_question_type(label, pattern):
    assert any(re.search(pattern, q["body"]) for q in GIFT_QUESTIONS), label


def test_extra_titles_are_unique_slugs_and_do_not_clash_with_gift():
    titles = [q["title"] for q in EXTRA_QUESTIONS]
    assert all(SLUG_RE.match(t) for t in titles)
    assert len(titles) == len(set(titles))
    assert set(titles).isdisjoint(q["title"] for q in GIFT_QUESTIONS)


def test_extra_questions_have_the_documented_counts_and_categories():
    types = Counter(q["type"] for q in EXTRA_QUESTIONS)
    assert set(types) == {"ordering", "scenario"}
    assert types["ordering"] >= 6
    assert types["scenario"] >= 6
    for question in EXTRA_QUESTIONS:
        assert question["category"].split("/")[0] in SPECIALISATIONS
        assert not question["category"].startswith("$course$")
        assert question["text"].strip()


@pytest.mark.parametrize("question", [q for q in EXTRA_QUESTIONS if q["type"] == "ordering"], ids=lambda q: q["title"])
def test_ordering_questions_have_distinct_items(question):
    items = question["items"]
    assert len(items) >= 3
    assert len(items) == len(set(items))
    assert question["feedback"].strip()


@pytest.mark.parametrize("question", [q for q in EXTRA_QUESTIONS if q["type"] == "scenario"], ids=lambda q: q["title"])
def test_scenario_subquestions_have_a_valid_answer_key(question):
    subquestions = question["subquestions"]
    assert 2 <= len(subquestions) <= 4
    for sub in subquestions:
        assert sub["text"].strip()
        if sub["type"] == "single":
            assert len(sub["choices"]) >= 3
            assert sum(1 for c in sub["choices"] if c["correct"] is True) == 1
            assert all(isinstance(c["correct"], bool) and c["feedback"] for c in sub["choices"])
        elif sub["type"] == "multiple":
            weights = [float(c["weight"]) for c in sub["choices"]]
            assert sum(w for w in weights if w > 0) == pytest.approx(100)
            assert any(w < 0 for w in weights)
            assert all(c["feedback"] for c in sub["choices"])
        elif sub["type"] == "truefalse":
            assert isinstance(sub["answer"], bool)
            assert sub["feedback"].strip()
        else:
            pytest.fail(f"unknown sub-question type {sub['type']!r}")

"""Structural checks for the Spanish demo curriculum (pure data, no database)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from learning.demo.curriculum import COURSES, PATHS, SPECIALISATIONS

THEMES = {"regulation", "negotiation", "soft_skills", "product_systems"}
JURISDICTIONS = {"MX", "CO", "CL", "PE", "US"}
LEVELS = {"basic", "intermediate", "advanced"}
BLOCK_TYPES = {"heading", "paragraph", "callout", "dialogue", "do_dont", "knowledge_check"}
CALLOUT_KINDS = {"legal", "tip", "warning"}
NOTE_KINDS = {"", "compliant", "avoid"}
ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a"}
MIN_WORDS = 280

ALL_LESSONS = [(course, lesson) for course in COURSES for lesson in course["lessons"]]
LESSON_IDS = [f"{course['slug']}/{lesson['slug']}" for course, lesson in ALL_LESSONS]
COURSE_IDS = [course["slug"] for course in COURSES]


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.open: list[str] = []
        self.unbalanced = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.unbalanced = True


def _strings(value) -> list[str]:
    """Every string inside a block value, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _word_count(lesson: dict) -> int:
    text = " ".join(s for _, value in lesson["body"] for s in _strings(value))
    return len(re.sub(r"<[^>]+>", " ", text).split())


def _assert_html(html: str) -> None:
    assert html.startswith("<"), html[:60]
    parser = _TagCollector()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"tag <{tag}> not allowed in {html[:60]!r}"
        if tag == "a":
            assert attrs.get("href"), "links need an href"
        else:
            assert not attrs, f"<{tag}> must not carry attributes"
    assert not parser.unbalanced and not parser.open, f"unbalanced HTML in {html[:60]!r}"


def _assert_plain(text) -> None:
    assert isinstance(text, str) and text.strip(), f"expected non-empty text, got {text!r}"
    assert "<" not in text and ">" not in text, f"plain text must not contain markup: {text!r}"


def test_it_has_enough_courses_and_lessons():
    assert len(COURSES) >= 10
    assert len(ALL_LESSONS) >= 32


def test_it_uses_unique_slugs():
    course_slugs = [c["slug"] for c in COURSES]
    lesson_slugs = [lesson["slug"] for _, lesson in ALL_LESSONS]
    assert len(course_slugs) == len(set(course_slugs))
    assert len(lesson_slugs) == len(set(lesson_slugs))
    for slug in course_slugs + lesson_slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


def test_it_lists_the_five_specialisations():
    assert SPECIALISATIONS == ["early_stage", "late_stage", "legal", "negotiation", "compliance"]


@pytest.mark.parametrize("course", COURSES, ids=COURSE_IDS)
def test_it_gives_each_course_valid_metadata(course):
    assert set(course) == {
        "slug", "title", "theme", "jurisdictions", "level", "minutes", "summary",
        "objectives", "prerequisites", "specialisations", "lessons",
    }  # fmt: skip
    _assert_plain(course["title"])
    _assert_plain(course["summary"])
    assert course["theme"] in THEMES
    assert set(course["jurisdictions"]) <= JURISDICTIONS
    assert len(course["jurisdictions"]) == len(set(course["jurisdictions"]))
    assert course["level"] in LEVELS
    assert isinstance(course["minutes"], int) and 10 <= course["minutes"] <= 240
    assert len(course["objectives"]) >= 3
    for objective in course["objectives"]:
        _assert_plain(objective)
    assert set(course["specialisations"]) <= set(SPECIALISATIONS)
    assert 3 <= len(course["lessons"]) <= 4


def test_it_only_requires_earlier_courses():
    seen: set[str] = set()
    for course in COURSES:
        assert set(course["prerequisites"]) <= seen, course["slug"]
        seen.add(course["slug"])


def test_it_has_one_sensible_path_per_specialisation():
    slugs = [c["slug"] for c in COURSES]
    assert sorted(p["specialisation"] for p in PATHS) == sorted(SPECIALISATIONS)
    assert len({p["code"] for p in PATHS}) == len(PATHS)
    for path in PATHS:
        assert set(path) == {"code", "title", "specialisation", "summary", "courses"}
        _assert_plain(path["title"])
        _assert_plain(path["summary"])
        assert 3 <= len(path["courses"]) <= 5
        assert len(set(path["courses"])) == len(path["courses"])
        assert set(path["courses"]) <= set(slugs)
        # A prerequisite that is part of the path comes before the course needing it.
        position = {slug: i for i, slug in enumerate(path["courses"])}
        by_slug = {c["slug"]: c for c in COURSES}
        for slug in path["courses"]:
            for required in by_slug[slug]["prerequisites"]:
                if required in position:
                    assert position[required] < position[slug], (path["code"], slug)


def test_it_keeps_course_specialisations_consistent_with_paths():
    for course in COURSES:
        in_paths = {p["specialisation"] for p in PATHS if course["slug"] in p["courses"]}
        assert set(course["specialisations"]) == in_paths, course["slug"]


@pytest.mark.parametrize(("course", "lesson"), ALL_LESSONS, ids=LESSON_IDS)
def test_it_builds_lessons_from_valid_blocks(course, lesson):
    assert set(lesson) == {"slug", "title", "summary", "body"}
    _assert_plain(lesson["title"])
    _assert_plain(lesson["summary"])
    for block in lesson["body"]:
        assert isinstance(block, tuple) and len(block) == 2
        kind, value = block
        assert kind in BLOCK_TYPES
        if kind == "heading":
            _assert_plain(value)
        elif kind == "paragraph":
            _assert_html(value)
        elif kind == "callout":
            assert set(value) == {"kind", "title", "body"}
            assert value["kind"] in CALLOUT_KINDS
            _assert_plain(value["title"])
            _assert_html(value["body"])
        elif kind == "dialogue":
            assert set(value) == {"title", "turns"}
            _assert_plain(value["title"])
            assert len(value["turns"]) >= 2
            for turn in value["turns"]:
                assert set(turn) == {"speaker", "text", "note_kind", "note"}
                assert turn["speaker"] in {"agent", "debtor"}
                _assert_plain(turn["text"])
                assert turn["note_kind"] in NOTE_KINDS
                if turn["note_kind"]:
                    _assert_plain(turn["note"])
                else:
                    assert turn["note"] == ""
        elif kind == "do_dont":
            assert set(value) == {"title", "do", "dont"}
            _assert_plain(value["title"])
            assert value["do"] and value["dont"]
            for item in value["do"] + value["dont"]:
                _assert_plain(item)
        else:
            _assert_knowledge_check(value)


def _assert_knowledge_check(value):
    assert set(value) == {"question", "choices", "explanation"}
    _assert_plain(value["question"])
    _assert_plain(value["explanation"])
    assert 3 <= len(value["choices"]) <= 4
    assert sum(1 for c in value["choices"] if c["correct"] is True) == 1
    for choice in value["choices"]:
        assert set(choice) == {"text", "correct", "feedback"}
        assert isinstance(choice["correct"], bool)
        _assert_plain(choice["text"])
        _assert_plain(choice["feedback"])
    texts = [c["text"] for c in value["choices"]]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(("course", "lesson"), ALL_LESSONS, ids=LESSON_IDS)
def test_it_makes_each_lesson_substantive(course, lesson):
    kinds = [kind for kind, _ in lesson["body"]]
    assert _word_count(lesson) >= MIN_WORDS
    assert "heading" in kinds
    assert "callout" in kinds or "do_dont" in kinds
    assert kinds[-1] == "knowledge_check"
    if course["theme"] in {"negotiation", "soft_skills"}:
        assert "dialogue" in kinds


def test_it_never_presents_unverified_items():
    every_string = _strings(COURSES) + _strings(PATHS)
    assert every_string
    for text in every_string:
        assert "[U]" not in text

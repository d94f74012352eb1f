"""GIFT parser (Moodle's text format for questions). Pure Python.

``parse_gift(text)`` reads the whole file and returns an ``ImportReport``: the questions
(essays, marked by a person, and descriptions, worth nothing, included as Moodle imports
them) and *every* error found (each with a ``code``, ``params`` and the 1-based ``line``).

Supported:

- questions separated by one or more blank lines; a question may span several lines
- ``// comment`` lines (anywhere); Moodle's ``// [id:…] [tag:…]`` comment before a question
  gives its id number and tags; ``$CATEGORY: a/b/c`` lines (``$course$/top`` prefixes
  dropped, ``//`` inside a name stands for ``/``)
- ``::title::``, and a text format ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]``
  (Moodle's default: HTML allowed, new lines kept; a question without a marker has it)
- multiple choice ``{=right ~wrong#feedback}``; weights ``~%50%`` and ``~%-100%``; with no
  ``=`` answer the question is multiple response
- true/false ``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}``; ``{T#wrong-answer feedback#right-answer
  feedback}``
- short answer ``{=a =b =%50%c}``
- numeric ``{#3.5:0.1}``, ``{#1..5}``, several answers ``{#=3.5:0.1 =%50%3:1}``, and the
  "any other answer" Moodle's exporter writes (``{#3:2~#feedback}``, ``~#feedback`` or
  ``=%0%*#feedback``), kept as a catch-all ``NumericAnswer``
- a format marker (``[html]`` ...) on an answer, a feedback or a matching item is dropped,
  never stored as text
- matching ``{=prompt -> answer ...}``
- essay ``{}``; missing-word questions (text after the answer block)
- general feedback ``{... ####feedback}``
- escapes ``\\: \\= \\~ \\# \\{ \\} \\\\`` and ``\\n`` (new line)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .questions import (
    FALSE_KEY,
    TRUE_KEY,
    Choice,
    ImportedQuestion,
    ImportReport,
    MatchPair,
    NumericAnswer,
    ParseError,
    QuestionSnapshot,
    QuestionType,
    SkippedItem,
    TextAnswer,
    fraction_problem,
    id_number_errors,
    moodle_fraction,
)

_ESCAPES = {
    "\\": "\ue000",
    ":": "\ue001",
    "=": "\ue002",
    "~": "\ue003",
    "#": "\ue004",
    "{": "\ue005",
    "}": "\ue006",
    "n": "\ue007",
}
_RESTORE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\(.)")
_FORMAT_RE = re.compile(r"\s*\[(html|markdown|plain|moodle)\]", re.IGNORECASE)
_TF_RE = re.compile(r"^(TRUE|FALSE|T|F)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)
_WEIGHT_RE = re.compile(r"^%([^%]*)%")
_ANSWER_START_RE = re.compile(r"[=~]")
_TAG_RE = re.compile(r"<[^>]+>")
_CATEGORY_PREFIXES = {"$course$", "$system$", "$module$", "$coursecategory$", "top"}


def _encode(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return _ESCAPES.get(m.group(1), m.group(0))

    return _ESCAPE_RE.sub(repl, text)


def _decode(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _clean(text: str) -> str:
    return _decode(text).strip()


def _clean_text(text: str) -> str:
    """An answer, feedback or matching item: unescaped, without its ``[html]``-style marker
    (Moodle writes one on any text whose format differs from the question's)."""
    cleaned = _clean(text)
    m = _FORMAT_RE.match(cleaned)
    return cleaned[m.end() :].strip() if m else cleaned


@dataclass
class _Block:
    lines: list[tuple[int, str]]
    comments: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.lines)

    def line_at(self, offset: int, encoded: str) -> int:
        index = encoded.count("\n", 0, max(offset, 0))
        index = min(index, len(self.lines) - 1)
        return self.lines[index][0]


class _Errors:
    def __init__(self) -> None:
        self.items: list[ParseError] = []

    def add(self, code: str, line: int, detail: str = "", **params: object) -> None:
        self.items.append(ParseError(code=code, params=dict(params), line=line, detail=detail))


def _split_blocks(text: str) -> list[_Block]:
    """Blocks of non-blank lines. The ``//`` comments since the previous block belong to the
    next one (Moodle reads ``[id:…]`` and ``[tag:…]`` there)."""
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    comments: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            comments.append(stripped[2:])
            continue
        if not stripped:
            if current:
                blocks.append(_Block(current, tuple(comments)))
                current, comments = [], []
            continue
        current.append((number, raw.rstrip()))
    if current:
        blocks.append(_Block(current, tuple(comments)))
    return blocks


_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
_TAG_COMMENT_RE = re.compile(r"\[tag:((?:\\\]|[^\]\x00-\x1f<>`{}])+)\]")


def _id_and_tags(comments: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Moodle's ``// [id:ABC-1] [tag:cobranza] [tag:México]`` comment: the id number and tags."""
    text = "\n".join(comments)
    m = _ID_RE.search(text)
    id_number = m.group(1).replace("\\]", "]").strip() if m else ""
    tags: list[str] = []
    for t in _TAG_COMMENT_RE.findall(text):
        tag = t.replace("\\]", "]").strip()
        if tag and tag not in tags:
            tags.append(tag)
    return id_number, tuple(tags)


def _parse_category(value: str) -> tuple[str, ...]:
    parts = [p.strip() for p in value.replace("//", "\ue010").split("/")]
    parts = [p.replace("\ue010", "/") for p in parts if p]
    while parts and parts[0].lower() in _CATEGORY_PREFIXES:
        parts.pop(0)
    return tuple(parts)


def _parse_weight(token: str) -> tuple[Decimal | None, str, bool]:
    """Return (weight as fraction, rest, ok)."""
    m = _WEIGHT_RE.match(token)
    if not m:
        return None, token, True
    try:
        value = Decimal(m.group(1).strip().replace(",", "."))
    except InvalidOperation:
        return None, token[m.end() :], False
    if not value.is_finite() or value < -100 or value > 100:
        return None, token[m.end() :], False
    fraction = moodle_fraction(value / 100)
    if fraction is None:
        return None, token[m.end() :], False
    return fraction, token[m.end() :], True


def _split_feedback(token: str) -> tuple[str, str]:
    if "#" in token:
        body, feedback = token.split("#", 1)
        return body, feedback
    return token, ""


def _tokens(content: str) -> list[tuple[int, str, str]]:
    """Split an answer block into (offset, marker, text) at each ``=``/``~``."""
    starts = [m.start() for m in _ANSWER_START_RE.finditer(content)]
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(content)
        out.append((start, content[start], content[start + 1 : end]))
    return out


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _default_name(text: str) -> str:
    plain = " ".join(_TAG_RE.sub(" ", text).split())
    return plain[:60]


class _QuestionParser:
    def __init__(self, block: _Block, encoded: str, errors: _Errors) -> None:
        self.block = block
        self.encoded = encoded
        self.errors = errors
        self.first_line = block.lines[0][0]
        self.error_count = len(errors.items)

    def line(self, offset: int) -> int:
        return self.block.line_at(offset, self.encoded)

    def error(self, code: str, offset: int, detail: str = "", **params: object) -> None:
        self.errors.add(code, self.line(offset), detail, **params)

    @property
    def failed(self) -> bool:
        return len(self.errors.items) > self.error_count

    def parse(self) -> tuple[str, str, QuestionSnapshot | None]:
        """Return (name, kind, snapshot). ``kind`` is the question type, or "description"."""
        text = self.encoded
        pos = 0
        name = ""
        stripped = text.lstrip()
        pos = len(text) - len(stripped)
        if stripped.startswith("::"):
            end = text.find("::", pos + 2)
            if end < 0:
                self.error("gift.unclosed_title", pos, "'::title' has no closing '::'")
                return "", "", None
            name = _clean(text[pos + 2 : end])
            pos = end + 2

        # Without a marker the text is in Moodle's own format (HTML allowed, new lines kept).
        text_format = "moodle"
        m = _FORMAT_RE.match(text, pos)
        if m:
            text_format = m.group(1).lower()
            pos = m.end()

        open_at = text.find("{", pos)
        close_at = text.find("}", pos)
        if open_at < 0:
            if close_at >= 0:
                self.error("gift.unexpected_close_brace", close_at, "'}' without '{'")
                return name, "", None
            body = _clean(text[pos:])
            if not body:
                self.error("gift.empty_question_text", pos)
                return name, "", None
            snap = QuestionSnapshot(
                key="", type=QuestionType.DESCRIPTION, text=body, text_format=text_format, points=Decimal(0)
            )
            return name or _default_name(body), QuestionType.DESCRIPTION.value, snap
        if 0 <= close_at < open_at:
            self.error("gift.unexpected_close_brace", close_at, "'}' before '{'")
            return name, "", None
        if close_at < 0:
            self.error("gift.unclosed_brace", open_at, "'{' is never closed")
            return name, "", None
        nested = text.find("{", open_at + 1, close_at)
        if nested >= 0:
            self.error("gift.nested_brace", nested, "'{' inside an answer block")
            return name, "", None
        after = text[close_at + 1 :]
        if "{" in after or "}" in after:
            extra = close_at + 1 + min(i for i in (after.find("{"), after.find("}")) if i >= 0)
            self.error("gift.multiple_answer_blocks", extra, "more than one answer block")
            return name, "", None

        before_text = _decode(text[pos:open_at]).strip()
        after_text = _decode(after).strip()
        question_text = f"{before_text} _____ {after_text}" if after_text else before_text
        if not question_text:
            self.error("gift.empty_question_text", open_at)
            return name, "", None
        name = name or _default_name(question_text)

        content = text[open_at + 1 : close_at]
        base = open_at + 1
        snap = self.parse_answers(content, base, question_text, text_format)
        if snap is None or self.failed:
            return name, "", None
        return name, snap.type.value, snap

    # --- answers ------------------------------------------------------------------------

    def parse_answers(self, content: str, base: int, question_text: str, text_format: str) -> QuestionSnapshot | None:
        general_feedback = ""
        gf_at = content.find("####")
        if gf_at >= 0:
            general_feedback = _clean_text(content[gf_at + 4 :])
            content = content[:gf_at]
        lead = len(content) - len(content.lstrip())
        body = content.strip()
        base += lead

        def snap(qtype: QuestionType, **kw: object) -> QuestionSnapshot:
            return QuestionSnapshot(
                key="",
                type=qtype,
                text=question_text,
                text_format=text_format,
                general_feedback=general_feedback,
                **kw,  # type: ignore[arg-type]
            )

        if not body:
            return snap(QuestionType.ESSAY)
        if body.startswith("#"):
            answers = self.parse_numeric(body[1:], base + 1)
            return snap(QuestionType.NUMERIC, numeric_answers=answers) if answers else None
        tf = _TF_RE.match(body)
        if tf:
            return snap(QuestionType.TRUE_FALSE, choices=self.parse_truefalse(tf))
        tokens = _tokens(body)
        if not tokens or tokens[0][0] != 0:
            self.error(
                "gift.unknown_answer_format",
                base,
                "answers must start with '=', '~', '#' or be T/F",
                text=_clean(body[:30]),
            )
            return None
        if any("->" in t for _, _, t in tokens):
            pairs = self.parse_matching(tokens, base)
            return snap(QuestionType.MATCHING, pairs=pairs) if pairs else None
        if any(marker == "~" for _, marker, _ in tokens):
            return self.parse_choice(tokens, base, snap)
        answers = self.parse_short(tokens, base)
        return snap(QuestionType.SHORT, text_answers=answers) if answers else None

    def parse_truefalse(self, m: re.Match[str]) -> tuple[Choice, ...]:
        correct_true = m.group(1).upper().startswith("T")
        feedback = (m.group(2) or "")[1:]
        wrong_fb, _, right_fb = feedback.partition("#")
        wrong_fb, right_fb = _clean_text(wrong_fb), _clean_text(right_fb)
        true_choice = Choice(
            key=TRUE_KEY,
            text="Verdadero",
            fraction=Decimal(1) if correct_true else Decimal(0),
            feedback=right_fb if correct_true else wrong_fb,
        )
        false_choice = Choice(
            key=FALSE_KEY,
            text="Falso",
            fraction=Decimal(0) if correct_true else Decimal(1),
            feedback=wrong_fb if correct_true else right_fb,
        )
        return (true_choice, false_choice)

    def parse_choice(self, tokens, base, snap) -> QuestionSnapshot | None:
        choices = []
        has_equals = any(marker == "=" for _, marker, _ in tokens)
        for i, (offset, marker, raw) in enumerate(tokens, start=1):
            weight, rest, ok = _parse_weight(raw)
            if not ok:
                self.error("gift.bad_weight", base + offset, "weight must be -100..100")
                continue
            answer, feedback = _split_feedback(rest)
            answer = _clean_text(answer)
            if not answer:
                self.error("gift.empty_answer", base + offset)
                continue
            if weight is None:
                weight = Decimal(1) if marker == "=" else Decimal(0)
            choices.append(Choice(key=f"c{i}", text=answer, fraction=weight, feedback=_clean_text(feedback)))
        if self.failed:
            return None
        if len(choices) < 2:
            self.error("gift.too_few_choices", base, count=len(choices))
            return None
        if not any(c.fraction > 0 for c in choices):
            self.error("gift.no_correct_answer", base)
            return None
        multi = not has_equals
        if multi:  # an imported question scores as Moodle scores it
            question = snap(QuestionType.MULTI, choices=tuple(choices), multi_scoring="moodle")
        else:
            question = snap(QuestionType.SINGLE, choices=tuple(choices))
        problem = fraction_problem(question)
        if problem is not None:
            self.error(problem[0], base, **problem[1])
            return None
        return question

    def parse_short(self, tokens, base) -> tuple[TextAnswer, ...]:
        answers = []
        for offset, _, raw in tokens:
            weight, rest, ok = _parse_weight(raw)
            if not ok:
                self.error("gift.bad_weight", base + offset)
                continue
            answer, feedback = _split_feedback(rest)
            answer = _clean_text(answer)
            if not answer:
                self.error("gift.empty_answer", base + offset)
                continue
            answers.append(
                TextAnswer(
                    text=answer,
                    fraction=Decimal(1) if weight is None else weight,
                    feedback=_clean_text(feedback),
                )
            )
        if answers and not any(a.fraction > 0 for a in answers) and not self.failed:
            self.error("gift.no_correct_answer", base)
        return tuple(answers)

    def parse_matching(self, tokens, base) -> tuple[MatchPair, ...]:
        pairs = []
        for i, (offset, marker, raw) in enumerate(tokens, start=1):
            if marker != "=" or "->" not in raw:
                self.error("gift.matching_malformed_pair", base + offset, "expected '=a -> b'")
                continue
            prompt, answer = raw.split("->", 1)
            answer, _ = _split_feedback(answer)
            prompt, answer = _clean_text(prompt), _clean_text(answer)
            if not answer:
                self.error("gift.matching_malformed_pair", base + offset, "empty answer")
                continue
            pairs.append(MatchPair(key=f"p{i}", prompt=prompt, answer=answer))
        if not self.failed and sum(1 for p in pairs if p.prompt) < 2:
            self.error("gift.matching_too_few_pairs", base, count=len(pairs))
        return tuple(pairs)

    def parse_numeric(self, content: str, base: int) -> tuple[NumericAnswer, ...]:
        stripped = content.lstrip()
        base += len(content) - len(stripped)
        if not stripped.strip():
            self.error("gift.bad_number", base, "empty numeric answer", value="")
            return ()
        if stripped[0] not in "=~":
            # ``{#3:2~#wrong}``: the first answer has no "=" of its own.
            stripped = "=" + stripped
            base -= 1
        answers = []
        for offset, marker, raw in _tokens(stripped):
            weight, rest, ok = _parse_weight(raw)
            if not ok:
                self.error("gift.bad_weight", base + offset)
                continue
            spec, feedback = _split_feedback(rest)
            spec = _decode(spec).strip()
            if weight is None:
                weight = Decimal(1) if marker == "=" else Decimal(0)
            if spec in ("", "*"):
                if marker == "=" and spec == "":
                    self.error("gift.bad_number", base + offset, "empty numeric answer", value="")
                    continue
                # Moodle's "any other answer" (``~#feedback`` or ``=%0%*#feedback``).
                answer = NumericAnswer()
            else:
                answer = self._numeric_spec(spec, base + offset)
            if answer is not None:
                answers.append(
                    NumericAnswer(
                        value=answer.value,
                        tolerance=answer.tolerance,
                        low=answer.low,
                        high=answer.high,
                        fraction=weight,
                        feedback=_clean_text(feedback),
                    )
                )
        if answers and not any(a.fraction > 0 for a in answers) and not self.failed:
            self.error("gift.no_correct_answer", base)
        return tuple(answers)

    def _numeric_spec(self, spec: str, offset: int) -> NumericAnswer | None:
        if ".." in spec:
            low_s, high_s = spec.split("..", 1)
            low, high = _number(low_s), _number(high_s)
            if low is None or high is None:
                self.error("gift.bad_number", offset, value=spec)
                return None
            if low > high:
                self.error("gift.bad_range", offset, low=str(low), high=str(high))
                return None
            return NumericAnswer(low=low, high=high)
        value_s, _, tol_s = spec.partition(":")
        value = _number(value_s)
        tolerance = _number(tol_s) if tol_s.strip() else Decimal(0)
        if value is None or tolerance is None:
            self.error("gift.bad_number", offset, value=spec)
            return None
        return NumericAnswer(value=value, tolerance=abs(tolerance))


def parse_gift(text: str) -> ImportReport:
    """Parse a whole GIFT file. Never raises on bad content: errors are in the report."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    errors = _Errors()
    questions: list[ImportedQuestion] = []
    skipped: list[SkippedItem] = []
    category: tuple[str, ...] = ()
    for block in _split_blocks(text):
        lines = list(block.lines)
        while lines and lines[0][1].strip().upper().startswith("$CATEGORY:"):
            number, raw = lines.pop(0)
            value = raw.strip()[len("$CATEGORY:") :]
            category = _parse_category(value)
            if not category:
                errors.add("gift.bad_category", number, "empty category", value=value.strip())
        if not lines:
            continue
        block = _Block(lines, block.comments)
        encoded = _encode(block.text)
        parser = _QuestionParser(block, encoded, errors)
        name, kind, snap = parser.parse()
        if snap is None:
            continue
        first_line = block.lines[0][0]
        id_number, tags = _id_and_tags(block.comments)
        questions.append(
            ImportedQuestion(
                name=name, category=category, question=snap, line=first_line, tags=tags, id_number=id_number
            )
        )
    all_errors = tuple(errors.items) + id_number_errors(tuple(questions))
    return ImportReport(questions=tuple(questions), errors=all_errors, skipped=tuple(skipped))

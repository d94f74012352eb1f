"""An agent passes a certification exam, downloads the PDF and opens its verification link.

The test knows the answers the way an honest author would: from the demo question files the
portal imported (`certification/demo/`), parsed with the certification engine."""

from __future__ import annotations

import hashlib
import re

import pytest
from PIL import Image

from certification.engine.grading import normalise_text
from certification.engine.questions import QuestionSnapshot, QuestionType
from certification.engine.responses import ideal_response

TAG_RE = re.compile(r"<[^>]+>")


def _key(text: str) -> str:
    return normalise_text(TAG_RE.sub(" ", text))


def _lookup(answer_key: dict[str, QuestionSnapshot], text: str) -> QuestionSnapshot | None:
    key = _key(text)
    if key in answer_key:
        return answer_key[key]
    matches = [q for k, q in answer_key.items() if k.startswith(key[:80]) or key.startswith(k[:80])]
    return matches[0] if len(matches) == 1 else None


@pytest.fixture(scope="module")
def answer_key() -> dict[str, QuestionSnapshot]:
    from pathlib import Path

    from certification.engine.dict_questions import parse_question_dicts
    from certification.engine.gift import parse_gift

    demo = Path(__file__).resolve().parents[2] / "certification" / "demo"
    snapshots = []
    for path in demo.glob("questions*.gift"):
        snapshots += [q.question for q in parse_gift(path.read_text(encoding="utf-8")).questions]
    try:
        from certification.demo.extra_questions import QUESTIONS
    except ImportError:
        QUESTIONS = []
    snapshots += [q.question for q in parse_question_dicts(QUESTIONS).questions]
    return {_key(q.text): q for q in snapshots}


def _answer(fieldset, prefix: str, q: QuestionSnapshot) -> None:
    ideal = ideal_response(q)
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.TRUE_FALSE):
        for key in ideal["choices"]:
            fieldset.locator(f'input[name="{prefix}"][value="{key}"]').check()
    elif q.type in (QuestionType.SHORT, QuestionType.NUMERIC):
        fieldset.locator(f'input[name="{prefix}"]').fill(ideal["text"])
    elif q.type == QuestionType.MATCHING:
        for pair_key, answer in ideal["matches"].items():
            fieldset.locator(f'select[name="{prefix}-{pair_key}"]').select_option(value=answer)
    elif q.type == QuestionType.ORDERING:
        for item_key, position in ideal["positions"].items():
            fieldset.locator(f'select[name="{prefix}-{item_key}"]').select_option(value=str(position))
    elif q.type == QuestionType.SCENARIO:
        for sub in q.sub_questions:
            _answer(fieldset, f"{prefix}-{sub.key}", sub)


def test_an_agent_passes_downloads_the_pdf_and_verifies_it(page, login, axe, answer_key):
    login(page, "agente")
    page.goto("/certificacion/")
    available = page.locator("tr", has=page.locator(".badge--ok", has_text="Disponible"))
    assert available.count() >= 1, page.locator("#exams-h + div").inner_text()
    available.first.locator("a").first.click()
    page.get_by_role("button", name="Iniciar el examen").click()
    page.wait_for_url(re.compile(r"/certificacion/intentos/\d+/$"))
    assert axe(page) == []

    fieldsets = page.locator("form#attempt-form > fieldset.question")
    assert fieldsets.count() >= 1
    for i in range(fieldsets.count()):
        fieldset = fieldsets.nth(i)
        prefix = fieldset.get_attribute("id").removeprefix("question-")
        text = fieldset.locator(":scope > .question__text").inner_text()
        question = _lookup(answer_key, text)
        assert question is not None, f"no answer key for {text[:80]!r}"
        _answer(fieldset, prefix, question)
    page.get_by_role("button", name="Entregar respuestas").click()
    page.wait_for_url(re.compile(r"/resultado/$"))
    assert "Aprobado" in page.content()

    href = page.get_by_role("link", name="Descargar certificado (PDF)").get_attribute("href")
    response = page.request.get(href)  # same browser session; headless Chromium may open PDFs inline
    assert response.ok and "attachment" in response.headers["content-disposition"]
    data = response.body()
    assert data.startswith(b"%PDF")
    digest = hashlib.sha256(data).hexdigest()

    page.click("#verification-link")
    page.wait_for_url(re.compile(r"/verificar/[0-9A-Z]{11}/$"))
    assert page.locator("#certificate-status").inner_text().strip().startswith("Vigente")
    assert page.locator("#pdf-sha256").inner_text().strip() == digest
    assert axe(page) == []
    # the same page offers the certificate to LinkedIn and as Open Badges
    link = page.locator("#add-to-linkedin")
    assert link.inner_text().strip() == "Añadir a LinkedIn"
    assert link.get_attribute("href").startswith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME")
    with page.expect_download() as download_info:
        page.click("#download-ob2-png")
    baked = download_info.value
    assert baked.suggested_filename.startswith("insignia-") and baked.suggested_filename.endswith(".png")
    image = Image.open(baked.path())
    image.load()
    assert '"type":"Assertion"' in image.text["openbadges"]

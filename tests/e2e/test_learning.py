"""An agent opens an assigned course, completes a lesson and sees progress rise; the catalogue,
course and lesson pages pass axe-core (no serious or critical violations)."""

import re


def _progress(page) -> int:
    return int(page.locator("[role=progressbar]").first.get_attribute("aria-valuenow"))


def test_an_agent_completes_a_lesson_of_an_assigned_course(page, login, axe):
    login(page, "agente")
    page.goto("/aprendizaje/")
    assert page.locator("h1").inner_text() == "Mi aprendizaje"
    page.get_by_role("link", name=re.compile("^Promesas de pago")).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/academia/promesas-de-pago-y-objeciones/")
    before = _progress(page)
    violations = axe(page)
    assert violations == [], violations

    page.locator("a.button", has_text=re.compile("Empezar el curso|Continuar")).first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".knowledge-check").count() >= 1
    violations = axe(page)
    assert violations == [], violations

    page.get_by_role("button", name="Marcar como completada").click()
    page.get_by_text("Lección completada").wait_for()
    assert _progress(page) > before

    page.goto("/academia/promesas-de-pago-y-objeciones/")
    assert _progress(page) > before
    assert page.locator(".lesson-list .badge--ok").count() >= 1


def test_the_catalogue_searches_and_is_accessible(page, login, axe):
    login(page, "agente")
    page.goto("/academia/")
    assert page.locator(".course-card").count() >= 8
    violations = axe(page)
    assert violations == [], violations
    page.fill("#id_q", "Chile")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_load_state("networkidle")
    titles = page.locator(".course-card__title").all_inner_texts()
    assert titles and all("Chile" in t or "chile" in t.lower() for t in titles[:1])


def test_the_knowledge_check_gives_immediate_feedback(page, login):
    login(page, "agente")
    page.goto("/academia/regulacion-mexico/mx-marco-condusef-redeco/")
    check = page.locator("[data-knowledge-check]").first
    check.locator("input[type=radio]").first.check()
    check.get_by_role("button", name="Comprobar mi respuesta").click()
    feedback = check.locator("[data-kc-feedback]")
    assert feedback.inner_text().strip() != ""


def test_the_other_learning_screens_are_accessible(page, login, axe):
    login(page, "agente")
    page.goto("/aprendizaje/")
    assert axe(page) == []
    page.context.clear_cookies()
    login(page, "supervisor")
    page.goto("/aprendizaje/estado/")
    assert page.locator("table.matrix tbody tr").count() >= 1
    violations = axe(page)
    assert violations == [], violations
    page.context.clear_cookies()
    login(page, "rrhh")
    for url in ("/aprendizaje/reglas/", "/aprendizaje/reglas/nueva/"):
        page.goto(url)
        violations = axe(page)
        assert violations == [], (url, violations)


def test_a_lesson_reports_the_visit_itself_when_opened_and_when_left(page, login):
    login(page, "agente")
    page.goto("/academia/promesas-de-pago-y-objeciones/")
    lesson = page.locator("a.button", has_text=re.compile("Empezar el curso|Continuar")).first
    with page.expect_response(lambda r: r.url.endswith("/aprendizaje/progreso/")) as opened:
        lesson.click()
    assert opened.value.request.method == "POST" and opened.value.status == 204
    # leaving: the tab is hidden (the same handler runs on pagehide, which Playwright cannot watch)
    with page.expect_request(lambda r: r.url.endswith("/aprendizaje/progreso/")) as left:
        page.evaluate(
            "Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
            "document.dispatchEvent(new Event('visibilitychange'))"
        )
    assert left.value.method == "POST"
    # the course remembers the lesson: its button now continues instead of starting
    page.goto("/academia/promesas-de-pago-y-objeciones/")
    assert page.locator("a.button", has_text="Continuar").count() >= 1

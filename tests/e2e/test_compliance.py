"""The compliance officer writes a new version of a country's contact rules (a mistake is refused in
Spanish, then the version is saved beside the old one), and an agent sees the breach of theirs in plain
words with the course it assigned. Against the seeded demo (`compliance/demo/`)."""

from __future__ import annotations

import json
import re


def test_the_officer_writes_a_new_version_of_colombias_rules_and_the_old_one_stays(page, login, axe):
    login(page, "cumplimiento")
    page.goto("/cumplimiento/reglas/")
    colombia = page.locator("section.card", has=page.get_by_role("heading", name=re.compile(r"^Colombia")))
    colombia.first.get_by_role("link", name="Redactar una nueva versión").click()
    page.wait_for_url(re.compile(r"/cumplimiento/reglas/CO/nueva-version/$"))
    assert axe(page) == []
    rules = json.loads(page.locator("#id_definition").input_value())
    hours = next(r for r in rules["rules"] if r["kind"] == "hours")
    hours["days"]["mon"] = [["19:00", "07:00"]]
    page.fill("#id_definition", json.dumps(rules, ensure_ascii=False, indent=2))
    page.get_by_role("button", name="Guardar la nueva versión").click()
    error = page.locator(".field-error").first
    assert "lunes: la franja 19:00–07:00 termina antes de empezar" in error.inner_text()
    hours["days"]["mon"] = [["08:00", "18:00"]]
    page.fill("#id_definition", json.dumps(rules, ensure_ascii=False, indent=2))
    page.fill("#id_effective_from", "2030-01-01")
    page.get_by_role("button", name="Guardar la nueva versión").click()
    page.wait_for_url(re.compile(r"/cumplimiento/reglas/$"))
    assert "Se guardó la versión 2 de las reglas de Colombia" in page.locator("body").inner_text()
    headings = page.get_by_role("heading", name=re.compile(r"^Colombia · versión")).all_inner_texts()
    assert {"Colombia · versión 1", "Colombia · versión 2"} <= set(headings)


def test_an_agent_sees_their_breach_in_words_and_the_course_to_take(page, login, axe):
    login(page, "agente")
    page.goto("/cumplimiento/mis-incumplimientos/")
    body = page.locator("main").inner_text()
    assert re.search(r"Llamada a las 07:12 del domingo", body), body[:500]
    assert "Curso que debes hacer:" in body, body[:800]
    assert axe(page) == []

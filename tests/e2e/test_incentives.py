"""The incentives chain in the browser: an analyst uploads a KPI feed (and sees a bad one rejected
whole), recomputes last month's bonus run and submits it; the Ciudad de México manager approves
their teams, and so do the Bogotá and Santiago managers (whose teams are paid in COP and CLP), HR
gives final approval, and the agent reads their statement, its PDF and the explanation, all in
words (no engine code on the page); a Colombian and a Chilean statement are in their currencies;
the run page warns that the feed made the submitted run stale until it is recomputed.

Period: the demo's month "awaiting approval" (last month). Its manager first returns it to draft
with a comment (the feed was incomplete), which is what makes a recomputation possible; at the end
the run is approved by HR (not locked), so later modules still find the demo's other data intact.
Uploaded rows fall on Sundays of last month, which the demo facts leave empty, so they add to the
month instead of replacing demo values."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

CANONICAL = "Formato canónico (CSV UTF-8, fechas aaaa-mm-dd)"
HEADER = (
    "fecha;agente;campana;intentos;contactos;contactos_titular;promesas;monto_prometido;"
    "promesas_cumplidas;monto_cumplido;monto_recuperado;horas_pagadas;llamadas_atendidas;"
    "segundos_gestion;evaluaciones_calidad;puntaje_calidad;incidentes_cumplimiento"
)
SLOW = 90_000  # ms: the run is computed in the request (Celery runs eagerly without a broker)


@pytest.fixture(autouse=True)
def _generous_timeouts(page):
    page.set_default_timeout(30_000)


def _last_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _sundays(month: dt.date) -> list[dt.date]:
    day = month + dt.timedelta(days=(6 - month.weekday()) % 7)
    out = []
    while day.month == month.month:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


def _switch(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _submit(page, locator, timeout: int = 30_000) -> None:
    """Click a button that posts a form and wait for the page it redirects to."""
    with page.expect_navigation(timeout=timeout):
        locator.click()
    page.wait_for_load_state("networkidle", timeout=timeout)


def _confirm(page, locator, yes: str) -> str:
    """Open the confirmation step of an approval (htmx loads it in place) and confirm it: returns
    what the step showed."""
    locator.click()
    step = page.locator("#run-confirm-step")
    step.wait_for()
    shown = step.inner_text()
    _submit(page, step.get_by_role("button", name=yes))
    return shown


def _upload(page, path) -> str:
    page.goto("/kpis/cargas/nueva/")
    page.locator("#id_profile").select_option(label=CANONICAL)
    page.set_input_files("#id_file", str(path))
    _submit(page, page.get_by_role("button", name="Subir y revisar"), timeout=60_000)
    assert re.search(r"/kpis/cargas/\d+/$", page.url), page.url
    # the progress block polls until the import is final, then the page reloads by itself
    page.locator("#import-status:not([hx-get])").wait_for(timeout=60_000)
    return page.url


def _run_url(page, period: str) -> str:
    page.goto("/incentivos/corridas/")
    link = page.locator("table a", has_text=re.compile(rf"^{period}$"))
    assert link.count() >= 1, page.locator("main").inner_text()[:500]
    return link.first.get_attribute("href")


def _status(page) -> str:
    return page.locator(".page-head .badge").first.inner_text().strip()


def _amount(text: str, currency: str = "MXN") -> Decimal:
    """An amount as the portal writes it for Spanish readers: MXN '$8,520.17', COP '$8.520,17',
    CLP '$8.520' -> Decimal."""
    text = re.sub(r"[\s$]|MXN|COP|CLP", "", text)
    if currency in ("COP", "CLP"):
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    return Decimal(text)


#: codes of the demo plans (components, concepts, gates, modifiers, kickers), KPI codes and trace keys
RAW_CODES = (
    "BONO_REC",
    "BONO_PTP",
    "BONO_CAL",
    "BONO_SUP",
    "recuperado_excedente",
    "calidad_minima",
    "calidad_baja",
    "sin_incidentes_graves",
    "promesas_incumplidas",
    "monto_recuperado",
    "promesas_cumplidas",
    "@value",
    "@team_payout",
    "numerator",
    "slices",
    "threshold",
    "applied",
    "currency",
    "round_half_up",
)


def _assert_no_raw_code(text: str) -> None:
    leaked = [c for c in RAW_CODES if re.search(rf"(?<![\w@]){re.escape(c)}(?!\w)", text)]
    assert leaked == [], leaked
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == [], text[:800]


def _statement_of_a_site(page, login, manager: str, run_url: str, currency: str) -> None:
    """The site's manager opens one of their agents' statements: every amount in the site's currency."""
    _switch(page, login, manager)
    page.goto(run_url)
    totals = page.locator("dl.facts").inner_text()
    assert currency in totals, totals
    link = page.locator("table a[href*='/incentivos/pagos/']").first
    code = link.inner_text().split(" · ")[0].strip()
    run_id = re.search(r"/(\d+)/$", run_url).group(1)
    page.goto(f"/incentivos/estados/{run_id}/?employee={code}")
    total = page.locator("dl.facts strong").inner_text().strip()
    pattern = r"^\$\d{1,3}(\.\d{3})*,\d{2} COP$" if currency == "COP" else r"^\$\d{1,3}(\.\d{3})* CLP$"
    assert re.match(pattern, total), total
    main = page.locator("main").inner_text()
    assert "MXN" not in main, main[:600]
    _assert_no_raw_code(main)
    subtotals = [_amount(t, currency) for t in page.locator("table tbody tr:last-child td.num").all_inner_texts()]
    assert subtotals and sum(subtotals, Decimal(0)) == _amount(total, currency), (subtotals, total)
    response = page.request.get(page.get_by_role("link", name="Descargar PDF").get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")


def _assert_accessible(page, axe) -> None:
    violations = axe(page)
    assert violations == [], (page.url, violations)


def test_a_bad_feed_is_rejected_whole_with_a_report(page, login, tmp_path):
    today = dt.date.today()
    day = _sundays(_last_month(today))[-1]
    feed = tmp_path / "kpis-con-errores.csv"
    feed.write_text(
        "\n".join(
            [
                HEADER,
                # a valid row: it must not be stored either, because the file has errors
                f"{day:%Y-%m-%d};A0001;;180;60;40;10;15000.00;7;10000.00;12000.00;8;70;15000;1;90;0",
                f"{day:%Y-%m-%d};A0002;;150;50;30;8;9000.00;9;9500.00;7000.00;8;55;12000;0;0;0",
                f"{day:%Y-%m-%d};Z9999;;100;40;20;5;1000.00;3;600.00;800.00;8;30;9000;0;0;0",
                f"{day:%Y-%m-%d};A0005;;cien;40;20;5;1000.00;3;600.00;800.00;8;30;9000;0;0;0",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    login(page, "analista")
    _upload(page, feed)
    assert page.locator("#import-status .badge").inner_text().strip() == "Rechazado"
    heading = page.locator("#errors-title").inner_text()
    assert re.match(r"^\d+ errores?: no se guardó nada$", heading), heading
    rows = page.locator("section[aria-labelledby=errors-title] tbody tr")
    report = [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()] for i in range(rows.count())]
    found = {(r[0], r[1], r[2]) for r in report}
    # file rows count the header as row 1: the bad rows are rows 3, 4 and 5, the valid row 2
    assert ("3", "promesas_cumplidas", "9") in found, report
    assert ("4", "agente", "Z9999") in found, report
    assert ("5", "intentos", "cien") in found, report
    assert not any(r[0] == "2" for r in report), report
    assert all(r[3] for r in report), report  # every error says why, in words
    csv_href = page.get_by_role("link", name="Descargar el informe de errores (CSV)").get_attribute("href")
    response = page.request.get(csv_href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    assert "Z9999" in response.text()

    # nothing was stored: A0001's valid row for that day is not among their daily facts
    page.goto(f"/kpis/empleado/A0001/?desde={day:%Y-%m-%d}&hasta={day:%Y-%m-%d}")
    assert page.get_by_text("No hay datos de indicadores para este periodo.").count() == 1


def test_feed_run_approvals_and_the_agents_statement(page, login, axe, tmp_path):
    page.set_default_navigation_timeout(SLOW)
    today = dt.date.today()
    month = _last_month(today)
    period = f"{month:%Y-%m}"
    day = _sundays(month)[0]

    # 1. the analyst uploads a small valid feed for a Sunday of last month
    feed = tmp_path / "kpis-domingo.csv"
    feed.write_text(
        "\n".join(
            [
                HEADER,
                f"{day:%Y-%m-%d};A0001;;187;66;41;12;18000.00;9;13500.00;14321.09;4;70;9600;1;93;0",
                f"{day:%Y-%m-%d};A0002;;150;50;30;8;9000.00;6;7000.00;7500.00;4;55;8000;0;0;0",
                f"{day:%Y-%m-%d};A0005;;120;40;25;5;6000.00;5;6000.00;6200.50;4;45;7000;1;88;0",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    login(page, "analista")
    _upload(page, feed)
    assert page.locator("#import-status .badge").inner_text().strip() == "Cargado"
    facts = page.locator("dl.facts")
    assert re.search(r"Filas nuevas\s+3\b", facts.inner_text()), facts.inner_text()
    page.goto("/kpis/cargas/")
    assert "kpis-domingo.csv" in page.locator("main").inner_text()

    # 2. the month is awaiting approval: its manager returns it to draft, with a comment
    _switch(page, login, "gerente")
    run_url = _run_url(page, period)
    page.goto(run_url)
    assert _status(page) == "Enviada"
    # the feed changed the month's KPI facts after the run was computed: the run says it is stale
    stale = page.locator("#run-stale")
    assert stale.count() == 1, page.locator("main").inner_text()[:600]
    warning = stale.inner_text()
    assert "Esta corrida está desactualizada" in warning and "indicadores" in warning, warning
    assert "A0001" in warning and "Un recálculo cambiaría" in warning, warning
    page.locator("summary", has_text="Rechazar la corrida").click()
    page.get_by_label("Motivo del rechazo").fill("Faltan los domingos del mes; recalcular con el archivo nuevo.")
    _submit(page, page.get_by_role("button", name="Rechazar", exact=True))
    assert _status(page) == "Borrador"

    # the analyst recomputes it from the web, waits for the calculation and submits it
    _switch(page, login, "analista")
    page.goto("/incentivos/corridas/")
    page.get_by_label("Periodo (AAAA-MM)").fill(period)
    _submit(page, page.get_by_role("button", name="Calcular corrida borrador"), timeout=SLOW)
    assert page.url.endswith(run_url), (page.url, run_url)  # recomputing replaces the draft
    page.locator("#run-progress:not([hx-get])").wait_for(timeout=SLOW)
    assert page.locator("#run-progress .field-error").count() == 0, page.locator("#run-progress").inner_text()
    assert page.locator("#run-progress").inner_text().strip().startswith("Calculad")
    assert page.locator("table a", has_text="A0001").count() == 1
    assert page.locator("#run-stale").count() == 0  # recomputed: up to date again
    shown = _confirm(page, page.get_by_role("button", name="Enviar a aprobación"), "Sí, enviar a aprobación")
    # the step says what is submitted: people, one total per currency, the largest changes from October
    assert "Personas" in shown and " CLP" in shown and " COP" in shown and " MXN" in shown, shown
    assert "Mayores cambios respecto de octubre" in shown, shown
    assert _status(page) == "Enviada", page.locator(".messages, main").first.inner_text()[:400]

    # 3. the Ciudad de México manager approves their five teams (and sees no other site's)
    _switch(page, login, "gerente")
    page.goto(run_url)
    approve = page.get_by_role("button", name=re.compile(r"^Aprobar "))
    names = approve.all_inner_texts()
    assert len(names) == 5 and all("Ciudad de México" in n for n in names), names
    while approve.count():
        _confirm(page, approve.first, re.compile(r"^Sí, aprobar "))
    assert page.locator("table tbody .badge--ok", has_text="aprobado").count() == 5
    assert _status(page) == "Enviada"  # the other sites still have to approve

    # the Bogotá and Santiago managers approve theirs: their teams are paid in COP and CLP
    for manager, site in (("gerente-bogota", "Bogotá"), ("gerente-santiago", "Santiago")):
        _switch(page, login, manager)
        page.goto(run_url)
        approve = page.get_by_role("button", name=re.compile(r"^Aprobar "))
        names = approve.all_inner_texts()
        assert len(names) == 5 and all(site in n for n in names), names
        while approve.count():
            _confirm(page, approve.first, re.compile(r"^Sí, aprobar "))
    assert _status(page) == "Aprobada por gerencia"

    # HR gives the final approval
    _switch(page, login, "rrhh")
    page.goto(run_url)
    page.get_by_role("button", name="Aprobación final").click()
    page.locator("#run-confirm-step").wait_for()
    _assert_accessible(page, axe)  # the run page with its confirmation step open
    _submit(page, page.get_by_role("button", name="Sí, dar la aprobación final"))
    assert _status(page) == "Aprobada por RR. HH."
    totals = page.locator("dl.facts dd").nth(1).inner_text()  # one total per currency, never summed
    assert re.match(r"^\$[\d.]+ CLP · \$[\d.]+,\d{2} COP · \$[\d,]+\.\d{2} MXN$", totals), totals
    _assert_accessible(page, axe)

    # a Colombian and a Chilean statement, in their own money
    _statement_of_a_site(page, login, "gerente-bogota", run_url, "COP")
    _statement_of_a_site(page, login, "gerente-santiago", run_url, "CLP")

    # 4. the agent reads their statement for that period
    _switch(page, login, "agente")
    page.goto("/incentivos/mi-bono/")
    row = page.locator("tr", has=page.locator("td", has_text=re.compile(rf"^{period}$")))
    assert row.count() >= 1, page.locator("main").inner_text()[:600]
    _submit(page, row.first.get_by_role("link", name="Estado de cuenta"))
    assert page.locator("h1").inner_text().strip() == f"Estado de bonos {period}"
    assert "A0001" in page.locator("dl.facts").inner_text()
    total = page.locator("dl.facts strong").inner_text().strip()
    assert re.match(r"^-?\$\d{1,3}(,\d{3})*\.\d{2} MXN$", total), total
    subtotals = []
    for table in page.locator("table").all():
        rows = table.locator("tbody tr")
        assert rows.count() >= 2  # at least one payout line and the subtotal
        amounts = [_amount(t) for t in rows.locator("td.num").all_inner_texts()]
        *lines, subtotal = amounts
        assert sum(lines, Decimal(0)) == subtotal, amounts  # the lines add up to the subtotal
        subtotals.append(subtotal)
    assert subtotals and sum(subtotals, Decimal(0)) == _amount(total), (subtotals, total)
    _assert_no_raw_code(page.locator("main").inner_text())
    _assert_accessible(page, axe)

    href = page.get_by_role("link", name="Descargar PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.body().startswith(b"%PDF")

    # the explanation: gate results, components and the KPI values used
    _submit(page, page.get_by_role("link", name="Explicar cada número").first)
    assert re.search(r"/incentivos/pagos/\d+/$", page.url), page.url
    gates = page.locator("h2", has_text="Condiciones").locator("xpath=following-sibling::*[1]")
    gate_items = gates.locator("li")
    if gate_items.count():
        assert gate_items.locator(".badge").count() == gate_items.count()
        assert set(gate_items.locator(".badge").all_inner_texts()) <= {"cumplida", "no cumplida"}
    else:
        assert "no tiene condiciones" in gates.inner_text()
    kpi_rows = page.locator("table", has=page.locator("caption", has_text=re.compile("KPI"))).locator("tbody tr")
    assert kpi_rows.count() >= 5
    kpi_text = page.locator("table", has=page.locator("caption", has_text=re.compile("KPI"))).inner_text()
    assert "Monto recuperado" in kpi_text and "Intentos de contacto" in kpi_text
    # the agent's payout page explains in words: no component, KPI, gate or trace code
    _assert_no_raw_code(page.locator("main").inner_text())
    page.locator("main details summary").first.click()
    _assert_no_raw_code(page.locator("main").inner_text())
    _assert_accessible(page, axe)

    # ... linked to the daily facts behind them, including the Sunday the analyst uploaded
    _submit(page, page.get_by_role("link", name="Monto recuperado", exact=True))
    daily = page.locator("table tbody").inner_text()
    assert re.search(r"14[\s,.]?321[.,]09", daily), daily[:600]

"""Explanations an agent can read: no engine key or code on the payout page, the projection, the
statement and its PDF; numbers formatted for the reader; the dispute form offers the payout's lines."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse

from incentives.models import Dispute
from incentives.services import (
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_submit,
)
from tests.incentives.factories import PERIOD, demo_definition, facts, published_plan
from tests.pdftools import pdf_text

pytestmark = pytest.mark.django_db

#: component, concept, gate and modifier codes of the plan, KPI codes and the engine's trace keys
RAW = [
    "recuperado_excedente",
    "BONO_REC",
    "calidad_baja",
    "calidad_minima",
    "sin_incidentes_graves",
    "certificado:",
    "monto_recuperado",
    "promesas_cumplidas",
    "@value",
    "@team_payout",
    "measure",
    "numerator",
    "denominator",
    "slices",
    "threshold",
    "applied",
    "currency",
    "cap",
    "round_half_up",
    "tiers_marginal",
    "proration",
    "gate_failed",
]
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def visible(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


#: trace keys that are also plain English words (checked on Spanish pages only)
ENGLISH_WORDS = {
    "measure",
    "numerator",
    "denominator",
    "slices",
    "threshold",
    "applied",
    "currency",
    "cap",
    "proration",
}


def assert_no_raw_code(text: str, *, english: bool = False) -> None:
    for code in RAW:
        if english and code in ENGLISH_WORDS:
            continue
        assert not re.search(rf"(?<![\w@]){re.escape(code)}(?!\w)", text), code
    assert SNAKE.findall(text) == []


@pytest.fixture
def late_world(world):
    """The demo's late-bucket plan (marginal tiers, a modifier, a cap, three gates) on team A."""
    w = world
    w.version = published_plan(w.analyst, definition=demo_definition("tramo_tardio"), teams=(w.team_a, w.team_b))
    for emp in (w.agent_employee, w.teammate_employee, w.outsider_employee):
        facts(emp, 20, monto_recuperado="4000.00")
    return w


def _closed(w):
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    payout_run_approve_final(run=run, actor=w.hr)
    return payout_run_lock(run=run, actor=w.hr)


def test_the_agents_payout_page_explains_in_words(late_world, client_for):
    w = late_world
    run = _closed(w)
    payout = run.payouts.get(employee=w.agent_employee)
    body = client_for(w.agent).get(reverse("incentives:payout_detail", args=[payout.pk])).content.decode()
    text = visible(body)
    assert_no_raw_code(text)
    # 80,000 collected: 0-40,000 at 0 %, 40,000-80,000 at 5 % = 2,000; quality < 90 -> x 0.9
    assert "Participación sobre lo recuperado" in text
    assert "Monto recuperado en el mes: $80,000.00." in text
    assert "tramo 2, de $40,000.00 a $80,000.00 a 5.0 %: $2,000.00" in text
    assert "Calidad ≥ 85" in text  # the gate by what it asks
    # the dispute form lets the agent pick a line by its name
    assert '<select name="line_code"' in body and ">Participación sobre lo recuperado</option>" in body


def test_statement_page_and_pdf_have_no_raw_code(late_world, client_for):
    w = late_world
    run = _closed(w)
    client = client_for(w.agent)
    page = client.get(reverse("incentives:statement", args=[run.pk])).content.decode()
    assert_no_raw_code(visible(page))
    pdf = client.get(reverse("incentives:statement_pdf", args=[run.pk]))
    text = " ".join(pdf_text(pdf.content).split())
    assert_no_raw_code(text)
    assert "Monto recuperado: $80,000.00" in text


def test_a_dispute_names_one_of_the_payouts_lines(late_world, client_for):
    w = late_world
    run = _closed(w)
    payout = run.payouts.get(employee=w.agent_employee)
    url = reverse("incentives:dispute_open", args=[payout.pk])
    client_for(w.agent).post(url, {"line_code": "no_such_line", "message": "No cuadra"})
    assert not Dispute.objects.exists()  # not one of the payout's lines: nothing stored
    client_for(w.agent).post(url, {"line_code": "recuperado_excedente", "message": "No cuadra"})
    dispute = Dispute.objects.get()
    assert dispute.line_name == "Participación sobre lo recuperado"


def test_the_projection_is_in_words_and_paced(late_world, client_for):
    w = late_world
    with time_machine.travel("2026-10-10 12:00:00-05:00", tick=False):
        body = client_for(w.agent).get(reverse("incentives:my_bonus")).content.decode()
    text = visible(body)
    assert_no_raw_code(text)
    assert "Extiende sus resultados hasta el 10 octubre" in text
    # 10 days of 4,000 by the 10th, projected to 31 days: 124,000
    assert "Monto recuperado: $124,000.00" in text


def test_on_day_one_the_projection_says_there_is_no_data_and_shows_last_month(late_world, client_for):
    w = late_world
    with time_machine.travel("2026-11-01 09:00:00-06:00", tick=False):
        body = client_for(w.agent).get(reverse("incentives:my_bonus")).content.decode()
    text = visible(body)
    assert "Todavía no hay datos de este mes." in text
    assert "octubre 2026" in text.lower()
    assert "Monto recuperado: $80,000.00" in text  # the whole of October, not a projection from zero
    assert_no_raw_code(text)


def test_run_pages_show_one_total_per_currency(countries, client_for):
    w = countries
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    client = client_for(w.analyst)
    detail = visible(client.get(reverse("incentives:run_detail", args=[run.pk])).content.decode())
    assert "$380 CLP · $380,06 COP · $380.06 MXN" in detail
    listing = visible(client.get(reverse("incentives:run_list")).content.decode())
    assert "$380 CLP · $380,06 COP · $380.06 MXN" in listing
    assert "1,140" not in detail and "1140" not in listing  # never summed across currencies


def test_a_colombian_agents_statement_is_in_cop(countries, client_for):
    w = countries
    run = _closed(w)
    text = visible(client_for(w.outsider).get(reverse("incentives:statement", args=[run.pk])).content.decode())
    assert "$380,06 COP" in text and "MXN" not in text


def test_english_readers_get_english_sentences_and_en_us_numbers(late_world, client_for):
    w = late_world
    w.agent.language = "en"
    w.agent.save()
    run = _closed(w)
    payout = run.payouts.get(employee=w.agent_employee)
    client = client_for(w.agent)
    body = client.get(reverse("incentives:payout_detail", args=[payout.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    text = visible(body.decode())
    assert "Amount collected in the month: MX$80,000.00." in text
    assert_no_raw_code(text, english=True)


def test_kpi_pages_open_on_the_last_month_with_data(world, client_for):
    facts(world.agent_employee, 5, start=dt.date(2026, 10, 1))
    with time_machine.travel("2026-11-01 09:00:00-06:00", tick=False):
        page = client_for(world.agent).get(reverse("kpi:employee_kpis", args=[world.agent_employee.employee_code]))
        team = client_for(world.supervisor).get(reverse("kpi:team_kpis"))
    assert page.context["month"] == "2026-10"
    assert team.context["month"] == "2026-10"

"""Issue #11 §5: submit and the approvals ask for confirmation with what is being approved (teams,
people, totals per currency, largest changes from the previous month), the approval carries the
figures' token so a run that changed meanwhile is refused, and the run page shows the
month-over-month variance per team and agent with its outliers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from incentives.confirmation import confirmation_token
from incentives.errors import IncentivesError
from incentives.models import PayoutRun, RunStatus
from incentives.selectors import run_variance
from incentives.services import (
    payout_run_approve_team,
    payout_run_compute,
    payout_run_reject,
    payout_run_submit,
)
from tests.factories import EmployeeFactory, TeamMembershipFactory, UserFactory
from tests.incentives.factories import PERIOD, facts

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2026, 9, 1)
#: the run page (figures, teams, payouts, variance, stale check, adjustments, history) for HR
MAX_RUN_PAGE_QUERIES = 60


@pytest.fixture
def two_months(bonus_world):
    """September approved: A0001 collected ten times as much (8,800.00: 800 + 300 + 7,700? no: 1 % of
    80,000 = 800 + 300 = 1,100.00); A0002 and A0003 as in October (380.00). October computed."""
    w = bonus_world
    facts(w.agent_employee, 10, start=SEPTEMBER, monto_recuperado=D("8000.00"))
    facts(w.teammate_employee, 10, start=SEPTEMBER)
    facts(w.outsider_employee, 10, start=SEPTEMBER)
    w.september = payout_run_compute(period=SEPTEMBER, actor=w.analyst)
    PayoutRun.objects.filter(pk=w.september.pk).update(status=RunStatus.APPROVED)
    w.run = payout_run_compute(period=PERIOD, actor=w.analyst)
    w.manager_b = w.team_b.managers.get()
    return w


def _token(body: str) -> str:
    return re.search(r'name="confirmation" value="([0-9a-f]+)"', body).group(1)


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("\xa0", " ")


# ----------------------------------------------------------------------------- the confirmation step
def test_approving_a_team_shows_what_is_approved_before_anything_changes(two_months, client_for):
    w = two_months
    payout_run_submit(run=w.run, actor=w.analyst)
    client = client_for(w.manager)
    run_page = client.get(reverse("incentives:run_detail", args=[w.run.pk])).content.decode()
    confirm_url = reverse("incentives:run_confirm", args=[w.run.pk, "approve_team"])
    assert f'action="{confirm_url}"' in run_page and 'method="get"' in run_page
    page = client.get(confirm_url, {"team": w.team_a.pk})
    assert page.status_code == 200
    text = _text(page.content.decode())
    assert "¿Aprobar Equipo A?" in text
    assert "Equipos Equipo A" in text and "Personas 3" in text  # A0001, A0002 and the supervisor S0001
    assert "Total $760.00 MXN" in text
    # the largest change from September: A0001 1,100.00 -> 380.00
    assert "Mayores cambios respecto de septiembre 2026" in text
    assert "A0001" in text and "$1,100.00" in text and "−$720.00" in text and "(−65.5 %)" in text
    assert w.outsider_employee.employee_code not in text  # team B is not the manager's
    # nothing happened yet
    assert w.run.run_teams.get(team=w.team_a).approved_at is None
    response = client.post(
        reverse("incentives:run_transition", args=[w.run.pk, "approve_team"]),
        {"team": w.team_a.pk, "confirmation": _token(page.content.decode())},
    )
    assert response.status_code == 302
    assert w.run.run_teams.get(team=w.team_a).approved_by == w.manager
    # the history says it in words, not as codes
    history = client.get(reverse("incentives:run_detail", args=[w.run.pk])).content.decode()
    history = _text(history[history.index("Historial") :])
    assert "enviada a aprobación" in history and "equipo aprobado · Equipo A" in history
    assert "approve_team" not in history and "submit" not in history


def test_an_approval_posted_without_its_confirmation_goes_to_the_confirmation_step(two_months, client_for):
    w = two_months
    response = client_for(w.analyst).post(reverse("incentives:run_transition", args=[w.run.pk, "submit"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("incentives:run_confirm", args=[w.run.pk, "submit"])
    w.run.refresh_from_db()
    assert w.run.status == RunStatus.DRAFT


def test_final_approval_of_figures_that_changed_since_the_confirmation_is_refused(two_months, client_for):
    w = two_months
    payout_run_submit(run=w.run, actor=w.analyst)
    payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=w.run, team=w.team_b, actor=w.manager_b)
    approver = client_for(w.hr)
    confirm_url = reverse("incentives:run_confirm", args=[w.run.pk, "approve_final"])
    shown = _token(approver.get(confirm_url).content.decode())
    # meanwhile the run is rejected, recomputed on new data, submitted and approved by the teams again
    hr2 = UserFactory(username="hr2", role="hr")
    payout_run_reject(run=w.run, actor=hr2, comment="Faltan datos del 20")
    facts(w.teammate_employee, 1, start=dt.date(2026, 10, 20))
    payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=w.run, actor=w.analyst)
    payout_run_approve_team(run=w.run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=w.run, team=w.team_b, actor=w.manager_b)
    url = reverse("incentives:run_transition", args=[w.run.pk, "approve_final"])
    response = approver.post(url, {"confirmation": shown}, follow=True)
    w.run.refresh_from_db()
    assert w.run.status == RunStatus.TEAMS_APPROVED
    body = _text(response.content.decode())
    assert "La corrida cambió después de que se le mostraron sus cifras" in body
    assert "Total $1,178.00 MXN" in body  # the new figures (A0002: 38.00 more), to confirm again
    approver.post(url, {"confirmation": _token(response.content.decode())})
    w.run.refresh_from_db()
    assert w.run.status == RunStatus.APPROVED


def test_the_service_refuses_a_confirmation_of_a_run_recomputed_since(two_months):
    w = two_months
    shown = confirmation_token(w.run)
    facts(w.teammate_employee, 1, start=dt.date(2026, 10, 20))  # new data, then a recompute
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    assert run.pk == w.run.pk and confirmation_token(run) != shown
    with pytest.raises(IncentivesError) as exc:
        payout_run_submit(run=run, actor=w.analyst, confirmation=shown)
    assert exc.value.code == "run_changed_since_confirmation"
    payout_run_submit(run=run, actor=w.analyst, confirmation=confirmation_token(run))
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.SUBMITTED


def test_a_stale_run_offers_no_confirmation_button(two_months, client_for):
    w = two_months
    facts(w.teammate_employee, 1, start=dt.date(2026, 10, 20))  # inputs changed after the compute
    body = client_for(w.analyst).get(reverse("incentives:run_confirm", args=[w.run.pk, "submit"])).content.decode()
    assert 'id="run-stale"' in body and 'name="confirmation"' not in body


def test_the_confirmation_step_is_a_fragment_for_htmx_and_refused_to_outsiders_of_the_step(two_months, client_for):
    w = two_months
    payout_run_submit(run=w.run, actor=w.analyst)
    url = reverse("incentives:run_confirm", args=[w.run.pk, "approve_team"])
    fragment = client_for(w.manager).get(url, {"team": w.team_a.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section class="card" id="run-confirm-step"')
    # the manager of team A may not approve team B: no button (the service would refuse)
    other = client_for(w.manager).get(url, {"team": w.team_b.pk}).content.decode()
    assert 'name="confirmation"' not in other
    assert client_for(w.manager).get(reverse("incentives:run_confirm", args=[w.run.pk, "lock"])).status_code == 404


def test_rejection_still_needs_its_comment(two_months, client_for):
    w = two_months
    payout_run_submit(run=w.run, actor=w.analyst)
    client_for(w.manager).post(reverse("incentives:run_transition", args=[w.run.pk, "reject"]), {"comment": " "})
    w.run.refresh_from_db()
    assert w.run.status == RunStatus.SUBMITTED


# ----------------------------------------------------------------------------- month-over-month variance
def test_the_run_page_shows_the_change_per_team_and_agent_and_flags_outliers(two_months, client_for):
    w = two_months
    body = client_for(w.hr).get(reverse("incentives:run_detail", args=[w.run.pk])).content.decode()
    section = _text(body[body.index('id="run-variance"') :])
    assert "Cambio respecto de septiembre 2026" in section
    # team A: 1,100 + 380 + 0 -> 380 + 380 + 0; team B unchanged
    assert "Equipo A $1,480.00 $760.00 −$720.00 (−48.6 %) revisar" in section
    assert "Equipo B $380.00 $380.00 $0.00 (0.0 %) sin cambio" in section
    assert "A0001 · " in section and "$1,100.00 $380.00 −$720.00 (−65.5 %) revisar" in section
    assert "1 por revisar" in section and "0 nuevos este mes" in section


def test_the_variance_compares_with_the_approved_run_only(two_months, world):
    w = two_months
    PayoutRun.objects.filter(pk=w.september.pk).update(status=RunStatus.DRAFT)
    v = run_variance(run=w.run, user=w.hr)
    assert not v.has_previous and v.flagged_count == 0
    PayoutRun.objects.filter(pk=w.september.pk).update(status=RunStatus.LOCKED)
    assert run_variance(run=w.run, user=w.hr).flagged_count == 1


def test_the_variance_is_inside_the_readers_scope(two_months):
    w = two_months
    v = run_variance(run=w.run, user=w.manager)
    assert {team for team, _c in v.teams} == {"Equipo A"}
    assert w.outsider_employee.employee_code not in {code for code, *_ in v.agents}


def test_the_run_page_makes_the_same_number_of_queries_whatever_the_number_of_agents(
    two_months, client_for, django_assert_max_num_queries
):
    w = two_months
    client = client_for(w.hr)
    url = reverse("incentives:run_detail", args=[w.run.pk])
    client.get(url)  # warm caches (sessions, capabilities, labels)
    with django_assert_max_num_queries(MAX_RUN_PAGE_QUERIES) as few:
        assert client.get(url).status_code == 200
    queries = len(few.captured_queries)  # read now: the context reads the connection's shared log
    for i in range(6):  # six more agents in team A, paid in both months
        emp = EmployeeFactory(employee_code=f"A01{i:02d}")
        TeamMembershipFactory(employee=emp, team=w.team_a, start=dt.date(2024, 1, 1))
        facts(emp, 5, start=SEPTEMBER)
        facts(emp, 5, monto_recuperado=D(100 * i))
    PayoutRun.objects.filter(pk=w.september.pk).update(status=RunStatus.DRAFT)
    PayoutRun.objects.filter(pk=w.run.pk).delete()
    september = payout_run_compute(period=SEPTEMBER, actor=w.analyst)
    PayoutRun.objects.filter(pk=september.pk).update(status=RunStatus.APPROVED)
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    assert run.payout_count == 10
    url = reverse("incentives:run_detail", args=[run.pk])
    client.get(url)
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


# ----------------------------------------------------------------------------- the stale warning's money
def test_the_stale_warning_shows_each_amount_in_its_currency_and_never_sums_currencies(countries, client_for):
    # reproduced: the warning listed "12,199.01" and "monto en juego: 4.04" without a currency, the
    # amount at stake adding MXN, COP and CLP together
    w = countries
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    for emp in (w.agent_employee, w.teammate_employee, w.outsider_employee):
        facts(emp, 1, start=dt.date(2026, 10, 20), monto_recuperado=D("1000.00"))
    body = client_for(w.hr).get(reverse("incentives:run_detail", args=[run.pk])).content.decode()
    warning = _text(body[body.index('id="run-stale"') : body.index("</table>", body.index('id="run-stale"'))])
    # the amount at stake once per currency (MXN 40.00, CLP 40, COP 40,00), never one sum
    assert "Un recálculo cambiaría 3 pagos; monto en juego: $40 CLP · $40,00 COP · $40.00 MXN." in warning
    # each in its own money: A0001 in MXN, A0002 in CLP (no cents), A0003 in COP
    assert "A0001 · " in warning and "$380.06 $420.06" in warning
    assert "$380 $420" in warning and "$380,06 $420,06" in warning
    single = payout_run_compute(period=PERIOD, actor=w.analyst)  # recomputed: fresh
    assert (
        'id="run-stale"'
        not in client_for(w.hr).get(reverse("incentives:run_detail", args=[single.pk])).content.decode()
    )

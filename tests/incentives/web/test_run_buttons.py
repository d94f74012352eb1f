"""The run page: every figure inside the reader's scope, and exactly the buttons the service allows."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.db import transaction
from django.urls import reverse

from incentives.errors import IncentivesError
from incentives.exports import payroll_export
from incentives.models import RunStatus
from incentives.services import (
    adjustment_create,
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_reject,
    payout_run_request,
    payout_run_submit,
)
from tests.factories import UserFactory
from tests.incentives.factories import PERIOD

pytestmark = pytest.mark.django_db


def _digits(text: str) -> str:
    """A figure whatever its formatting: "1 140,00 MXN" -> "114000"."""
    return re.sub(r"\D", "", text)


def _facts(body: str) -> dict[str, str]:
    block = re.search(r'<dl class="facts">(.*?)</dl>', body, re.S).group(1)
    return {dt.strip(): _digits(dd) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, re.S)}


def _number_cells(body: str) -> list[str]:
    return [_digits(cell) for cell in re.findall(r'<td class="num"[^>]*>(.*?)</td>', body, re.S)]


def test_the_supervisor_sees_his_teams_figures_not_the_companys(bonus_world, client_for):
    # reproduced: the supervisor's run page showed the company-wide 239 payouts and 1,590,623.15
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    team_a = run.payouts.filter(team=w.team_a)
    assert run.payout_count == 4 and team_a.count() == 3 and run.total == D("1140.00")
    page = client_for(w.supervisor).get(reverse("incentives:run_detail", args=[run.pk]))
    figures = _facts(page.content.decode())
    assert figures["Pagos"] == "3"
    assert figures["Total"] == "76000"  # agent + teammate (380.00 each), the supervisor's own 0.00
    assert figures["Total con ajustes aprobados"] == "76000"
    listing = client_for(w.supervisor).get(reverse("incentives:run_list")).content.decode()
    assert _number_cells(listing) == ["3", "76000"]
    company = _facts(client_for(w.hr).get(reverse("incentives:run_detail", args=[run.pk])).content.decode())
    assert company["Pagos"] == "4" and company["Total"] == "114000"
    assert _number_cells(client_for(w.hr).get(reverse("incentives:run_list")).content.decode()) == ["4", "114000"]


def test_approved_adjustments_count_only_inside_the_scope(bonus_world, client_for):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    from incentives.services import adjustment_decide

    adj = adjustment_create(
        actor=w.hr, run=run, employee=w.outsider_employee, amount=D("99.00"), reason="correction", comment="B"
    )
    adjustment_decide(actor=w.analyst, adjustment=adj, approve=True)
    body = client_for(w.supervisor).get(reverse("incentives:run_detail", args=[run.pk])).content.decode()
    assert _facts(body)["Total con ajustes aprobados"] == "76000"
    assert w.outsider_employee.employee_code not in body
    company = client_for(w.hr).get(reverse("incentives:run_detail", args=[run.pk])).content.decode()
    assert _facts(company)["Total con ajustes aprobados"] == "123900"


# ----------------------------------------------------------------------------- buttons == service
class _Rollback(Exception):
    pass


def _service_allows(call) -> bool:
    """Run the service in a savepoint that is always rolled back: True if it accepted."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except IncentivesError:
        return False


def _actors(w):
    w.manager_b = w.team_b.managers.get()
    return {
        "agent": w.agent,
        "supervisor": w.supervisor,
        "manager": w.manager,
        "manager_b": w.manager_b,
        "hr": w.hr,
        "editor": w.editor,
        "compliance": w.compliance,
        "analyst": w.analyst,
        "admin": w.admin,
    }


def _page(client_for, user, run) -> str:
    response = client_for(user).get(reverse("incentives:run_detail", args=[run.pk]))
    return response.content.decode() if response.status_code == 200 else ""


def _transition_button(run, action) -> str:
    # submit and the approvals open their confirmation step first (incentives:run_confirm)
    name = "incentives:run_confirm" if action in ("submit", "approve_final") else "incentives:run_transition"
    return 'action="' + reverse(name, args=[run.pk, action]) + '"'


def _team_button(team) -> str:
    return f'name="team" value="{team.pk}"'


def _stage(w, status: str, submitter):
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    if status == RunStatus.DRAFT:
        return run
    payout_run_submit(run=run, actor=submitter)
    if status == RunStatus.SUBMITTED:
        return run
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.manager_b)
    if status == RunStatus.TEAMS_APPROVED:
        return run
    hr2 = UserFactory(username="hr2", role="hr")
    payout_run_approve_final(run=run, actor=hr2)
    if status == RunStatus.APPROVED:
        return run
    return payout_run_lock(run=run, actor=hr2)


def _checks(w, run):
    """(what the page shows, what the service does) per action available in this status."""
    return {
        "recompute": (
            _transition_button(run, "recompute"),
            lambda u: payout_run_request(period=run.period, actor=u),
        ),
        "submit": (_transition_button(run, "submit"), lambda u: payout_run_submit(run=run, actor=u)),
        "adjust": (
            'action="' + reverse("incentives:adjustment_create", args=[run.pk]) + '"',
            lambda u: adjustment_create(
                actor=u, run=run, employee=w.teammate_employee, amount=D("5.00"), reason="correction", comment="x"
            ),
        ),
        "approve_team_a": (
            _team_button(w.team_a),
            lambda u: payout_run_approve_team(run=run, team=w.team_a, actor=u),
        ),
        "approve_team_b": (
            _team_button(w.team_b),
            lambda u: payout_run_approve_team(run=run, team=w.team_b, actor=u),
        ),
        "reject": (_transition_button(run, "reject"), lambda u: payout_run_reject(run=run, actor=u, comment="No")),
        "approve_final": (
            _transition_button(run, "approve_final"),
            lambda u: payout_run_approve_final(run=run, actor=u),
        ),
        "lock": (_transition_button(run, "lock"), lambda u: payout_run_lock(run=run, actor=u)),
        "export": (
            'action="' + reverse("incentives:run_export", args=[run.pk]) + '"',
            lambda u: payroll_export(actor=u, run=run),
        ),
    }


@pytest.mark.parametrize(
    ("status", "submitter"),
    [
        (RunStatus.DRAFT, None),
        (RunStatus.SUBMITTED, "analyst"),
        (RunStatus.SUBMITTED, "admin"),
        (RunStatus.TEAMS_APPROVED, "analyst"),
        (RunStatus.TEAMS_APPROVED, "admin"),
        (RunStatus.APPROVED, "analyst"),
        (RunStatus.LOCKED, "analyst"),
    ],
)
def test_the_run_page_shows_exactly_the_buttons_the_service_allows(bonus_world, client_for, status, submitter):
    w = bonus_world
    actors = _actors(w)
    run = _stage(w, status, actors.get(submitter))
    allowed_somewhere = set()
    for name, user in actors.items():
        body = _page(client_for, user, run)
        for action, (marker, call) in _checks(w, run).items():
            shown = marker in body
            allowed = _service_allows(lambda call=call, user=user: call(user))
            assert shown == allowed, f"{name} {status}: {action} shown={shown} service allows={allowed}"
            if allowed:
                allowed_somewhere.add(action)
    # the table is not vacuous: each status offers its steps to someone
    expected = {
        RunStatus.DRAFT: {"recompute", "submit", "adjust"},
        RunStatus.SUBMITTED: {"approve_team_a", "approve_team_b", "reject"},
        RunStatus.TEAMS_APPROVED: {"approve_final", "reject"},
        RunStatus.APPROVED: {"lock"},
        RunStatus.LOCKED: {"export"},
    }[status]
    assert allowed_somewhere == expected

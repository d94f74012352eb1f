"""Each country's money: the plan version's currency pays, totals stay per currency, payroll
files hold one currency each."""

from __future__ import annotations

import csv
import io
from decimal import Decimal as D

import pytest

from incentives.errors import IncentivesError
from incentives.exports import payroll_export
from incentives.models import Payout, PlanVersion, RunTeam
from incentives.selectors import run_grand_totals
from incentives.services import (
    adjustment_create,
    adjustment_decide,
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_submit,
)
from tests.incentives.factories import PERIOD

pytestmark = pytest.mark.django_db


def _locked(w):
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    final = type(w.hr).objects.create(username="hr-final", role="hr")
    payout_run_approve_final(run=run, actor=final)
    return payout_run_lock(run=run, actor=final), final


def test_the_plan_version_carries_its_currency(countries):
    assert PlanVersion.objects.get(pk=countries.co.pk).currency == "COP"
    assert PlanVersion.objects.get(pk=countries.cl.pk).currency == "CLP"
    assert PlanVersion.objects.get(pk=countries.mx.pk).currency == "MXN"


def test_a_colombian_agent_is_paid_in_cop_and_a_chilean_one_in_whole_clp(countries):
    w = countries
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    by_code = {p.employee.employee_code: p for p in Payout.objects.filter(run=run).select_related("employee")}
    assert (by_code["A0003"].currency, by_code["A0003"].total) == ("COP", D("380.06"))
    assert (by_code["A0002"].currency, by_code["A0002"].total) == ("CLP", D("380"))  # 80.055 -> 80 pesos
    assert (by_code["A0001"].currency, by_code["A0001"].total) == ("MXN", D("380.06"))


def test_run_and_team_totals_are_one_per_currency(countries):
    w = countries
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    assert run.totals == {"CLP": "380", "COP": "380.06", "MXN": "380.06"}
    assert run.total == 0  # never a sum of pesos of three countries
    team_a = RunTeam.objects.get(run=run, team=w.team_a)
    assert team_a.totals == {"CLP": "380", "MXN": "380.06"}
    adj = adjustment_create(
        actor=w.hr, run=run, employee=w.outsider_employee, amount=D("-10.50"), reason="clawback", comment="x"
    )
    assert adj.currency == "COP"  # the employee's payout currency
    adjustment_decide(actor=w.analyst, adjustment=adj, approve=True)
    assert run_grand_totals(run=run) == {"CLP": D("380"), "COP": D("369.56"), "MXN": D("380.06")}


def test_an_adjustment_in_clp_cannot_have_cents(countries):
    w = countries
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    with pytest.raises(IncentivesError) as exc:
        adjustment_create(
            actor=w.hr, run=run, employee=w.teammate_employee, amount=D("10.50"), reason="special", comment="x"
        )
    assert exc.value.code == "amount_precision"


def test_payroll_is_exported_one_file_per_currency(countries):
    w = countries
    run, hr = _locked(w)
    with pytest.raises(IncentivesError) as exc:
        payroll_export(actor=hr, run=run)  # one file for three currencies: refused, nothing stored
    assert exc.value.code == "export_currency_required"
    assert not run.exports.exists()
    files = {}
    for currency in ("MXN", "COP", "CLP"):
        data, name = payroll_export(actor=hr, run=run, currency=currency)
        assert name.endswith(f"-{currency}.csv")
        files[currency] = list(csv.reader(io.StringIO(data.decode("utf-8"))))[1:]
    assert files["COP"] == [
        ["A0003", "BONO_PTP", "300.00", "COP", "2026-10"],
        ["A0003", "BONO_REC", "80.06", "COP", "2026-10"],
    ]
    assert files["CLP"] == [
        ["A0002", "BONO_PTP", "300", "CLP", "2026-10"],
        ["A0002", "BONO_REC", "80", "CLP", "2026-10"],
    ]
    assert {row[0] for row in files["MXN"]} == {"A0001"}
    with pytest.raises(IncentivesError) as exc:
        payroll_export(actor=hr, run=run, currency="PEN")
    assert exc.value.code == "export_unknown_currency"


def test_a_single_currency_run_still_exports_without_choosing(bonus_world):
    w = bonus_world
    run, hr = _locked(w)
    data, name = payroll_export(actor=hr, run=run)
    assert name.endswith("-MXN.csv") and b"MXN" in data

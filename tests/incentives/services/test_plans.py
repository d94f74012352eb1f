from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from core.models import AuditEvent
from incentives.errors import IncentivesError, TransitionDenied
from incentives.models import PlanAssignment, PlanVersionStatus, Target
from incentives.services import (
    payout_run_compute,
    payout_run_prepare,
    payout_run_submit,
    plan_import_json,
    plan_version_create,
    plan_version_next_draft,
    plan_version_publish,
    plan_version_update,
    targets_import_csv,
)
from incentives.tasks import payout_run_payouts_write_task
from tests.incentives.factories import PERIOD, demo_definition, facts, published_plan, simple_definition

pytestmark = pytest.mark.django_db


def test_publishing_twice_is_refused(world):
    version = plan_version_create(actor=world.analyst, definition=simple_definition())
    plan_version_publish(actor=world.analyst, version=version)
    with pytest.raises(IncentivesError) as exc:
        plan_version_publish(actor=world.analyst, version=version)
    assert exc.value.code == "already_published"


def test_a_published_version_is_immutable(world):
    version = published_plan(world.analyst)
    with pytest.raises(IncentivesError) as exc:
        plan_version_update(actor=world.analyst, version=version, definition=simple_definition(name="Otro"))
    assert exc.value.code == "version_published"


def test_publishing_over_a_published_version_is_refused(world):
    first = published_plan(world.analyst)
    second = plan_version_create(actor=world.analyst, definition=simple_definition(), plan=first.plan)
    with pytest.raises(IncentivesError) as exc:
        plan_version_publish(actor=world.analyst, version=second)
    assert exc.value.code == "publishes_over_published"
    assert exc.value.params == {"number": 1, "valid_from": "2026-01-01"}


@pytest.mark.parametrize(
    ("latest_from", "today", "expected"),
    [
        ("2026-01-01", dt.date(2026, 5, 17), dt.date(2026, 5, 1)),
        ("2026-09-01", dt.date(2026, 5, 17), dt.date(2026, 9, 1)),
    ],
)
def test_a_new_draft_starts_this_month_or_when_the_latest_version_does(world, latest_from, today, expected):
    first = plan_version_create(actor=world.analyst, definition=simple_definition(valid_from=latest_from))
    draft = plan_version_next_draft(actor=world.analyst, plan=first.plan, today=today)
    assert (draft.number, draft.valid_from, draft.valid_to) == (2, expected, None)
    assert draft.status == PlanVersionStatus.DRAFT


def test_a_later_version_closes_the_open_one_going_forward(world):
    first = published_plan(world.analyst)
    second = plan_version_create(
        actor=world.analyst, definition=simple_definition(valid_from="2026-07-01"), plan=first.plan
    )
    plan_version_publish(actor=world.analyst, version=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.valid_to == dt.date(2026, 6, 30) and second.number == 2
    assert second.status == PlanVersionStatus.PUBLISHED
    assert AuditEvent.objects.filter(action="plan_version.close").exists()


def test_agents_cannot_publish(world):
    version = plan_version_create(actor=world.analyst, definition=simple_definition())
    with pytest.raises(TransitionDenied):
        plan_version_publish(actor=world.agent, version=version)


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (
            lambda d: d["components"][0]["tiers"].update(
                bands=[{"lower": "0", "upper": "5", "rate": "1"}, {"lower": "3", "upper": None, "rate": "1"}]
            ),
            "tiers_overlap",
        ),
        (lambda d: d.update(cap="10.00", floor="20.00"), "cap_below_floor"),
        (lambda d: d["gates"][0]["condition"].update(measure="simpatia"), "gate_unknown_kpi"),
        (lambda d: d.update(currency="pesos"), "schema_invalid"),
    ],
)
def test_invalid_plans_are_refused_with_issue_codes(world, mutate, code):
    definition = simple_definition()
    mutate(definition)
    with pytest.raises(IncentivesError) as exc:
        plan_version_create(actor=world.analyst, definition=definition)
    assert exc.value.code == "plan_invalid"
    assert code in [i["code"] for i in exc.value.params["issues"]]


def test_json_import_round_trip(world):
    import json

    version = plan_import_json(actor=world.analyst, text=json.dumps(demo_definition("tramo_temprano")))
    assert version.plan.code == "tramo-temprano" and version.status == PlanVersionStatus.DRAFT
    again = plan_import_json(actor=world.analyst, text=json.dumps(version.definition))
    assert again.plan == version.plan and again.number == 2


def test_the_most_specific_assignment_wins(world):
    team_plan = published_plan(world.analyst, teams=(world.team_a,))
    personal = published_plan(
        world.analyst, definition=simple_definition(code="personal"), employee=world.agent_employee
    )
    facts(world.agent_employee, 3)
    run = payout_run_compute(period=PERIOD, actor=world.analyst)
    codes = dict(run.payouts.values_list("employee__employee_code", "plan_version__plan__code"))
    assert codes["A0001"] == "personal" and codes["A0002"] == "simple"
    assert team_plan.pk != personal.pk


def test_targets_resolve_employee_over_team(world):
    definition = simple_definition(
        components=[
            {
                "code": "meta",
                "name": "Meta",
                "measure": "monto_recuperado",
                "target": "meta_recuperacion",
                "multiplier": "1000",
                "tiers": {"mode": "retroactive", "bands": [{"lower": "0", "upper": None, "rate": "1"}]},
            }
        ],
        gates=[],
    )
    published_plan(world.analyst, definition=definition, teams=(world.team_a,))
    targets_import_csv(
        actor=world.analyst,
        text=(
            "periodo,codigo,equipo,empleado,valor\n"
            f"2026-10,meta_recuperacion,{world.team_a.code},,16000\n"
            "2026-10,meta_recuperacion,,A0001,8000\n"
        ),
    )
    assert Target.objects.count() == 2
    facts(world.agent_employee, 10)
    facts(world.teammate_employee, 10)
    run = payout_run_compute(period=PERIOD, actor=world.analyst)
    totals = dict(run.payouts.values_list("employee__employee_code", "total"))
    # 8,000 collected: 100 % of the personal goal, 50 % of the team goal (x 1,000 each)
    assert totals["A0001"] == D("1000.00") and totals["A0002"] == D("500.00")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "latin-1"])
def test_an_uploaded_targets_file_is_read_as_utf8_or_else_latin1(world, encoding):
    data = "periodo;codigo;empleado;valor;nota\n2026-10;meta_recuperacion;A0001;8000;Revisión de año\n"
    assert targets_import_csv(actor=world.analyst, text=data.encode(encoding)) == 1
    assert Target.objects.get().value == D("8000")


def test_targets_file_errors_reject_everything(world):
    with pytest.raises(IncentivesError) as exc:
        targets_import_csv(
            actor=world.analyst, text="periodo,codigo,empleado,valor\n2026-13,m,A0001,1\n2026-10,m,A0001,x\n"
        )
    assert [e["code"] for e in exc.value.params["errors"]] == ["targets_bad_period", "targets_bad_value"]
    assert Target.objects.count() == 0
    with pytest.raises(IncentivesError) as exc:
        targets_import_csv(actor=world.analyst, text="a,b\n1,2\n")
    assert exc.value.code == "targets_bad_header"


def test_the_celery_task_is_safe_to_run_twice(bonus_world):
    run = payout_run_prepare(period=PERIOD, actor=bonus_world.analyst)
    assert payout_run_payouts_write_task.run(run.pk, bonus_world.analyst.pk) == "ok"
    assert payout_run_payouts_write_task.run(run.pk, bonus_world.analyst.pk) == "ok"
    run.refresh_from_db()
    assert run.payout_count == 4
    payout_run_submit(run=run, actor=bonus_world.analyst)
    assert payout_run_payouts_write_task.run(run.pk, None) == "skipped"
    assert PlanAssignment.objects.count() == 2

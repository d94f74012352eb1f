from __future__ import annotations

import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from core.models import AuditEvent
from incentives.confirmation import confirmation_token
from incentives.models import Dispute, Plan, PlanVersion, RunStatus, Target
from incentives.services import (
    payout_run_approve_final,
    payout_run_approve_team,
    payout_run_compute,
    payout_run_lock,
    payout_run_submit,
)
from tests.incentives.factories import PERIOD, simple_definition

pytestmark = pytest.mark.django_db


def closed_run(w):
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    payout_run_approve_team(run=run, team=w.team_a, actor=w.manager)
    payout_run_approve_team(run=run, team=w.team_b, actor=w.team_b.managers.get())
    payout_run_approve_final(run=run, actor=w.hr)
    return payout_run_lock(run=run, actor=w.hr)


def test_it_shows_the_explain_page_with_gates_facts_and_next_band(bonus_world, client_for):
    w = bonus_world
    run = closed_run(w)
    payout = run.payouts.get(employee=w.agent_employee)
    response = client_for(w.agent).get(reverse("incentives:payout_detail", args=[payout.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Calidad ≥ 80" in body and "$380.00" in body  # the gate by what it asks, not its code
    assert reverse("incentives:payout_facts", args=[payout.pk]) + "?kpi=monto_recuperado" in body
    assert "Promesas cumplidas" in body
    facts = client_for(w.agent).get(reverse("incentives:payout_facts", args=[payout.pk]))
    assert facts.status_code == 200 and facts.content.decode().count("<tr>") == 11


def test_agents_cannot_see_other_payouts_or_draft_runs(bonus_world, client_for):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    own = run.payouts.get(employee=w.agent_employee)
    other = run.payouts.get(employee=w.teammate_employee)
    client = client_for(w.agent)
    assert client.get(reverse("incentives:payout_detail", args=[own.pk])).status_code == 404  # draft
    assert client.get(reverse("incentives:payout_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("incentives:run_detail", args=[run.pk])).status_code == 403


def test_manager_sees_only_their_teams_in_a_run(bonus_world, client_for):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    response = client_for(w.manager).get(reverse("incentives:run_detail", args=[run.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Equipo A" in body and "Equipo B" not in body and w.outsider_employee.employee_code not in body
    outsider = run.payouts.get(employee=w.outsider_employee)
    assert client_for(w.manager).get(reverse("incentives:payout_detail", args=[outsider.pk])).status_code == 404


def test_manager_approves_from_the_web(bonus_world, client_for):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    url = reverse("incentives:run_transition", args=[run.pk, "approve_team"])
    token = confirmation_token(run)
    response = client_for(w.manager).post(url, {"team": w.team_a.pk, "confirmation": token})
    assert response.status_code == 302
    assert run.run_teams.get(team=w.team_a).approved_by == w.manager
    # rejection without a comment is refused
    client_for(w.manager).post(reverse("incentives:run_transition", args=[run.pk, "reject"]), {"comment": ""})
    run.refresh_from_db()
    assert run.status == RunStatus.SUBMITTED


def test_analyst_requests_a_run_from_the_web(bonus_world, client_for, django_capture_on_commit_callbacks):
    w = bonus_world
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(w.analyst).post(reverse("incentives:run_request"), {"period": "2026-10", "plan": ""})
    assert response.status_code == 302
    run = w.version.plan.runs.model.objects.get()
    assert run.payout_count == 4 and not run.computing  # eager Celery in tests
    assert client_for(w.analyst).get(reverse("incentives:run_progress", args=[run.pk])).json()["progress"] == 100


def test_statement_page_and_pdf(bonus_world, client_for):
    w = bonus_world
    run = closed_run(w)
    client = client_for(w.agent)
    page = client.get(reverse("incentives:statement", args=[run.pk]))
    assert page.status_code == 200 and "$380.00" in page.content.decode()
    pdf = client.get(reverse("incentives:statement_pdf", args=[run.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("incentives:statement", args=[run.pk]) + "?employee=A0002").status_code == 404


def test_agent_opens_a_dispute_and_analyst_sees_its_age(bonus_world, client_for):
    w = bonus_world
    run = closed_run(w)
    payout = run.payouts.get(employee=w.agent_employee)
    client_for(w.agent).post(
        reverse("incentives:dispute_open", args=[payout.pk]),
        {"line_code": "promesas", "message": "Me faltan promesas del día 3"},
    )
    assert Dispute.objects.get().line_code == "promesas"
    page = client_for(w.analyst).get(reverse("incentives:dispute_list"))
    assert "Me faltan promesas" in page.content.decode()


def test_my_bonus_shows_a_labelled_projection(bonus_world, client_for):
    w = bonus_world
    with time_machine.travel("2026-10-10 12:00:00-05:00", tick=False):
        response = client_for(w.agent).get(reverse("incentives:my_bonus"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "projection" in body.lower() or "proyecci" in body.lower()
    # 10 days of facts by the 10th, projected to 31 days: 24,800 collected -> 248.00; 93 kept -> 50x10+43x20
    assert "$1,608.00" in body  # es_MX money format


def test_plan_editing_import_and_publish(world, client_for):
    w = world
    client = client_for(w.analyst)
    upload = SimpleUploadedFile("plan.json", json.dumps(simple_definition(code="web")).encode(), "application/json")
    assert client.post(reverse("incentives:plan_import"), {"file": upload}).status_code == 302
    version = PlanVersion.objects.get(plan__code="web")
    bad = simple_definition(code="web")
    bad["components"][0]["tiers"]["bands"] = [
        {"lower": "0", "upper": "10", "rate": "1"},
        {"lower": "5", "upper": None, "rate": "1"},
    ]
    response = client.post(
        reverse("incentives:plan_version_edit", args=[version.pk]), {"definition": json.dumps(bad)}, follow=True
    )
    assert "overlaps" in response.content.decode() or "superpone" in response.content.decode()
    client.post(reverse("incentives:plan_version_publish", args=[version.pk]))
    version.refresh_from_db()
    assert version.is_published
    assert client.get(reverse("incentives:plan_version_edit", args=[version.pk])).status_code == 200
    response = client.post(
        reverse("incentives:plan_version_edit", args=[version.pk]),
        {"definition": json.dumps(simple_definition(code="web"))},
    )
    version.refresh_from_db()
    assert version.definition["name"] == "Plan simple"  # unchanged: published versions are immutable
    assert client.get(reverse("incentives:plan_version_json", args=[version.pk])).json()["code"] == "web"
    assert client.get(reverse("incentives:plan_schema")).json()["title"]
    assert client_for(w.agent).get(reverse("incentives:plan_list")).status_code == 403
    assert Plan.objects.count() == 1


def test_targets_upload_rejects_the_whole_file_on_any_error(world, client_for):
    client = client_for(world.analyst)
    good = "periodo;codigo;empleado;valor\n2026-10;meta_recuperacion;A0001;100.000,50\n"
    bad = good + "2026-10;meta_recuperacion;Z999;5\n"
    client.post(reverse("incentives:targets_upload"), {"file": SimpleUploadedFile("t.csv", bad.encode())})
    assert Target.objects.count() == 0
    client.post(reverse("incentives:targets_upload"), {"file": SimpleUploadedFile("t.csv", good.encode())})
    target = Target.objects.get()
    assert str(target.value) == "100000.50" and target.employee == world.agent_employee


def test_leaderboard_ranks_on_quality_and_compliance(bonus_world, client_for):
    from tests.incentives.factories import facts

    w = bonus_world
    # outsider collects much more but with a severe incident and poor quality
    facts(
        w.outsider_employee,
        10,
        start=PERIOD.replace(day=15),
        monto_recuperado="5000.00",
        puntaje_calidad="60.00",
        incidentes_graves=1,
    )
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    from incentives.selectors import leaderboard

    board = leaderboard(run=run)
    codes = [r["employee"].employee_code for r in board]
    assert codes.index("A0001") < codes.index("A0003")
    assert board[codes.index("A0003")]["compliance"] == 0
    page = client_for(w.hr).get(reverse("incentives:leaderboard"))
    html = page.content.decode()
    assert page.status_code == 200
    # the ranking (the page's last table; the chart's summary names who collected most) lists both,
    # the careful agent above the one who collected more
    ranking = html[html.rindex("<table") :]
    assert ranking.index(escape(w.agent_employee.full_name)) < ranking.index(escape(w.outsider_employee.full_name))


def test_dashboard_panels_render(bonus_world, client_for):
    w = bonus_world
    closed_run(w)
    body = client_for(w.agent).get("/").content.decode()
    assert 'id="card-incentives-agent"' in body
    body = client_for(w.hr).get("/").content.decode()
    assert 'id="card-incentives-approvals"' in body


def test_analyst_assigns_a_version_from_the_web(world, client_for):
    from incentives.models import PlanAssignment
    from tests.incentives.factories import published_plan

    version = published_plan(world.analyst)
    client = client_for(world.analyst)
    url = reverse("incentives:assignment_create", args=[version.plan.code])
    client.post(
        url,
        {
            "version": version.pk,
            "team": world.team_a.pk,
            "role": "supervisor",
            "start": "2026-10-01",
            "end": "2026-12-31",
        },
    )
    assert PlanAssignment.objects.count() == 0  # two targets at once
    client.post(url, {"version": version.pk, "role": "supervisor", "start": "2026-10-01", "end": "2026-12-31"})
    assert PlanAssignment.objects.get().role == "supervisor"
    assert client.get(reverse("incentives:plan_detail", args=[version.plan.code])).status_code == 200


def test_hr_configures_a_payroll_template(world, client_for):
    from incentives.models import ExportTemplate

    client = client_for(world.hr)
    url = reverse("incentives:export_templates")
    bad = {
        "code": "x",
        "name": "X",
        "columns": '[{"header": "A", "field": "salary"}]',
        "delimiter": ";",
        "decimal_separator": ",",
    }
    client.post(url, bad)
    assert not ExportTemplate.objects.exists()
    good = dict(
        bad, columns='[{"header": "Empleado", "field": "employee_code"}, {"header": "Monto", "field": "amount"}]'
    )
    assert client.post(url, good).status_code == 302
    template = ExportTemplate.objects.get()
    assert template.columns[1] == {"header": "Monto", "field": "amount"}
    audit = AuditEvent.objects.get(action="payroll_template.save")
    assert (audit.object_id, audit.actor_id) == (str(template.pk), world.hr.pk)
    assert client_for(world.agent).get(url).status_code == 403


def test_a_targets_file_above_the_upload_limit_is_refused_with_a_message(world, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client = client_for(world.analyst)
    client.cookies["django_language"] = "es"
    good = "periodo;codigo;empleado;valor\n" + "2026-10;meta_recuperacion;A0001;100.000,50\n" * 5

    response = client.post(
        reverse("incentives:targets_upload"), {"file": SimpleUploadedFile("t.csv", good.encode())}, follow=True
    )

    assert "El archivo supera el límite de" in response.content.decode()
    assert Target.objects.count() == 0


def test_a_stale_submitted_run_is_recomputed_from_its_page(bonus_world, client_for, django_capture_on_commit_callbacks):
    from kpi.models import KpiFact

    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    payout_run_submit(run=run, actor=w.analyst)
    KpiFact.objects.filter(employee=w.agent_employee).order_by("day").first().delete()
    page = client_for(w.analyst).get(reverse("incentives:run_detail", args=[run.pk])).content.decode()
    assert 'id="run-stale"' in page and "Recalcular (vuelve a borrador)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(w.analyst).post(reverse("incentives:run_transition", args=[run.pk, "recompute"]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT and run.events.filter(action="reopen_stale").exists()
    page = client_for(w.analyst).get(reverse("incentives:run_detail", args=[run.pk])).content.decode()
    assert 'id="run-stale"' not in page


def test_an_analyst_discards_a_draft_from_its_page(bonus_world, client_for):
    w = bonus_world
    run = payout_run_compute(period=PERIOD, actor=w.analyst)
    response = client_for(w.analyst).post(reverse("incentives:run_transition", args=[run.pk, "discard"]))
    assert response.status_code == 302 and response["Location"] == reverse("incentives:run_list")
    assert not type(run).objects.filter(pk=run.pk).exists()
    payout_run_compute(period=PERIOD, plan_code="simple", actor=w.analyst)  # the period is free again

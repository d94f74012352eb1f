"""Thin views: parse input, call one service or selector, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Employee, Team
from core.params import id_param
from core.permissions import capability_required
from core.scoping import get_in_scope_or_404, sees_whole_company
from core.uploads import bound_upload_form
from incentives import charts, engine, forms, scoping, selectors, services, workflow
from incentives.errors import IncentivesError
from incentives.exports import payroll_export
from incentives.messages import error_message, issue_message
from incentives.models import (
    Adjustment,
    AdjustmentStatus,
    Dispute,
    ExportTemplate,
    Payout,
    PayoutRun,
    Plan,
    PlanVersion,
)
from incentives.presenter import kpi_labels
from incentives.statements import statement_context, statement_pdf
from kpi.selectors import kpi_daily_facts


def _error(request, exc: IncentivesError) -> None:
    if exc.code == "plan_invalid":
        for issue in exc.params.get("issues", []):
            messages.error(request, issue_message(issue))
    elif exc.code == "targets_invalid":
        for err in exc.params.get("errors", [])[:50]:
            messages.error(request, error_message(err["code"], err["params"]))
    else:
        messages.error(request, exc.message)


# ----------------------------------------------------------------------------- agent
@login_required
def my_bonus(request):
    employee = request.user.employee_or_none
    if employee is None:
        raise Http404
    today = timezone.localdate()
    projection = selectors.bonus_projection(employee=employee, today=today)
    payouts = selectors.payouts_of_employee(employee=employee, statuses=selectors.STATEMENT_STATUSES)
    return render(
        request,
        "incentives/my_bonus.html",
        {"employee": employee, "projection": projection, "today": today, "payouts": payouts},
    )


def _payout_for(request, pk: int) -> Payout:
    payout = get_object_or_404(selectors.payouts_visible(user=request.user), pk=pk)
    own = payout.employee.user_id == request.user.pk
    if own and not sees_whole_company(request.user) and payout.run.status not in selectors.STATEMENT_STATUSES:
        raise Http404
    return payout


@login_required
def payout_detail(request, pk: int):
    payout = _payout_for(request, pk)
    context = {"payout": payout, "run": payout.run, **selectors.payout_explain(payout=payout)}
    context["own"] = payout.employee.user_id == request.user.pk
    context["raw_codes"] = engine.RAW_KPIS
    context["dispute_form"] = forms.DisputeForm(lines=_line_choices(context["lines"]))
    context["disputes"] = payout.disputes.all()
    return render(request, "incentives/payout_detail.html", context)


@login_required
def payout_facts(request, pk: int):
    payout = _payout_for(request, pk)
    run = payout.run
    rows = kpi_daily_facts(employee_id=payout.employee_id, start=run.period, end=run.period_end)
    kpi = request.GET.get("kpi", "")
    names = kpi_labels()
    codes = [c for c in engine.RAW_KPIS if c != "puntaje_calidad_ponderado"]
    label = names.get(kpi)
    return render(
        request,
        "incentives/payout_facts.html",
        {
            "payout": payout,
            "rows": rows,
            "kpi": kpi,
            "kpi_name": label.name() if label else "",
            "columns": [(c, names[c].name() if c in names else c) for c in codes],
        },
    )


def _line_choices(items) -> list[tuple[str, str]]:
    """The payout's lines by name for the dispute form (one entry per component code)."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item["line"].code, item["name"])
    return list(seen.items())


@login_required
@require_POST
def dispute_open(request, pk: int):
    payout = _payout_for(request, pk)
    form = forms.DisputeForm(request.POST, lines=_line_choices(selectors.payout_explain(payout=payout)["lines"]))
    if form.is_valid():
        try:
            services.dispute_open(actor=request.user, payout=payout, **form.cleaned_data)
            messages.success(request, _("Your dispute was sent to the incentives team."))
        except IncentivesError as exc:
            _error(request, exc)
    else:
        messages.error(request, _("Choose one of the payout's lines and say what is wrong."))
    return redirect("incentives:payout_detail", pk=payout.pk)


def _statement_target(request, run_id: int):
    run = get_object_or_404(PayoutRun, pk=run_id, status__in=selectors.STATEMENT_STATUSES)
    code = request.GET.get("employee")
    if code and code != getattr(request.user.employee_or_none, "employee_code", None):
        employee = get_in_scope_or_404(Employee.objects.all(), request.user, employee_field="self", employee_code=code)
    else:
        employee = request.user.employee_or_none
    if employee is None or not run.payouts.filter(employee=employee).exists():
        raise Http404
    return run, employee


@login_required
def statement(request, run_id: int):
    run, employee = _statement_target(request, run_id)
    return render(request, "incentives/statement.html", statement_context(run=run, employee=employee))


@login_required
def statement_download(request, run_id: int):
    run, employee = _statement_target(request, run_id)
    data = statement_pdf(run=run, employee=employee, language=request.LANGUAGE_CODE)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="estado-{run.period:%Y-%m}-{employee.employee_code}.pdf"'
    return response


# ----------------------------------------------------------------------------- runs
@capability_required("incentives.run_read")
def run_list(request):
    runs = selectors.runs_with_figures(runs=selectors.runs_visible(user=request.user)[:60], user=request.user)
    form = forms.RunRequestForm(initial={"period": f"{timezone.localdate():%Y-%m}"})
    return render(request, "incentives/run_list.html", {"runs": runs, "form": form})


@capability_required("incentives.run_compute")
@require_POST
def run_request(request):
    form = forms.RunRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("incentives:run_list")
    plan = form.cleaned_data["plan"]
    try:
        run = services.payout_run_request(
            period=form.cleaned_data["period"], plan_code=plan.code if plan else None, actor=request.user
        )
    except IncentivesError as exc:
        _error(request, exc)
        return redirect("incentives:run_list")
    return redirect("incentives:run_detail", pk=run.pk)


def _run_for(request, pk: int) -> PayoutRun:
    return get_object_or_404(selectors.runs_visible(user=request.user), pk=pk)


@capability_required("incentives.run_read")
def run_detail(request, pk: int):
    run = _run_for(request, pk)
    payouts = selectors.payouts_visible(user=request.user, run=run).order_by("employee__employee_code")
    teams = list(selectors.run_teams_visible(run=run, user=request.user))
    adjustments = list(selectors.adjustments_visible(run=run, user=request.user))
    for adjustment in adjustments:
        adjustment.may_decide = adjustment.status == AdjustmentStatus.PENDING and workflow.adjustment_decision_allowed(
            adjustment=adjustment, actor=request.user
        )
    context = {
        "run": run,
        "figures": selectors.run_figures(run=run, user=request.user),
        "teams": teams,
        "payouts": payouts[:500],
        "variance": selectors.run_variance(run=run, user=request.user),
        "adjustments": adjustments,
        "events": run.events.select_related("actor", "team"),
        "allowed": workflow.transitions_allowed(run=run, actor=request.user, teams=teams),
        "kpis": kpi_labels(),
        "stale": selectors.run_stale_warning(run=run),
        "reject_form": forms.RejectForm(),
        "adjustment_form": forms.AdjustmentForm(),
        "export_form": forms.ExportForm(currencies=run.currencies),
        "exports": run.exports.select_related("created_by", "template"),
        "team_charts": charts.run_team_charts(run_teams=teams),
        "distribution_charts": charts.payout_distribution_charts(payouts=payouts),
    }
    return render(request, "incentives/run_detail.html", context)


@capability_required("incentives.run_read")
def run_progress(request, pk: int):
    run = _run_for(request, pk)
    if request.htmx:
        return render(request, "incentives/includes/run_progress.html", {"run": run})
    live = run.live_progress
    return JsonResponse(
        {
            "progress": live["percent"],
            "computing": run.computing,
            "status": run.status,
            "chunks": live["chunks"],
            "chunks_done": live["chunks_done"],
        }
    )


def _confirm_team(request, action: str, source: str) -> Team | None:
    if action != "approve_team":
        return None
    return get_object_or_404(Team, pk=id_param(request, "team", source=source, required=True))


def _confirm_url(run: PayoutRun, action: str, team: Team | None) -> str:
    url = reverse("incentives:run_confirm", args=[run.pk, action])
    return f"{url}?team={team.pk}" if team is not None else url


@capability_required("incentives.run_read")
def run_confirm(request, pk: int, action: str):
    """The confirmation step of submit / team approval / final approval: what is being approved, and
    a form that posts the approval with the token of these figures. A page of its own (works without
    JavaScript); with htmx the run page loads it in place (``includes/run_confirm.html``)."""
    if action not in selectors.CONFIRMED_ACTIONS:
        raise Http404
    run = _run_for(request, pk)
    team = _confirm_team(request, action, "GET")
    if team is not None and not run.run_teams.filter(team=team).exists():
        raise Http404
    context = {
        "run": run,
        "confirm": selectors.run_confirmation(run=run, user=request.user, action=action, team=team),
        "allowed": workflow.transition_allowed(run=run, action=action, actor=request.user, team=team),
        "kpis": kpi_labels(),
    }
    if request.htmx:
        return render(request, "incentives/includes/run_confirm.html", context)
    return render(request, "incentives/run_confirm.html", context)


@capability_required("incentives.run_read")
@require_POST
def run_transition(request, pk: int, action: str):
    run = _run_for(request, pk)
    team, confirmation = None, None
    if action in selectors.CONFIRMED_ACTIONS:
        team = _confirm_team(request, action, "POST")
        confirmation = request.POST.get("confirmation", "").strip()
        if not confirmation:  # not confirmed yet: show what is being approved first
            return redirect(_confirm_url(run, action, team))
    try:
        if action == "submit":
            services.payout_run_submit(run=run, actor=request.user, confirmation=confirmation)
        elif action == "approve_team":
            services.payout_run_approve_team(run=run, team=team, actor=request.user, confirmation=confirmation)
        elif action == "approve_final":
            services.payout_run_approve_final(run=run, actor=request.user, confirmation=confirmation)
        elif action == "reject":
            services.payout_run_reject(run=run, actor=request.user, comment=request.POST.get("comment", ""))
        elif action == "lock":
            services.payout_run_lock(run=run, actor=request.user)
        elif action == "recompute":
            services.payout_run_request(
                period=run.period, plan_code=run.plan.code if run.plan_id else None, actor=request.user
            )
        elif action == "discard":
            services.payout_run_discard(run=run, actor=request.user)
            messages.success(request, _("The draft run was discarded."))
            return redirect("incentives:run_list")
        else:
            raise Http404
        messages.success(request, _("Done."))
    except IncentivesError as exc:
        _error(request, exc)
        if exc.code == "run_changed_since_confirmation":  # show the new figures to confirm again
            return redirect(_confirm_url(run, action, team))
    return redirect("incentives:run_detail", pk=run.pk)


@capability_required("incentives.payroll_export")
@require_POST
def run_export(request, pk: int):
    run = _run_for(request, pk)
    form = forms.ExportForm(request.POST, currencies=run.currencies)
    if not form.is_valid():
        raise Http404
    try:
        data, name = payroll_export(
            actor=request.user,
            run=run,
            template=form.cleaned_data["template"],
            file_format=form.cleaned_data["file_format"],
            currency=form.cleaned_data["currency"] or None,
        )
    except IncentivesError as exc:
        _error(request, exc)
        return redirect("incentives:run_detail", pk=run.pk)
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if name.endswith(".xlsx")
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@capability_required("incentives.adjustment_create")
@require_POST
def adjustment_create(request, pk: int):
    run = _run_for(request, pk)
    form = forms.AdjustmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        employee = Employee.objects.filter(employee_code=data["employee_code"]).first()
        if employee is None:
            messages.error(request, _("Unknown employee code."))
        else:
            try:
                services.adjustment_create(
                    actor=request.user,
                    run=run,
                    employee=employee,
                    amount=data["amount"],
                    reason=data["reason"],
                    comment=data["comment"],
                )
                messages.success(request, _("Adjustment recorded; it needs approval by someone else."))
            except IncentivesError as exc:
                _error(request, exc)
    else:
        messages.error(request, _("Check the adjustment form."))
    return redirect("incentives:run_detail", pk=run.pk)


@capability_required("incentives.adjustment_decide")
@require_POST
def adjustment_decide(request, pk: int, decision: str):
    adjustment = get_object_or_404(
        scoping.adjustments_in_scope(Adjustment.objects.select_related("run"), request.user), pk=pk
    )
    try:
        services.adjustment_decide(
            actor=request.user,
            adjustment=adjustment,
            approve=decision == "approve",
            comment=request.POST.get("comment", ""),
        )
    except IncentivesError as exc:
        _error(request, exc)
    return redirect("incentives:run_detail", pk=adjustment.run_id)


@capability_required("incentives.run_read")
def leaderboard(request):
    runs = selectors.runs_visible(user=request.user)
    run_id = id_param(request, "run")
    run = runs.filter(pk=run_id).first() if run_id else runs.first()
    board = []
    if run is not None:
        board = selectors.leaderboard(run=run, payouts=selectors.payouts_visible(user=request.user, run=run))
    context = {"run": run, "runs": runs[:24], "board": board[:100]}
    if board:
        context["chart"] = charts.leaderboard_chart(board=board)
    return render(request, "incentives/leaderboard.html", context)


# ----------------------------------------------------------------------------- disputes
@capability_required("incentives.dispute_resolve")
def dispute_list(request):
    disputes = list(selectors.disputes_open(user=request.user))
    for dispute in disputes:
        dispute.may_resolve = workflow.dispute_resolution_allowed(dispute=dispute, actor=request.user)
    return render(
        request,
        "incentives/dispute_list.html",
        {"disputes": disputes, "form": forms.DisputeResolveForm(), "today": timezone.localdate()},
    )


@capability_required("incentives.dispute_resolve")
@require_POST
def dispute_resolve(request, pk: int):
    dispute = get_object_or_404(scoping.disputes_in_scope(Dispute.objects.all(), request.user), pk=pk)
    form = forms.DisputeResolveForm(request.POST)
    if form.is_valid():
        try:
            services.dispute_resolve(actor=request.user, dispute=dispute, **form.cleaned_data)
            messages.success(request, _("Dispute resolved."))
        except IncentivesError as exc:
            _error(request, exc)
    else:
        messages.error(request, _("Check the form."))
    return redirect("incentives:dispute_list")


# ----------------------------------------------------------------------------- plans
@capability_required("incentives.plan_read")
def plan_list(request):
    return render(
        request,
        "incentives/plan_list.html",
        {"plans": selectors.plans_list(), "import_form": forms.PlanImportForm(), "targets_form": forms.TargetsForm()},
    )


@capability_required("incentives.plan_read")
def plan_detail(request, code: str):
    plan = get_object_or_404(Plan, code=code)
    versions = plan.versions.select_related("created_by", "published_by").prefetch_related(
        "assignments__team", "assignments__campaign", "assignments__employee"
    )
    form = forms.AssignmentForm(plan=plan)
    return render(request, "incentives/plan_detail.html", {"plan": plan, "versions": versions, "assignment_form": form})


@capability_required("incentives.plan_edit")
@require_POST
def assignment_create(request, code: str):
    plan = get_object_or_404(Plan, code=code)
    form = forms.AssignmentForm(request.POST, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        services.plan_assignment_create(
            actor=request.user,
            version=data["version"],
            start=data["start"],
            end=data["end"],
            team=data.get("team"),
            campaign=data.get("campaign"),
            role=data.get("role") or "",
            employee=data.get("employee"),
        )
        messages.success(request, _("Assignment saved."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("incentives:plan_detail", code=code)


@capability_required("incentives.plan_edit")
def plan_version_edit(request, pk: int):
    version = get_object_or_404(PlanVersion.objects.select_related("plan"), pk=pk)
    if request.method == "POST":
        form = forms.PlanJsonForm(request.POST)
        if form.is_valid():
            try:
                services.plan_version_update(
                    actor=request.user, version=version, definition=form.cleaned_data["definition"]
                )
                messages.success(request, _("Draft saved."))
                return redirect("incentives:plan_detail", code=version.plan.code)
            except IncentivesError as exc:
                _error(request, exc)
    else:
        form = forms.PlanJsonForm(initial={"definition": json.dumps(version.definition, indent=2, ensure_ascii=False)})
    return render(request, "incentives/plan_version_edit.html", {"version": version, "form": form})


@capability_required("incentives.plan_edit")
@require_POST
def plan_version_new(request, code: str):
    plan = get_object_or_404(Plan, code=code)
    try:
        version = services.plan_version_next_draft(actor=request.user, plan=plan)
    except IncentivesError as exc:
        _error(request, exc)
        return redirect("incentives:plan_detail", code=code)
    return redirect("incentives:plan_version_edit", pk=version.pk)


@capability_required("incentives.plan_publish")
@require_POST
def plan_version_publish(request, pk: int):
    version = get_object_or_404(PlanVersion.objects.select_related("plan"), pk=pk)
    try:
        services.plan_version_publish(actor=request.user, version=version)
        messages.success(request, _("Version published."))
    except IncentivesError as exc:
        _error(request, exc)
    return redirect("incentives:plan_detail", code=version.plan.code)


@capability_required("incentives.plan_read")
def plan_version_json(request, pk: int):
    version = get_object_or_404(PlanVersion.objects.select_related("plan"), pk=pk)
    response = HttpResponse(
        json.dumps(version.definition, indent=2, ensure_ascii=False) + "\n",
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{version.plan.code}-v{version.number}.json"'
    return response


def plan_schema(request):
    return JsonResponse(engine.plan_schema(), json_dumps_params={"indent": 2})


@capability_required("incentives.plan_edit")
@require_POST
def plan_import(request):
    form = bound_upload_form(forms.PlanImportForm, request)
    if not form.is_valid():
        messages.error(request, form.upload_refused.text if form.upload_refused else _("Choose a JSON file."))
        return redirect("incentives:plan_list")
    try:
        version = services.plan_import_json(actor=request.user, text=form.cleaned_data["file"].read())
    except IncentivesError as exc:
        _error(request, exc)
        return redirect("incentives:plan_list")
    messages.success(request, _("Plan imported as a draft version."))
    return redirect("incentives:plan_detail", code=version.plan.code)


@capability_required("incentives.targets_import")
@require_POST
def targets_upload(request):
    form = bound_upload_form(forms.TargetsForm, request)
    if form.is_valid():
        try:
            count = services.targets_import_csv(actor=request.user, text=form.cleaned_data["file"].read())
            messages.success(request, _("%(count)s targets loaded.") % {"count": count})
        except IncentivesError as exc:
            _error(request, exc)
    elif "file" in form.errors:
        messages.error(request, " ".join(form.errors["file"]))
    return redirect("incentives:plan_list")


@capability_required("incentives.payroll_export")
def export_templates(request, pk: int | None = None):
    instance = get_object_or_404(ExportTemplate, pk=pk) if pk else None
    form = forms.ExportTemplateForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.export_template_save(actor=request.user, template=form.save(commit=False))
        messages.success(request, _("Template saved."))
        return redirect("incentives:export_templates")
    templates = ExportTemplate.objects.all()
    return render(
        request, "incentives/export_templates.html", {"templates": templates, "form": form, "editing": instance}
    )

"""Compliance pages: breaches with their evidence (officer, supervisors, managers, HR, in scope),
an agent's own breaches, contact-log uploads and the rule sets in force."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exports import streaming_csv_response, tabular_response
from core.models import Campaign
from core.params import id_param
from core.permissions import capability_required
from core.uploads import upload_form_response

from .forms import BreachFilterForm, ContactImportForm, RuleSetVersionForm
from .messages import error_text
from .models import Breach, ContactImport, Country
from .selectors import (
    breach_evidence,
    breach_get_in_scope,
    breach_summary,
    breach_text,
    breaches_in_scope,
    contact_imports_recent,
    dial_clearance,
    ruleset_latest,
    rulesets_current,
)
from .services import ComplianceError, contact_import_create, contact_import_enqueue, ruleset_version_create


def _filtered(request):
    form = BreachFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = breaches_in_scope(
        user=request.user,
        country=data.get("country") or "",
        code=data.get("code") or "",
        first=data.get("first"),
        last=data.get("last"),
        include_advisory=bool(data.get("advisory")),
    )
    return form, qs


@capability_required("compliance.breach_read")
def breach_list(request):
    form, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [{"breach": b, "text": breach_text(b)} for b in page.object_list]
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return render(
        request,
        "compliance/breach_list.html",
        {"form": form, "page": page, "rows": rows, "summary": breach_summary(qs), "query": query},
    )


@capability_required("compliance.breach_read")
def breach_list_csv(request):
    _form, qs = _filtered(request)
    rows = (
        [
            b.code,
            b.country,
            b.employee.employee_code,
            b.account_hash,
            b.attempt.local_time().isoformat(timespec="minutes"),
            b.severity,
            "si" if b.advisory else "no",
            b.ruleset.version,
            b.pk,
        ]
        for b in qs.iterator(chunk_size=2000)
    )
    headers = ["regla", "pais", "agente", "cuenta_hash", "fecha_hora_local", "gravedad", "orientativa", "version", "id"]
    return streaming_csv_response(rows, headers, filename="incumplimientos")


@login_required
def breach_detail(request, pk: int):
    if not (request.user.can("compliance.breach_read") or request.user.employee_or_none is not None):
        raise Http404
    breach = breach_get_in_scope(user=request.user, pk=pk)  # 404 outside the reader's scope (own rows for agents)
    rule = breach.ruleset.rule(breach.rule_key)
    evidence = [
        {"attempt": a, "local": a.local_time(), "is_trigger": a.pk == breach.attempt_id}
        for a in breach_evidence(breach)
    ]
    return render(
        request,
        "compliance/breach_detail.html",
        {"breach": breach, "text": breach_text(breach), "rule": rule, "evidence": evidence},
    )


@login_required
def my_breaches(request):
    employee = request.user.employee_or_none
    if employee is None:
        raise Http404
    qs = Breach.objects.filter(employee=employee, advisory=False).select_related("ruleset", "attempt")
    qs = qs.order_by("-occurred_at", "-pk")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    # the course that teaches each broken rule, and where the agent stands with it (the remedial
    # assignment the breach created, or the one already open when it happened)
    assignments = {}
    for a in employee.learning_assignments.select_related("course").order_by("assigned_on", "pk"):
        assignments[a.course.slug] = a
    rows = [{"breach": b, "text": breach_text(b), "assignment": assignments.get(b.lesson)} for b in page.object_list]
    return render(request, "compliance/my_breaches.html", {"page": page, "rows": rows, "query": ""})


@capability_required("compliance.contacts_upload")
def import_list(request):
    return render(request, "compliance/import_list.html", {"imports": contact_imports_recent(limit=50)})


@capability_required("compliance.contacts_upload")
@require_http_methods(["GET", "POST"])
def import_new(request):
    def register(data, upload) -> ContactImport:
        contact_import = contact_import_create(
            uploaded=upload,
            filename=upload.name,
            profile_code=data["profile"],
            user=request.user,
            source=ContactImport.Source.WEB,
            dry_run=data["dry_run"],
        )
        contact_import_enqueue(contact_import=contact_import)
        return contact_import

    return upload_form_response(
        request,
        form_class=ContactImportForm,
        template="compliance/import_form.html",
        register=register,
        detail="compliance:import_detail",
    )


@capability_required("compliance.contacts_upload")
def import_detail(request, pk: int):
    contact_import = get_object_or_404(ContactImport.objects.select_related("created_by", "duplicate_of"), pk=pk)
    errors = [{**e, "message": error_text(e)} for e in contact_import.errors[:200]]
    return render(
        request,
        "compliance/import_detail.html",
        {"imp": contact_import, "errors": errors, "more_errors": max(0, contact_import.error_count - len(errors))},
    )


@capability_required("compliance.breach_read")
def ruleset_list(request):
    return render(
        request,
        "compliance/ruleset_list.html",
        {"versions": rulesets_current(), "can_edit": request.user.can("compliance.rules_edit")},
    )


@capability_required("compliance.rules_edit")
@require_http_methods(["GET", "POST"])
def ruleset_new(request, country):
    """A new version of a country's rules, written from the current one (which is kept)."""
    if country not in Country.values:
        raise Http404
    current = ruleset_latest(country=country)
    if request.method == "POST":
        form = RuleSetVersionForm(request.POST)
        if form.is_valid():
            try:
                version = ruleset_version_create(
                    actor=request.user,
                    country=country,
                    effective_from=form.cleaned_data["effective_from"],
                    definition=form.cleaned_data["definition"],
                )
            except ComplianceError as exc:
                field = "effective_from" if exc.code == "ruleset_overlap" else "definition"
                form.add_error(field, exc)
            else:
                messages.success(
                    request,
                    _("Version %(n)s of the rules of %(country)s is saved; it is in force from %(day)s.")
                    % {"n": version.version, "country": version.get_country_display(), "day": version.effective_from},
                )
                return redirect("compliance:ruleset_list")
    else:
        initial = {"effective_from": timezone.localdate() + dt.timedelta(days=1)}
        if current is not None:
            initial["definition"] = json.dumps(current.definition, ensure_ascii=False, indent=2)
        form = RuleSetVersionForm(initial=initial)
    return render(
        request,
        "compliance/ruleset_form.html",
        {"form": form, "current": current, "country_label": Country(country).label},
    )


def _day(value: str | None):
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@capability_required("compliance.breach_read")
def clearance(request):
    """The licence to dial: who may work a campaign on a day (certificate and no suspension), and a CSV
    for the dialer."""
    day = _day(request.GET.get("day"))
    campaigns = Campaign.objects.select_related("required_specialisation").order_by("name")
    campaign, rows = None, []
    campaign_id = id_param(request, "campaign")
    if campaign_id:
        campaign = get_object_or_404(campaigns, pk=campaign_id)
        rows = dial_clearance(user=request.user, campaign=campaign, day=day)
    if campaign and request.GET.get("format") == "csv":
        header = ["agente", "nombre", "habilitado", "certificado", "incumplimientos_graves", "suspendido"]
        data = [
            [
                r.employee.employee_code,
                r.employee.full_name,
                "si" if r.cleared else "no",
                r.certificate.number if r.certificate else "",
                r.severe_breaches,
                "si" if r.suspended else "no",
            ]
            for r in rows
        ]
        return tabular_response(data, header, format="csv", filename=f"habilitados-{campaign.code}-{day.isoformat()}")
    return render(
        request,
        "compliance/clearance.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "rows": rows,
            "day": day,
            "query": request.GET.urlencode(),
            "limit": settings.COMPLIANCE_SUSPEND_AFTER_SEVERE,
            "window": settings.COMPLIANCE_SUSPEND_WINDOW_DAYS,
            "title": _("Licence to dial"),
        },
    )

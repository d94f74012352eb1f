"""Views of the certification app: thin, they parse input, call one service/selector, render."""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from certification import badges, selectors, services
from certification.badge_responses import assertion_response
from certification.engine.codes import check_code
from certification.engine.responses import BadResponse
from certification.messages import CERTIFICATE_STATUS_LABELS, message_for
from certification.models import (
    Attempt,
    AttemptStatus,
    Certificate,
    CertificateStatus,
    Exam,
)
from certification.presenters import question_for_exam, question_for_review
from core.charts import Series, bar_chart
from core.exports import tabular_response
from core.models import Campaign, Site
from core.network import client_ip
from core.numbers import format_number
from core.params import id_param, int_param
from core.permissions import capability_required
from core.scoping import get_in_scope_or_404, teams_in_scope


def _employee_or_404(request):
    employee = request.user.employee_or_none
    if employee is None:
        raise Http404
    return employee


def _own_attempt(request, pk: int) -> Attempt:
    employee = _employee_or_404(request)
    return get_object_or_404(Attempt.objects.select_related("exam", "exam__specialisation"), pk=pk, employee=employee)


# --- agent ----------------------------------------------------------------------------------


@login_required
def my_certification(request):
    employee = request.user.employee_or_none
    today = timezone.localdate()
    now = timezone.now()
    exams = []
    certificates = []
    attempts = []
    if employee is not None:
        listed = list(selectors.exams_for_employee(employee=employee))
        facts = selectors.exam_attempt_facts(employee=employee, exam_ids=[e.pk for e in listed], now=now)
        refusals = services.attempt_start_refusals(exams=listed, employee=employee, now=now, facts=facts)
        for exam in listed:
            open_attempt = facts[exam.pk].open_attempt
            refusal = refusals[exam.pk] if open_attempt is None else None
            exams.append({"exam": exam, "open_attempt": open_attempt, "blocked": refusal.message if refusal else ""})
        certificates = [
            {"certificate": c, "status": c.status_on(today)}
            for c in selectors.certificates_of_employee(employee=employee)
        ]
        attempts = list(selectors.attempts_of_employee(employee=employee)[:20])
    return render(
        request,
        "certification/my_certification.html",
        {"exams": exams, "certificates": certificates, "attempts": attempts, "employee": employee},
    )


@login_required
def exam_detail(request, code: str):
    employee = _employee_or_404(request)
    exam = get_object_or_404(Exam.objects.select_related("specialisation"), code=code, is_active=True)
    open_attempt = selectors.open_attempt(exam=exam, employee=employee)
    reason = ""
    if open_attempt is None:
        try:
            services.attempt_start_check(exam=exam, employee=employee)
        except services.CertificationError as exc:
            reason = exc.message
    return render(
        request,
        "certification/exam_detail.html",
        {"exam": exam, "open_attempt": open_attempt, "blocked": reason},
    )


@login_required
@require_POST
def exam_start(request, code: str):
    employee = _employee_or_404(request)
    exam = get_object_or_404(Exam, code=code, is_active=True)
    try:
        attempt = services.attempt_start(exam=exam, employee=employee)
    except services.CertificationError as exc:
        messages.error(request, exc.message)
        return redirect("certification:exam_detail", code=exam.code)
    return redirect("certification:attempt_take", pk=attempt.pk)


@never_cache
@login_required
def attempt_take(request, pk: int):
    attempt = _own_attempt(request, pk)
    now = timezone.now()
    if attempt.is_open and attempt.is_past_deadline(now):
        # Expired is worked out on read; the result page (or the sweep) closes it.
        messages.warning(request, message_for("attempt.closed"))
        return redirect("certification:attempt_result", pk=attempt.pk)
    if not attempt.is_open:
        return redirect("certification:attempt_result", pk=attempt.pk)
    questions = []
    for aq in attempt.questions.all():
        frozen = aq.frozen()
        view = question_for_exam(frozen, aq.snapshot.get("display", {}), aq.response, f"q{aq.pk}", str(aq.position))
        view["flag_name"], view["flagged"] = f"flag-q{aq.pk}", aq.flagged
        questions.append(view)
    return render(
        request,
        "certification/attempt_take.html",
        {
            "attempt": attempt,
            "questions": questions,
            "navigator": selectors.attempt_navigator(attempt=attempt),
            "flags_marker": services.FLAGS_MARKER,
            "seconds_left": max(0, int((attempt.deadline - now).total_seconds())),
        },
    )


@never_cache
@login_required
@require_GET
def attempt_confirm(request, pk: int):
    """The step before submitting: which questions have no answer or are flagged, with links
    back to them, and the one button that submits anyway. Reading it grades nothing."""
    attempt = _own_attempt(request, pk)
    now = timezone.now()
    if not attempt.is_open or attempt.is_past_deadline(now):
        return redirect("certification:attempt_result", pk=attempt.pk)
    navigator = selectors.attempt_navigator(attempt=attempt)
    return render(
        request,
        "certification/attempt_confirm.html",
        {
            "attempt": attempt,
            "navigator": navigator,
            "unanswered": [item for item in navigator if not item.answered],
            "flagged": [item for item in navigator if item.flagged],
            "seconds_left": max(0, int((attempt.deadline - now).total_seconds())),
        },
    )


@login_required
@require_POST
def attempt_autosave(request, pk: int):
    attempt = _own_attempt(request, pk)
    try:
        services.attempt_save_answers(attempt=attempt, form=request.POST)
    except BadResponse:
        return HttpResponseBadRequest(message_for("attempt.bad_response"))
    except services.CertificationError as exc:
        response = render(request, "certification/includes/autosave_status.html", {"error": exc.message}, status=409)
        response["HX-Redirect"] = reverse("certification:attempt_result", kwargs={"pk": attempt.pk})
        return response
    return render(
        request,
        "certification/includes/autosave_status.html",
        {"saved_at": timezone.localtime(), "navigator": selectors.attempt_navigator(attempt=attempt), "oob": True},
    )


@login_required
@require_POST
def attempt_submit(request, pk: int):
    """The exam form's two buttons. "Save" stores the answers and flags and comes back (the
    no-JavaScript autosave). "Submit" stores them too; while a question is unanswered or
    flagged it goes to the confirmation step, and only a post carrying ``confirmed`` from
    that step (or an exam with everything answered) is graded. Past the deadline the clock
    has decided: it is graded with what was saved in time."""
    attempt = _own_attempt(request, pk)
    late = attempt.is_open and attempt.is_past_deadline(timezone.now())
    try:
        if attempt.is_open and not late and request.POST.get("confirmed") != "1":
            services.attempt_save_answers(attempt=attempt, form=request.POST)
            if request.POST.get("action") == "save":
                messages.success(request, _("Answers saved."))
                return redirect("certification:attempt_take", pk=attempt.pk)
            navigator = selectors.attempt_navigator(attempt=attempt)
            if any(not item.answered or item.flagged for item in navigator):
                return redirect("certification:attempt_confirm", pk=attempt.pk)
        services.attempt_submit(attempt=attempt, form=request.POST)
    except BadResponse:
        return HttpResponseBadRequest(message_for("attempt.bad_response"))
    except services.CertificationError:
        pass  # closed meanwhile (deadline, another tab): the result page tells what happened
    return redirect("certification:attempt_result", pk=attempt.pk)


@login_required
def attempt_result(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt.is_open:
        if attempt.is_past_deadline(timezone.now()):
            # The one write a GET does here, and why: a result can only be shown once it is graded
            # (and a pass has its certificate); the minute sweep may not have reached it yet.
            services.attempt_close_if_expired(attempt_id=attempt.pk)
            attempt.refresh_from_db()
        else:
            return redirect("certification:attempt_take", pk=attempt.pk)
    review = []
    if selectors.attempt_review_allowed(attempt=attempt, now=timezone.now()):
        for aq in attempt.questions.all():
            review.append(question_for_review(aq.frozen(), aq.response, aq.result, str(aq.position)))
    sections = selectors.attempt_section_scores(attempt=attempt) if attempt.status == AttemptStatus.GRADED else []
    certificate = attempt.certificates.filter(replaces__isnull=True).first()
    return render(
        request,
        "certification/attempt_result.html",
        {"attempt": attempt, "review": review, "sections": sections, "certificate": certificate},
    )


@login_required
def certificate_pdf(request, pk: int):
    cert = get_in_scope_or_404(Certificate.objects.all(), request.user, pk=pk)
    if not cert.pdf or not cert.pdf_sha256:
        cert = services.certificate_render_pdf(certificate_id=cert.pk)
    handle = cert.pdf.open("rb")
    return FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=f"{cert.number}.pdf")


# --- public verification -------------------------------------------------------------------


def _rate_limited(request) -> bool:
    spec = getattr(settings, "VERIFICATION_RATE_LIMIT", "30/m")
    count_s, _, period = spec.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600}.get(period[:1] or "m", 60)
    ip = client_ip(request) or "-"
    window = int(timezone.now().timestamp() // seconds)
    key = f"cert-verify:{ip}:{window}"
    hits = 1
    if not cache.add(key, 1, timeout=seconds + 1):
        try:
            hits = cache.incr(key)
        except ValueError:  # expired between add and incr: this request opens the window
            cache.add(key, 1, timeout=seconds + 1)
    return hits > int(count_s)


def _noindex(view):
    """Public verification pages stay out of search engines (the page carries the meta tag too)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _too_many():
    response = HttpResponse(_("Too many verification requests. Try again in a minute."), status=429)
    response["Retry-After"] = "60"
    return response


@_noindex
@require_GET
def verify_form(request):
    typed = request.GET.get("codigo", "").strip()
    error = ""
    if typed:
        if _rate_limited(request):
            return _too_many()
        check = check_code(typed)
        if check.ok:
            return redirect("verification:detail", code=check.code)
        error = _("Certificate not found.")
    return render(request, "certification/verify_form.html", {"typed": typed, "error": error})


@_noindex
@require_GET
def verify_detail(request, code: str):
    if _rate_limited(request):
        return _too_many()
    check = check_code(code)
    cert = selectors.certificate_by_code(code=check.code) if check.ok else None
    if cert is None:
        return render(request, "certification/verify_not_found.html", {"typed": code}, status=404)
    if check.code != code:
        return redirect("verification:detail", code=check.code)
    if _wants_json(request):  # Open Badges 2.0 hosted verification: the same URL answers the Assertion
        response = assertion_response(cert)
        response["Vary"] = "Accept"
        return response
    today = timezone.localdate()
    replacement = getattr(cert, "replaced_by", None) if cert.status == CertificateStatus.SUPERSEDED else None
    shareable = not badges.is_withdrawn(cert)
    response = render(
        request,
        "certification/verify_detail.html",
        {
            "certificate": cert,
            "status": cert.status_on(today),
            "today": today,
            "replacement": replacement,
            "shareable": shareable,
            "linkedin_url": badges.linkedin_url(cert) if shareable else "",
        },
    )
    response["Vary"] = "Accept"
    response["Link"] = (
        f'<{reverse("verification:assertion", kwargs={"code": cert.code})}>; rel="alternate"; type="application/ld+json"'
    )
    return response


_JSON_TYPES = ("application/ld+json", "application/json")


def _wants_json(request) -> bool:
    """JSON-LD when the client prefers it to HTML (a browser's Accept lists text/html first)."""
    preferred = request.get_preferred_type(["text/html", *_JSON_TYPES])
    return preferred in _JSON_TYPES


# --- HR --------------------------------------------------------------------------------------


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _export(rows: list[list], header: list[str], name: str, fmt: str) -> HttpResponse:
    return tabular_response(rows, header, format=fmt, filename=name)


@capability_required("certification.hr_read")
def hr_matrix(request):
    day = _day(request.GET.get("day"))
    site_id, team_id, campaign_id = (id_param(request, k) for k in ("site", "team", "campaign"))
    filters = {"user": request.user, "day": day, "site_id": site_id, "team_id": team_id, "campaign_id": campaign_id}
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        specs, rows = selectors.certification_matrix(**filters)
        header = [_("Employee code"), _("Name")] + [s.name for s in specs]
        data = [
            [r.employee.employee_code, r.employee.full_name]
            + [str(CERTIFICATE_STATUS_LABELS[status]) for _, _, status in r.cells]
            for r in rows
        ]
        return _export(data, header, f"matriz-certificacion-{day.isoformat()}", fmt)
    # a page of agents at a time (thousands in a company); the chart counts every agent, in SQL
    page = Paginator(selectors.matrix_employees(**filters), MATRIX_PAGE_SIZE).get_page(request.GET.get("page"))
    specs, rows = selectors.certification_matrix(**filters, employees=page.object_list)
    total, counts = selectors.matrix_status_counts(**filters)
    teams = teams_in_scope(request.user).select_related("site")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/hr_matrix.html",
        {
            "specs": specs,
            "rows": rows,
            "page": page,
            "day": day,
            "sites": Site.objects.filter(pk__in=teams.values("site_id")),
            "teams": teams,
            "campaigns": Campaign.objects.all(),
            "selected": {"site": site_id, "team": team_id, "campaign": campaign_id},
            "query": query.urlencode(),
            "status_chart": _matrix_chart(specs, total, counts, day),
        },
    )


#: the statuses a specialisation's bar stacks, in this order (in force first, nothing last)
MATRIX_STACK = ("valid", "expiring", "expired", "revoked", "superseded", "none")
#: the colour each status means in the chart (its badge's tone; nothing is grey)
MATRIX_TONES = {
    "valid": "ok",
    "expiring": "warn",
    "expired": "bad",
    "revoked": "bad",
    "superseded": "info",
    "none": "muted",
}


#: agents per page of the matrix
MATRIX_PAGE_SIZE = 50


def _matrix_chart(specs, total, by_spec, day):
    """Agents by certificate status per specialisation on `day`, stacked: every agent the filters
    keep (``selectors.matrix_status_counts``), not only the page shown."""
    counts = {}
    for spec in specs:
        found = by_spec.get(spec.pk, {})
        counts[spec.pk] = {status: found.get(status, 0) for status in MATRIX_STACK}
        counts[spec.pk]["none"] = total - sum(found.values())
    shown = [status for status in MATRIX_STACK if any(c[status] for c in counts.values())]
    return bar_chart(
        title=_("Agents by certificate status on %(day)s") % {"day": formats.date_format(day, "SHORT_DATE_FORMAT")},
        categories=[spec.name for spec in specs],
        series=[
            Series(str(CERTIFICATE_STATUS_LABELS[s]), [counts[spec.pk][s] for spec in specs], tone=MATRIX_TONES[s])
            for s in shown
        ],
        fmt=lambda v: format_number(v, decimals=0),
    )


@capability_required("certification.hr_read")
def hr_expiring(request):
    today = timezone.localdate()
    days = int_param(request, "dias", minimum=1, maximum=3660) or 30
    days = max(1, min(days, 730))
    certs = selectors.certificates_expiring(user=request.user, today=today, within_days=days)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header = [_("Employee code"), _("Name"), _("Specialisation"), _("Certificate"), _("Expires on")]
        data = [
            [c.employee.employee_code, c.employee.full_name, c.specialisation.name, c.number, c.expires_on]
            for c in certs
        ]
        return _export(data, header, f"certificados-por-vencer-{days}", fmt)
    return render(request, "certification/hr_expiring.html", {"certs": certs, "days": days, "today": today})


@capability_required("certification.hr_read")
def hr_campaign(request):
    day = _day(request.GET.get("day"))
    campaigns = Campaign.objects.select_related("required_specialisation").order_by("name")
    campaign = None
    rows = []
    campaign_id = id_param(request, "campaign")
    if campaign_id:
        campaign = get_object_or_404(campaigns, pk=campaign_id)
        rows = selectors.campaign_clearance(user=request.user, campaign=campaign, day=day)
    fmt = request.GET.get("format")
    if campaign and fmt in ("csv", "xlsx"):
        header = [_("Employee code"), _("Name"), _("May work"), _("Certificate"), _("Expires on")]
        data = [
            [
                r.employee.employee_code,
                r.employee.full_name,
                _("Yes") if r.cleared else _("No"),
                r.certificate.number if r.certificate else "",
                r.certificate.expires_on if r.certificate else "",
            ]
            for r in rows
        ]
        return _export(data, header, f"habilitados-{campaign.code}-{day.isoformat()}", fmt)
    return render(
        request,
        "certification/hr_campaign.html",
        {"campaigns": campaigns, "campaign": campaign, "rows": rows, "day": day, "query": request.GET.urlencode()},
    )


@capability_required("certification.hr_read")
def hr_attempt(request, pk: int):
    """Staff review of one submitted attempt in scope: every question with the answer given,
    the key the attempt was graded with and its points; where the question's key has been
    corrected since, people who may revoke certificates regrade from here (audited)."""
    attempt = get_in_scope_or_404(
        Attempt.objects.select_related("exam", "employee").exclude(status=AttemptStatus.IN_PROGRESS),
        request.user,
        pk=pk,
    )
    if request.method == "POST":
        if not request.user.can("certification.certificate_revoke"):
            raise PermissionDenied
        used = attempt.questions.filter(version__question_id=id_param(request, "question", source="POST"))
        aq = used.select_related("version__question").first()
        if aq is None:
            return HttpResponseBadRequest(_("That question is not part of this attempt."))
        try:
            outcome = services.attempts_regrade_question(
                question=aq.version.question, reason=request.POST.get("reason", ""), actor=request.user
            )
        except services.CertificationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Attempts regraded: %(attempts)s. Score changed: %(changed)s. "
                    "Certificates issued: %(issued)s. Certificates revoked: %(revoked)s."
                )
                % {
                    "attempts": outcome.attempts,
                    "changed": outcome.changed,
                    "issued": len(outcome.issued),
                    "revoked": len(outcome.revoked),
                },
            )
        return redirect("certification:hr_attempt", pk=attempt.pk)
    rows = []
    for aq in attempt.questions.select_related("version__question__current_version"):
        current = aq.version.question.current_version if aq.version_id else None
        rows.append(
            {
                "review": question_for_review(aq.frozen(), aq.response, aq.result, str(aq.position)),
                "question_id": aq.version.question_id if aq.version_id else None,
                "corrected": current is not None and current.pk != aq.version_id,
                "version": aq.version.number if aq.version_id else None,
            }
        )
    return render(
        request,
        "certification/hr_attempt.html",
        {
            "attempt": attempt,
            "rows": rows,
            "sections": selectors.attempt_section_scores(attempt=attempt),
            "certificates": attempt.certificates.all(),
        },
    )


@capability_required("certification.hr_read")
def hr_certificate(request, pk: int):
    cert = get_in_scope_or_404(
        Certificate.objects.select_related("employee", "specialisation", "replaces"), request.user, pk=pk
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("revoke", "reissue"):
            return HttpResponseBadRequest()
        if not request.user.can(f"certification.certificate_{action}"):
            raise PermissionDenied
        try:
            if action == "revoke":
                services.certificate_revoke(certificate=cert, reason=request.POST.get("reason", ""), actor=request.user)
                messages.success(request, _("Certificate revoked."))
                return redirect("certification:hr_certificate", pk=cert.pk)
            if action == "reissue":
                new = services.certificate_reissue(
                    certificate=cert,
                    reason=request.POST.get("reason", ""),
                    holder_name=request.POST.get("holder_name", ""),
                    actor=request.user,
                )
                messages.success(request, _("Certificate re-issued."))
                return redirect("certification:hr_certificate", pk=new.pk)
        except services.CertificationError as exc:
            messages.error(request, exc.message)
    today = timezone.localdate()
    return render(
        request,
        "certification/hr_certificate.html",
        {
            "certificate": cert,
            "status": cert.status_on(today),
            "events": cert.events.select_related("actor"),
            "active": cert.status not in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED),
        },
    )

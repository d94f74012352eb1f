"""Custom Wagtail admin views: question import and export (GIFT / Moodle XML) and item analysis."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from certification.admin_forms import ExportForm, ImportForm
from certification.exporting import bank_export
from certification.importing import parse_question_file
from certification.messages import parse_error_text
from certification.models import Exam
from certification.selectors import essays_to_mark, exam_item_analysis
from certification.services import CertificationError, attempt_essay_mark, questions_import
from core.permissions import capability_required
from core.uploads import bound_upload_form


@capability_required("certification.question_bank_edit")
def import_questions_view(request):
    form = bound_upload_form(ImportForm, request)  # the portal's upload limits (core.uploads)
    result = None
    if form.upload_refused is None and request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = parse_question_file(upload.read(), form.cleaned_data["format"])
        result = {
            "report": report,
            "errors": [parse_error_text(e) for e in report.errors],
            "by_type": sorted(report.counts_by_type().items()),
            "by_category": sorted(report.counts_by_category().items()),
            "outcome": None,
        }
        if not report.errors:
            try:
                result["outcome"] = questions_import(
                    bank=form.cleaned_data["bank"],
                    report=report,
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except CertificationError as exc:
                result["errors"] = [exc.message]
    status = form.upload_refused.status if form.upload_refused else 200
    return render(request, "certification/admin/import.html", {"form": form, "result": result}, status=status)


@capability_required("certification.question_bank_edit")
def export_questions_view(request):
    """A bank's active questions as a GIFT or Moodle XML download (``?bank=ID&format=…``);
    without both, the form that asks for them."""
    form = ExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        bank = form.cleaned_data["bank"]
        export = bank_export(bank=bank, fmt=form.cleaned_data["format"])
        response = HttpResponse(export.text, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
    status = 400 if form.is_bound else 200
    return render(request, "certification/admin/export.html", {"form": form}, status=status)


@capability_required("certification.question_bank_edit")
def essay_marking_view(request):
    """The marking queue: essays of submitted attempts, with the question, the markers' rubric and
    the agent's answer; a mark (0-100 %) and a comment each. The last mark grades the attempt."""
    if request.method == "POST":
        aq = get_object_or_404(essays_to_mark(), pk=request.POST.get("question") or 0)
        try:
            percent = Decimal((request.POST.get("mark") or "").replace(",", ".").strip())
        except InvalidOperation:
            percent = Decimal(-1)
        try:
            attempt = attempt_essay_mark(
                attempt_question=aq,
                fraction=percent / 100 if percent.is_finite() else Decimal(-1),
                comment=request.POST.get("comment", ""),
                actor=request.user,
            )
        except CertificationError as exc:
            messages.error(request, exc.message)
        else:
            if attempt.status == "graded":
                messages.success(
                    request,
                    _("Marked. The attempt is graded: %(percentage)s %%.") % {"percentage": attempt.percentage},
                )
            else:
                messages.success(request, _("Marked. The attempt still has essays to mark."))
        return redirect("certification-tools:marking")
    rows = []
    for aq in essays_to_mark():
        snap = aq.frozen()
        rows.append(
            {
                "aq": aq,
                "question": snap,
                "answer": (aq.response or {}).get("text", ""),
                "percent": (aq.fraction * 100).normalize() if aq.marked_at and aq.fraction is not None else "",
            }
        )
    return render(request, "certification/admin/marking.html", {"rows": rows})


FLAG_LABELS = {
    "few_responses": _("few responses"),
    "negative_discrimination": _("negative discrimination: strong candidates get it wrong"),
    "low_discrimination": _("low discrimination"),
    "too_hard": _("too hard (facility < 0.2)"),
    "too_easy": _("too easy (facility > 0.95)"),
    "unused_distractor": _("a wrong choice nobody picks"),
}


@capability_required("certification.question_bank_edit")
def item_analysis_view(request):
    exams = Exam.objects.select_related("specialisation").order_by("specialisation__name", "title")
    exam = None
    analysis = None
    rows = []
    exam_id = request.GET.get("exam")
    if exam_id and exam_id.isdigit():
        exam = exams.filter(pk=int(exam_id)).first()
    if exam is not None:
        analysis, names = exam_item_analysis(exam=exam)
        for item in analysis.items:
            rows.append(
                {
                    "item": item,
                    "name": names.get(item.key, item.key),
                    "flags": [str(FLAG_LABELS.get(f, f)) for f in item.flags],
                }
            )
    return render(
        request,
        "certification/admin/analysis.html",
        {"exams": exams, "exam": exam, "analysis": analysis, "rows": rows},
    )

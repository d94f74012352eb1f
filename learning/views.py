"""Screens of the learning app (the catalogue, course and lesson pages are Wagtail pages)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from content.routing import canonical
from core.audit import audit_record
from core.charts import Series, bar_chart
from core.exports import tabular_response
from core.models import Employee
from core.numbers import format_number
from core.permissions import capability_required
from core.scoping import get_in_scope_or_404, teams_in_scope
from learning import selectors, services
from learning.engine.scorm import PackageRejected, member_path_check
from learning.forms import AssignmentRuleForm, MatrixFilterForm
from learning.models import (
    AssignmentRule,
    AssignmentStatus,
    CatalogueIndexPage,
    CoursePage,
    LessonPage,
    ScormLessonPage,
    ScormPackage,
)

MATRIX_PAGE_SIZE = 50


@login_required
def my_learning(request):
    employee = request.user.employee_or_none
    today = timezone.localdate()
    rows = selectors.my_assignments(employee=employee, today=today) if employee else []
    base_urls = {}
    for row in rows:
        if row.course.pk not in base_urls:
            base_urls[row.course.pk] = row.course.get_url(request)
        row.course_url = base_urls[row.course.pk]
        row.continue_url = f"{row.course_url}{row.continue_lesson['slug']}/" if row.continue_lesson else row.course_url
    open_rows = [r for r in rows if r.status != AssignmentStatus.COMPLETED]
    done_rows = [r for r in rows if r.status == AssignmentStatus.COMPLETED]
    return render(
        request,
        "learning/my_learning.html",
        {
            "employee": employee,
            "open_rows": open_rows,
            "done_rows": done_rows,
            "today": today,
            "overdue_count": sum(1 for r in rows if r.status == AssignmentStatus.OVERDUE),
        },
    )


def catalogue_redirect(request):
    catalogue = CatalogueIndexPage.objects.live().order_by("path").first()
    if catalogue is None:
        raise Http404
    return redirect(catalogue.get_url(request) or "/")


def _visible_lesson_or_404(request, lesson_id: int) -> LessonPage:
    """A live lesson of a live course that this reader may open (Wagtail's view restrictions),
    else 404: the reader learns nothing about lessons they cannot see."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None or not CoursePage.objects.live().filter(path=lesson.path[: -lesson.steplen]).exists():
        raise Http404
    if any(not r.accept_request(request) for r in lesson.get_view_restrictions()):
        raise Http404
    return lesson


@require_POST
@login_required
def lesson_progress(request):
    """The lesson page reports that it is open (on load) and that it was left (a beacon): the visit and
    the study time since the last report (`services.lesson_visit_record`). Only the reader's own
    progress is written; the same report twice leaves the same state. 204, or 400 naming the bad field."""
    raw = (request.POST.get("lesson") or "").strip()
    if not raw.isdigit():
        message = _("lesson: give the number of a lesson (received “%(value)s”).") % {"value": raw[:20]}
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    employee = request.user.employee_or_none
    if employee is None:
        raise Http404
    lesson = _visible_lesson_or_404(request, int(raw))
    services.lesson_visit_record(user=request.user, page=lesson)
    return HttpResponse(status=204)


@require_POST
@login_required
def lesson_complete(request, lesson_id: int):
    employee = request.user.employee_or_none
    lesson = canonical(get_object_or_404(LessonPage.objects.live(), pk=lesson_id))  # counts on the source copy
    course = CoursePage.objects.live().filter(path=lesson.path[: -lesson.steplen]).first()
    if employee is None or course is None:
        raise Http404
    try:
        progress = services.lesson_complete(employee=employee, lesson=lesson, course=course)
    except services.LearningError as error:
        messages.error(request, error.message)
        return redirect(lesson.get_url(request) or "/")
    if request.htmx:
        live_ids = set(LessonPage.objects.live().child_of(course).values_list("pk", flat=True))
        return render(
            request,
            "learning/includes/lesson_status.html",
            {
                "page": lesson,
                "is_done": True,
                "progress": progress,
                "course": course,
                "done_count": progress.lessons_done,
                "total": len(live_ids),
                "percent": progress.percent,
                "course_url": course.get_url(request),
                "just_completed": True,
            },
        )
    messages.success(request, _("Lesson completed."))
    return redirect(lesson.get_url(request) or "/")


# --- SCORM ----------------------------------------------------------------------------------------------

#: content types for what packages hold (learning.engine.scorm.ALLOWED_EXTENSIONS), not the host's mime table
SCORM_CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "xhtml": "application/xhtml+xml",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "map": "application/json",
    "xml": "application/xml",
    "xsd": "application/xml",
    "dtd": "application/xml-dtd",
    "xsl": "application/xml",
    "xslt": "application/xml",
    "txt": "text/plain; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "svg": "image/svg+xml",
    "webp": "image/webp",
    "ico": "image/x-icon",
    "bmp": "image/bmp",
    "avif": "image/avif",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
    "m4a": "audio/mp4",
    "m4v": "video/mp4",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "ogv": "video/ogg",
    "webm": "video/webm",
    "wav": "audio/wav",
    "aac": "audio/aac",
    "vtt": "text/vtt; charset=utf-8",
    "srt": "text/plain; charset=utf-8",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "pdf": "application/pdf",
}
#: the package runs in the lesson's frame only, with the scripts and inline styles authoring tools write;
#: the sandbox directive holds even when a file is opened on its own (no popups, no top navigation)
SCORM_CONTENT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
        "sandbox allow-scripts allow-same-origin allow-forms",
    ]
)


@require_GET
def scorm_content(request, package_id: int, path: str):
    """A file of an extracted SCORM package, from the portal's own origin, to those who may see a lesson
    that uses it (``selectors.scorm_package_viewable``); 404 for everyone else and for any path outside
    the package."""
    package = ScormPackage.objects.filter(pk=package_id).first()
    if package is None or not selectors.scorm_package_viewable(package=package, user=request.user):
        raise Http404
    try:
        relative = member_path_check(path)
    except PackageRejected:
        raise Http404 from None
    root = (services.scorm_root() / package.directory).resolve()
    file = root / relative
    if file.is_symlink() or not file.is_file() or root not in file.resolve().parents:
        raise Http404
    extension = relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
    content_type = SCORM_CONTENT_TYPES.get(extension)
    if content_type is None:
        raise Http404
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["Content-Security-Policy"] = SCORM_CONTENT_POLICY
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "same-origin"
    return response


def _scorm_answer(ok: bool, status: int = 200, message: str = "") -> JsonResponse:
    body = {"result": ok, "errorCode": 0 if ok else 101}
    if message:
        body["message"] = message
    return JsonResponse(body, status=status)


@csrf_exempt  # the signed token in the URL binds the request to this user, lesson and attempt; sendBeacon
# (scorm-again's commit on unload) cannot send the CSRF header
@require_POST
def scorm_commit(request, lesson_id: int, token: str):
    """scorm-again's LMSCommit / Commit / Terminate: ``{"cmi": {...}}`` for the attempt the token names.
    Answers scorm-again's ``{"result": true, "errorCode": 0}``; 404 for another's token or an unknown
    lesson or attempt, 400 for data that is not a cmi object. Never a 5xx for what a client sends."""
    user = request.user
    employee = user.employee_or_none if user.is_authenticated else None
    lesson = ScormLessonPage.objects.live().filter(pk=lesson_id).select_related("package").first()
    number = selectors.scorm_token_read(token, user_id=user.pk, lesson_id=lesson_id) if employee else None
    if lesson is None or number is None:
        return _scorm_answer(False, 404)
    try:
        services.scorm_commit(employee=employee, lesson=lesson, number=number, data=request.body)
    except services.LearningError as error:
        return _scorm_answer(False, 400 if error.code == "scorm_cmi_invalid" else 404, error.message)
    return _scorm_answer(True)


# --- supervisor / HR ---------------------------------------------------------------------------------


def _matrix_for(request):
    today = timezone.localdate()
    form = MatrixFilterForm(request.GET or None, teams=teams_in_scope(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    employees = selectors.employees_for_matrix(
        user=request.user,
        today=today,
        site_id=data.get("site").pk if data.get("site") else None,
        team_id=data.get("team").pk if data.get("team") else None,
        campaign_id=data.get("campaign").pk if data.get("campaign") else None,
    )
    return form, selectors.training_matrix(employees=employees, today=today), today


#: the order a course's bar stacks its assignments in: done first, late last
STATUS_STACK = (
    AssignmentStatus.COMPLETED,
    AssignmentStatus.IN_PROGRESS,
    AssignmentStatus.NOT_STARTED,
    AssignmentStatus.OVERDUE,
)
STATUS_TONES = {
    AssignmentStatus.COMPLETED: "ok",
    AssignmentStatus.IN_PROGRESS: "info",
    AssignmentStatus.NOT_STARTED: "muted",
    AssignmentStatus.OVERDUE: "bad",
}


def _status_chart(matrix):
    """Each course's assignments by status, stacked (the page's numbers; no query)."""
    return bar_chart(
        title=_("Assignments by course and status"),
        categories=[r["course"].title for r in matrix.rates],
        series=[
            Series(str(status.label), [r[status.value] for r in matrix.rates], tone=STATUS_TONES[status])
            for status in STATUS_STACK
        ],
        fmt=lambda v: format_number(v, decimals=0),
    )


@capability_required("learning.matrix_read")
def training_status(request):
    form, matrix, today = _matrix_for(request)
    page = Paginator(matrix.rows, MATRIX_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    for row in page.object_list:
        row.cell_list = [row.cells[c.pk] for c in matrix.courses]
    return render(
        request,
        "learning/training_status.html",
        {
            "form": form,
            "matrix": matrix,
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "status_chart": _status_chart(matrix),
        },
    )


@capability_required("learning.matrix_read")
def employee_learning(request, code: str):
    """One person's assignments and progress, for the people who follow their training (404 outside scope)."""
    employee = get_in_scope_or_404(Employee.objects.all(), request.user, employee_field="self", employee_code=code)
    today = timezone.localdate()
    rows = selectors.my_assignments(employee=employee, today=today)
    scorm = selectors.scorm_results(employee=employee)
    return render(
        request,
        "learning/employee_learning.html",
        {"employee": employee, "rows": rows, "today": today, "scorm_results": scorm},
    )


def _export_rows(matrix):
    header = [
        _("Employee code"),
        _("Name"),
        _("Site"),
        _("Team"),
        _("Course"),
        _("Mandatory"),
        _("Status"),
        _("Progress %"),
        _("Assigned on"),
        _("Due date"),
        _("Completed on"),
    ]
    rows = []
    for row in matrix.rows:
        for course in matrix.courses:
            cell = row.cells.get(course.pk)
            if cell is None:
                continue
            a = cell.assignment
            rows.append(
                [
                    row.employee.employee_code,
                    row.employee.full_name,
                    row.team.site.name if row.team else "",
                    row.team.name if row.team else "",
                    course.title,
                    _("yes") if a.mandatory else _("no"),
                    str(AssignmentStatus(cell.status).label),
                    cell.percent,
                    a.assigned_on,
                    a.due_date,
                    timezone.localdate(a.completed_at) if a.completed_at else "",
                ]
            )
    return header, rows


@capability_required("learning.matrix_read")
def training_status_export(request, fmt: str):
    form, matrix, today = _matrix_for(request)
    header, rows = _export_rows(matrix)
    audit_record(
        action="training_status.export",
        summary=f"{fmt.upper()} export of the training status",
        after={"filters": request.GET.dict(), "rows": len(rows)},
    )
    stamp = today.strftime("%Y%m%d")
    return tabular_response(
        rows,
        header,
        format=fmt,
        filename=f"estado-formacion-{stamp}",
        sheet_title=_("Training status"),
        bold_header=True,
        widths=[12, 28, 16, 24, 40, 10, 14, 10, 12, 12, 12],
        freeze_header=True,
    )


@capability_required("learning.assign")
def rule_list(request):
    today = timezone.localdate()
    return render(request, "learning/rule_list.html", {"rules": selectors.rules_with_counts(on=today), "today": today})


def _rule_form(request, rule: AssignmentRule | None):
    form = AssignmentRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.assignment_rule_save(actor=request.user, rule=form.instance)
        except services.LearningError as error:
            form.add_error("due_date" if error.code == "due_date_past" else None, error.message)
        except ValidationError as error:  # the rule's own checks (full_clean)
            if hasattr(error, "error_dict"):
                for field, errs in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, error.messages)
        else:
            if result.matched == 0:
                messages.warning(request, _("The rule was saved, but it matches nobody today: check the target."))
            else:
                messages.success(
                    request,
                    _("Rule saved. It applies to %(n)s people; their assignments are being created.")
                    % {"n": result.matched},
                )
            return redirect("learning:rule_list")
    return render(request, "learning/rule_form.html", {"form": form, "rule": rule})


@capability_required("learning.assign")
def rule_create(request):
    return _rule_form(request, None)


@capability_required("learning.assign")
def rule_edit(request, pk: int):
    return _rule_form(request, get_object_or_404(AssignmentRule, pk=pk))


@require_POST
@capability_required("learning.assign")
def rule_deactivate(request, pk: int):
    rule = get_object_or_404(AssignmentRule, pk=pk)
    services.assignment_rule_deactivate(actor=request.user, rule=rule)
    messages.success(request, _("Rule deactivated. Existing assignments are kept."))
    return redirect("learning:rule_list")

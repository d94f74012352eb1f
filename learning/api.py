"""Learning through the API (token scope ``learning:read``; the token's owner needs
``learning.matrix_read`` and sees the people in their scope, core.scoping):

``GET /api/v1/courses`` published courses with their versions; ``GET /api/v1/courses/{id}``;
``GET /api/v1/assignments`` assignments (``employee``, ``course``, ``status``), paginated;
``POST /api/v1/assignments`` (scope ``learning:write``, capability ``learning.assign``) assign a
course to one person or a list by a due date: idempotent (the same course, person and due date
is one assignment), every unknown employee named by its position, nothing stored then;
``GET /api/v1/learning-progress/{employee}`` one person's progress per course.
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from core.api_problems import ApiProblem, Pagination, Text, page_schema, paginate, problems, require_capability
from core.api_tokens import ApiTokenAuth
from core.params import MAX_ID
from core.scoping import employees_in_scope

from .models import AssignmentStatus, CoursePage
from .selectors import assignments_filtered, courses_live, progress_of_employee
from .services import assignments_create_manual

courses_router = Router(tags=["Learning"])
assignments_router = Router(tags=["Learning"])
progress_router = Router(tags=["Learning"])
READ = ApiTokenAuth(scope="learning:read")
WRITE = ApiTokenAuth(scope="learning:write")
MAX_EMPLOYEES = 10_000


class VersionOut(Schema):
    number: int
    published_at: dt.datetime
    reason: str


class CourseOut(Schema):
    id: int
    slug: str
    title: str
    theme: str
    level: str
    estimated_minutes: int
    version: int = Field(description="the current version")
    specialisations: list[str]
    versions: list[VersionOut]


CoursePageOut = page_schema(CourseOut, "CoursePageOut")


def _course(c: CoursePage) -> dict:
    return {
        "id": c.pk,
        "slug": c.slug,
        "title": c.title,
        "theme": c.theme,
        "level": c.level,
        "estimated_minutes": c.estimated_minutes,
        "version": c.version,
        "specialisations": sorted(s.code for s in c.specialisations.all()),
        "versions": [
            {"number": v.number, "published_at": v.published_at, "reason": v.reason}
            for v in sorted(c.versions.all(), key=lambda v: v.number)
        ],
    }


@courses_router.get(
    "",
    response={200: CoursePageOut, **problems(400, 401, 403, 422)},
    auth=READ,
    url_name="courses",
    summary="Published courses and their versions",
)
def courses(request, page: Query[Pagination]):
    require_capability(request.user, "learning.matrix_read")
    return paginate(request, courses_live(), page, _course)


@courses_router.get(
    "/{course_id}",
    response={200: CourseOut, **problems(400, 401, 403, 404, 422)},
    auth=READ,
    url_name="course",
    summary="One course and its versions",
)
def course(request, course_id: int = Path(..., ge=1, le=MAX_ID)):
    require_capability(request.user, "learning.matrix_read")
    return _course(get_object_or_404(courses_live(), pk=course_id))


class AssignmentOut(Schema):
    id: int
    employee: str = Field(description="employee code")
    course: int
    course_title: str
    source: str
    assigned_on: dt.date
    due_date: dt.date
    mandatory: bool
    status: AssignmentStatus
    status_label: str
    completed_at: dt.datetime | None


AssignmentPage = page_schema(AssignmentOut)


def _assignment(a, today: dt.date) -> dict:
    status = a.status_on(today, started=getattr(a, "started", False))
    return {
        "id": a.pk,
        "employee": a.employee.employee_code,
        "course": a.course_id,
        "course_title": a.course.title,
        "source": a.source,
        "assigned_on": a.assigned_on,
        "due_date": a.due_date,
        "mandatory": a.mandatory,
        "status": status,
        "status_label": str(AssignmentStatus(status).label),
        "completed_at": a.completed_at,
    }


class AssignmentFilters(Schema):
    employee: Text | None = Field(None, max_length=20, description="employee code")
    course: int | None = Field(None, ge=1, le=MAX_ID)
    status: AssignmentStatus | None = None


@assignments_router.get(
    "",
    response={200: AssignmentPage, **problems(400, 401, 403, 422)},
    auth=READ,
    url_name="assignments",
    summary="Training assignments of the people in scope, with their status today",
)
def assignments(request, filters: Query[AssignmentFilters], page: Query[Pagination]):
    require_capability(request.user, "learning.matrix_read")
    today = timezone.localdate()
    rows = assignments_filtered(
        user=request.user, today=today, employee_code=filters.employee, course_id=filters.course, status=filters.status
    )
    return paginate(request, rows, page, lambda a: _assignment(a, today))


class AssignIn(Schema):
    course: int = Field(..., ge=1, le=MAX_ID, description="course id")
    employees: list[Text] = Field(..., min_length=1, max_length=MAX_EMPLOYEES, description="employee codes")
    due_date: dt.date
    reason: Text = Field("", max_length=300)
    mandatory: bool = True


class AssignOut(Schema):
    created: int = Field(description="assignments new with this request (0 when sent again)")
    assignments: list[AssignmentOut]


@assignments_router.post(
    "",
    response={200: AssignOut, 201: AssignOut, **problems(400, 401, 403, 422)},
    auth=WRITE,
    url_name="assignments_create",
    summary="Assign a course to a person or a list (idempotent)",
)
def assignments_create(request, payload: AssignIn):
    require_capability(request.user, "learning.assign")
    today = timezone.localdate()
    errors = []
    if payload.due_date < today:
        message = _("The due date %(date)s is in the past.") % {"date": payload.due_date.isoformat()}
        errors.append({"field": "due_date", "code": "due_date_past", "message": message})
    course = CoursePage.objects.live().filter(pk=payload.course).first()
    if course is None:
        errors.append({"field": "course", "code": "unknown", "message": _("No published course has this id.")})
    found = {e.employee_code: e for e in employees_in_scope(request.user).filter(employee_code__in=payload.employees)}
    for index, code in enumerate(payload.employees):
        if code not in found:
            message = _("No employee in your scope has the code '%(code)s'.") % {"code": code}
            errors.append(
                {"field": f"employees[{index}]", "row": index, "code": "unknown_employee", "message": message}
            )
    if errors:
        raise ApiProblem(422, "validation", detail=_("Nothing was assigned."), errors=errors)
    rows, created = assignments_create_manual(
        actor=request.user,
        course=course,
        employees=list(found.values()),
        due_date=payload.due_date,
        reason=payload.reason,
        mandatory=payload.mandatory,
    )
    body = {"created": created, "assignments": [_assignment(a, today) for a in rows]}
    return Status(201 if created else 200, body)


class ProgressOut(Schema):
    course: int
    course_title: str
    version: int
    percent: int
    lessons_done: int
    lessons_total: int
    minutes_spent: int
    started_at: dt.datetime
    last_seen_at: dt.datetime
    completed_at: dt.datetime | None


@progress_router.get(
    "/{employee}",
    response={200: list[ProgressOut], **problems(400, 401, 403, 404, 422)},
    auth=READ,
    url_name="learning_progress",
    summary="One person's progress per course (each version its own row)",
)
def learning_progress(request, employee: str = Path(..., min_length=1, max_length=20, description="employee code")):
    require_capability(request.user, "learning.matrix_read")
    person = get_object_or_404(employees_in_scope(request.user), employee_code=employee)
    return [
        {
            "course": p.course_id,
            "course_title": p.course.title,
            "version": p.version,
            "percent": p.percent,
            "lessons_done": p.lessons_done,
            "lessons_total": p.lessons_total,
            "minutes_spent": p.minutes_spent,
            "started_at": p.started_at,
            "last_seen_at": p.last_seen_at,
            "completed_at": p.completed_at,
        }
        for p in progress_of_employee(employee=person)
    ]

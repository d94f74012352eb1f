"""Reads of the learning app. Other apps use the first block (keep the names stable)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core import signing
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import CampaignAssignment, Employee, Team, TeamMembership
from core.scoping import scope_queryset
from learning.engine import scorm as scorm_engine
from learning.models import (
    Assignment,
    AssignmentRule,
    AssignmentStatus,
    CoursePage,
    CourseProgress,
    LearningPath,
    LearningPathCourse,
    LessonCompletion,
    LessonPage,
    ScormAttempt,
    ScormLessonPage,
    ScormPackage,
    TargetKind,
)

# --- SCORM ---------------------------------------------------------------------------------------------

SCORM_TOKEN_SALT = "learning.scorm.commit"  # noqa: S105 - a signing salt, not a secret
#: a player page left open longer than this must be reloaded before it can commit again
SCORM_TOKEN_MAX_AGE = 60 * 60 * 24


def scorm_token_sign(*, user_id: int, lesson_id: int, number: int) -> str:
    return signing.dumps([user_id, lesson_id, number], salt=SCORM_TOKEN_SALT, compress=False)


def scorm_token_read(token: str, *, user_id: int, lesson_id: int) -> int | None:
    """The attempt number a commit URL's token grants ``user_id`` on ``lesson_id``; None when the token
    is forged, expired, or someone else's (the commit endpoint answers 404)."""
    try:
        signed_user, signed_lesson, number = signing.loads(token, salt=SCORM_TOKEN_SALT, max_age=SCORM_TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if signed_user != user_id or signed_lesson != lesson_id or not isinstance(number, int):
        return None
    return number


def scorm_attempt_latest(*, employee: Employee, lesson: ScormLessonPage) -> ScormAttempt | None:
    return ScormAttempt.objects.filter(employee=employee, lesson=lesson).order_by("-number").first()


def scorm_attempt_number(*, current: ScormAttempt | None, lesson: ScormLessonPage) -> int:
    """The attempt an agent opening ``lesson`` plays: the latest one, resumed, while it is on the lesson's
    package; a new one (the next number) on a first visit or once the editor replaced the package."""
    if current is None:
        return 1
    return current.number if current.package_id == lesson.package_id else current.number + 1


#: what a SCORM status says, in words (SCORM 1.2 lesson_status, 2004 completion and success status);
#: "Passed"/"Failed" carry a context: Spanish agrees them with "lección" (Aprobada), and without one the
#: learning catalogue's word would replace the exam result's "Aprobado" everywhere (one msgid, one word)
SCORM_STATUS_WORDS = {
    "passed": pgettext_lazy("a SCORM lesson's result", "Passed"),
    "failed": pgettext_lazy("a SCORM lesson's result", "Failed"),
    "completed": _("Completed"),
    "incomplete": _("In progress"),
    "browsed": _("Browsed"),
    "not attempted": _("Not started"),
    "unknown": _("Not started"),
}


@dataclass(frozen=True)
class ScormResult:
    attempt: ScormAttempt
    lesson_title: str
    course_title: str
    status: str  # words

    @property
    def score(self):
        if self.attempt.score_raw is not None:
            return self.attempt.score_raw.normalize()
        if self.attempt.score_scaled is not None:
            return (self.attempt.score_scaled * 100).normalize()
        return None


def scorm_results(*, employee: Employee) -> list[ScormResult]:
    """Each SCORM lesson's latest attempt by ``employee`` (status in words, score, attempt number, last
    commit), by course and lesson order, for the people who follow their training. Two queries, whatever
    the number of lessons and attempts."""
    latest = (
        ScormAttempt.objects.filter(employee=employee, lesson=OuterRef("lesson")).order_by("-number").values("pk")[:1]
    )
    attempts = list(
        ScormAttempt.objects.filter(employee=employee, pk=Subquery(latest))
        .select_related("lesson")
        .only(
            "number",
            "lesson_status",
            "completion_status",
            "success_status",
            "score_raw",
            "score_scaled",
            "updated_at",
            "completed_at",
            "lesson__title",
            "lesson__path",
            "lesson__depth",
        )
        .order_by("lesson__path")
    )
    steplen = CoursePage.steplen
    courses = (
        dict(
            CoursePage.objects.filter(path__in={a.lesson.path[:-steplen] for a in attempts}).values_list(
                "path", "title"
            )
        )
        if attempts
        else {}
    )
    results = []
    for a in attempts:
        code = (
            a.success_status if a.success_status in ("passed", "failed") else (a.completion_status or a.lesson_status)
        )
        results.append(
            ScormResult(
                attempt=a,
                lesson_title=a.lesson.title,
                course_title=courses.get(a.lesson.path[:-steplen], ""),
                status=str(SCORM_STATUS_WORDS.get(code, _("Not started"))),
            )
        )
    return results


@dataclass(frozen=True)
class ScormPlayer:
    version: str
    launch_url: str
    number: int
    initial_cmi: dict
    attempt: ScormAttempt | None


def scorm_player(*, employee: Employee | None, lesson: ScormLessonPage, package: ScormPackage) -> ScormPlayer:
    """What the lesson page needs to start the package (reads only: the first commit creates the attempt)."""
    current = scorm_attempt_latest(employee=employee, lesson=lesson) if employee is not None else None
    number = scorm_attempt_number(current=current, lesson=lesson)
    resumed = current if current is not None and current.number == number else None
    initial = scorm_engine.cmi_resume(package.version, resumed.cmi) if resumed else {}
    return ScormPlayer(
        version=package.version,
        launch_url=scorm_content_url(package=package, path=package.launch),
        number=number,
        initial_cmi=initial,
        attempt=resumed,
    )


def scorm_content_url(*, package: ScormPackage, path: str) -> str:
    return reverse("learning:scorm_content", kwargs={"package_id": package.pk, "path": path.split("?")[0]}) + (
        "?" + path.split("?", 1)[1] if "?" in path else ""
    )


def scorm_package_viewable(*, package: ScormPackage, user) -> bool:
    """May ``user`` load this package's files? When a live SCORM lesson of a live course uses it (the
    catalogue is open to every signed-in user), or they may use the CMS (previews of a draft)."""
    if not user.is_authenticated:
        return False
    if user.can("cms.access"):
        return True
    for lesson in ScormLessonPage.objects.live().filter(package=package):
        course = CoursePage.objects.live().filter(path=lesson.path[: -lesson.steplen]).first()
        if course is not None:
            return True
    return False


# --- for other apps (certification) -------------------------------------------------------------


def courses_completed(*, employee_id: int, on: dt.date | None = None) -> set[int]:
    """CoursePage ids whose CURRENT version the employee had completed on `on` (default today)."""
    on = on or timezone.localdate()
    rows = CourseProgress.objects.filter(employee_id=employee_id, completed_at__isnull=False).values_list(
        "course_id", "version", "completed_at", "course__version"
    )
    return {
        course_id
        for course_id, version, completed_at, current in rows
        if version == current and timezone.localdate(completed_at) <= on
    }


def path_completed(*, employee_id: int, path_id: int, on: dt.date | None = None) -> bool:
    course_ids = set(LearningPath.objects.get(pk=path_id).path_courses.values_list("course_id", flat=True))
    return bool(course_ids) and course_ids <= courses_completed(employee_id=employee_id, on=on)


def learning_paths_for_specialisation(*, specialisation_code: str) -> QuerySet[LearningPath]:
    return (
        LearningPath.objects.filter(specialisation__code=specialisation_code)
        .select_related("specialisation")
        .prefetch_related(
            Prefetch(
                "path_courses", queryset=LearningPathCourse.objects.select_related("course").order_by("sort_order")
            )
        )
    )


def specialisation_requirements_met(*, employee_id: int, specialisation_id: int, day: dt.date) -> bool:
    """True when the employee completed a learning path of the specialisation (or none is defined)."""
    met = specialisations_requirements_met(employee_id=employee_id, specialisation_ids=[specialisation_id], day=day)
    return specialisation_id in met


def specialisations_requirements_met(*, employee_id: int, specialisation_ids: Iterable[int], day: dt.date) -> set[int]:
    """Of `specialisation_ids`, those whose requirements the employee met on `day`: a learning path
    of it completed, or none defined (at most three queries, whatever the number of specialisations:
    "My certification" asks for every exam at once)."""
    wanted = set(specialisation_ids)
    paths = list(LearningPath.objects.filter(specialisation_id__in=sorted(wanted)).prefetch_related("path_courses"))
    met = wanted - {p.specialisation_id for p in paths}
    if len(met) < len(wanted):
        done = courses_completed(employee_id=employee_id, on=day)
        met |= {
            p.specialisation_id
            for p in paths
            if p.path_courses.all() and {pc.course_id for pc in p.path_courses.all()} <= done
        }
    return met


# --- assignment rules --------------------------------------------------------------------------


def rule_matching_employee_ids(*, rule: AssignmentRule, on: dt.date) -> set[int]:
    active = Employee.objects.active_on(on)
    if rule.target == TargetKind.EVERYONE:
        qs = active
    elif rule.target == TargetKind.SITE:
        qs = active.filter(
            pk__in=TeamMembership.objects.on(on).filter(team__site_id=rule.site_id).values("employee_id")
        )
    elif rule.target == TargetKind.TEAM:
        qs = active.filter(pk__in=TeamMembership.objects.on(on).filter(team_id=rule.team_id).values("employee_id"))
    elif rule.target == TargetKind.CAMPAIGN:
        qs = active.filter(
            pk__in=CampaignAssignment.objects.on(on).filter(campaign_id=rule.campaign_id).values("employee_id")
        )
    elif rule.target == TargetKind.ROLE:
        qs = active.filter(user__role=rule.role)
    elif rule.target == TargetKind.NEW_HIRES:
        qs = active.filter(hire_date__gte=on - dt.timedelta(days=rule.new_hire_days))
    else:
        return set()
    return set(qs.values_list("pk", flat=True))


def rules_with_counts(*, on: dt.date) -> list[AssignmentRule]:
    rules = list(
        AssignmentRule.objects.select_related("site", "team", "campaign", "course", "path").order_by("-active", "name")
    )
    for rule in rules:
        rule.matched = len(rule_matching_employee_ids(rule=rule, on=on)) if rule.active else None
    return rules


# --- the agent's own learning ----------------------------------------------------------------------


def _lessons_by_course(courses) -> dict[int, list[dict]]:
    """Live lessons of the given courses, in tree order, in one query."""
    courses = list(courses)
    if not courses:
        return {}
    by_path = {c.path: c.pk for c in courses}
    depth = {c.depth + 1 for c in courses}
    condition = reduce(or_, (Q(path__startswith=c.path) for c in courses))
    out: dict[int, list[dict]] = defaultdict(list)
    for row in (
        LessonPage.objects.live()
        .filter(condition, depth__in=depth)
        .order_by("path")
        .values("pk", "path", "slug", "title")
    ):
        course_id = by_path.get(row["path"][: -LessonPage.steplen])
        if course_id is not None:
            out[course_id].append(row)
    return out


@dataclass
class AssignmentRow:
    assignment: Assignment
    course: CoursePage
    status: str
    percent: int
    progress: CourseProgress | None
    continue_lesson: dict | None
    lessons_total: int

    @property
    def status_label(self) -> str:
        return AssignmentStatus(self.status).label


def my_assignments(*, employee: Employee, today: dt.date, include_completed: bool = True) -> list[AssignmentRow]:
    """The employee's assignments (one row per course: the open one, else the latest), with progress."""
    qs = Assignment.objects.filter(employee=employee).select_related("course").order_by("completed_at", "due_date")
    if not include_completed:
        qs = qs.filter(completed_at__isnull=True)
    chosen: dict[int, Assignment] = {}
    for a in qs:
        current = chosen.get(a.course_id)
        if current is None or (current.completed_at and not a.completed_at):
            chosen[a.course_id] = a
    courses = {a.course_id: a.course for a in chosen.values()}
    progress = {
        p.course_id: p
        for p in CourseProgress.objects.filter(employee=employee, course_id__in=list(courses))
        if p.version == courses[p.course_id].version
    }
    lessons = _lessons_by_course(courses.values())
    rows = []
    for a in chosen.values():
        p = progress.get(a.course_id)
        course_lessons = lessons.get(a.course_id, [])
        nxt = None
        if course_lessons:
            nxt = course_lessons[0]
            if p and p.last_lesson_id:
                nxt = next((row for row in course_lessons if row["pk"] == p.last_lesson_id), nxt)
        percent = p.percent if p else 0
        rows.append(
            AssignmentRow(a, a.course, a.status_on(today, started=p is not None), percent, p, nxt, len(course_lessons))
        )
    order = {
        AssignmentStatus.OVERDUE: 0,
        AssignmentStatus.IN_PROGRESS: 1,
        AssignmentStatus.NOT_STARTED: 2,
        AssignmentStatus.COMPLETED: 3,
    }
    rows.sort(key=lambda r: (order[r.status], r.assignment.due_date, r.course.title))
    return rows


def lesson_ids_done(*, employee: Employee, course: CoursePage) -> frozenset[int]:
    """Lessons of the course's current version the employee completed (1 query)."""
    return frozenset(
        LessonCompletion.objects.filter(employee=employee, course=course, version=course.version).values_list(
            "lesson_id", flat=True
        )
    )


def lessons_with_done(*, course: CoursePage, employee: Employee | None) -> list[dict]:
    """The course's live lessons in order (pk, slug, title), each with `done`: whether `employee`
    completed it in the course's current version (always False without an employee). One query."""
    rows = LessonPage.objects.live().child_of(course).order_by("path")
    if employee is None:
        return [{**row, "done": False} for row in rows.values("pk", "slug", "title")]
    done = LessonCompletion.objects.filter(
        employee=employee, course=course, version=course.version, lesson_id=OuterRef("pk")
    )
    return list(rows.annotate(done=Exists(done)).values("pk", "slug", "title", "done"))


@dataclass(frozen=True)
class CourseState:
    progress: CourseProgress | None
    done_lesson_ids: frozenset[int]
    assignment: Assignment | None


def course_state(*, employee: Employee | None, course: CoursePage) -> CourseState:
    """Progress, completed lessons and open assignment of one employee on one course (3 queries)."""
    if employee is None:
        return CourseState(None, frozenset(), None)
    progress = CourseProgress.objects.filter(employee=employee, course=course, version=course.version).first()
    done = lesson_ids_done(employee=employee, course=course)
    assignment = (
        Assignment.objects.filter(employee=employee, course=course).order_by("completed_at", "due_date").first()
    )
    return CourseState(progress, done, assignment)


# --- catalogue -----------------------------------------------------------------------------------------


def catalogue_courses(
    *, catalogue, q: str = "", theme: str = "", jurisdiction: str = "", specialisation: str = ""
) -> QuerySet[CoursePage]:
    qs = CoursePage.objects.live().child_of(catalogue).order_by("path")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(objectives__icontains=q))
    if theme:
        qs = qs.filter(theme=theme)
    if jurisdiction:
        qs = qs.filter(jurisdictions__code=jurisdiction)
    if specialisation:
        qs = qs.filter(specialisations__code=specialisation)
    return qs.prefetch_related("jurisdictions", "specialisations").distinct()


def lesson_counts(*, courses) -> dict[int, int]:
    return {course_id: len(rows) for course_id, rows in _lessons_by_course(courses).items()}


def progress_by_course(*, employee: Employee | None, courses) -> dict[int, CourseProgress]:
    courses = {c.pk: c for c in courses}
    if employee is None or not courses:
        return {}
    return {
        p.course_id: p
        for p in CourseProgress.objects.filter(employee=employee, course_id__in=list(courses))
        if p.version == courses[p.course_id].version
    }


def open_assignment_course_ids(*, employee: Employee | None) -> set[int]:
    if employee is None:
        return set()
    return set(
        Assignment.objects.filter(employee=employee, completed_at__isnull=True).values_list("course_id", flat=True)
    )


# --- supervisor / HR -----------------------------------------------------------------------------------


@dataclass
class MatrixRow:
    employee: Employee
    team: object
    cells: dict[int, AssignmentRow | None] = field(default_factory=dict)


@dataclass
class Matrix:
    courses: list[CoursePage]
    rows: list[MatrixRow]
    rates: list[dict]
    overdue: list[AssignmentRow]
    totals: dict


def employees_for_matrix(*, user, today: dt.date, site_id=None, team_id=None, campaign_id=None) -> QuerySet[Employee]:
    qs = scope_queryset(Employee.objects.active_on(today), user, employee_field="self", on=today)
    current = TeamMembership.objects.on(today)
    if site_id:
        qs = qs.filter(pk__in=current.filter(team__site_id=site_id).values("employee_id"))
    if team_id:
        qs = qs.filter(pk__in=current.filter(team_id=team_id).values("employee_id"))
    if campaign_id:
        qs = qs.filter(
            pk__in=CampaignAssignment.objects.on(today).filter(campaign_id=campaign_id).values("employee_id")
        )
    return qs.filter(pk__in=Assignment.objects.values("employee_id")).order_by("last_name", "first_name")


def training_matrix(*, employees: QuerySet[Employee], today: dt.date) -> Matrix:
    """Agents × assigned courses for the given (already scoped and filtered) employees. Fixed queries."""
    employees = list(
        employees.prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.on(today).select_related("team__site"),
                to_attr="current_memberships",
            )
        )
    )
    ids = [e.pk for e in employees]
    assignments = list(
        Assignment.objects.filter(employee_id__in=ids).select_related("course").order_by("completed_at", "due_date")
    )
    chosen: dict[tuple[int, int], Assignment] = {}
    for a in assignments:
        current = chosen.get((a.employee_id, a.course_id))
        if current is None or (current.completed_at and not a.completed_at):
            chosen[(a.employee_id, a.course_id)] = a
    courses = {a.course_id: a.course for a in chosen.values()}
    started = {
        (p.employee_id, p.course_id): p
        for p in CourseProgress.objects.filter(employee_id__in=ids, course_id__in=list(courses))
        if p.version == courses[p.course_id].version
    }
    ordered_courses = sorted(courses.values(), key=lambda c: c.path)
    by_employee: dict[int, MatrixRow] = {}
    for e in employees:
        team = e.current_memberships[0].team if e.current_memberships else None
        by_employee[e.pk] = MatrixRow(e, team, {c.pk: None for c in ordered_courses})
    rates = {
        c.pk: {"course": c, "assigned": 0, "completed": 0, "overdue": 0, "in_progress": 0, "not_started": 0}
        for c in ordered_courses
    }
    overdue = []
    for (emp_id, course_id), a in chosen.items():
        p = started.get((emp_id, course_id))
        status = a.status_on(today, started=p is not None)
        row = AssignmentRow(a, a.course, status, p.percent if p else 0, p, None, 0)
        by_employee[emp_id].cells[course_id] = row
        rate = rates[course_id]
        rate["assigned"] += 1
        rate["completed"] += status == AssignmentStatus.COMPLETED
        rate["overdue"] += status == AssignmentStatus.OVERDUE
        rate["in_progress"] += status == AssignmentStatus.IN_PROGRESS
        rate["not_started"] += status == AssignmentStatus.NOT_STARTED
        if status == AssignmentStatus.OVERDUE:
            row.employee = by_employee[emp_id].employee
            row.team = by_employee[emp_id].team
            overdue.append(row)
    for rate in rates.values():
        rate["percent"] = round(100 * rate["completed"] / rate["assigned"]) if rate["assigned"] else 0
    overdue.sort(key=lambda r: (r.assignment.due_date, r.employee.last_name))
    assigned = sum(r["assigned"] for r in rates.values())
    completed = sum(r["completed"] for r in rates.values())
    totals = {
        "people": len(employees),
        "assigned": assigned,
        "completed": completed,
        "overdue": len(overdue),
        "percent": round(100 * completed / assigned) if assigned else 0,
    }
    return Matrix(ordered_courses, list(by_employee.values()), list(rates.values()), overdue, totals)


def assignment_summary(*, employee_ids_qs, today: dt.date) -> dict:
    """Counts for dashboard panels: assigned (open + completed), completed, overdue (2 queries)."""
    qs = Assignment.objects.filter(employee_id__in=employee_ids_qs)
    total = qs.count()
    completed = qs.filter(completed_at__isnull=False).count()
    overdue = qs.filter(completed_at__isnull=True, due_date__lt=today, mandatory=True).count()
    return {
        "total": total,
        "completed": completed,
        "overdue": overdue,
        "percent": round(100 * completed / total) if total else 0,
    }


def overdue_by_team(*, employee_ids_qs, today: dt.date, limit: int = 8) -> list[dict]:
    """The teams (the employee's team today) with the most mandatory assignments overdue, each with
    its overdue and open-on-time counts: ``[{"team": Team, "overdue": n, "open": n}, ...]``, most
    overdue first. Two queries whatever the number of agents."""
    team = TeamMembership.objects.on(today).filter(employee_id=OuterRef("employee_id")).order_by("pk")
    open_qs = Assignment.objects.filter(employee_id__in=employee_ids_qs, completed_at__isnull=True)
    late = Q(due_date__lt=today, mandatory=True)
    rows = list(
        open_qs.annotate(team_id=Subquery(team.values("team_id")[:1]))
        .filter(team_id__isnull=False)
        .values("team_id")
        .annotate(overdue=Count("pk", filter=late), open=Count("pk", filter=~late))
        .filter(overdue__gt=0)
        .order_by("-overdue", "team_id")[:limit]
    )
    teams = Team.objects.in_bulk([r["team_id"] for r in rows])
    return [{"team": teams[r["team_id"]], "overdue": r["overdue"], "open": r["open"]} for r in rows]


# --------------------------------------------------------------------------- the API's reads
def courses_live() -> QuerySet[CoursePage]:
    """Published courses with their versions, by title."""
    return CoursePage.objects.live().prefetch_related("versions", "specialisations").order_by("title", "pk")


def assignments_filtered(
    *,
    user,
    today: dt.date,
    employee_code: str | None = None,
    course_id: int | None = None,
    status: str | None = None,
) -> QuerySet[Assignment]:
    """Assignments of the people in the reader's scope, each annotated ``started`` (progress on the
    course exists), narrowed by person, course and status as ``Assignment.status_on(today)`` reads
    it; by due date."""
    started = CourseProgress.objects.filter(employee_id=OuterRef("employee_id"), course_id=OuterRef("course_id"))
    qs = (
        scope_queryset(Assignment.objects.all(), user)
        .select_related("employee", "course")
        .annotate(started=Exists(started))
    )
    if employee_code:
        qs = qs.filter(employee__employee_code=employee_code)
    if course_id:
        qs = qs.filter(course_id=course_id)
    open_ = Q(completed_at__isnull=True)
    by_status = {
        AssignmentStatus.COMPLETED: Q(completed_at__isnull=False),
        AssignmentStatus.OVERDUE: open_ & Q(due_date__lt=today),
        AssignmentStatus.IN_PROGRESS: open_ & Q(due_date__gte=today, started=True),
        AssignmentStatus.NOT_STARTED: open_ & Q(due_date__gte=today, started=False),
    }
    if status:
        qs = qs.filter(by_status[status])
    return qs.order_by("due_date", "pk")


def progress_of_employee(*, employee: Employee) -> QuerySet[CourseProgress]:
    """Every course the employee started, each version its own row, latest activity first."""
    return CourseProgress.objects.filter(employee=employee).select_related("course").order_by("-last_seen_at", "-pk")

"""Context for the Wagtail pages of the catalogue (the models call these from get_context).

Each builder issues a fixed number of queries, whatever the size of the catalogue or of the
agent's history."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Specialisation
from learning import selectors
from learning.models import CoursePage, JurisdictionCode, LessonPage, ScormLessonPage, Theme

PAGE_SIZE = 24


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices])
    jurisdiction = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries")), *JurisdictionCode.choices]
    )
    specialisation = forms.ChoiceField(label=_("Specialisation"), required=False)

    def __init__(self, *args, specialisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialisation"].choices = [("", _("All specialisations"))] + [
            (s.code, s.name) for s in specialisations
        ]


def _employee(request):
    user = getattr(request, "user", None)
    return user.employee_or_none if user is not None and user.is_authenticated else None


def catalogue_context(*, page, request) -> dict:
    specialisations = list(Specialisation.objects.order_by("name"))
    form = CatalogueFilterForm(request.GET or None, specialisations=specialisations)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = selectors.catalogue_courses(
        catalogue=page,
        q=(filters.get("q") or "").strip(),
        theme=filters.get("theme") or "",
        jurisdiction=filters.get("jurisdiction") or "",
        specialisation=filters.get("specialisation") or "",
    )
    page_obj = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page_obj.object_list)
    employee = _employee(request)
    counts = selectors.lesson_counts(courses=listed)
    progress = selectors.progress_by_course(employee=employee, courses=listed)
    assigned = selectors.open_assignment_course_ids(employee=employee)
    base = page.get_url(request)
    cards = [
        {
            "course": c,
            "url": f"{base}{c.slug}/",
            "lessons": counts.get(c.pk, 0),
            "progress": progress.get(c.pk),
            "assigned": c.pk in assigned,
        }
        for c in listed
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "cards": cards,
        "page_obj": page_obj,
        "query": query.urlencode(),
        "filtered": bool(filters and any(filters.values())),
    }


def course_context(*, course: CoursePage, request) -> dict:
    employee = _employee(request)
    lessons = list(
        LessonPage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("pk", "title", "slug", "summary", "estimated_minutes", "path")
    )
    state = selectors.course_state(employee=employee, course=course)
    base = course.get_url(request) or ""
    rows = [
        {"lesson": lesson, "url": f"{base}{lesson.slug}/", "done": lesson.pk in state.done_lesson_ids}
        for lesson in lessons
    ]
    done = sum(1 for r in rows if r["done"])
    resume = None
    if rows:
        resume = rows[0]
        if state.progress and state.progress.last_lesson_id:
            resume = next((r for r in rows if r["lesson"].pk == state.progress.last_lesson_id), resume)
        if state.progress and not state.progress.completed_at:
            resume = next((r for r in rows if not r["done"]), resume)
    today = timezone.localdate()
    return {
        "lessons": rows,
        "progress": state.progress,
        "done_count": done,
        "percent": 100
        if state.progress and state.progress.completed_at
        else (round(100 * done / len(rows)) if rows else 0),
        "assignment": state.assignment,
        "assignment_status": state.assignment.status_on(today, started=state.progress is not None)
        if state.assignment
        else None,
        "resume": resume,
        "prerequisites": list(course.prerequisites.live().order_by("title").only("pk", "title", "url_path")),
        "jurisdictions": list(course.jurisdictions.all()),
        "specialisations": list(course.specialisations.all()),
        "catalogue_url": base.rstrip("/").rsplit("/", 1)[0] + "/" if base else "/",
    }


def lesson_context(*, lesson: LessonPage, course: CoursePage | None, request) -> dict:
    if course is None:
        return {"course": None, "siblings": [], "position": 1, "total": 1}
    employee = _employee(request)
    reads_progress = employee is not None and lesson.live and not getattr(request, "is_preview", False)
    # Read only (the page reports the visit itself, by a POST: learning.views.lesson_progress). The
    # siblings carry whether the agent completed each one: siblings and completions in one query.
    siblings = selectors.lessons_with_done(course=course, employee=employee if reads_progress else None)
    base = course.get_url(request) or ""
    index = next((i for i, s in enumerate(siblings) if s["pk"] == lesson.pk), 0)
    prev_row = siblings[index - 1] if index > 0 else None
    next_row = siblings[index + 1] if index + 1 < len(siblings) else None
    progress = None
    if reads_progress:
        progress = selectors.progress_by_course(employee=employee, courses=[course]).get(course.pk)
    done_ids = frozenset(s["pk"] for s in siblings if s["done"])
    live_ids = {s["pk"] for s in siblings}
    done = len(done_ids & live_ids)
    return {
        "course": course,
        "course_url": base,
        "employee": employee,
        "progress": progress,
        "is_done": lesson.pk in done_ids,
        "done_count": done,
        "total": len(siblings),
        "percent": 100
        if progress and progress.completed_at
        else (round(100 * done / len(siblings)) if siblings else 0),
        "position": index + 1,
        "prev_url": f"{base}{prev_row['slug']}/" if prev_row else None,
        "prev_title": prev_row["title"] if prev_row else "",
        "next_url": f"{base}{next_row['slug']}/" if next_row else None,
        "next_title": next_row["title"] if next_row else "",
    }


def scorm_lesson_context(*, lesson: ScormLessonPage, course: CoursePage | None, request) -> dict:
    """The player: the package's launch URL, the attempt it plays, the data it resumes from and the
    signed commit URL (only for an employee on the live page; a preview plays without storing)."""
    package = lesson.package
    if package is None:
        return {"scorm": None}
    employee = _employee(request)
    live = lesson.live and not getattr(request, "is_preview", False) and course is not None
    player = selectors.scorm_player(employee=employee if live else None, lesson=lesson, package=package)
    commit_url = ""
    if employee is not None and live:
        token = selectors.scorm_token_sign(user_id=request.user.pk, lesson_id=lesson.pk, number=player.number)
        commit_url = reverse("learning:scorm_commit", kwargs={"lesson_id": lesson.pk, "token": token})
    return {
        "scorm": player,
        "scorm_config": {
            "version": player.version,
            "commitUrl": commit_url,
            "cmi": player.initial_cmi,
            "learnerId": request.user.employee_or_none.employee_code if employee is not None else "",
            "learnerName": employee.full_name if employee is not None else "",
        },
    }

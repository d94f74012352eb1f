"""Demo seeder of learning: the Wagtail catalogue at /academia/ built from `learning.demo.curriculum`,
learning paths, a review workflow, assignment rules and varied (deterministic) agent progress.

Idempotent: pages, paths and rules are looked up by slug/code/name; progress is only seeded once."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from learning.demo.curriculum import COURSES, PATHS
from learning.models import (
    Assignment,
    AssignmentRule,
    CatalogueIndexPage,
    CoursePage,
    CourseProgress,
    CourseVersion,
    DueKind,
    Jurisdiction,
    LearningPath,
    LearningPathCourse,
    LessonCompletion,
    LessonPage,
    TargetKind,
)
from learning.services import rule_materialise

CATALOGUE_SLUG = "academia"
COMPLIANCE_COURSE = "proteccion-datos-personales"
NEW_HIRE_COURSE = "estructura-llamada-cobranza"
#: Team number within a site (1..5, see core.demo.TEAM_NAMES) -> learning path code.
TEAM_PATHS = {
    1: "ruta-mora-temprana",
    2: "ruta-mora-temprana",
    3: "ruta-mora-avanzada",
    4: "ruta-mora-avanzada",
    5: "ruta-legal",
}


def seed(*, world, stdout=None) -> None:
    editor = world.users.get("editor")
    catalogue = _catalogue(editor)
    courses = _courses(catalogue, COURSES, world, editor)
    paths = _paths(PATHS, courses, world)
    _workflow(catalogue)
    rules = _rules(world, courses, paths)
    seeded = _progress(world, courses, rules)
    if stdout is not None:
        lessons = LessonPage.objects.child_of(catalogue).count() or LessonPage.objects.descendant_of(catalogue).count()
        stdout.write(
            f"  learning: {len(courses)} courses, {lessons} lessons, {len(paths)} paths, {len(rules)} rules"
            + (f", progress for {seeded} agents" if seeded else "")
        )


def _catalogue(editor) -> CatalogueIndexPage:
    from wagtail.models import Locale, Site

    Locale.objects.get_or_create(language_code="en")
    existing = CatalogueIndexPage.objects.filter(slug=CATALOGUE_SLUG).first()
    if existing is not None:
        return existing
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page
    page = CatalogueIndexPage(
        title="Academia de cobranza",
        slug=CATALOGUE_SLUG,
        introduction="Cursos de regulación, negociación, habilidades blandas y sistemas para gestores de cobranza. "
        "Busque por tema, país o especialidad.",
    )
    root.add_child(instance=page)
    page.save_revision(user=editor).publish(user=editor)
    return page


def _courses(catalogue: CatalogueIndexPage, data: list[dict], world, editor) -> dict[str, CoursePage]:
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    existing = {c.slug: c for c in CoursePage.objects.child_of(catalogue)}
    out: dict[str, CoursePage] = {}
    for item in data:
        course = existing.get(item["slug"])
        if course is None:
            course = CoursePage(
                title=item["title"],
                slug=item["slug"],
                theme=item["theme"],
                level=item["level"],
                estimated_minutes=item["minutes"],
                summary=item["summary"],
                objectives="\n".join(item["objectives"]),
            )
            course.jurisdictions = [jurisdictions[code] for code in item["jurisdictions"] if code in jurisdictions]
            course.specialisations = [
                world.specialisations[c] for c in item["specialisations"] if c in world.specialisations
            ]
            course.prerequisites = [out[slug] for slug in item["prerequisites"] if slug in out]
            catalogue.add_child(instance=course)
            revision = _publish_quietly(course, editor)
            CourseVersion.objects.get_or_create(
                course=course, number=1, defaults={"revision": revision, "published_at": timezone.now()}
            )
            for lesson_data in item["lessons"]:
                lesson = LessonPage(
                    title=lesson_data["title"],
                    slug=lesson_data["slug"],
                    summary=lesson_data["summary"],
                    estimated_minutes=max(5, item["minutes"] // max(1, len(item["lessons"]))),
                    body=lesson_data["body"],
                )
                course.add_child(instance=lesson)
                _publish_quietly(lesson, editor)
        out[item["slug"]] = course
    return out


def _publish_quietly(page, editor):
    """The page was created live: record its first revision as the published one without saving
    (and re-indexing) the page again, which is what makes seeding slow."""
    from wagtail.models import Page, Revision

    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=editor,
        content=page.serializable_data(),
        object_str=str(page),
    )
    Page.objects.filter(pk=page.pk).update(
        latest_revision=revision,
        live_revision=revision,
        latest_revision_created_at=revision.created_at,
        has_unpublished_changes=False,
        first_published_at=revision.created_at,
        last_published_at=revision.created_at,
    )
    return revision


def _paths(data: list[dict], courses: dict[str, CoursePage], world) -> dict[str, LearningPath]:
    out = {}
    for item in data:
        path, created = LearningPath.objects.get_or_create(
            code=item["code"],
            defaults={
                "title": item["title"],
                "summary": item["summary"],
                "specialisation": world.specialisations[item["specialisation"]],
            },
        )
        if created:
            LearningPathCourse.objects.bulk_create(
                [
                    LearningPathCourse(path=path, course=courses[slug], sort_order=i)
                    for i, slug in enumerate(item["courses"])
                    if slug in courses
                ]
            )
        out[item["code"]] = path
    return out


def _workflow(catalogue: CatalogueIndexPage) -> None:
    """Course changes go through a compliance review before they are published."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    workflow, created = Workflow.objects.get_or_create(name="Revisión de contenidos de formación")
    if created:
        task = GroupApprovalTask.objects.create(name="Aprobación de cumplimiento")
        group = Group.objects.filter(name="Moderators").first()
        if group is not None:
            task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=catalogue, defaults={"workflow": workflow})


def _rules(world, courses: dict[str, CoursePage], paths: dict[str, LearningPath]) -> list[AssignmentRule]:
    rules = []
    rule, _ = AssignmentRule.objects.get_or_create(
        name="Protección de datos personales (obligatorio, anual)",
        defaults={
            "target": TargetKind.EVERYONE,
            "course": courses[COMPLIANCE_COURSE],
            "due_kind": DueKind.AFTER_ASSIGNMENT,
            "due_days": 30,
            "mandatory": True,
            "recurrence_months": 12,
            "created_by": world.users.get("rrhh"),
        },
    )
    rules.append(rule)
    for team in world.teams:
        number = int(team.code.rsplit("-", 1)[1])
        path = paths.get(TEAM_PATHS.get(number, ""))
        if path is None:
            continue
        rule, _ = AssignmentRule.objects.get_or_create(
            name=f"{path.title} · {team.name}",
            defaults={
                "target": TargetKind.TEAM,
                "team": team,
                "path": path,
                "due_kind": DueKind.AFTER_ASSIGNMENT,
                "due_days": 60,
                "mandatory": True,
                "created_by": world.users.get("rrhh"),
            },
        )
        rules.append(rule)
    rule, _ = AssignmentRule.objects.get_or_create(
        name="Nuevos ingresos: estructura de la llamada",
        defaults={
            "target": TargetKind.NEW_HIRES,
            "new_hire_days": 60,
            "course": courses[NEW_HIRE_COURSE],
            "due_kind": DueKind.AFTER_HIRE,
            "due_days": 21,
            "mandatory": True,
            "created_by": world.users.get("rrhh"),
        },
    )
    rules.append(rule)
    return rules


def _progress(world, courses: dict[str, CoursePage], rules: list[AssignmentRule]) -> int:
    """Assignments dated in the past and varied progress; only on the first run."""
    if Assignment.objects.exists() or CourseProgress.objects.exists():
        return 0
    rng = world.rng("learning")
    today = world.today
    # The yearly compliance course was assigned 40 days ago (so it is overdue for whoever has not
    # finished it); team paths between 10 and 50 days ago.
    rule_materialise(rule_id=rules[0].pk, today=today - dt.timedelta(days=40))
    for rule in rules[1:-1]:
        rule_materialise(rule_id=rule.pk, today=today - dt.timedelta(days=rng.randrange(10, 50)))
    rule_materialise(rule_id=rules[-1].pk, today=today)

    lessons: dict[int, list[int]] = {}
    for course in courses.values():
        lessons[course.pk] = list(LessonPage.objects.child_of(course).order_by("path").values_list("pk", flat=True))
    first_agent = world.agents[0].pk if world.agents else None
    scripted = {"estructura-llamada-cobranza": "done", "empatia-y-escucha-activa": 1}
    scripted_ids = {courses[slug].pk: state for slug, state in scripted.items() if slug in courses}
    progress_rows, completion_rows, completed = [], [], []
    agents = {a.pk for a in world.agents}
    for a in Assignment.objects.filter(employee_id__in=agents).order_by("employee_id", "course_id"):
        course_lessons = lessons.get(a.course_id, [])
        if not course_lessons:
            continue
        if a.employee_id == first_agent:
            state = scripted_ids.get(a.course_id, 0)
        else:
            r = rng.random()
            state = "done" if r < 0.5 else (rng.randrange(1, len(course_lessons)) if r < 0.75 else 0)
        if state == 0:
            continue
        n = len(course_lessons) if state == "done" else state
        start = timezone.make_aware(dt.datetime.combine(a.assigned_on, dt.time(9, 0))) + dt.timedelta(
            days=rng.randrange(0, 5), minutes=rng.randrange(0, 480)
        )
        at = start
        for lesson_id in course_lessons[:n]:
            at = at + dt.timedelta(minutes=rng.randrange(8, 25))
            completion_rows.append(
                LessonCompletion(
                    employee_id=a.employee_id, lesson_id=lesson_id, course_id=a.course_id, version=1, completed_at=at
                )
            )
        finished = at if state == "done" else None
        if finished and timezone.localdate(finished) > today:
            finished = at = timezone.now() - dt.timedelta(hours=1)
        progress_rows.append(
            CourseProgress(
                employee_id=a.employee_id,
                course_id=a.course_id,
                version=1,
                started_at=start,
                last_seen_at=at,
                last_lesson_id=course_lessons[n - 1],
                seconds_spent=int((at - start).total_seconds()),
                lessons_done=n,
                lessons_total=len(course_lessons),
                completed_at=finished,
            )
        )
        if finished:
            completed.append((a.pk, finished))
    CourseProgress.objects.bulk_create(progress_rows, batch_size=500, ignore_conflicts=True)
    LessonCompletion.objects.bulk_create(completion_rows, batch_size=500, ignore_conflicts=True)
    for pk, finished in completed:
        Assignment.objects.filter(pk=pk).update(completed_at=finished, completed_version=1)
    return len({p.employee_id for p in progress_rows})

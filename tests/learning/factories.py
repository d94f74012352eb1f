"""Builders for the learning page tree and its records (tests only)."""

from __future__ import annotations

import datetime as dt

from wagtail.models import Site

from learning.models import (
    AssignmentRule,
    CatalogueIndexPage,
    CoursePage,
    DueKind,
    LearningPath,
    LearningPathCourse,
    LessonPage,
    TargetKind,
)

BODY = [
    ("heading", "Primer contacto"),
    ("paragraph", "<p>Identifíquese y verifique al titular.</p>"),
    ("callout", {"kind": "legal", "title": "Horario", "body": "<p>De 07:00 a 22:00.</p>"}),
    (
        "knowledge_check",
        {
            "question": "¿Puede revelar la deuda a un tercero?",
            "choices": [
                {"text": "No", "correct": True, "feedback": "Correcto."},
                {"text": "Sí", "correct": False, "feedback": "Nunca."},
            ],
            "explanation": "La deuda solo se trata con el titular.",
        },
    ),
]


def catalogue() -> CatalogueIndexPage:
    existing = CatalogueIndexPage.objects.first()
    if existing:
        return existing
    root = Site.objects.get(is_default_site=True).root_page
    page = CatalogueIndexPage(title="Academia", slug="academia")
    root.add_child(instance=page)
    page.save_revision().publish()
    return page


def course(
    slug: str = "curso", *, lessons: int = 3, parent: CatalogueIndexPage | None = None, publish=True, **fields
) -> CoursePage:
    parent = parent or catalogue()
    page = CoursePage(
        title=fields.pop("title", f"Curso {slug}"),
        slug=slug,
        summary="Resumen del curso",
        objectives="Objetivo uno\nObjetivo dos",
        **fields,
    )
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    for i in range(1, lessons + 1):
        lesson = LessonPage(title=f"Lección {i}", slug=f"{slug}-leccion-{i}", summary="", body=BODY)
        page.add_child(instance=lesson)
    return page


def lessons_of(course_page: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course_page).order_by("path"))


def path(code: str, specialisation, courses: list[CoursePage]) -> LearningPath:
    p = LearningPath.objects.create(code=code, title=f"Ruta {code}", specialisation=specialisation)
    for i, c in enumerate(courses):
        LearningPathCourse.objects.create(path=p, course=c, sort_order=i)
    return p


def rule(**fields) -> AssignmentRule:
    defaults = {"name": "Regla", "target": TargetKind.EVERYONE, "due_kind": DueKind.AFTER_ASSIGNMENT, "due_days": 30}
    defaults.update(fields)
    return AssignmentRule.objects.create(**defaults)


TODAY = dt.date(2025, 3, 10)

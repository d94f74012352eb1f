"""What learning tells other systems, through the outbox (``core.outbox``), inside the services' transactions.

xAPI (off while XAPI_ENDPOINT is unset), from the progress services: a first visit of a course version is
``launched``, each recorded lesson visit ``experienced``, a lesson done and a course done ``completed``.
Webhooks: ``assignment.overdue`` once per assignment and due date, the day after it was due."""

from __future__ import annotations

import datetime as dt

from core.outbox import Event, webhooks_publish, webhooks_wanted, xapi_record
from core.xapi import Activity


def _course(course) -> Activity:
    return Activity("courses", course.pk, course.title)


def _lesson(lesson) -> Activity:
    return Activity("lessons", lesson.pk, lesson.title)


def lesson_visited(*, employee, course, lesson, now: dt.datetime, first: bool) -> None:
    if first:
        xapi_record(
            verb="launched",
            employee=employee,
            activity=_course(course),
            key=f"course.launched:{employee.pk}:{course.pk}:{course.version}",
            timestamp=now,
        )
    xapi_record(
        verb="experienced",
        employee=employee,
        activity=_lesson(lesson),
        parent=_course(course),
        key=f"lesson.experienced:{employee.pk}:{lesson.pk}:{now.isoformat()}",
        timestamp=now,
    )


def lesson_completed(*, employee, course, lesson, now: dt.datetime) -> None:
    xapi_record(
        verb="completed",
        employee=employee,
        activity=_lesson(lesson),
        parent=_course(course),
        result={"completion": True},
        key=f"lesson.completed:{employee.pk}:{lesson.pk}:{course.version}",
        timestamp=now,
    )


def course_completed(*, employee, course, now: dt.datetime, seconds_spent: int) -> None:
    xapi_record(
        verb="completed",
        employee=employee,
        activity=_course(course),
        result={"completion": True, "duration": f"PT{int(seconds_spent)}S"},
        key=f"course.completed:{employee.pk}:{course.pk}:{course.version}",
        timestamp=now,
    )


def assignments_overdue_publish(*, assignments) -> int:
    """``assignment.overdue`` for each open assignment past its due date (once: keyed by id and due date)."""
    if not webhooks_wanted("assignment.overdue"):
        return 0
    return webhooks_publish(
        Event(
            "assignment.overdue",
            subject=f"employee:{a.employee.employee_code}",
            key=f"assignment.overdue:{a.pk}:{a.due_date.isoformat()}",
            data={
                "assignment_id": a.pk,
                "employee_code": a.employee.employee_code,
                "course_id": a.course_id,
                "course": a.course.title,
                "due_date": a.due_date.isoformat(),
                "mandatory": a.mandatory,
            },
        )
        for a in assignments
    )

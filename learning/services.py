"""Writes of the learning app: progress, course versions, assignments and reminders.

Keyword-only, typed, in a transaction; dates and clocks passed in where it matters so tests can
fix them. Certification calls `assignment_create_for_path` (and `renewal_path_assign`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import shutil
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from content.routing import canonical
from core.audit import audit_record
from core.dates import add_months
from core.errors import ServiceError
from core.models import Employee, Team, TeamMembership
from core.tasks import enqueue
from learning import integrations, selectors
from learning.engine import scorm as scorm_engine
from learning.messages import MESSAGES
from learning.models import (
    Assignment,
    AssignmentRule,
    AssignmentSource,
    CoursePage,
    CourseProgress,
    CourseVersion,
    DueKind,
    LearningPath,
    LessonCompletion,
    LessonPage,
    ReminderKind,
    ReminderLog,
    ScormAttempt,
    ScormLessonPage,
    ScormPackage,
)
from learning.notifications import recipient_email, recipient_language, send_templated

logger = logging.getLogger(__name__)

#: Time between two page views counted as study time at most (longer gaps are a new session).
SESSION_GAP = dt.timedelta(minutes=30)
#: Reloading the same lesson within this time writes nothing (keeps page views read-only).
TOUCH_EVERY = dt.timedelta(minutes=1)
#: A late joiner whose fixed due date has already passed gets this many days.
LATE_JOINER_DAYS = 14
#: Days agents get to retrain after a new course version.
RETRAINING_DAYS = 30
#: A recurring rule opens the next cycle this many days before it is due.
RECURRENCE_LEAD_DAYS = 30


class LearningError(ServiceError):
    """A refused write; `learning.messages` words its code."""

    messages = MESSAGES


# --- progress ------------------------------------------------------------------------------------


def _add_time(progress: CourseProgress, now: dt.datetime) -> None:
    gap = now - progress.last_seen_at
    if dt.timedelta(0) < gap <= SESSION_GAP:
        progress.seconds_spent += int(gap.total_seconds())
    progress.last_seen_at = now


def _progress_for(*, employee_id: int, course: CoursePage, now: dt.datetime) -> tuple[CourseProgress, bool]:
    try:
        with transaction.atomic():
            return CourseProgress.objects.get_or_create(
                employee_id=employee_id,
                course_id=course.pk,
                version=course.version,
                defaults={"started_at": now, "last_seen_at": now},
            )
    except IntegrityError:  # a concurrent first visit created it
        return CourseProgress.objects.get(employee_id=employee_id, course_id=course.pk, version=course.version), False


@transaction.atomic
def progress_touch(
    *, employee: Employee, course: CoursePage, lesson: LessonPage, now: dt.datetime | None = None
) -> CourseProgress:
    """An employee opened a lesson: start the course if needed, remember where they are, count time."""
    now = now or timezone.now()
    course, lesson = canonical(course), canonical(lesson)  # a translation's visit counts on the source page
    progress, created = _progress_for(employee_id=employee.pk, course=course, now=now)
    if not created and progress.last_lesson_id == lesson.pk and now - progress.last_seen_at < TOUCH_EVERY:
        return progress  # a reload: nothing new to record (time is counted from last_seen_at later)
    if not created:
        _add_time(progress, now)
    progress.last_lesson_id = lesson.pk
    CourseProgress.objects.filter(pk=progress.pk).update(
        last_lesson_id=lesson.pk, last_seen_at=progress.last_seen_at, seconds_spent=progress.seconds_spent
    )
    integrations.lesson_visited(employee=employee, course=course, lesson=lesson, now=now, first=created)
    return progress


def lesson_visit_record(*, user, page, now: dt.datetime | None = None) -> CourseProgress | None:
    """`user` has `page` open: when it is a live lesson of a live course and the reader is an employee,
    record the visit (:func:`progress_touch`). Called by the lesson page's POST (a beacon when the page
    opens and when it is left, `learning.views.lesson_progress`), never while a page renders: a GET
    writes nothing. A visit is the study-time record, as a course view is in Moodle: the time between
    two visits (at most `SESSION_GAP`) is study time; a repeat within `TOUCH_EVERY` writes nothing, so
    the same beacon sent twice leaves the same state."""
    if not isinstance(page, LessonPage) or not page.live:
        return None
    page = canonical(page)
    employee = getattr(user, "employee_or_none", None)
    if employee is None:
        return None
    course = CoursePage.objects.live().filter(path=page.path[: -page.steplen]).first()
    if course is None:
        return None
    return progress_touch(employee=employee, course=course, lesson=page, now=now)


@transaction.atomic
def lesson_complete(
    *, employee: Employee, lesson: LessonPage, course: CoursePage | None = None, now: dt.datetime | None = None
) -> CourseProgress:
    """Mark a lesson done (completing it twice counts once); completes the course on the last one.
    A SCORM lesson is completed by its content only (:func:`scorm_commit`), never by hand."""
    if ScormLessonPage.objects.filter(pk=lesson.pk).exists():
        raise LearningError("lesson_completes_by_scorm")
    return _lesson_done(employee=employee, lesson=lesson, course=course, now=now)


def _lesson_done(
    *, employee: Employee, lesson: LessonPage, course: CoursePage | None, now: dt.datetime | None
) -> CourseProgress:
    now = now or timezone.now()
    lesson = canonical(lesson)  # a translation's completion counts on the source lesson and course
    course = canonical(course) if course is not None else CoursePage.objects.get(path=lesson.path[: -lesson.steplen])
    if not lesson.path.startswith(course.path) or lesson.depth != course.depth + 1:
        raise LearningError("lesson_not_in_course")
    progress, created = _progress_for(employee_id=employee.pk, course=course, now=now)
    progress = CourseProgress.objects.select_for_update().get(pk=progress.pk)
    _completion, lesson_done_now = LessonCompletion.objects.get_or_create(
        employee=employee,
        lesson=lesson,
        version=course.version,
        defaults={"course": course, "completed_at": now},
    )
    lesson_ids = set(LessonPage.objects.child_of(course).live().values_list("pk", flat=True))
    done = LessonCompletion.objects.filter(employee=employee, version=course.version, lesson_id__in=lesson_ids).count()
    if not created:
        _add_time(progress, now)
    progress.last_lesson = lesson
    progress.lessons_done = done
    progress.lessons_total = len(lesson_ids)
    just_completed = progress.completed_at is None and lesson_ids and done >= len(lesson_ids)
    if just_completed:
        progress.completed_at = now
    progress.save()
    if lesson_done_now:
        integrations.lesson_completed(employee=employee, course=course, lesson=lesson, now=now)
    if just_completed:
        integrations.course_completed(employee=employee, course=course, now=now, seconds_spent=progress.seconds_spent)
        Assignment.objects.filter(employee=employee, course=course, completed_at__isnull=True).update(
            completed_at=now, completed_version=course.version
        )
        audit_record(
            action="course.complete",
            target=employee,
            object_repr=f"{employee} · {course.title}"[:200],
            summary=f"Completed course {course.title} (version {course.version})",
            after={"course_id": course.pk, "version": course.version, "seconds_spent": progress.seconds_spent},
        )
    return progress


# --- SCORM packages and their run-time data ----------------------------------------------------------------

#: MEDIA_ROOT/<this>/<package.directory>/ holds each extracted package
SCORM_MEDIA_DIR = "scorm"
#: the largest cmi object a commit may send (JSON), far above what SCORM's own limits add up to
SCORM_MAX_CMI_BYTES = 512 * 1024


def scorm_limits() -> scorm_engine.Limits:
    return scorm_engine.Limits(
        max_files=settings.SCORM_MAX_FILES,
        max_total_bytes=settings.SCORM_MAX_UNCOMPRESSED_BYTES,
        max_ratio=settings.SCORM_MAX_COMPRESSION_RATIO,
    )


def scorm_root() -> Path:
    return Path(settings.MEDIA_ROOT) / SCORM_MEDIA_DIR


def _scorm_refusal(exc: scorm_engine.PackageRejected) -> LearningError:
    params = dict(exc.params)
    code = exc.code
    if code == "no_manifest" and params.get("nested"):
        code = "manifest_nested"
    if "limit" in params and code == "too_large_uncompressed":
        params["limit"] = filesizeformat(params["limit"])
    return LearningError(f"scorm_{code}", **params)


def _scorm_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > settings.UPLOAD_MAX_BYTES:
        raise LearningError(
            "scorm_too_large", size=filesizeformat(size), limit=filesizeformat(settings.UPLOAD_MAX_BYTES)
        )
    return size


def scorm_package_check(*, file) -> scorm_engine.PackageInfo:
    """Validate a SCORM zip without writing anything (the CMS form's check); LearningError names the fault."""
    _scorm_size(file)
    file.seek(0)
    try:
        return scorm_engine.package_inspect(file, scorm_limits())
    except scorm_engine.PackageRejected as exc:
        raise _scorm_refusal(exc) from None
    finally:
        file.seek(0)


def scorm_package_import(*, file, name: str, actor=None) -> ScormPackage:
    """Validate a SCORM 1.2/2004 zip (``learning.engine.scorm``) and extract it under
    MEDIA_ROOT/scorm/<directory>/. A refused package leaves nothing behind: the zip is read whole before
    anything is written, the files are written to a hidden staging directory that is renamed into place
    only when every member was written, and removed again if the database row cannot be stored."""
    size = _scorm_size(file)
    info = scorm_package_check(file=file)
    digest = hashlib.sha256()
    while chunk := file.read(1024 * 1024):
        digest.update(chunk)
    directory = uuid.uuid4().hex
    root = scorm_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".incoming-{directory}"
    final = root / directory
    staging.mkdir()
    try:
        file.seek(0)
        scorm_engine.package_extract(file, info, staging)
        staging.rename(final)
    except scorm_engine.PackageRejected as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _scorm_refusal(exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        with transaction.atomic():
            package = ScormPackage.objects.create(
                title=info.title,
                version=info.version,
                launch=info.launch,
                directory=directory,
                original_name=(name or "package.zip")[:255],
                sha256=digest.hexdigest(),
                size=size,
                uncompressed_size=info.total_bytes,
                file_count=info.file_count,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(
                action="scorm_package.import",
                actor=actor,
                target=package,
                summary=f"SCORM {info.version} package {name}: {info.title}"[:1000],
                after={
                    "version": info.version,
                    "launch": info.launch,
                    "files": info.file_count,
                    "bytes": info.total_bytes,
                    "sha256": package.sha256,
                },
            )
    except BaseException:
        shutil.rmtree(final, ignore_errors=True)
        raise
    return package


#: a package no page uses is kept this long (an editor's upload whose page is still being saved)
SCORM_UNUSED_GRACE = dt.timedelta(days=1)


def scorm_package_discard(package: ScormPackage) -> None:
    """Remove a package that nothing stored uses any more: its files, and its row if it was committed
    (the import of a page save that then failed). Safe to call twice."""
    shutil.rmtree(scorm_root() / package.directory, ignore_errors=True)
    if package.pk is not None:
        try:
            with transaction.atomic():
                ScormPackage.objects.filter(pk=package.pk).delete()
        except DatabaseError:  # the failed save broke the transaction: its rollback removes the row
            logger.warning("SCORM package %s: row left to the rollback", package.pk, exc_info=True)


def scorm_packages_purge(*, now: dt.datetime | None = None) -> int:
    """Nightly (``learning.tasks.scorm_packages_purge_task``): delete the SCORM packages no page uses,
    older than :data:`SCORM_UNUSED_GRACE`: a row no lesson, revision or attempt refers to, with its files,
    and a directory (or a staging directory) under MEDIA_ROOT/scorm/ with no row — what a CMS save that
    failed after the import left (its row rolled back, its files stayed). Returns how many were removed."""
    from wagtail.models import Revision

    now = now or timezone.now()
    cutoff = now - SCORM_UNUSED_GRACE
    removed = 0
    used_in_revisions = {
        int(pk)
        for pk in Revision.objects.filter(
            content_type__app_label="learning", content_type__model="scormlessonpage"
        ).values_list("content__package", flat=True)
        if pk is not None and str(pk).isdigit()
    }
    unused = (
        ScormPackage.objects.filter(uploaded_at__lt=cutoff, lessons__isnull=True, attempts__isnull=True)
        .exclude(pk__in=used_in_revisions)
        .distinct()
    )
    for package in unused:
        with transaction.atomic():
            audit_record(
                action="scorm_package.purge",
                target=package,
                summary=f"Unused SCORM package removed: {package.original_name} ({package.title})"[:1000],
                before={"directory": package.directory, "sha256": package.sha256},
            )
            scorm_package_discard(package)
        removed += 1
    root = scorm_root()
    if root.is_dir():
        known = set(ScormPackage.objects.values_list("directory", flat=True))
        for entry in root.iterdir():
            name = entry.name.removeprefix(".incoming-")
            if not entry.is_dir() or name in known and not entry.name.startswith(".incoming-"):
                continue
            if dt.datetime.fromtimestamp(entry.stat().st_mtime, tz=dt.UTC) >= cutoff:
                continue
            shutil.rmtree(entry, ignore_errors=True)
            logger.info("Removed SCORM files no package row uses: %s", entry.name)
            removed += 1
    return removed


def scorm_lesson_create(
    *, course: CoursePage, title: str, slug: str, file, name: str, actor=None, publish: bool = True
) -> ScormLessonPage:
    """A new SCORM lesson at the end of ``course`` from a zip (what the CMS form does, for the command
    ``import_scorm`` and the tests): the package is imported first, so a refused zip creates no page."""
    if (
        CoursePage.objects.child_of(course).filter(slug=slug).exists()
        or LessonPage.objects.child_of(course).filter(slug=slug).exists()
    ):
        raise LearningError("scorm_slug_taken", slug=slug)
    package = scorm_package_import(file=file, name=name, actor=actor)
    lesson = ScormLessonPage(title=title or package.title, slug=slug, summary="", body=[], package=package)
    try:
        with transaction.atomic():
            course.add_child(instance=lesson)
            revision = lesson.save_revision(user=actor if getattr(actor, "pk", None) else None)
            if publish:
                revision.publish(user=actor if getattr(actor, "pk", None) else None)
    except BaseException:
        scorm_package_discard(package)  # a page that could not be saved leaves no package behind
        raise
    return ScormLessonPage.objects.get(pk=lesson.pk)


def _scorm_cmi(raw) -> dict:
    if isinstance(raw, (bytes, str)):
        if len(raw) > SCORM_MAX_CMI_BYTES:
            raise LearningError("scorm_cmi_invalid")
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; absurd nesting recurses
            raise LearningError("scorm_cmi_invalid") from None
    if not isinstance(raw, dict):
        raise LearningError("scorm_cmi_invalid")
    cmi = raw.get("cmi", raw)  # scorm-again's "json" commit format: {"cmi": {...}, ...}
    if not isinstance(cmi, dict):
        raise LearningError("scorm_cmi_invalid")
    return cmi


def scorm_commit(
    *, employee: Employee, lesson: ScormLessonPage, number: int, data, now: dt.datetime | None = None
) -> ScormAttempt:
    """Store what the SCO committed for attempt ``number`` of ``lesson`` (scorm-again's LMSCommit /
    Commit / Terminate). The first commit of a new attempt creates it (opening a lesson writes nothing);
    only the current attempt may be written. When the data says the lesson is done (1.2: lesson_status
    completed or passed; 2004: completion_status completed, not success_status failed) the lesson is
    completed through the same path as a native lesson, so the course's progress moves. Sending the
    same data again changes nothing but the commit count."""
    now = now or timezone.now()
    cmi = _scorm_cmi(data)
    lesson = canonical(lesson)  # attempts count on the source-locale lesson
    package = lesson.package
    if package is None:
        raise LearningError("scorm_attempt_unknown")
    state = scorm_engine.cmi_state(package.version, cmi)
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one writer per agent at a time
        current = selectors.scorm_attempt_latest(employee=employee, lesson=lesson)
        expected = selectors.scorm_attempt_number(current=current, lesson=lesson)
        if number != expected:
            raise LearningError("scorm_attempt_unknown")
        if current is None or current.number != number:
            attempt = ScormAttempt(
                employee=employee, lesson=lesson, package=package, number=number, started_at=now, updated_at=now
            )
        else:
            attempt = current
        attempt.cmi = cmi
        attempt.lesson_status = state.lesson_status
        attempt.completion_status = state.completion_status
        attempt.success_status = state.success_status
        attempt.score_raw = state.score_raw
        attempt.score_scaled = state.score_scaled
        attempt.commits += 1
        attempt.updated_at = now
        newly_done = state.completed and attempt.completed_at is None
        if newly_done:
            attempt.completed_at = now
        attempt.save()
        if newly_done:
            course = CoursePage.objects.filter(path=lesson.path[: -lesson.steplen]).first()
            if course is not None:
                _lesson_done(employee=employee, lesson=lesson, course=course, now=now)
    return attempt


# --- course versions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionResult:
    version: int
    bumped: bool
    reassigned: int


def course_version_publish(*, course_id: int, revision_id: int | None, today: dt.date | None = None) -> VersionResult:
    """A course revision was published. When it is marked "requires re-training", start a new version:
    earlier completions stop counting, affected agents get a new assignment and an e-mail saying why.
    Safe to run twice for the same revision."""
    from wagtail.models import Revision

    today = today or timezone.localdate()
    with transaction.atomic():
        course = CoursePage.objects.select_for_update().get(pk=course_id)
        revision = Revision.objects.filter(pk=revision_id).first() if revision_id else None
        content = revision.content if revision is not None else {}
        if not content.get("requires_retraining"):
            if not CourseVersion.objects.filter(course=course).exists():
                CourseVersion.objects.create(
                    course=course, number=course.version, revision=revision, published_at=timezone.now()
                )
            return VersionResult(course.version, False, 0)
        if CourseVersion.objects.filter(course=course, revision=revision).exists():
            return VersionResult(course.version, False, 0)
        old = course.version
        if not CourseVersion.objects.filter(course=course, number=old).exists():
            CourseVersion.objects.create(
                course=course, number=old, revision=None, published_at=course.first_published_at or timezone.now()
            )
        new = old + 1
        reason = (content.get("retraining_reason") or "").strip()
        CourseVersion.objects.create(
            course=course, number=new, revision=revision, published_at=timezone.now(), reason=reason
        )
        CoursePage.objects.filter(pk=course.pk).update(version=new, requires_retraining=False)
        course.version = new
        created = _retraining_assign(course=course, old_version=old, reason=reason, today=today)
        audit_record(
            action="course.new_version",
            target=course,
            summary=f"Version {new}: {reason}"[:1000],
            before={"version": old},
            after={"version": new, "reassigned": len(created)},
        )
        ids = [a.pk for a in created]
        transaction.on_commit(lambda: _notify_retraining(assignment_ids=ids, reason=reason, today=today))
    return VersionResult(new, True, len(created))


def _retraining_assign(*, course: CoursePage, old_version: int, reason: str, today: dt.date) -> list[Assignment]:
    completed = set(
        CourseProgress.objects.filter(
            course=course, version__lt=course.version, completed_at__isnull=False
        ).values_list("employee_id", flat=True)
    )
    assigned: dict[int, Assignment] = {}
    for a in Assignment.objects.filter(course=course).order_by("assigned_on", "pk"):
        assigned[a.employee_id] = a  # latest per employee
    affected = completed | set(assigned)
    active = set(Employee.objects.active_on(today).filter(pk__in=affected).values_list("pk", flat=True))
    rows = []
    for employee_id in sorted(active):
        latest = assigned.get(employee_id)
        if latest is not None and latest.completed_at is None:
            # Still open: it now counts against the new version; tell them below as well.
            rows.append(latest)
            continue
        rows.append(
            Assignment(
                employee_id=employee_id,
                course=course,
                path=latest.path if latest else None,
                source=AssignmentSource.RETRAINING,
                key=f"retrain:v{course.version}",
                assigned_on=today,
                due_date=today + dt.timedelta(days=RETRAINING_DAYS),
                mandatory=latest.mandatory if latest else True,
                reason=(_("New version %(v)s: %(reason)s") % {"v": course.version, "reason": reason})[:300],
            )
        )
    new_rows = [r for r in rows if r.pk is None]
    Assignment.objects.bulk_create(new_rows, ignore_conflicts=True)
    return list(Assignment.objects.filter(course=course, employee_id__in=active, completed_at__isnull=True))


def _notify_retraining(*, assignment_ids: list[int], reason: str, today: dt.date) -> None:
    for assignment in Assignment.objects.filter(pk__in=assignment_ids).select_related("employee__user", "course"):
        _send_once(
            assignment=assignment,
            kind=ReminderKind.RETRAINING,
            today=today,
            template="retraining",
            context={"assignment": assignment, "course": assignment.course, "reason": reason},
        )


# --- assignment rules --------------------------------------------------------------------------


RULE_FIELDS = [
    "name",
    "target",
    "site",
    "team",
    "campaign",
    "role",
    "new_hire_days",
    "course",
    "path",
    "due_kind",
    "due_date",
    "due_days",
    "mandatory",
    "recurrence_months",
    "active",
]


def _rule_check(rule: AssignmentRule, *, today: dt.date) -> None:
    rule.full_clean(exclude=["created_by"])
    if rule.due_kind == DueKind.FIXED and rule.due_date and rule.due_date < today:
        raise LearningError("due_date_past", date=rule.due_date.strftime("%d/%m/%Y"))


def _rule_snapshot(rule: AssignmentRule) -> dict:
    return {
        f: getattr(rule, f + "_id") if f in ("site", "team", "campaign", "course", "path") else getattr(rule, f)
        for f in RULE_FIELDS
    }


@dataclass(frozen=True)
class RuleSaveResult:
    rule: AssignmentRule
    matched: int


@transaction.atomic
def assignment_rule_save(*, actor, rule: AssignmentRule, today: dt.date | None = None) -> RuleSaveResult:
    """Create or update a rule, then (after commit) materialise it. `matched` = 0 means it targets nobody."""
    today = today or timezone.localdate()
    _rule_check(rule, today=today)
    creating = rule.pk is None
    before = None if creating else _rule_snapshot(AssignmentRule.objects.get(pk=rule.pk))
    if creating:
        rule.created_by = actor
    rule.save()
    matched = len(selectors.rule_matching_employee_ids(rule=rule, on=today))
    audit_record(
        action="assignment_rule.create" if creating else "assignment_rule.update",
        actor=actor,
        target=rule,
        before=before,
        after={**_rule_snapshot(rule), "matched": matched},
    )
    enqueue("learning.tasks.rule_materialise_task", rule.pk)
    return RuleSaveResult(rule, matched)


@transaction.atomic
def assignment_rule_deactivate(*, actor, rule: AssignmentRule) -> AssignmentRule:
    """Stop a rule from assigning anyone else; existing assignments stay (they are history)."""
    if rule.active:
        rule.active = False
        rule.save(update_fields=["active"])
        audit_record(action="assignment_rule.deactivate", actor=actor, target=rule, after={"active": False})
    return rule


def _course_ids_of(rule: AssignmentRule) -> list[int]:
    if rule.course_id:
        return [rule.course_id]
    return list(rule.path.path_courses.order_by("sort_order").values_list("course_id", flat=True))


def rule_materialise(*, rule_id: int, today: dt.date | None = None, employee_ids: set[int] | None = None) -> int:
    """Create the assignments a rule calls for today (new matches, next cycles). Returns how many."""
    today = today or timezone.localdate()
    rule = AssignmentRule.objects.select_related("path").get(pk=rule_id)
    if not rule.active:
        return 0
    targets = selectors.rule_matching_employee_ids(rule=rule, on=today)
    if employee_ids is not None:
        targets &= set(employee_ids)
    if not targets:
        return 0
    course_ids = _course_ids_of(rule)
    versions = dict(CoursePage.objects.filter(pk__in=course_ids).values_list("pk", "version"))
    hires = dict(Employee.objects.filter(pk__in=targets).values_list("pk", "hire_date"))
    latest: dict[tuple[int, int], Assignment] = {}
    for a in Assignment.objects.filter(rule=rule, employee_id__in=targets).order_by("cycle"):
        latest[(a.employee_id, a.course_id)] = a
    done: dict[tuple[int, int], dt.datetime] = {}
    for emp, course, version, at in CourseProgress.objects.filter(
        employee_id__in=targets, course_id__in=course_ids, completed_at__isnull=False
    ).values_list("employee_id", "course_id", "version", "completed_at"):
        if versions.get(course) == version:
            done[(emp, course)] = at
    rows = []
    for employee_id in sorted(targets):
        for course_id in course_ids:
            if course_id not in versions:
                continue
            previous = latest.get((employee_id, course_id))
            if previous is None:
                cycle, due = 0, rule.due_for(hire_date=hires[employee_id], assigned_on=today)
                if due < today:
                    due = today + dt.timedelta(days=LATE_JOINER_DAYS)
            elif rule.recurrence_months and previous.completed_at is not None:
                due = add_months(timezone.localdate(previous.completed_at), rule.recurrence_months)
                if today < due - dt.timedelta(days=RECURRENCE_LEAD_DAYS):
                    continue
                cycle = previous.cycle + 1
            else:
                continue
            completed_at = done.get((employee_id, course_id)) if cycle == 0 else None
            rows.append(
                Assignment(
                    employee_id=employee_id,
                    course_id=course_id,
                    path_id=rule.path_id,
                    rule=rule,
                    source=AssignmentSource.RULE,
                    key=f"rule:{rule.pk}:{cycle}",
                    cycle=cycle,
                    assigned_on=today,
                    due_date=due,
                    mandatory=rule.mandatory,
                    reason=rule.name[:300],
                    completed_at=completed_at,
                    completed_version=versions[course_id] if completed_at else None,
                )
            )
    Assignment.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def rules_materialise_all(*, today: dt.date | None = None, employee_ids: set[int] | None = None) -> int:
    """Daily (and when people join or move): every active rule, for everyone or the given employees."""
    today = today or timezone.localdate()
    total = 0
    for rule_id in AssignmentRule.objects.filter(active=True).values_list("pk", flat=True):
        with transaction.atomic():
            total += rule_materialise(rule_id=rule_id, today=today, employee_ids=employee_ids)
    return total


# --- paths (certification renewals) ----------------------------------------------------------------


@transaction.atomic
def assignment_create_for_path(
    *, employee_id: int, path_id: int, due_date: dt.date, reason: str, actor=None
) -> list[Assignment]:
    """Assign every course of a learning path to one employee (idempotent: courses the employee
    already has open are left as they are; a repeated call creates nothing). Returns the new rows."""
    path = LearningPath.objects.get(pk=path_id)
    Employee.objects.select_for_update().filter(pk=employee_id).first()
    course_ids = list(path.path_courses.order_by("sort_order").values_list("course_id", flat=True))
    open_ids = set(
        Assignment.objects.filter(
            employee_id=employee_id, course_id__in=course_ids, completed_at__isnull=True
        ).values_list("course_id", flat=True)
    )
    today = timezone.localdate()
    key = f"path:{path_id}:{due_date.isoformat()}"
    rows = [
        Assignment(
            employee_id=employee_id,
            course_id=course_id,
            path=path,
            source=AssignmentSource.PATH,
            key=key,
            assigned_on=today,
            due_date=due_date,
            mandatory=True,
            reason=reason[:300],
        )
        for course_id in course_ids
        if course_id not in open_ids
    ]
    existing = set(Assignment.objects.filter(employee_id=employee_id, key=key).values_list("course_id", flat=True))
    rows = [r for r in rows if r.course_id not in existing]
    Assignment.objects.bulk_create(rows)
    if rows:
        audit_record(
            action="assignment.path_assign",
            actor=actor,
            object_type="core.employee",
            object_id=str(employee_id),
            object_repr=f"{path.title}"[:200],
            summary=reason[:1000],
            after={"path_id": path_id, "due_date": due_date, "courses": [r.course_id for r in rows]},
        )
    return rows


def assignment_create_remedial(
    *, employee_id: int, course_slug: str, due_date: dt.date, key: str, reason: str, actor=None
) -> Assignment | None:
    """Assign the course with ``course_slug`` as remedial training (compliance: the course that teaches a
    broken rule). Once per ``key`` (e.g. one cycle: a rule and a month), and not while the employee has
    the course open. Returns the new row, or None (no such live course, already open, already given)."""
    course = CoursePage.objects.live().filter(slug=course_slug).first()
    if course is None:
        return None
    Employee.objects.select_for_update().filter(pk=employee_id).first()
    full_key = f"remedial:{key}"[:80]
    if (
        Assignment.objects.filter(employee_id=employee_id, course=course)
        .filter(Q(completed_at__isnull=True) | Q(key=full_key))
        .exists()
    ):
        return None
    assignment = Assignment.objects.create(
        employee_id=employee_id,
        course=course,
        source=AssignmentSource.MANUAL,
        key=full_key,
        assigned_on=timezone.localdate(),
        due_date=due_date,
        mandatory=True,
        reason=reason[:300],
    )
    audit_record(
        action="assignment.remedial_assign",
        actor=actor,
        target=assignment,
        summary=reason[:1000],
        after={"course_id": course.pk, "due_date": due_date, "key": full_key},
    )
    return assignment


def renewal_path_assign(*, employee_id: int, specialisation_id: int, due: dt.date, reason: str) -> bool:
    """Certification's renewal hook: assign the specialisation's learning path(s). True when created."""
    created = []
    for path_id in LearningPath.objects.filter(specialisation_id=specialisation_id).values_list("pk", flat=True):
        created += assignment_create_for_path(employee_id=employee_id, path_id=path_id, due_date=due, reason=reason)
    return bool(created)


# --- reminders -----------------------------------------------------------------------------------


def _send_once(
    *,
    assignment: Assignment | None,
    kind: str,
    today: dt.date,
    template: str,
    context: dict,
    employee: Employee | None = None,
    user=None,
) -> bool:
    """Record then send; the unique constraints make a second send on the same day impossible."""
    employee = employee or (assignment.employee if assignment else None)
    email = recipient_email(employee=employee, user=user)
    if not email:
        return False
    language = recipient_language(employee=employee, user=user)
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                recipient=user or (employee.user if employee and employee.user_id else None),
                employee=employee,
                email=email,
                assignment=assignment,
                kind=kind,
                sent_on=today,
                sent_at=timezone.now(),
                language=language,
            )
            send_templated(to=email, language=language, template=template, context=context)
    except IntegrityError:
        return False
    return True


def reminders_send_daily(*, today: dt.date | None = None) -> int:
    """E-mail agents whose open assignments are due in 7 days, tomorrow, or are overdue
    (the day after the due date, then weekly). One e-mail per agent per day; returns e-mails sent."""
    today = today or timezone.localdate()
    windows = {
        today + dt.timedelta(days=7): ReminderKind.DUE_7,
        today + dt.timedelta(days=1): ReminderKind.DUE_1,
    }
    open_qs = (
        Assignment.objects.filter(completed_at__isnull=True, employee__in=Employee.objects.active_on(today))
        .select_related("employee__user", "course")
        .order_by("employee_id", "due_date")
    )
    with transaction.atomic():  # webhooks: overdue since yesterday (a missed day is caught up within a week)
        integrations.assignments_overdue_publish(
            assignments=open_qs.filter(due_date__lt=today, due_date__gte=today - dt.timedelta(days=7))
        )
    per_employee: dict[int, list[tuple[Assignment, str]]] = defaultdict(list)
    for a in open_qs.filter(due_date__in=list(windows)):
        per_employee[a.employee_id].append((a, windows[a.due_date]))
    for a in open_qs.filter(due_date__lt=today):
        if (today - a.due_date).days % 7 == 1:
            per_employee[a.employee_id].append((a, ReminderKind.OVERDUE))
    already = set(
        ReminderLog.objects.filter(sent_on=today, assignment__isnull=False).values_list("assignment_id", "kind")
    )
    sent = 0
    for items in per_employee.values():
        items = [(a, k) for a, k in items if (a.pk, k) not in already]
        if not items:
            continue
        employee = items[0][0].employee
        email = recipient_email(employee=employee)
        if not email:
            continue
        language = recipient_language(employee=employee)
        try:
            with transaction.atomic():
                now = timezone.now()
                ReminderLog.objects.bulk_create(
                    [
                        ReminderLog(
                            recipient=employee.user,
                            employee=employee,
                            email=email,
                            assignment=a,
                            kind=k,
                            sent_on=today,
                            sent_at=now,
                            language=language,
                        )
                        for a, k in items
                    ]
                )
                send_templated(
                    to=email,
                    language=language,
                    template="reminder",
                    context={
                        "employee": employee,
                        "items": [{"assignment": a, "kind": k} for a, k in items],
                        "today": today,
                    },
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def supervisor_digests_send(*, today: dt.date | None = None) -> int:
    """Weekly: each supervisor gets the overdue assignments of their teams' current members."""
    today = today or timezone.localdate()
    sent = 0
    teams = Team.objects.prefetch_related("supervisors").order_by("pk")
    members: dict[int, list[int]] = defaultdict(list)
    for team_id, employee_id in TeamMembership.objects.on(today).values_list("team_id", "employee_id"):
        members[team_id].append(employee_id)
    overdue: dict[int, list[Assignment]] = defaultdict(list)
    for a in (
        Assignment.objects.filter(
            completed_at__isnull=True,
            due_date__lt=today,
            mandatory=True,
            employee__in=Employee.objects.active_on(today),
        )
        .select_related("employee", "course")
        .order_by("due_date")
    ):
        overdue[a.employee_id].append(a)
    per_supervisor: dict[int, tuple[object, list]] = {}
    for team in teams:
        rows = [a for emp in members.get(team.pk, []) for a in overdue.get(emp, [])]
        for sup in team.supervisors.all():
            per_supervisor.setdefault(sup.pk, (sup, []))[1].append((team, rows))
    for sup, team_rows in per_supervisor.values():
        if not any(rows for _t, rows in team_rows):
            continue
        sent += _send_once(
            assignment=None,
            kind=ReminderKind.DIGEST,
            today=today,
            template="digest",
            user=sup,
            context={"supervisor": sup, "teams": [{"team": t, "rows": r} for t, r in team_rows if r], "today": today},
        )
    return sent


@transaction.atomic
def assignments_create_manual(
    *, actor, course: CoursePage, employees: list[Employee], due_date: dt.date, reason: str = "", mandatory: bool = True
) -> tuple[list[Assignment], int]:
    """Assign ``course`` to each of ``employees`` by ``due_date`` (HR, through the API). Idempotent:
    one assignment per employee, course and due date (key ``manual:<due date>``), so sending the
    same request again creates nothing. Returns every assignment asked for and how many are new;
    audited once (``assignment.manual_assign``) when any is new."""
    if actor is not None and not actor.can("learning.assign"):
        raise LearningError("not_allowed")
    key = f"manual:{due_date.isoformat()}"
    today = timezone.localdate()
    ids = sorted({e.pk for e in employees})
    list(Employee.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    existing = {a.employee_id: a for a in Assignment.objects.filter(employee_id__in=ids, course=course, key=key)}
    new = [
        Assignment(
            employee_id=pk,
            course=course,
            source=AssignmentSource.MANUAL,
            key=key,
            assigned_on=today,
            due_date=due_date,
            mandatory=mandatory,
            reason=reason[:300],
        )
        for pk in ids
        if pk not in existing
    ]
    Assignment.objects.bulk_create(new)
    if new:
        audit_record(
            action="assignment.manual_assign",
            actor=actor,
            target=course,
            summary=reason[:1000],
            after={"course_id": course.pk, "due_date": due_date, "employees": [a.employee_id for a in new]},
        )
    rows = {a.employee_id: a for a in Assignment.objects.filter(employee_id__in=ids, course=course, key=key)}
    return [rows[pk] for pk in ids], len(new)

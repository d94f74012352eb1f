"""Writes of the certification app. Keyword-only, in transactions, audited.

question_save(...)              create a question or a new version (if the current one was used)
questions_import(...)           GIFT / Moodle XML / dict import into a bank (all or nothing)
attempt_start(...)              checks, blueprint draw, frozen questions
attempt_save_answers(...)       autosave (refused after the deadline, which closes the attempt)
attempt_submit(...)             grade once, under a row lock; issues the certificate on a pass
attempt_close_if_expired(...)   close one attempt past its deadline (the result page, autosave)
attempts_close_expired(...)     the scheduled sweep
certificate_issue / _revoke / _reissue, certificate_render_pdf, certificates_refresh
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from certification import integrations, pdf
from certification.engine import blueprint
from certification.engine.codes import certificate_number, new_verification_code
from certification.engine.grading import grade_attempt
from certification.engine.questions import (
    ImportedQuestion,
    ImportReport,
    QuestionSnapshot,
    snapshot_from_dict,
    snapshot_to_dict,
)
from certification.engine.responses import BadResponse, field_names, response_from_form, response_from_json
from certification.messages import MESSAGES
from certification.models import (
    REMINDER_KINDS,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    CertificateStatus,
    ClosedBy,
    Exam,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionVersion,
)
from certification.selectors import ATTEMPT_WINDOW_DAYS, ExamAttemptFacts, exam_attempt_facts
from core.audit import audit_record
from core.capabilities import user_can
from core.dates import add_months
from core.errors import ServiceError
from core.models import Employee
from core.tasks import enqueue
from learning.selectors import specialisations_requirements_met
from learning.services import renewal_path_assign

logger = logging.getLogger(__name__)

CERTIFICATE_PREFIX = "ACR"
REMINDER_DAYS = (60, 30, 7)


class CertificationError(ServiceError):
    """A refused action; `certification.messages` words its code."""

    messages = MESSAGES


# --- helpers -------------------------------------------------------------------------------


def _require_capability(actor, capability: str) -> None:
    """People need the capability (core.capabilities); `actor=None` is the system itself."""
    if actor is not None and not user_can(actor, capability):
        raise CertificationError("not_allowed")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


# --- questions -------------------------------------------------------------------------------


def category_ensure(*, bank: QuestionBank, path: Iterable[str]) -> QuestionCategory:
    """The category at `path` (created with its parents when missing). Empty path = "General"."""
    parts = [p for p in path if p] or ["General"]
    parent = None
    for name in parts:
        parent, _ = QuestionCategory.objects.get_or_create(
            bank=bank,
            path=f"{parent.path}/{name}" if parent else name,
            defaults={"name": name, "parent": parent},
        )
    return parent  # type: ignore[return-value]


def question_payload(snapshot: QuestionSnapshot) -> dict[str, Any]:
    """What an attempt stores of a question: its snapshot without the answer key."""
    data = snapshot_to_dict(snapshot)
    data.pop("key", None)
    return data


def question_source_key(item: ImportedQuestion) -> str:
    """Stable identity of an imported question: its category, name and content."""
    digest = hashlib.sha256()
    digest.update("/".join(item.category).encode())
    digest.update(b"\0")
    digest.update(item.name.encode())
    digest.update(b"\0")
    digest.update(json.dumps(question_payload(item.question), sort_keys=True).encode())
    return digest.hexdigest()[:40]


@transaction.atomic
def question_save(
    *,
    bank: QuestionBank,
    category: QuestionCategory,
    name: str,
    snapshot: QuestionSnapshot,
    tags: Iterable[str] = (),
    question: Question | None = None,
    user=None,
    source_key: str = "",
    id_number: str | None = None,
    audit: bool = True,
) -> Question:
    """Create a question (any type: essays are marked by a person, descriptions are worth
    nothing), or change one. A change to a version that an attempt has used
    creates a new version (attempts keep theirs); an unused version is edited in place.
    ``id_number`` (Moodle's; unique in the bank when set) is left as it is when None; a
    ``source_key`` replaces the stored one when given."""
    if id_number:
        id_number = id_number.strip()[:100]
        taken = Question.objects.filter(bank=bank, id_number=id_number)
        if question is not None:
            taken = taken.exclude(pk=question.pk)
        if taken.exists():
            raise CertificationError("question.id_number_taken", id_number=id_number)
    payload = question_payload(snapshot)
    if question is None:
        question = Question.objects.create(
            bank=bank,
            category=category,
            name=name[:200],
            type=snapshot.type.value,
            source_key=source_key,
            id_number=id_number or "",
        )
        version = QuestionVersion.objects.create(question=question, number=1, payload=payload, created_by=user)
        action = "question.create"
    else:
        question = Question.objects.select_for_update().get(pk=question.pk)
        question.bank, question.category, question.name = bank, category, name[:200]
        question.type = snapshot.type.value
        if id_number is not None:
            question.id_number = id_number
        if source_key:
            question.source_key = source_key
        current = question.current_version
        if current is not None and current.payload == payload:
            version = current
        elif current is not None and not current.attempt_questions.exists():
            current.payload = payload
            current.save(update_fields=["payload"])
            version = current
        else:
            number = (question.versions.aggregate(m=Max("number"))["m"] or 0) + 1
            version = QuestionVersion.objects.create(question=question, number=number, payload=payload, created_by=user)
        action = "question.update"
    question.current_version = version
    question.save()
    question.tags.set(list(tags))
    if audit:
        audit_record(action=action, actor=user, target=question, after={"version": version.number})
    return question


@dataclass(frozen=True)
class ImportOutcome:
    report: ImportReport
    created: int
    unchanged: int
    dry_run: bool
    #: questions identical to an earlier one of the same file: merged into it, and reported
    duplicates: tuple[ImportedQuestion, ...] = ()
    #: questions of the bank the file changed: a new version each (same id number, or same
    #: category and name when neither has an id number)
    updated: int = 0


#: embedded files a question may carry: images become Wagtail images, the rest documents
EMBEDDED_IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp"}
EMBEDDED_MEDIA_EXTENSIONS = {"mp3", "ogg", "oga", "m4a", "wav", "mp4", "webm"}
PLUGINFILE = "@@PLUGINFILE@@/"


def _store_embedded_file(name: str, data: bytes, user) -> str:
    """Store one of a question's embedded files as a Wagtail image or document; its URL."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in EMBEDDED_IMAGE_EXTENSIONS:
        try:
            with PILImage.open(io.BytesIO(data)) as probe:
                probe.verify()
        except (OSError, SyntaxError, ValueError) as exc:
            raise CertificationError("import.bad_file", name=name, reason=gettext("not an image")) from exc
        image = get_image_model().objects.create(
            title=name[:255], file=ContentFile(data, name=name), uploaded_by_user=user
        )
        return image.file.url
    if extension in EMBEDDED_MEDIA_EXTENSIONS or extension in settings.WAGTAILDOCS_EXTENSIONS:
        document = get_document_model().objects.create(
            title=name[:255], file=ContentFile(data, name=name), uploaded_by_user=user
        )
        return document.url
    raise CertificationError("import.bad_file", name=name, reason=gettext("this kind of file is not accepted"))


def _with_embedded_files(snapshot: QuestionSnapshot, files: dict[str, bytes], user) -> QuestionSnapshot:
    """The snapshot with each ``@@PLUGINFILE@@/name`` (in any text) pointing at the stored file."""
    text = json.dumps(snapshot_to_dict(snapshot), ensure_ascii=False)
    for name, data in files.items():
        url = _store_embedded_file(name, data, user)
        for reference in {PLUGINFILE + name, PLUGINFILE + quote(name)}:
            text = text.replace(json.dumps(reference, ensure_ascii=False)[1:-1], url)
    return snapshot_from_dict(json.loads(text))


def _category_path(item: ImportedQuestion) -> str:
    return "/".join(p for p in item.category if p) or "General"


def _import_targets(bank: QuestionBank, changed: list[tuple[ImportedQuestion, str]]) -> dict[int, Question]:
    """Which question of the bank each changed file question (by position in ``changed``)
    is a new version of: the one with the same content (it only gains an id number), else
    the one with its id number; without an id number, the one active question of the same
    category and name that has none, when the file names it once."""
    questions = list(Question.objects.filter(bank=bank).select_related("category"))
    by_key = {q.source_key: q for q in questions if q.source_key}
    by_id = {q.id_number: q for q in questions if q.id_number}
    by_name: dict[tuple[str, str], list[Question]] = {}
    for q in questions:
        if q.is_active and not q.id_number:
            by_name.setdefault((q.category.path, q.name), []).append(q)
    names_in_file: dict[tuple[str, str], int] = {}
    for item, _key in changed:
        name = (_category_path(item), item.name[:200])
        names_in_file[name] = names_in_file.get(name, 0) + (0 if item.id_number else 1)
    targets: dict[int, Question] = {}
    for position, (item, key) in enumerate(changed):
        if key in by_key:
            targets[position] = by_key[key]
        elif item.id_number:
            if item.id_number in by_id:
                targets[position] = by_id[item.id_number]
        else:
            name = (_category_path(item), item.name[:200])
            same = by_name.get(name, [])
            if len(same) == 1 and names_in_file[name] == 1:
                targets[position] = same[0]
    return targets


def questions_import(*, bank: QuestionBank, report: ImportReport, user=None, dry_run: bool = False) -> ImportOutcome:
    """Store the questions of a parsed file. A report with errors stores nothing; a question
    already imported (same source key in the bank) is left alone, so re-importing the same
    file does not duplicate anything. A question that changed since (same id number, or
    same category and name) becomes a new version of the stored one, as Moodle versions a
    re-imported question. Exact duplicates inside the file are stored once and listed in
    ``duplicates``."""
    if report.errors:
        raise CertificationError("import.has_errors", count=len(report.errors))
    existing = dict(Question.objects.filter(bank=bank).exclude(source_key="").values_list("source_key", "id_number"))
    distinct: list[tuple[ImportedQuestion, str]] = []
    duplicates: list[ImportedQuestion] = []
    seen: set[str] = set()
    for item in report.questions:
        key = question_source_key(item)
        if key in seen:
            duplicates.append(item)
            continue
        seen.add(key)
        distinct.append((item, key))
    changed = [
        (item, key)
        for item, key in distinct
        if key not in existing or (item.id_number and existing[key] != item.id_number)
    ]
    targets = _import_targets(bank, changed)
    unchanged = len(distinct) - len(changed)
    updated = len(targets)
    if dry_run:
        return ImportOutcome(
            report,
            created=len(changed) - updated,
            unchanged=unchanged,
            dry_run=True,
            duplicates=tuple(duplicates),
            updated=updated,
        )
    with transaction.atomic():
        for path, info in report.category_info:
            category = category_ensure(bank=bank, path=path)
            if category.description != info:
                category.description = info
                category.save(update_fields=["description"])
        created = 0
        for position, (item, key) in enumerate(changed):
            target = targets.get(position)
            snapshot = item.question
            if item.extra.get("files"):
                snapshot = _with_embedded_files(snapshot, item.extra["files"], user)
            question_save(
                bank=bank,
                category=category_ensure(bank=bank, path=item.category),
                name=item.name,
                snapshot=snapshot,
                tags=item.tags,
                question=target,
                user=user,
                source_key=key,
                id_number=(item.id_number or None) if target is not None else item.id_number,
                audit=target is not None,
            )
            created += target is None
        audit_record(
            action="question_bank.import",
            actor=user,
            target=bank,
            summary=f"{created} questions imported, {updated} updated",
            after={
                "created": created,
                "updated": updated,
                "duplicates": len(duplicates),
                "by_type": report.counts_by_type(),
            },
        )
    return ImportOutcome(
        report,
        created=created,
        unchanged=unchanged,
        dry_run=False,
        duplicates=tuple(duplicates),
        updated=updated,
    )


# --- attempts --------------------------------------------------------------------------------


def attempts_window(*, exam: Exam, employee: Employee, now: dt.datetime):
    return Attempt.objects.filter(
        exam=exam, employee=employee, started_at__gt=now - dt.timedelta(days=ATTEMPT_WINDOW_DAYS)
    )


def attempt_start_check(*, exam: Exam, employee: Employee, now: dt.datetime | None = None) -> None:
    """Raise `CertificationError` when the employee may not start `exam` now."""
    refusal = attempt_start_refusals(exams=[exam], employee=employee, now=now)[exam.pk]
    if refusal is not None:
        raise refusal


def attempt_start_refusals(
    *,
    exams: Iterable[Exam],
    employee: Employee,
    now: dt.datetime | None = None,
    facts: dict[int, ExamAttemptFacts] | None = None,
) -> dict[int, CertificationError | None]:
    """Per exam id: the `CertificationError` starting it now would raise, or None. A fixed number
    of queries whatever the number of exams (the attempts read once, the prerequisites asked for
    every specialisation at once). `facts`: the exams' `selectors.exam_attempt_facts` when the caller
    has read them already."""
    now = _now(now)
    exams = list(exams)
    if facts is None:
        facts = exam_attempt_facts(employee=employee, exam_ids=[e.pk for e in exams], now=now)
    needing = {e.specialisation_id for e in exams if e.requires_prerequisites}
    met = (
        specialisations_requirements_met(
            employee_id=employee.pk, specialisation_ids=needing, day=timezone.localdate(now)
        )
        if needing
        else set()
    )
    return {exam.pk: _start_refusal(exam, facts[exam.pk], met=met, now=now) for exam in exams}


def _start_refusal(
    exam: Exam, facts: ExamAttemptFacts, *, met: set[int], now: dt.datetime
) -> CertificationError | None:
    if not exam.is_active:
        return CertificationError("exam.inactive")
    if (exam.available_from and now < exam.available_from) or (exam.available_until and now > exam.available_until):
        return CertificationError("exam.not_available")
    if exam.requires_prerequisites and exam.specialisation_id not in met:
        return CertificationError("exam.prerequisites")
    if len(facts.recent_starts) >= exam.attempts_per_30_days:
        oldest = facts.recent_starts[0]
        return CertificationError("exam.attempt_limit", next_at=oldest + dt.timedelta(days=ATTEMPT_WINDOW_DAYS))
    if facts.last_closed_at and exam.cooldown_hours:
        until = facts.last_closed_at + dt.timedelta(hours=exam.cooldown_hours)
        if now < until:
            return CertificationError("exam.cooldown", until=until)
    return None


def _draw_questions(exam: Exam, employee: Employee, rng: random.Random) -> list[tuple[Any, QuestionVersion]]:
    previous = Attempt.objects.filter(exam=exam, employee=employee).order_by("-started_at").first()
    avoid = set()
    if previous is not None:
        avoid = set(previous.questions.values_list("version__question_id", flat=True))
    pools = []
    for section in exam.sections.select_related("category").all():
        qs = Question.objects.filter(
            bank_id=section.bank_id, is_active=True, current_version__isnull=False, type__in=section.drawable_types()
        )
        if section.category_id:
            qs = qs.filter(category_id__in=section.category.descendant_ids())
        for tag in section.tag_list():
            qs = qs.filter(tags__name=tag)
        pools.append((section, list(qs.order_by("pk").values_list("pk", flat=True).distinct())))
    # the most constrained sections draw first, so a broad section cannot starve a narrow one
    drawn_by_section: dict[int, list[int]] = {}
    taken: set[int] = set()
    for section, candidates in sorted(pools, key=lambda p: len(p[1])):
        drawn = blueprint.draw_section(candidates, section.question_count, rng=rng, avoid=avoid, taken=taken)
        if isinstance(drawn, blueprint.DrawShortfall):
            raise CertificationError(
                "exam.pool_too_small", section=section.title, needed=drawn.needed, available=drawn.available
            )
        taken.update(drawn)
        drawn_by_section[section.pk] = drawn
    picked: list[tuple[Any, int]] = [(section, qid) for section, _ in pools for qid in drawn_by_section[section.pk]]
    if not picked:
        raise CertificationError("exam.pool_too_small", section="-", needed=1, available=0)
    versions = {
        q.pk: q.current_version
        for q in Question.objects.filter(pk__in=[qid for _, qid in picked]).select_related("current_version")
    }
    out = [(section, versions[qid]) for section, qid in picked]
    if exam.shuffle_questions:
        rng.shuffle(out)
    return out


def attempt_start(
    *,
    exam: Exam,
    employee: Employee,
    now: dt.datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Start (or resume) an attempt. Questions, versions and choice order are frozen here."""
    now = _now(now)
    rng = rng or random.Random(secrets.randbits(64))  # noqa: S311 - shuffling, seeded from secrets
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one start at a time
        open_attempt = Attempt.objects.filter(exam=exam, employee=employee, status=AttemptStatus.IN_PROGRESS).first()
        if open_attempt is not None:
            if not open_attempt.is_past_deadline(now):
                return open_attempt
            _grade_locked(Attempt.objects.select_for_update().get(pk=open_attempt.pk), now, ClosedBy.DEADLINE)
        attempt_start_check(exam=exam, employee=employee, now=now)
        drawn = _draw_questions(exam, employee, rng)
        number = (Attempt.objects.filter(exam=exam, employee=employee).aggregate(m=Max("number"))["m"] or 0) + 1
        attempt = Attempt.objects.create(
            exam=exam,
            employee=employee,
            number=number,
            started_at=now,
            deadline=now + dt.timedelta(minutes=exam.time_limit_minutes),
            passing_score=exam.passing_score,
        )
        rows = []
        for position, (section, version) in enumerate(drawn, start=1):
            snap = version.snapshot()
            payload = question_payload(snap)
            payload["display"] = blueprint.shuffle_snapshot(snap, rng=rng, shuffle_choices=exam.shuffle_choices)
            rows.append(
                AttemptQuestion(attempt=attempt, position=position, version=version, section=section, snapshot=payload)
            )
        AttemptQuestion.objects.bulk_create(rows)
    return attempt


def attempt_close_if_expired(*, attempt_id: int, now: dt.datetime | None = None) -> bool:
    """Close and grade one attempt found past its deadline (what the sweep does for all of them).
    True when it is (now) closed. Idempotent under the row lock."""
    now = _now(now)
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.status != AttemptStatus.IN_PROGRESS:
            return True
        if attempt.is_past_deadline(now):
            _grade_locked(attempt, now, ClosedBy.DEADLINE)
            return True
    return False


#: form field saying the posted form carries the "flag for review" boxes (``flag-q<pk>`` = "1")
FLAGS_MARKER = "flags"


def _apply_form(attempt: Attempt, form, now: dt.datetime, *, strict: bool = True) -> int:
    """Store the answers present in `form`. Unknown question fields raise BadResponse."""
    questions = list(attempt.questions.all())
    known: set[str] = set()
    for aq in questions:
        known |= field_names(aq.frozen(), f"q{aq.pk}")
    if strict:
        for name in form.keys():
            if name.startswith("q") and name[1:2].isdigit() and name not in known:
                raise BadResponse(name)
    # The exam page's form says it carries the flags (unticked boxes send nothing); a form
    # without that marker (the confirmation step, an old tab) leaves the flags as they are.
    with_flags = form.get(FLAGS_MARKER) == "1"
    changed = []
    flags_changed = []
    for aq in questions:
        if with_flags:
            flagged = form.get(f"flag-q{aq.pk}") == "1"
            if flagged != aq.flagged:
                aq.flagged = flagged
                flags_changed.append(aq)
        value = response_from_form(aq.frozen(), f"q{aq.pk}", form)
        if value is None or value == aq.response:
            continue
        aq.response = value
        aq.answered_at = now
        changed.append(aq)
    if changed:
        AttemptQuestion.objects.bulk_update(changed, ["response", "answered_at"])
    if flags_changed:
        AttemptQuestion.objects.bulk_update(flags_changed, ["flagged"])
    return len(changed)


def attempt_save_answers(*, attempt: Attempt, form, now: dt.datetime | None = None) -> int:
    """Autosave. Refused (`attempt.closed`) when the attempt is closed or past its deadline,
    in which case it is closed and graded with the answers saved before the deadline."""
    now = _now(now)
    if attempt_close_if_expired(attempt_id=attempt.pk, now=now):
        raise CertificationError("attempt.closed")
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != AttemptStatus.IN_PROGRESS:
            raise CertificationError("attempt.closed")
        return _apply_form(locked, form, now)


def attempt_submit(
    *, attempt: Attempt, form=None, now: dt.datetime | None = None, closed_by: str = ClosedBy.AGENT
) -> Attempt:
    """Save the last answers and grade. Safe to call twice or concurrently: the row lock makes
    the second call see a graded attempt and return it unchanged."""
    now = _now(now)
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != AttemptStatus.IN_PROGRESS:
            return locked
        late = locked.is_past_deadline(now)
        if form is not None and not late:
            _apply_form(locked, form, now)
        _grade_locked(locked, now, ClosedBy.DEADLINE if late else closed_by)
        return locked


def _grade_locked(attempt: Attempt, now: dt.datetime, closed_by: str | None) -> None:
    """Grade a locked attempt with the marks given so far. With an essay unmarked it waits
    (``PENDING``, not passed, no certificate); once all are marked it is ``GRADED`` and a pass
    earns the certificate. ``closed_by`` None: the attempt was closed before (a marking)."""
    questions = list(attempt.questions.all())
    frozen = [aq.frozen() for aq in questions]
    responses = {str(aq.pk): response_from_json(aq.response) for aq in questions}
    marks = {str(aq.pk): aq.fraction for aq in questions if aq.marked_at is not None and aq.fraction is not None}
    result = grade_attempt(frozen, responses, passing_score=attempt.passing_score, marks=marks)
    by_key = {r.key: r for r in result.questions}
    for aq in questions:
        r = by_key[str(aq.pk)]
        aq.fraction = None if str(aq.pk) in result.pending else r.fraction
        aq.points = None if str(aq.pk) in result.pending else r.points
        aq.result = grading_result_json(r)
        if aq.marked_at is not None and aq.mark_comment:
            aq.result["mark_comment"] = aq.mark_comment
    AttemptQuestion.objects.bulk_update(questions, ["fraction", "points", "result"])
    attempt.status = AttemptStatus.PENDING if result.pending else AttemptStatus.GRADED
    if closed_by is not None:
        attempt.closed_at = min(now, attempt.deadline) if closed_by == ClosedBy.DEADLINE else now
        attempt.closed_by = closed_by
    attempt.score_points = result.total_points
    attempt.max_points = result.max_points
    attempt.percentage = result.percentage
    attempt.passed = result.passed
    attempt.save(
        update_fields=["status", "closed_at", "closed_by", "score_points", "max_points", "percentage", "passed"]
    )
    if attempt.status == AttemptStatus.GRADED:
        integrations.attempt_graded(attempt)
    if result.passed:
        certificate_issue(attempt=attempt, now=now)


@transaction.atomic
def attempt_essay_mark(
    *, attempt_question: AttemptQuestion, fraction, comment: str = "", actor, now: dt.datetime | None = None
) -> Attempt:
    """A person's mark for an essay of a submitted attempt: ``fraction`` 0..1 of its points and
    a comment for the agent. When it is the last essay to mark, the attempt is graded (a pass
    issues the certificate). Marking again changes the mark while the attempt still waits."""
    _require_capability(actor, "certification.question_bank_edit")
    now = _now(now)
    attempt = Attempt.objects.select_for_update().get(pk=attempt_question.attempt_id)
    aq = AttemptQuestion.objects.select_for_update().get(pk=attempt_question.pk)
    if attempt.status != AttemptStatus.PENDING:
        raise CertificationError("essay.not_pending")
    if not aq.frozen().needs_marking:
        raise CertificationError("essay.not_an_essay")
    try:
        value = Decimal(str(fraction))
    except (InvalidOperation, ValueError) as exc:
        raise CertificationError("essay.bad_mark") from exc
    if not value.is_finite() or not 0 <= value <= 1:
        raise CertificationError("essay.bad_mark")
    aq.fraction = value.quantize(Decimal("0.0001"))
    aq.marked_at, aq.marked_by, aq.mark_comment = now, actor, (comment or "").strip()[:4000]
    aq.save(update_fields=["fraction", "marked_at", "marked_by", "mark_comment"])
    _grade_locked(attempt, now, None)
    audit_record(
        action="attempt.essay_mark",
        actor=actor,
        target=attempt,
        summary=f"essay {aq.position} marked {aq.fraction}",
        after={
            "question": aq.position,
            "fraction": str(aq.fraction),
            "status": attempt.status,
            "passed": attempt.passed,
        },
    )
    return attempt


@dataclass(frozen=True)
class RegradeOutcome:
    """What a regrade after a question correction did: attempts regraded, how many changed
    score, and the certificates it issued or revoked (their numbers)."""

    attempts: int
    changed: int
    issued: tuple[str, ...]
    revoked: tuple[str, ...]


def _corrected_payload(aq: AttemptQuestion, version: QuestionVersion) -> dict[str, Any]:
    """The corrected version as the attempt stores it, keeping the order the agent saw when
    the choices are still the same ones (a new or removed choice falls back to the stored order)."""
    payload = question_payload(version.snapshot())
    display = dict(aq.snapshot.get("display") or {})
    old_keys = {c.get("key") for c in aq.snapshot.get("choices", ())}
    new_keys = {c.get("key") for c in payload.get("choices", ())}
    payload["display"] = display if old_keys == new_keys else {}
    return payload


def attempts_regrade_question(
    *, question: Question, reason: str, actor, now: dt.datetime | None = None
) -> RegradeOutcome:
    """After a question's key is corrected (its current version), regrade every submitted
    attempt that used an older version: the attempt takes the corrected version (its answers
    unchanged) and is graded again. A regrade that turns a fail into a pass issues the
    certificate; one that turns a pass into a fail revokes the attempt's certificate with the
    reason. Each regraded attempt is audited with its score before and after."""
    _require_capability(actor, "certification.certificate_revoke")
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError("certificate.reason_required")
    version = question.current_version
    if version is None:
        raise CertificationError("regrade.no_version")
    now = _now(now)
    attempt_ids = list(
        AttemptQuestion.objects.filter(
            version__question=question,
            attempt__status__in=[AttemptStatus.GRADED, AttemptStatus.PENDING],
        )
        .exclude(version=version)
        .values_list("attempt_id", flat=True)
        .distinct()
        .order_by("attempt_id")
    )
    changed = 0
    issued: list[str] = []
    revoked: list[str] = []
    with transaction.atomic():
        for attempt_id in attempt_ids:
            attempt = Attempt.objects.select_for_update().select_related("exam__specialisation").get(pk=attempt_id)
            before = {"percentage": str(attempt.percentage), "passed": attempt.passed, "status": attempt.status}
            stale = list(attempt.questions.filter(version__question=question).exclude(version=version))
            for aq in stale:
                aq.snapshot = _corrected_payload(aq, version)
                aq.version = version
            AttemptQuestion.objects.bulk_update(stale, ["snapshot", "version"])
            had_certificate = attempt.certificates.exists()
            _grade_locked(attempt, now, None)
            if attempt.passed and not had_certificate:
                issued.append(attempt.certificates.get(replaces__isnull=True).number)
            if before["passed"] and not attempt.passed:
                active = attempt.certificates.exclude(
                    status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED]
                ).first()
                if active is not None:
                    text = gettext("Regraded after a question correction: %(reason)s") % {"reason": reason}
                    certificate_revoke(certificate=active, reason=text, actor=actor, now=now)
                    revoked.append(active.number)
            after = {"percentage": str(attempt.percentage), "passed": attempt.passed, "status": attempt.status}
            if after != before:
                changed += 1
            audit_record(
                action="attempt.regrade",
                actor=actor,
                target=attempt,
                summary=f"question {question.pk} v{version.number}: {reason}"[:500],
                before=before,
                after=after,
            )
    return RegradeOutcome(attempts=len(attempt_ids), changed=changed, issued=tuple(issued), revoked=tuple(revoked))


def grading_result_json(r) -> dict[str, Any]:
    """A graded question's result as stored on the attempt (JSON-safe)."""
    return {
        "fraction": str(r.fraction),
        "points": str(r.points),
        "max_points": str(r.max_points),
        "feedback": r.feedback,
        "general_feedback": r.general_feedback,
        "items": [{"key": i.key, "chosen": i.chosen, "correct": i.correct, "feedback": i.feedback} for i in r.items],
        "subs": {s.key: grading_result_json(s) for s in r.sub_results},
    }


def attempts_close_expired(*, now: dt.datetime | None = None) -> int:
    """Close and grade every attempt past its deadline (the scheduled sweep)."""
    now = _now(now)
    ids = list(Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lte=now).values_list("pk", flat=True))
    closed = 0
    for attempt_id in ids:
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update(skip_locked=True).filter(pk=attempt_id).first()
            if attempt is None or attempt.status != AttemptStatus.IN_PROGRESS:
                continue
            _grade_locked(attempt, now, ClosedBy.DEADLINE)
            closed += 1
    return closed


# --- certificates ------------------------------------------------------------------------


def _event(certificate: Certificate, kind: str, now: dt.datetime, actor=None, note: str = "") -> None:
    CertificateEvent.objects.create(certificate=certificate, kind=kind, at=now, actor=actor, note=note)


def _new_code() -> str:
    while True:
        code = new_verification_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


def _number(cert: Certificate) -> str:
    """The certificate's public number: prefix, year of issue, specialisation, its row id."""
    return certificate_number(
        prefix=CERTIFICATE_PREFIX,
        year=cert.issued_on.year,
        specialisation_code=cert.specialisation.code[:4],
        sequence=cert.pk,
    )


def _create_certificate(**fields: Any) -> Certificate:
    temp = f"TMP-{secrets.token_hex(8)}"
    cert = Certificate.objects.create(number=temp, code=_new_code(), **fields)
    cert.number = _number(cert)
    cert.save(update_fields=["number"])
    return cert


def _certificate_create_issued(
    *, attempt: Attempt, issued_on: dt.date, expires_on: dt.date, at: dt.datetime, actor=None, **fields: Any
) -> Certificate:
    """The one way a passing attempt becomes a certificate: number, verification code, its
    "issued" event and its audit record (what every issued certificate gets, live or loaded)."""
    spec = attempt.exam.specialisation
    cert = _create_certificate(
        employee=attempt.employee,
        specialisation=spec,
        attempt=attempt,
        holder_name=attempt.employee.full_name,
        score=attempt.percentage,
        issued_on=issued_on,
        expires_on=expires_on,
        **fields,
    )
    _event(cert, CertificateEventKind.ISSUED, at, actor)
    audit_record(
        action="certificate.issue",
        actor=actor,
        target=cert,
        summary=f"{cert.number} {spec.code} {cert.holder_name}",
        after={"number": cert.number, "expires_on": cert.expires_on, "attempt": attempt.pk},
    )
    return cert


def _notify_after_commit(certificate_id: int, kind: str) -> None:
    enqueue("certification.tasks.certificate_deliver_task", certificate_id, kind)


def certificates_load_history(*, attempts: list[Attempt], today: dt.date, actor=None) -> list[Certificate]:
    """Certificates of passed attempts taken in the past (loading history, the demo).

    Issued on the attempt's day and expiring `validity_months` later, each made like
    :func:`certificate_issue` (number, code, "issued" event, audit record), with its status as of
    `today`. History is not news: no e-mails; PDFs are rendered on first download."""
    if any(not attempt.passed for attempt in attempts):
        raise CertificationError("certificate.not_passed")
    certs = []
    with transaction.atomic():
        for attempt in attempts:
            spec = attempt.exam.specialisation
            issued_on = timezone.localdate(attempt.closed_at)
            expires_on = add_months(issued_on, spec.validity_months)
            status = Certificate(specialisation=spec, expires_on=expires_on).status_on(today)
            certs.append(
                _certificate_create_issued(
                    attempt=attempt,
                    issued_on=issued_on,
                    expires_on=expires_on,
                    at=attempt.closed_at,
                    actor=actor,
                    status=status,
                )
            )
    return certs


def certificate_issue(*, attempt: Attempt, now: dt.datetime | None = None, actor=None) -> Certificate:
    """Issue the certificate of a passing attempt (exactly once: a second call returns it).

    A renewal (a valid certificate of the same specialisation still running) continues the
    cycle: the new certificate expires `validity_months` after the old one's expiry."""
    now = _now(now)
    existing = Certificate.objects.filter(attempt=attempt, replaces__isnull=True).first()
    if existing is not None:
        return existing
    if not attempt.passed:
        raise CertificationError("certificate.not_passed")
    spec = attempt.exam.specialisation
    issued_on = timezone.localdate(now)
    current = (
        Certificate.objects.filter(
            employee_id=attempt.employee_id,
            specialisation=spec,
            status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRING],
            expires_on__gte=issued_on,
        )
        .order_by("-expires_on")
        .first()
    )
    start = current.expires_on if current is not None else issued_on
    with transaction.atomic():
        try:
            with transaction.atomic():
                cert = _certificate_create_issued(
                    attempt=attempt,
                    issued_on=issued_on,
                    expires_on=add_months(start, spec.validity_months),
                    at=now,
                    actor=actor,
                )
        except IntegrityError:
            return Certificate.objects.get(attempt=attempt, replaces__isnull=True)
        _notify_after_commit(cert.pk, "issued")
        integrations.certificate_event(cert, "issued")
    return cert


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, actor, now: dt.datetime | None = None) -> Certificate:
    _require_capability(actor, "certification.certificate_revoke")
    now = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError("certificate.reason_required")
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if cert.status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        raise CertificationError("certificate.not_active", status=cert.status)
    before = {"status": cert.status}
    cert.status = CertificateStatus.REVOKED
    cert.revoked_at = now
    cert.revocation_reason = reason
    cert.save(update_fields=["status", "revoked_at", "revocation_reason"])
    _event(cert, CertificateEventKind.REVOKED, now, actor, reason)
    audit_record(
        action="certificate.revoke",
        actor=actor,
        target=cert,
        summary=reason,
        before=before,
        after={"status": cert.status},
    )
    _notify_after_commit(cert.pk, "revoked")
    integrations.certificate_event(cert, "revoked")
    return cert


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, actor, reason: str, holder_name: str | None = None, now: dt.datetime | None = None
) -> Certificate:
    """Replace a certificate (e.g. a name correction): same dates and result, new number and
    code; the old copy becomes `superseded` and its verification page says so."""
    _require_capability(actor, "certification.certificate_reissue")
    now = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError("certificate.reason_required")
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        raise CertificationError("certificate.not_active", status=old.status)
    status_before = old.status
    old.status = CertificateStatus.SUPERSEDED
    old.superseded_at = now
    old.save(update_fields=["status", "superseded_at"])
    new = _create_certificate(
        employee=old.employee,
        specialisation=old.specialisation,
        attempt=old.attempt,
        replaces=old,
        holder_name=(holder_name or "").strip() or old.employee.full_name,
        score=old.score,
        issued_on=old.issued_on,
        expires_on=old.expires_on,
        status=status_before,
        renewal_assigned_on=old.renewal_assigned_on,
    )
    _event(old, CertificateEventKind.SUPERSEDED, now, actor, reason)
    _event(new, CertificateEventKind.REISSUED, now, actor, reason)
    audit_record(
        action="certificate.reissue",
        actor=actor,
        target=new,
        summary=reason,
        before={"number": old.number, "holder": old.holder_name},
        after={"number": new.number, "holder": new.holder_name},
    )
    _notify_after_commit(new.pk, "reissued")
    return new


def _renewal_reason(certificate: Certificate) -> str:
    """Why a renewal path was assigned, as the agent reads it on their learning page. Stored text, so it is
    written in the portal's default language, with the date in words."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Renewal: certificate %(number)s expires on %(date)s") % {
            "number": certificate.number,
            "date": date_format(certificate.expires_on, "DATE_FORMAT"),
        }


def certificate_render_pdf(*, certificate_id: int, force: bool = False) -> Certificate:
    """Render and store the PDF/A-3b and its SHA-256 (once; `force` re-renders)."""
    cert = Certificate.objects.select_related("employee", "specialisation").get(pk=certificate_id)
    if cert.pdf and cert.pdf_sha256 and not force:
        return cert
    data = pdf.render_certificate(cert)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if locked.pdf and locked.pdf_sha256 and not force:
            return locked
        locked.pdf.save(f"{locked.number}.pdf", ContentFile(data), save=False)
        locked.pdf_sha256 = digest
        locked.save(update_fields=["pdf", "pdf_sha256"])
    return locked


def certificates_refresh(*, today: dt.date, now: dt.datetime | None = None) -> dict[str, int]:
    """Daily: expire on time, mark expiring, assign the renewal path when the renewal window
    opens, and send the 60/30/7-day reminders (each once). Safe to run twice a day."""
    now = _now(now)
    counts = {"expired": 0, "expiring": 0, "renewal_assigned": 0, "reminders": 0}
    active = Certificate.objects.filter(
        status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRING]
    ).select_related("specialisation")
    for cert_id in list(active.filter(expires_on__lt=today).values_list("pk", flat=True)):
        with transaction.atomic():
            cert = Certificate.objects.select_for_update().get(pk=cert_id)
            if cert.status not in (CertificateStatus.VALID, CertificateStatus.EXPIRING):
                continue
            cert.status = CertificateStatus.EXPIRED
            cert.save(update_fields=["status"])
            CertificateEvent.objects.get_or_create(
                certificate=cert, kind=CertificateEventKind.EXPIRED, defaults={"at": now}
            )
            integrations.certificate_event(cert, "expired")
            counts["expired"] += 1
    for cert in active.filter(expires_on__gte=today):
        window = cert.specialisation.renewal_window_days
        days_left = (cert.expires_on - today).days
        if days_left > max(window, max(REMINDER_DAYS)):
            continue
        renewed = (
            Certificate.objects.filter(
                employee_id=cert.employee_id,
                specialisation_id=cert.specialisation_id,
                replaces__isnull=True,
                expires_on__gt=cert.expires_on,
            )
            .exclude(status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED])
            .exists()
        )
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=cert.pk)
            if days_left <= window and locked.status == CertificateStatus.VALID:
                locked.status = CertificateStatus.EXPIRING
                locked.save(update_fields=["status"])
                integrations.certificate_event(locked, "expiring")
                counts["expiring"] += 1
            if renewed:
                continue
            if days_left <= window and locked.renewal_assigned_on is None:
                assigned = renewal_path_assign(
                    employee_id=locked.employee_id,
                    specialisation_id=locked.specialisation_id,
                    due=locked.expires_on,
                    reason=_renewal_reason(locked),
                )
                locked.renewal_assigned_on = today
                locked.save(update_fields=["renewal_assigned_on"])
                CertificateEvent.objects.get_or_create(
                    certificate=locked,
                    kind=CertificateEventKind.RENEWAL_ASSIGNED,
                    defaults={"at": now, "note": "assigned" if assigned else "learning did not assign a path"},
                )
                counts["renewal_assigned"] += 1
            due = [d for d in REMINDER_DAYS if days_left <= d]
            if due:
                kind = REMINDER_KINDS[min(due)]
                _, created = CertificateEvent.objects.get_or_create(certificate=locked, kind=kind, defaults={"at": now})
                if created:
                    counts["reminders"] += 1
                    _notify_after_commit(locked.pk, f"reminder_{min(due)}")
    return counts


__all__ = [
    "BadResponse",
    "CertificationError",
    "ImportOutcome",
    "attempt_save_answers",
    "attempt_start",
    "attempt_start_check",
    "attempt_start_refusals",
    "attempt_submit",
    "attempt_essay_mark",
    "attempts_close_expired",
    "category_ensure",
    "certificate_issue",
    "certificate_reissue",
    "certificate_render_pdf",
    "certificate_revoke",
    "certificates_refresh",
    "question_save",
    "questions_import",
]

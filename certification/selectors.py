"""Reads of the certification app. Keyword-only and typed.

Public for other apps (incentives):

    certificates_valid_on(*, agent_ids, specialisation, day) -> dict[int, CertificateRef]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Max, OuterRef, Q, QuerySet, Subquery

from certification.engine.analysis import AttemptRecord, ItemResponse, QuestionInfo, analyse_exam
from certification.engine.questions import ImportedQuestion, QuestionType
from certification.engine.responses import response_is_answered
from certification.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Certificate,
    CertificateStatus,
    Exam,
    Question,
    QuestionBank,
    QuestionCategory,
    ReviewPolicy,
)
from core.models import Campaign, CampaignAssignment, Employee, Specialisation, TeamMembership
from core.scoping import employees_in_scope, scope_queryset
from core.selectors import rows_change_marker


@dataclass(frozen=True)
class CertificateRef:
    certificate_id: int
    number: str
    issued_on: dt.date
    expires_on: dt.date


def _spec_id(specialisation: Specialisation | int | str) -> Q:
    if isinstance(specialisation, Specialisation):
        return Q(specialisation_id=specialisation.pk)
    if isinstance(specialisation, int):
        return Q(specialisation_id=specialisation)
    return Q(specialisation__code=specialisation)


def valid_on_q(day: dt.date) -> Q:
    """Certificates that were in force on `day`: issued on or before it, not yet expired,
    not revoked before or on it. A superseded copy counts until it was replaced (its
    replacement covers the rest of the cycle)."""
    return (
        Q(issued_on__lte=day, expires_on__gte=day)
        & (Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=day))
        & (Q(superseded_at__isnull=True) | Q(superseded_at__date__gt=day))
    )


def certificates_valid_on(
    *, agent_ids: Iterable[int], specialisation: Specialisation | int | str, day: dt.date
) -> dict[int, CertificateRef]:
    """Employees (ids) among `agent_ids` holding a certificate in `specialisation` valid on
    `day`, each with the certificate that covers the day (the one that runs longest)."""
    ids = list(agent_ids)
    if not ids:
        return {}
    rows = (
        Certificate.objects.filter(_spec_id(specialisation), employee_id__any=ids)
        .filter(valid_on_q(day))
        .order_by("employee_id", "-expires_on", "-pk")
        .values_list("employee_id", "pk", "number", "issued_on", "expires_on")
    )
    out: dict[int, CertificateRef] = {}
    for employee_id, pk, number, issued_on, expires_on in rows:
        out.setdefault(employee_id, CertificateRef(pk, number, issued_on, expires_on))
    return out


def certificates_change_marker() -> str | None:
    """Changes whenever a certificate is issued, renewed, revoked or removed
    (``core.selectors.rows_change_marker``; PostgreSQL and SQLite)."""
    return rows_change_marker(Certificate)


def certificate_by_code(*, code: str) -> Certificate | None:
    return Certificate.objects.select_related("employee", "specialisation", "replaced_by").filter(code=code).first()


def certificates_of_employee(*, employee: Employee) -> QuerySet[Certificate]:
    return Certificate.objects.filter(employee=employee).select_related("specialisation").order_by("-issued_on", "-pk")


def certificates_in_scope(*, user) -> QuerySet[Certificate]:
    return scope_queryset(Certificate.objects.select_related("employee", "specialisation"), user)


def exams_for_employee(*, employee: Employee) -> QuerySet[Exam]:
    return (
        Exam.objects.filter(is_active=True).select_related("specialisation").order_by("specialisation__name", "title")
    )


def attempts_of_employee(*, employee: Employee, exam: Exam | None = None) -> QuerySet[Attempt]:
    qs = Attempt.objects.filter(employee=employee).select_related("exam")
    if exam is not None:
        qs = qs.filter(exam=exam)
    return qs.order_by("-started_at")


def _current_certificates(employee_ids: list[int], day: dt.date) -> dict[tuple[int, int], Certificate]:
    """Per (employee, specialisation): the certificate that says most about `day`: a valid one
    first, else the latest (expired or revoked)."""
    best: dict[tuple[int, int], Certificate] = {}
    qs = (
        Certificate.objects.filter(employee_id__any=list(employee_ids), issued_on__lte=day)
        .exclude(status=CertificateStatus.SUPERSEDED)
        .select_related("specialisation")
        .order_by("-expires_on", "-pk")
    )
    rank = {
        CertificateStatus.VALID: 0,
        CertificateStatus.EXPIRING: 0,
        CertificateStatus.EXPIRED: 1,
        CertificateStatus.REVOKED: 2,
    }
    for cert in qs:
        key = (cert.employee_id, cert.specialisation_id)
        current = best.get(key)
        if current is None or rank[cert.status_on(day)] < rank[current.status_on(day)]:
            best[key] = cert
    return best


@dataclass(frozen=True)
class MatrixRow:
    employee: Employee
    cells: list[tuple[Specialisation, Certificate | None, str]]


def _filtered_employees(user, day: dt.date, *, site_id=None, team_id=None, campaign_id=None) -> QuerySet[Employee]:
    qs = employees_in_scope(user, on=day).filter(Q(memberships__isnull=False)).active_on(day)
    if team_id:
        qs = qs.filter(pk__in=TeamMembership.objects.on(day).filter(team_id=team_id).values("employee_id"))
    if site_id:
        qs = qs.filter(pk__in=TeamMembership.objects.on(day).filter(team__site_id=site_id).values("employee_id"))
    if campaign_id:
        qs = qs.filter(pk__in=CampaignAssignment.objects.on(day).filter(campaign_id=campaign_id).values("employee_id"))
    return qs.distinct().order_by("last_name", "first_name")


def certification_matrix(
    *,
    user,
    day: dt.date,
    site_id: int | None = None,
    team_id: int | None = None,
    campaign_id: int | None = None,
    employees: Iterable[Employee] | None = None,
) -> tuple[list[Specialisation], list[MatrixRow]]:
    """Agents in scope × specialisations, each cell the certificate and its status on `day`
    ("none" when there is no certificate). `employees`: only those (a page of
    :func:`matrix_employees`), else every agent the filters keep (the CSV)."""
    specs = list(Specialisation.objects.order_by("name"))
    if employees is None:
        employees = _filtered_employees(user, day, site_id=site_id, team_id=team_id, campaign_id=campaign_id)
    employees = list(employees)
    best = _current_certificates([e.pk for e in employees], day)
    rows = []
    for emp in employees:
        cells = []
        for spec in specs:
            cert = best.get((emp.pk, spec.pk))
            cells.append((spec, cert, cert.status_on(day) if cert else "none"))
        rows.append(MatrixRow(emp, cells))
    return specs, rows


def matrix_employees(
    *, user, day: dt.date, site_id: int | None = None, team_id: int | None = None, campaign_id: int | None = None
) -> QuerySet[Employee]:
    """The agents the matrix lists (in scope, on a team, active on `day`, filtered), by name: the
    page shows them a page at a time."""
    return _filtered_employees(user, day, site_id=site_id, team_id=team_id, campaign_id=campaign_id)


def matrix_status_counts(
    *, user, day: dt.date, site_id: int | None = None, team_id: int | None = None, campaign_id: int | None = None
) -> tuple[int, dict[int, dict[str, int]]]:
    """(number of agents, {specialisation id: {status: agents}}) over every agent the matrix lists,
    whatever the page: each agent counted once per specialisation by the certificate that says most
    about `day`, as the matrix's cells ("none": no certificate). Two queries, no model instances."""
    people = _filtered_employees(user, day, site_id=site_id, team_id=team_id, campaign_id=campaign_id)
    total = people.count()
    rank = {"valid": 0, "expiring": 0, "expired": 1, "revoked": 2}
    best: dict[tuple[int, int], tuple[int, str]] = {}
    rows = (
        Certificate.objects.filter(employee_id__in=people.order_by().values("pk"), issued_on__lte=day)
        .exclude(status=CertificateStatus.SUPERSEDED)
        .order_by("-expires_on", "-pk")
        .values_list("employee_id", "specialisation_id", "status", "expires_on", "specialisation__renewal_window_days")
    )
    for employee_id, spec_id, stored, expires_on, window in rows:
        status = _status_on(stored, expires_on, window, day)
        key = (employee_id, spec_id)
        current = best.get(key)
        if current is None or rank[status] < current[0]:
            best[key] = (rank[status], status)
    counts: dict[int, dict[str, int]] = {}
    for (_employee_id, spec_id), (_rank, status) in best.items():
        by_status = counts.setdefault(spec_id, {})
        by_status[status] = by_status.get(status, 0) + 1
    return total, counts


def _status_on(stored: str, expires_on: dt.date, window: int, day: dt.date) -> str:
    """``Certificate.status_on`` from the columns alone (the matrix's counts read no instances)."""
    if stored in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        return str(stored)
    if day > expires_on:
        return CertificateStatus.EXPIRED.value
    return CertificateStatus.EXPIRING.value if (expires_on - day).days <= window else CertificateStatus.VALID.value


def certificates_expiring(*, user, today: dt.date, within_days: int) -> QuerySet[Certificate]:
    """Certificates in scope, in force today, expiring within `within_days` days."""
    return (
        certificates_in_scope(user=user)
        .filter(valid_on_q(today), expires_on__lte=today + dt.timedelta(days=within_days))
        .exclude(status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED])
        .order_by("expires_on", "employee__last_name")
    )


#: the home page's expiry windows, in days from today
EXPIRY_WINDOWS = (30, 60, 90)


def certificate_expiry_by_site(*, user, today: dt.date) -> dict[str, list[int]]:
    """Certificates in scope, in force today, expiring within the last of EXPIRY_WINDOWS, counted per
    site of the holder's team today and per window (``{site name: [≤30, 31–60, 61–90]}``; holders
    without a team today under ""). One query whatever the number of agents."""
    site = TeamMembership.objects.on(today).filter(employee_id=OuterRef("employee_id")).order_by("pk")
    rows = (
        certificates_expiring(user=user, today=today, within_days=EXPIRY_WINDOWS[-1])
        .order_by()
        .annotate(site_name=Subquery(site.values("team__site__name")[:1]))
        .values_list("site_name", "expires_on")
    )
    counts: dict[str, list[int]] = {}
    for site_name, expires_on in rows:
        days = (expires_on - today).days
        slot = next(i for i, limit in enumerate(EXPIRY_WINDOWS) if days <= limit)
        counts.setdefault(site_name or "", [0] * len(EXPIRY_WINDOWS))[slot] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-sum(kv[1]), kv[0])))


@dataclass(frozen=True)
class CampaignClearance:
    employee: Employee
    certificate: CertificateRef | None
    cleared: bool


def campaign_clearance(*, user, campaign: Campaign, day: dt.date) -> list[CampaignClearance]:
    """Who may work `campaign` on `day`: the agents assigned to it that day (in scope), each
    cleared when the campaign requires no specialisation or they hold a valid certificate."""
    employees = list(
        employees_in_scope(user, on=day)
        .filter(pk__in=CampaignAssignment.objects.on(day).filter(campaign=campaign).values("employee_id"))
        .order_by("last_name", "first_name")
    )
    required = campaign.required_specialisation_id
    valid = (
        certificates_valid_on(agent_ids=[e.pk for e in employees], specialisation=required, day=day) if required else {}
    )
    return [CampaignClearance(e, valid.get(e.pk), cleared=(required is None or e.pk in valid)) for e in employees]


def attempt_review_allowed(*, attempt: Attempt, now: dt.datetime) -> bool:
    """Whether a closed attempt's result may show the answers and feedback, by its exam's
    review policy (``ReviewPolicy``); never while it is open or waits for marking."""
    if attempt.status != AttemptStatus.GRADED:
        return False
    policy = attempt.exam.review_policy
    if policy == ReviewPolicy.ANSWERS_AFTER_CLOSE:
        return True
    if policy == ReviewPolicy.ANSWERS_AFTER_PASS:
        return bool(attempt.passed)
    if policy == ReviewPolicy.ANSWERS_AFTER_LAST:
        if attempt.passed:
            return True
        recent = Attempt.objects.filter(
            exam=attempt.exam, employee_id=attempt.employee_id, started_at__gt=now - dt.timedelta(days=30)
        ).count()
        return recent >= attempt.exam.attempts_per_30_days
    return False


def attempt_section_scores(*, attempt: Attempt) -> list[tuple[str, Decimal, Decimal]]:
    """(section title, points, maximum) of a graded attempt, in blueprint order."""
    rows: dict[str, list[Decimal]] = {}
    for aq in attempt.questions.select_related("section").order_by("section__order", "section_id", "position"):
        title = aq.section.title if aq.section_id else "—"
        maximum = Decimal(str(aq.result.get("max_points", "0"))) if aq.result else Decimal(0)
        if not maximum:
            continue
        entry = rows.setdefault(title, [Decimal(0), Decimal(0)])
        entry[0] += aq.points or Decimal(0)
        entry[1] += maximum
    return [(title, points, maximum) for title, (points, maximum) in rows.items()]


@dataclass(frozen=True)
class NavigatorItem:
    """One question of an attempt as the navigator and the confirmation step show it."""

    number: int
    anchor: str
    answered: bool
    flagged: bool


def attempt_navigator(*, attempt: Attempt) -> list[NavigatorItem]:
    """Every question of the attempt in exam order, with its answered and flagged state as
    stored (so a reload, another tab or the confirmation step see the same)."""
    return [
        NavigatorItem(
            number=aq.position,
            anchor=f"question-q{aq.pk}",
            answered=response_is_answered(aq.frozen(), aq.response),
            flagged=aq.flagged,
        )
        for aq in attempt.questions.all()
    ]


def open_attempt(*, exam: Exam, employee: Employee) -> Attempt | None:
    return Attempt.objects.filter(exam=exam, employee=employee, status=AttemptStatus.IN_PROGRESS).first()


#: attempts counted against an exam's limit: those started within this many days
ATTEMPT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ExamAttemptFacts:
    """What an employee's attempts at one exam say about starting another."""

    open_attempt: Attempt | None = None
    #: start times of the attempts within the window (ATTEMPT_WINDOW_DAYS before `now`), oldest first
    recent_starts: tuple[dt.datetime, ...] = ()
    #: when the latest graded (or awaiting-marking) attempt closed
    last_closed_at: dt.datetime | None = None


def exam_attempt_facts(*, employee: Employee, exam_ids: Iterable[int], now: dt.datetime) -> dict[int, ExamAttemptFacts]:
    """Per exam id: the employee's open attempt, the recent starts and the last close, in two
    queries whatever the number of exams ("My certification" lists every exam with its state)."""
    ids = sorted(set(exam_ids))
    since = now - dt.timedelta(days=ATTEMPT_WINDOW_DAYS)
    attempts = (
        Attempt.objects.filter(employee=employee, exam_id__in=ids)
        .filter(Q(status=AttemptStatus.IN_PROGRESS) | Q(started_at__gt=since))
        .order_by("started_at", "pk")
    )
    open_by_exam: dict[int, Attempt] = {}
    starts: dict[int, list[dt.datetime]] = {}
    for attempt in attempts:
        if attempt.status == AttemptStatus.IN_PROGRESS:
            open_by_exam.setdefault(attempt.exam_id, attempt)
        if attempt.started_at > since:
            starts.setdefault(attempt.exam_id, []).append(attempt.started_at)
    closed = dict(
        Attempt.objects.filter(
            employee=employee, exam_id__in=ids, status__in=(AttemptStatus.GRADED, AttemptStatus.PENDING)
        )
        .values("exam_id")
        .annotate(last=Max("closed_at"))
        .values_list("exam_id", "last")
    )
    return {
        pk: ExamAttemptFacts(
            open_attempt=open_by_exam.get(pk),
            recent_starts=tuple(starts.get(pk, ())),
            last_closed_at=closed.get(pk),
        )
        for pk in ids
    }


def essays_to_mark():
    """The essays of submitted attempts waiting for a mark, oldest attempt first (the marking
    queue; marked essays of a still-waiting attempt are listed too, to change them)."""
    return (
        AttemptQuestion.objects.filter(
            attempt__status=AttemptStatus.PENDING, version__question__type=QuestionType.ESSAY.value
        )
        .select_related("attempt__exam", "attempt__employee", "version__question", "marked_by")
        .order_by("attempt__closed_at", "attempt_id", "position")
    )


def exam_item_analysis(*, exam: Exam):
    """Item analysis of an exam's graded attempts, per question (all versions together).
    Returns (ExamAnalysis, {question key: question name})."""
    rows = (
        AttemptQuestion.objects.filter(attempt__exam=exam, attempt__status=AttemptStatus.GRADED)
        .exclude(version__question__type=QuestionType.DESCRIPTION.value)  # information, worth nothing
        .values_list(
            "attempt_id", "attempt__percentage", "attempt__passed", "version__question_id", "fraction", "response"
        )
        .order_by("attempt_id", "position")
    )
    attempts: dict[int, dict] = {}
    for attempt_id, percentage, passed, question_id, fraction, response in rows:
        entry = attempts.setdefault(attempt_id, {"percentage": percentage or 0, "passed": bool(passed), "items": []})
        choices = tuple((response or {}).get("choices", ()))
        entry["items"].append(ItemResponse(str(question_id), fraction or 0, choices))
    records = [
        AttemptRecord(attempt_id, e["percentage"], e["passed"], tuple(e["items"])) for attempt_id, e in attempts.items()
    ]
    question_ids = {int(i.question_key) for r in records for i in r.items}
    info = {}
    names = {}
    for q in Question.objects.filter(pk__in=question_ids).select_related("current_version"):
        names[str(q.pk)] = q.name
        snap = q.snapshot()
        if snap is not None and snap.choices and snap.type.value in ("single", "multi", "truefalse"):
            info[str(q.pk)] = QuestionInfo(
                str(q.pk), tuple(c.key for c in snap.choices), frozenset(c.key for c in snap.choices if c.fraction > 0)
            )
    return analyse_exam(records, info), names


def bank_category_descriptions(*, bank: QuestionBank) -> dict[tuple[str, ...], str]:
    """The bank's category descriptions by path, for the Moodle XML writer."""
    return {
        tuple(path.split("/")): description
        for path, description in QuestionCategory.objects.filter(bank=bank)
        .exclude(description="")
        .values_list("path", "description")
    }


def bank_questions_for_export(*, bank: QuestionBank) -> list[ImportedQuestion]:
    """The bank's active questions, current version, in category then name order, as the
    engine's writers take them."""
    qs = (
        Question.objects.filter(bank=bank, is_active=True, current_version__isnull=False)
        .select_related("category", "current_version")
        .prefetch_related("tags")
        .order_by("category__path", "name", "pk")
    )
    return [
        ImportedQuestion(
            name=q.name,
            category=tuple(q.category.path.split("/")) if q.category.path else (),
            question=q.current_version.snapshot(),
            tags=tuple(sorted(t.name for t in q.tags.all())),
            id_number=q.id_number,
        )
        for q in qs
    ]


def certificates_withdrawn() -> QuerySet[Certificate]:
    """Revoked and superseded certificates (the badges' revocation list and status list), oldest first."""
    return (
        Certificate.objects.filter(status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED])
        .select_related("replaced_by")
        .order_by("pk")
    )


# --------------------------------------------------------------------------- the API's reads
def certificates_filtered(
    *,
    user,
    employee_code: str | None = None,
    specialisation_code: str | None = None,
    status: str | None = None,
    valid_on: dt.date | None = None,
) -> QuerySet[Certificate]:
    """Certificates in the reader's scope, narrowed by person, specialisation, stored status and
    the day they were in force (``valid_on_q``), newest first."""
    qs = certificates_in_scope(user=user)
    if employee_code:
        qs = qs.filter(employee__employee_code=employee_code)
    if specialisation_code:
        qs = qs.filter(specialisation__code=specialisation_code)
    if status:
        qs = qs.filter(status=status)
    if valid_on is not None:
        qs = qs.filter(valid_on_q(valid_on))
    return qs.order_by("-issued_on", "-pk")


def certified_on(*, user, specialisation: Specialisation, day: dt.date) -> QuerySet[Certificate]:
    """Who is certified in ``specialisation`` on ``day``: one certificate per employee in the
    reader's scope (the one in force that runs longest), by employee code."""
    in_force = scope_queryset(Certificate.objects.filter(specialisation=specialisation).filter(valid_on_q(day)), user)
    longest = in_force.filter(employee_id=OuterRef("employee_id")).order_by("-expires_on", "-pk").values("pk")[:1]
    return (
        in_force.filter(pk=Subquery(longest))
        .select_related("employee", "specialisation")
        .order_by("employee__employee_code")
    )


@dataclass(frozen=True)
class AttemptsSummary:
    exam_code: str
    exam_title: str
    specialisation_code: str
    attempts: int
    in_progress: int
    awaiting_marking: int
    passed: int
    failed: int
    people: int
    average_score: Decimal | None


def attempts_summary(
    *, user, since: dt.date | None = None, until: dt.date | None = None, exam_code: str | None = None
) -> list[AttemptsSummary]:
    """Per exam, the attempts of the people in the reader's scope started between ``since`` and
    ``until`` (inclusive): how many, open, awaiting marking, passed, failed, by how many people,
    and the average score of the graded ones."""
    qs = scope_queryset(Attempt.objects.all(), user)
    if since is not None:
        qs = qs.filter(started_at__date__gte=since)
    if until is not None:
        qs = qs.filter(started_at__date__lte=until)
    if exam_code:
        qs = qs.filter(exam__code=exam_code)
    rows = (
        qs.values("exam__code", "exam__title", "exam__specialisation__code")
        .annotate(
            n_attempts=Count("pk"),
            n_in_progress=Count("pk", filter=Q(status=AttemptStatus.IN_PROGRESS)),
            n_awaiting=Count("pk", filter=Q(status=AttemptStatus.PENDING)),
            n_passed=Count("pk", filter=Q(status=AttemptStatus.GRADED, passed=True)),
            n_failed=Count("pk", filter=Q(status=AttemptStatus.GRADED, passed=False)),
            n_people=Count("employee", distinct=True),
            n_average=Avg("percentage", filter=Q(status=AttemptStatus.GRADED)),
        )
        .order_by("exam__code")
    )
    return [
        AttemptsSummary(
            exam_code=r["exam__code"],
            exam_title=r["exam__title"],
            specialisation_code=r["exam__specialisation__code"],
            attempts=r["n_attempts"],
            in_progress=r["n_in_progress"],
            awaiting_marking=r["n_awaiting"],
            passed=r["n_passed"],
            failed=r["n_failed"],
            people=r["n_people"],
            average_score=None if r["n_average"] is None else Decimal(r["n_average"]).quantize(Decimal("0.01")),
        )
        for r in rows
    ]

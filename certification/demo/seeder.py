"""Demo seeder of the certification app.

Five question banks (one per specialisation) filled from ``questions.gift`` and
``extra_questions.py`` through the app's own importer, one exam per specialisation with a
blueprint, and demo attempts and certificates in every status. Idempotent: it returns at
once when the demo exams exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from certification import services
from certification.demo.extra_questions import QUESTIONS
from certification.engine import blueprint
from certification.engine.dict_questions import parse_question_dicts
from certification.engine.grading import grade_attempt
from certification.engine.questions import ImportReport
from certification.engine.responses import ideal_response, response_from_json
from certification.importing import parse_question_file
from certification.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Certificate,
    ClosedBy,
    Exam,
    ExamSection,
    Question,
    QuestionBank,
    QuestionCategory,
)
from certification.selectors import valid_on_q
from core.dates import add_months
from core.models import CampaignAssignment

HERE = Path(__file__).parent
SLUG_TO_SPEC = {
    "cobranza-temprana": "early_stage",
    "cobranza-tardia": "late_stage",
    "legal": "legal",
    "negociacion": "negotiation",
    "cumplimiento": "compliance",
}
QUESTIONS_PER_EXAM = 10
#: In the demo, this exam is open to everyone so the exam flow can be tried at once; the
#: other exams stay locked until the specialisation's learning path is completed.
OPEN_EXAMS = {"negotiation"}


def _load_reports(stdout) -> list[ImportReport]:
    reports = []
    gift_files = sorted(HERE.glob("questions*.gift"))
    if not gift_files:
        stdout.write("certification: no demo GIFT file (certification/demo/questions*.gift); skipping those questions")
    for path in gift_files:
        report = parse_question_file(path.read_bytes(), "gift")
        if report.errors:
            first = report.errors[0]
            stdout.write(
                f"certification: {path.name} has {len(report.errors)} errors (first: line {first.line} {first.code}); skipped"
            )
            continue
        reports.append(report)
    report = parse_question_dicts(QUESTIONS)
    if report.errors:
        stdout.write(f"certification: extra_questions.py has {len(report.errors)} errors; skipped")
    else:
        reports.append(report)
    return reports


def _split_by_spec(reports: list[ImportReport]) -> dict[str, ImportReport]:
    """Questions whose category starts with a specialisation slug go to that bank (the slug
    is dropped from the category path)."""
    from dataclasses import replace

    by_spec: dict[str, list] = {code: [] for code in SLUG_TO_SPEC.values()}
    for report in reports:
        for item in report.questions:
            if not item.category or item.category[0] not in SLUG_TO_SPEC:
                continue
            by_spec[SLUG_TO_SPEC[item.category[0]]].append(replace(item, category=item.category[1:]))
    return {code: ImportReport(questions=tuple(items)) for code, items in by_spec.items()}


def _exam_for(spec, bank: QuestionBank) -> Exam:
    exam, _ = Exam.objects.get_or_create(
        code=f"examen-{spec.code.replace('_', '-')}",
        defaults={
            "specialisation": spec,
            "title": f"Certificación en {spec.name}",
            "description": (
                "Evaluación de certificación de la especialidad. Preguntas sorteadas de un banco "
                "por temas; necesita 80 % para aprobar. Material de demostración, no asesoría legal."
            ),
            "time_limit_minutes": 30,
            "passing_score": Decimal("80"),
            "attempts_per_30_days": 3,
            "cooldown_hours": 24,
            "requires_prerequisites": spec.code not in OPEN_EXAMS,
        },
    )
    if exam.sections.exists():
        return exam
    roots = list(QuestionCategory.objects.filter(bank=bank, parent__isnull=True).order_by("path"))
    counts = []
    for root in roots:
        available = bank.questions.filter(category_id__in=root.descendant_ids(), is_active=True).count()
        counts.append((root, available))
    total = sum(a for _, a in counts)
    remaining = min(QUESTIONS_PER_EXAM, total)
    for order, (root, available) in enumerate(counts):
        if remaining <= 0 or available == 0:
            continue
        share = max(1, round(QUESTIONS_PER_EXAM * available / total)) if total else 0
        take = min(available, share, remaining)
        ExamSection.objects.create(
            exam=exam,
            order=order,
            title=root.name.replace("-", " ").capitalize(),
            bank=bank,
            category=root,
            question_count=take,
        )
        remaining -= take
    if not exam.sections.exists():
        exam.is_active = False
        exam.save(update_fields=["is_active"])
    return exam


def _take(exam: Exam, employee, when: dt.datetime, *, correct: bool, rng) -> Attempt | None:
    """A graded attempt loaded as history (the exam rules apply to live attempts, not to the
    past), and its certificate issued by the service when it passed."""
    number = (Attempt.objects.filter(exam=exam, employee=employee).aggregate(m=Max("number"))["m"] or 0) + 1
    attempt, rows = _graded_attempt(
        _ExamPools(exam), employee, number, when, wrong=0 if correct else QUESTIONS_PER_EXAM, rng=rng
    )
    if attempt is None:  # the bank cannot fill the blueprint
        return None
    attempt.save()
    for row in rows:
        row.attempt = attempt
    AttemptQuestion.objects.bulk_create(rows)
    if attempt.passed:
        services.certificate_issue(attempt=attempt, now=attempt.closed_at)
    return attempt


def seed(*, world, stdout) -> None:
    if Exam.objects.filter(code__startswith="examen-").exists():
        stdout.write("certification: demo data already present")
        return
    reports = _load_reports(stdout)
    by_spec = _split_by_spec(reports)
    exams = {}
    with transaction.atomic():
        for code, spec in world.specialisations.items():
            bank, _ = QuestionBank.objects.get_or_create(
                code=f"banco-{code.replace('_', '-')}",
                defaults={"name": f"Banco de preguntas · {spec.name}", "specialisation": spec},
            )
            report = by_spec.get(code)
            if report and report.questions:
                outcome = services.questions_import(bank=bank, report=report)
                stdout.write(f"certification: {bank.code}: {outcome.created} questions")
            exams[code] = _exam_for(spec, bank)
    _seed_history(world, exams, stdout)


def _seed_history(world, exams: dict[str, Exam], stdout) -> None:
    rng = world.rng("certification")
    today = world.today
    active = {code: e for code, e in exams.items() if e.is_active}
    if not active or not world.agents:
        stdout.write("certification: no exam with questions; no demo attempts")
        return

    def at(days_ago: int, hour: int = 15) -> dt.datetime:
        day = today - dt.timedelta(days=days_ago)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))

    agents = list(world.agents)
    hr = world.users.get("rrhh")
    named = {}
    main = agents[0]  # the demo user "agente"
    if "early_stage" in active:
        named["valid"] = _take(active["early_stage"], main, at(130), correct=True, rng=rng)
    if "compliance" in active:
        named["expiring"] = _take(active["compliance"], main, at(345), correct=True, rng=rng)  # ~20 days left
    if "negotiation" in active:
        _take(active["negotiation"], main, at(3), correct=False, rng=rng)
    specs = list(active)
    others = agents[1:4]
    if len(others) == 3:
        named["expired"] = _take(active[specs[0]], others[0], at(400), correct=True, rng=rng)
        named["revoked"] = _take(active[specs[1 % len(specs)]], others[1], at(100), correct=True, rng=rng)
        named["superseded"] = _take(active[specs[2 % len(specs)]], others[2], at(150), correct=True, rng=rng)
    rev = named.get("revoked")
    if rev is not None and rev.certificates.exists():
        services.certificate_revoke(
            certificate=rev.certificates.get(),
            actor=hr,
            now=at(20),
            reason="Se detectó suplantación de identidad durante el examen (demostración).",
        )
    sup = named.get("superseded")
    if sup is not None and sup.certificates.exists():
        services.certificate_reissue(
            certificate=sup.certificates.get(),
            actor=hr,
            now=at(30),
            reason="Corrección del nombre del titular (demostración).",
            holder_name=f"{sup.employee.first_name} {sup.employee.last_name} (corregido)",
        )
    _seed_coverage(world, active, stdout)
    services.certificates_refresh(today=today)
    stdout.write(f"certification: {Attempt.objects.count()} demo attempts")


# --- bulk coverage ------------------------------------------------------------------------
#
# Most agents hold a certificate in the specialisation their campaigns require, issued long
# enough ago to cover every month of the demo KPI data (the two complete months before today
# and the current one). These are loaded in bulk, like imported history: attempts with their
# graded questions, certificates and their "issued" events; no audit events, no e-mails, and
# no PDFs (a certificate's PDF is rendered on its first download, see views.certificate_pdf).

#: Share of the remaining agents certified in their required specialisation.
COVERAGE = 0.85
#: Certified whatever the draw: characters of the KPI / incentives demo whose payouts should
#: show the other gates (top performers, quality failures, compliance incidents, the leaver).
ALWAYS_CERTIFIED = {"A0002", "A0003", "A0004", "A0017", "A0018", "A0019", "A0031", "A0045"}
#: Never certified: the KPI demo's mid-month hire (hired on the 16th of last month), the
#: incentives demo's "uncertified agent on a campaign that requires certification".
NEVER_CERTIFIED = {"A0030"}
#: Issued this many days before today: at least four months back, and far enough from the
#: 12-month expiry that none is inside the renewal window (no renewal paths, no reminders).
ISSUED_DAYS_AGO = (130, 285)
#: Share of the certified agents who also hold negotiation or compliance.
EXTRA_SPEC_SHARE = 0.2


class _ExamPools:
    """An exam's blueprint with its question pools, fetched once for many bulk attempts."""

    def __init__(self, exam: Exam) -> None:
        self.exam = exam
        self.sections = []
        versions = {}
        for section in exam.sections.select_related("category").all():
            qs = Question.objects.filter(
                bank_id=section.bank_id,
                is_active=True,
                current_version__isnull=False,
                type__in=section.drawable_types(),
            )
            if section.category_id:
                qs = qs.filter(category_id__in=section.category.descendant_ids())
            ids = list(qs.order_by("pk").values_list("pk", flat=True).distinct())
            self.sections.append((section, ids))
            for q in Question.objects.filter(pk__in=ids).select_related("current_version"):
                versions[q.pk] = q.current_version
        self.sections.sort(key=lambda item: len(item[1]))
        self.versions = versions
        self.snapshots = {qid: v.snapshot() for qid, v in versions.items()}

    def draw(self, rng) -> list[tuple]:
        taken: set[int] = set()
        picked = []
        for section, candidates in self.sections:
            drawn = blueprint.draw_section(candidates, section.question_count, rng=rng, taken=taken)
            if isinstance(drawn, blueprint.DrawShortfall):
                return []
            taken.update(drawn)
            picked.extend((section, qid) for qid in drawn)
        if self.exam.shuffle_questions:
            rng.shuffle(picked)
        return picked


def _graded_attempt(pools: _ExamPools, employee, number: int, when: dt.datetime, *, wrong: int, rng):
    """An unsaved graded attempt and its unsaved questions; `wrong` questions left blank."""
    exam = pools.exam
    picked = pools.draw(rng)
    if not picked:
        return None, []
    blank = set(rng.sample(range(len(picked)), min(wrong, len(picked))))
    rows, frozen, responses = [], [], {}
    for position, (section, qid) in enumerate(picked, start=1):
        snap = blueprint.with_keys(pools.snapshots[qid], str(position))
        payload = services.question_payload(snap)
        payload["display"] = blueprint.shuffle_snapshot(snap, rng=rng, shuffle_choices=exam.shuffle_choices)
        response = {} if position - 1 in blank else ideal_response(snap)
        frozen.append(snap)
        responses[str(position)] = response_from_json(response)
        rows.append(
            AttemptQuestion(
                position=position,
                version=pools.versions[qid],
                section=section,
                snapshot=payload,
                response=response,
                answered_at=None if not response else when + dt.timedelta(minutes=1 + position),
            )
        )
    # history: its essays were marked by a supervisor (full marks when answered)
    marks = {s.key: Decimal(1 if rows[i].response else 0) for i, s in enumerate(frozen) if s.needs_marking}
    result = grade_attempt(frozen, responses, passing_score=exam.passing_score, marks=marks)
    closed = when + dt.timedelta(minutes=10 + rng.randint(0, 15))
    for aq, r in zip(rows, result.questions, strict=True):
        aq.fraction, aq.points, aq.result = r.fraction, r.points, services.grading_result_json(r)
        if r.key in marks:
            aq.marked_at = closed
    attempt = Attempt(
        exam=exam,
        employee=employee,
        number=number,
        status=AttemptStatus.GRADED,
        started_at=when,
        deadline=when + dt.timedelta(minutes=exam.time_limit_minutes),
        closed_at=closed,
        closed_by=ClosedBy.AGENT,
        score_points=result.total_points,
        max_points=result.max_points,
        percentage=result.percentage,
        passed=result.passed,
        passing_score=exam.passing_score,
    )
    return attempt, rows


def _required_specs(agent_ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    links = CampaignAssignment.objects.filter(
        employee_id__in=agent_ids, campaign__required_specialisation__isnull=False
    ).values_list("employee_id", "campaign__required_specialisation__code")
    for employee_id, code in links:
        out.setdefault(employee_id, set()).add(code)
    return out


def _seed_coverage(world, active: dict[str, Exam], stdout) -> None:
    rng = world.rng("certification")  # its own stream, independent of the showcase draws
    today = world.today
    latest_issue = add_months(today, -4)
    agents = sorted(world.agents, key=lambda a: a.employee_code)
    required = _required_specs([a.pk for a in agents])
    already = {
        (employee_id, code)
        for employee_id, code in Certificate.objects.filter(
            employee_id__in=[a.pk for a in agents], expires_on__gte=today
        )
        .filter(valid_on_q(today))
        .values_list("employee_id", "specialisation__code")
    }
    numbers = {
        (exam_id, employee_id): n
        for exam_id, employee_id, n in Attempt.objects.filter(employee_id__in=[a.pk for a in agents])
        .values_list("exam_id", "employee_id")
        .annotate(n=Max("number"))
        .values_list("exam_id", "employee_id", "n")
    }
    pools: dict[str, _ExamPools] = {}

    def pool(code: str) -> _ExamPools:
        if code not in pools:
            pools[code] = _ExamPools(active[code])
        return pools[code]

    def when(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.choice((0, 15, 30, 45)))))

    planned: list[tuple] = []  # (attempt, questions, issue certificate?)

    def plan(agent, code: str, day: dt.date, *, passing: bool) -> None:
        exam = active[code]
        key = (exam.pk, agent.pk)
        numbers[key] = numbers.get(key, 0) + 1
        wrong = rng.choice((0, 0, 1, 1, 2)) if passing else rng.randint(4, 7)
        start = when(day)
        attempt, rows = _graded_attempt(pool(code), agent, numbers[key], start, wrong=wrong, rng=rng)
        if attempt is not None and bool(attempt.passed) != passing:  # weighted questions: redo plainly
            attempt, rows = _graded_attempt(
                pool(code), agent, numbers[key], start, wrong=0 if passing else QUESTIONS_PER_EXAM, rng=rng
            )
        if attempt is None:
            return
        planned.append((attempt, rows, passing and bool(attempt.passed)))

    for agent in agents:
        specs = sorted(c for c in required.get(agent.pk, ()) if c in active)
        # every draw is made whatever the outcome, so one agent's data never shifts another's
        certify = rng.random() < COVERAGE
        failed_first = rng.random() < 0.2
        days_ago = rng.randint(*ISSUED_DAYS_AGO)
        extra = rng.choice(("negotiation", "compliance")) if rng.random() < EXTRA_SPEC_SHARE else None
        extra_days_ago = rng.randint(60, ISSUED_DAYS_AGO[1])
        code = agent.employee_code
        if not specs or code in NEVER_CERTIFIED:
            continue
        certify = (certify or code in ALWAYS_CERTIFIED) and agent.hire_date is not None
        for spec in specs:
            if (agent.pk, spec) in already:
                continue
            issue_day = min(today - dt.timedelta(days=days_ago), latest_issue)
            if agent.hire_date and issue_day < agent.hire_date:
                certify = False
            if certify:
                if failed_first:
                    plan(agent, spec, issue_day - dt.timedelta(days=rng.randint(3, 25)), passing=False)
                plan(agent, spec, issue_day, passing=True)
            elif agent.hire_date and today - dt.timedelta(days=20) > agent.hire_date:
                plan(agent, spec, today - dt.timedelta(days=rng.randint(5, 20)), passing=False)
        if certify and extra in active and (agent.pk, extra) not in already:
            plan(agent, extra, today - dt.timedelta(days=extra_days_ago), passing=True)

    if not planned:
        return
    with transaction.atomic():
        attempts = Attempt.objects.bulk_create([a for a, _, _ in planned])
        questions = []
        for attempt, (_, rows, _) in zip(attempts, planned, strict=True):
            for row in rows:
                row.attempt = attempt
            questions.extend(rows)
        AttemptQuestion.objects.bulk_create(questions, batch_size=500)
        services.certificates_load_history(
            attempts=[a for a, (_, _, issue) in zip(attempts, planned, strict=True) if issue], today=today
        )
    stdout.write(f"certification: {len(attempts)} bulk demo attempts")

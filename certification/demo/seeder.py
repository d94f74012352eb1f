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
from django.utils import timezone

from certification import services
from certification.engine.dict_questions import parse_question_dicts
from certification.engine.questions import ImportReport
from certification.engine.responses import ideal_response
from certification.importing import parse_question_file
from certification.models import Attempt, AttemptQuestion, Exam, ExamSection, QuestionBank, QuestionCategory

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
    try:
        from certification.demo.extra_questions import QUESTIONS
    except ImportError:
        stdout.write("certification: no extra_questions.py; skipping ordering and scenario questions")
    else:
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


def _take(exam: Exam, employee, when: dt.datetime, *, correct: bool, rng) -> Attempt:
    attempt = services.attempt_start(exam=exam, employee=employee, now=when, rng=rng, enforce_rules=False)
    questions = list(attempt.questions.all())
    for n, aq in enumerate(questions):
        good = correct or n % 3 == 0
        aq.response = ideal_response(aq.frozen()) if good else {}
        aq.answered_at = when + dt.timedelta(minutes=1)
    AttemptQuestion.objects.bulk_update(questions, ["response", "answered_at"])
    return services.attempt_submit(attempt=attempt, now=when + dt.timedelta(minutes=12))


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
    with services.notifications_suppressed():
        named = {}
        main = agents[0]  # the demo user "agente"
        if "early_stage" in active:
            named["valid"] = _take(active["early_stage"], main, at(45), correct=True, rng=rng)
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
        # bulk history: most other agents hold one specialisation
        for i, agent in enumerate(agents[4:90], start=4):
            code = specs[i % len(specs)]
            passed = rng.random() < 0.85
            _take(active[code], agent, at(rng.randint(40, 300), 10 + i % 8), correct=passed, rng=rng)
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
    services.certificates_refresh(today=today)
    stdout.write(f"certification: {Attempt.objects.count()} demo attempts")

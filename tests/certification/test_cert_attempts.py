import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.http import QueryDict

from certification import services
from certification.engine.responses import BadResponse
from certification.models import Attempt, AttemptStatus, Certificate, ClosedBy, ExamSection
from learning import services as learning_services
from tests.certification.factories import NOW, QuestionBankFactory, make_exam, make_questions, single
from tests.factories import SpecialisationFactory
from tests.learning import factories as learning_factories


def form_for(attempt, *, correct=True):
    data = QueryDict(mutable=True)
    for aq in attempt.questions.all():
        choices = aq.snapshot["choices"]
        pick = next(c for c in choices if (Decimal(c["fraction"]) > 0) == correct)
        data[f"q{aq.pk}"] = pick["key"]
    return data


@pytest.fixture
def agent(world):
    return world.agent_employee


def test_it_freezes_questions_versions_and_choice_order_at_start(exam, agent):
    attempt = services.attempt_start(exam=exam, employee=agent, now=NOW, rng=random.Random(1))
    questions = list(attempt.questions.select_related("version"))
    assert len(questions) == 4
    assert attempt.deadline == NOW + dt.timedelta(minutes=30)
    for aq in questions:
        assert aq.version == aq.version.question.current_version
        assert sorted(aq.snapshot["display"]["choices"]) == ["c1", "c2", "c3"]


def test_editing_a_used_question_creates_a_version_and_the_attempt_keeps_its_own(exam, agent):
    attempt = services.attempt_start(exam=exam, employee=agent, now=NOW)
    aq = attempt.questions.select_related("version__question").first()
    question = aq.version.question
    services.question_save(
        bank=question.bank,
        category=question.category,
        name=question.name,
        snapshot=single("Texto corregido"),
        question=question,
    )
    question.refresh_from_db()
    assert question.current_version.number == 2
    aq.refresh_from_db()
    assert aq.version.number == 1
    assert aq.frozen().text != "Texto corregido"


def test_editing_an_unused_question_changes_it_in_place(bank):
    (question,) = make_questions(bank, 1)
    services.question_save(
        bank=bank, category=question.category, name="Nuevo", snapshot=single("Otro texto"), question=question
    )
    question.refresh_from_db()
    assert question.versions.count() == 1
    assert question.snapshot().text == "Otro texto"


def test_starting_twice_resumes_the_open_attempt(exam, agent):
    first = services.attempt_start(exam=exam, employee=agent, now=NOW)
    again = services.attempt_start(exam=exam, employee=agent, now=NOW + dt.timedelta(minutes=5))
    assert first.pk == again.pk
    assert Attempt.objects.count() == 1


def test_it_refuses_beyond_the_attempt_limit_and_in_cooldown(world, bank, agent):
    make_questions(bank, 4)
    exam = make_exam(specialisation=world.specialisation, bank=bank, attempts_per_30_days=2, cooldown_hours=2)
    a1 = services.attempt_start(exam=exam, employee=agent, now=NOW)
    services.attempt_submit(attempt=a1, form=form_for(a1, correct=False), now=NOW + dt.timedelta(minutes=10))
    with pytest.raises(services.CertificationError) as cooldown:
        services.attempt_start(exam=exam, employee=agent, now=NOW + dt.timedelta(hours=1))
    assert cooldown.value.code == "exam.cooldown"
    a2 = services.attempt_start(exam=exam, employee=agent, now=NOW + dt.timedelta(hours=3))
    services.attempt_submit(attempt=a2, now=NOW + dt.timedelta(hours=3, minutes=5))
    with pytest.raises(services.CertificationError) as limit:
        services.attempt_start(exam=exam, employee=agent, now=NOW + dt.timedelta(days=2))
    assert limit.value.code == "exam.attempt_limit"
    # the window is rolling: 30 days after the first attempt one is free again
    a3 = services.attempt_start(exam=exam, employee=agent, now=NOW + dt.timedelta(days=30, minutes=1))
    assert a3.number == 3


def test_it_refuses_before_the_required_courses_and_admits_after_them(exam, agent, learning_path):
    exam.requires_prerequisites = True
    exam.save()
    with pytest.raises(services.CertificationError) as err:
        services.attempt_start(exam=exam, employee=agent, now=NOW)
    assert err.value.code == "exam.prerequisites"
    assert not Attempt.objects.exists()

    (course,) = [pc.course for pc in learning_path.path_courses.all()]
    for lesson in learning_factories.lessons_of(course):
        learning_services.lesson_complete(employee=agent, lesson=lesson, now=NOW - dt.timedelta(days=1))
    assert services.attempt_start(exam=exam, employee=agent, now=NOW).employee == agent


def test_a_learning_path_of_another_specialisation_is_no_prerequisite(exam, agent, world):
    exam.requires_prerequisites = True
    exam.save()
    other = SpecialisationFactory(code="legal")
    learning_factories.path("ruta-legal", other, [learning_factories.course("curso-legal", lessons=1)])
    assert services.attempt_start(exam=exam, employee=agent, now=NOW).employee == agent


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("is_active", False, "exam.inactive"),
        ("available_from", NOW + dt.timedelta(days=1), "exam.not_available"),
        ("available_until", NOW - dt.timedelta(days=1), "exam.not_available"),
    ],
)
def test_it_refuses_closed_exams(exam, agent, field, value, code):
    setattr(exam, field, value)
    exam.save()
    with pytest.raises(services.CertificationError) as err:
        services.attempt_start(exam=exam, employee=agent, now=NOW)
    assert err.value.code == code


def test_blueprint_avoids_the_previous_attempts_questions_when_the_pool_allows(world, bank, agent):
    make_questions(bank, 8)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=4)
    a1 = services.attempt_start(exam=exam, employee=agent, now=NOW, rng=random.Random(3))
    services.attempt_submit(attempt=a1, now=NOW + dt.timedelta(minutes=1))
    a2 = services.attempt_start(exam=exam, employee=agent, now=NOW + dt.timedelta(minutes=2), rng=random.Random(3))
    first = set(a1.questions.values_list("version__question_id", flat=True))
    second = set(a2.questions.values_list("version__question_id", flat=True))
    assert len(first) == len(second) == 4
    assert not first & second


def test_blueprint_draws_per_section_by_category_and_tags(world, bank, agent):
    make_questions(bank, 3, category_path=("Chile",), tags=("jurisdiccion:CL",), prefix="CL")
    make_questions(bank, 3, category_path=("Chile", "Costos"), tags=("jurisdiccion:CL", "dificultad:alta"), prefix="CC")
    make_questions(bank, 5, category_path=("México",), prefix="MX")
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=2)
    exam.attempts_per_30_days, exam.cooldown_hours = 8, 0  # eight attempts in a row, within the rules
    exam.save(update_fields=["attempts_per_30_days", "cooldown_hours"])
    chile = services.category_ensure(bank=bank, path=["Chile"])
    ExamSection.objects.create(
        exam=exam, title="Chile difícil", bank=bank, category=chile, tags="dificultad:alta", question_count=3
    )
    for seed in range(8):  # a broad section drawing first must never starve the narrow one
        when = NOW + dt.timedelta(hours=seed)
        attempt = services.attempt_start(exam=exam, employee=agent, now=when, rng=random.Random(seed))
        names = sorted(attempt.questions.values_list("version__question__name", flat=True))
        assert [n for n in names if n.startswith("CC")] == ["CC0", "CC1", "CC2"]
        assert len(names) == 5
        services.attempt_submit(attempt=attempt, now=when + dt.timedelta(minutes=1))


def test_it_refuses_when_the_pool_is_too_small(world, bank, agent):
    make_questions(bank, 2)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=3)
    with pytest.raises(services.CertificationError) as err:
        services.attempt_start(exam=exam, employee=agent, now=NOW)
    assert err.value.code == "exam.pool_too_small"
    assert err.value.params == {"section": "Única", "needed": 3, "available": 2}


def test_autosave_stores_answers_and_rejects_tampered_fields(exam, agent):
    attempt = services.attempt_start(exam=exam, employee=agent, now=NOW)
    form = form_for(attempt)
    assert services.attempt_save_answers(attempt=attempt, form=form, now=NOW + dt.timedelta(minutes=1)) == 4
    assert services.attempt_save_answers(attempt=attempt, form=form, now=NOW + dt.timedelta(minutes=2)) == 0
    tampered = form.copy()
    tampered["q999999"] = "c1"
    with pytest.raises(BadResponse):
        services.attempt_save_answers(attempt=attempt, form=tampered, now=NOW + dt.timedelta(minutes=3))
    aq = attempt.questions.first()
    bad_choice = QueryDict(mutable=True)
    bad_choice[f"q{aq.pk}"] = "c99"
    with pytest.raises(BadResponse):
        services.attempt_save_answers(attempt=attempt, form=bad_choice, now=NOW + dt.timedelta(minutes=3))


def test_answers_after_the_deadline_are_refused_and_the_attempt_is_graded(exam, agent):
    attempt = services.attempt_start(exam=exam, employee=agent, now=NOW)
    services.attempt_save_answers(
        attempt=attempt, form=form_for(attempt, correct=False), now=NOW + dt.timedelta(minutes=5)
    )
    late = NOW + dt.timedelta(minutes=30)  # exactly at the deadline
    with pytest.raises(services.CertificationError) as err:
        services.attempt_save_answers(attempt=attempt, form=form_for(attempt), now=late)
    assert err.value.code == "attempt.closed"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.closed_by == ClosedBy.DEADLINE
    assert attempt.closed_at == late
    assert attempt.percentage == 0  # the late (correct) answers were not taken


def test_submitting_after_the_deadline_grades_only_what_was_saved_in_time(exam, agent):
    attempt = services.attempt_start(exam=exam, employee=agent, now=NOW)
    result = services.attempt_submit(attempt=attempt, form=form_for(attempt), now=NOW + dt.timedelta(minutes=31))
    assert result.closed_by == ClosedBy.DEADLINE
    assert result.passed is False
    assert result.closed_at == attempt.deadline


def test_passing_issues_one_certificate_and_submitting_twice_changes_nothing(exam, agent):
    attempt = services.attempt_start(exam=exam, employee=agent, now=NOW)
    first = services.attempt_submit(attempt=attempt, form=form_for(attempt), now=NOW + dt.timedelta(minutes=5))
    second = services.attempt_submit(
        attempt=attempt, form=form_for(attempt, correct=False), now=NOW + dt.timedelta(minutes=6)
    )
    assert first.passed and second.passed
    assert first.percentage == second.percentage == Decimal("100.00")
    assert second.closed_at == NOW + dt.timedelta(minutes=5)
    cert = Certificate.objects.get()
    assert cert.attempt == attempt
    assert services.certificate_issue(attempt=attempt) == cert
    with pytest.raises(IntegrityError):
        Certificate.objects.create(
            number="X",
            code="Y",
            employee=agent,
            specialisation=exam.specialisation,
            attempt=attempt,
            holder_name="x",
            score=100,
            issued_on=cert.issued_on,
            expires_on=cert.expires_on,
        )


def test_failing_issues_nothing(exam, agent):
    attempt = services.attempt_start(exam=exam, employee=agent, now=NOW)
    result = services.attempt_submit(
        attempt=attempt, form=form_for(attempt, correct=False), now=NOW + dt.timedelta(minutes=5)
    )
    assert result.passed is False and result.percentage == 0
    assert not Certificate.objects.exists()


def test_the_sweep_closes_expired_attempts_only(world, exam, agent):
    late = services.attempt_start(exam=exam, employee=agent, now=NOW)
    services.attempt_save_answers(attempt=late, form=form_for(late), now=NOW + dt.timedelta(minutes=1))
    fresh = services.attempt_start(exam=exam, employee=world.teammate_employee, now=NOW + dt.timedelta(minutes=20))
    assert services.attempts_close_expired(now=NOW + dt.timedelta(minutes=31)) == 1
    assert services.attempts_close_expired(now=NOW + dt.timedelta(minutes=31)) == 0
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.status == AttemptStatus.GRADED and late.passed
    assert fresh.status == AttemptStatus.IN_PROGRESS
    assert Certificate.objects.filter(attempt=late).count() == 1


def test_opening_an_expired_attempt_closes_it(exam, agent):
    first = services.attempt_start(exam=exam, employee=agent, now=NOW)
    second = services.attempt_start(exam=exam, employee=agent, now=NOW + dt.timedelta(hours=2))
    first.refresh_from_db()
    assert first.status == AttemptStatus.GRADED and first.closed_by == ClosedBy.DEADLINE
    assert second.pk != first.pk and second.number == 2


def test_another_bank_is_not_drawn(world, agent):
    bank_a = QuestionBankFactory(code="a", specialisation=world.specialisation)
    bank_b = QuestionBankFactory(code="b", specialisation=world.specialisation)
    make_questions(bank_a, 2, prefix="A")
    make_questions(bank_b, 5, prefix="B")
    exam = make_exam(specialisation=world.specialisation, bank=bank_a, count=2)
    attempt = services.attempt_start(exam=exam, employee=agent, now=NOW)
    assert all(n.startswith("A") for n in attempt.questions.values_list("version__question__name", flat=True))

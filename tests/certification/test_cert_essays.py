"""Essay and description questions in an exam, as Moodle handles them (issue #13 §3): an essay is
marked by a person from a marking queue; the attempt waits for it, then grades and certifies."""

from django.http import QueryDict
from django.urls import reverse

from certification import services
from certification.engine.questions import QuestionSnapshot, QuestionType
from certification.models import AttemptStatus, Certificate
from core.models import AuditEvent
from tests.certification.factories import make_exam, single


def _bank_with_an_essay(bank):
    category = services.category_ensure(bank=bank, path=("General",))
    services.question_save(bank=bank, category=category, name="opcion", snapshot=single("¿Se puede llamar?"))
    services.question_save(
        bank=bank,
        category=category,
        name="ensayo",
        snapshot=QuestionSnapshot(
            key="", type=QuestionType.ESSAY, text="Describa una gestión útil.", grader_info="Menciona plazo y canal"
        ),
    )
    services.question_save(
        bank=bank,
        category=category,
        name="caso",
        snapshot=QuestionSnapshot(
            key="", type=QuestionType.DESCRIPTION, text="Lea el caso de la señora Pérez.", points=0
        ),
    )


def _exam(world, bank):
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=2)
    exam.sections.update(draw_essays=True)
    return exam


def _submit(attempt):
    data = QueryDict(mutable=True)
    for aq in attempt.questions.all():
        if aq.snapshot["type"] == "single":
            data[f"q{aq.pk}"] = next(c["key"] for c in aq.snapshot["choices"] if c["fraction"] == "1")
        elif aq.snapshot["type"] == "essay":
            data[f"q{aq.pk}"] = "Llamé en horario y ofrecí un plan de pago."
    return services.attempt_submit(attempt=attempt, form=data)


def _editor(world):
    from core.services import user_set_role

    user_set_role(actor=None, user=world.editor, role="editor")
    return world.editor


def test_an_exam_with_an_essay_waits_for_the_mark_then_grades_and_certifies(bank, world, client_for):
    _bank_with_an_essay(bank)
    exam = _exam(world, bank)
    attempt = services.attempt_start(exam=exam, employee=world.agent_employee)
    page = client_for(world.agent).get(reverse("certification:attempt_take", args=[attempt.pk])).content.decode()
    assert "<textarea" in page and "Describa una gestión útil." in page
    attempt = _submit(attempt)
    assert (attempt.status, attempt.passed) == (AttemptStatus.PENDING, False)
    assert not Certificate.objects.filter(attempt=attempt).exists()
    result = client_for(world.agent).get(reverse("certification:attempt_result", args=[attempt.pk])).content.decode()
    assert 'id="attempt-pending"' in result and 'id="attempt-score"' not in result

    editor = client_for(_editor(world))
    queue = editor.get(reverse("certification-tools:marking")).content.decode()
    assert "Llamé en horario y ofrecí un plan de pago." in queue and "Menciona plazo y canal" in queue
    essay = attempt.questions.get(version__question__name="ensayo")
    response = editor.post(
        reverse("certification-tools:marking"), {"question": essay.pk, "mark": "100", "comment": "Completa"}
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed, attempt.percentage) == (AttemptStatus.GRADED, True, 100)
    assert Certificate.objects.filter(attempt=attempt).exists()
    essay.refresh_from_db()
    assert (essay.marked_by, essay.mark_comment, essay.result["mark_comment"]) == (world.editor, "Completa", "Completa")
    assert AuditEvent.objects.filter(action="attempt.essay_mark").exists()
    assert 'id="no-essays"' in editor.get(reverse("certification-tools:marking")).content.decode()


def test_a_low_essay_mark_fails_the_attempt_and_marks_are_checked(bank, world):
    _bank_with_an_essay(bank)
    exam = _exam(world, bank)
    attempt = _submit(services.attempt_start(exam=exam, employee=world.agent_employee))
    essay = attempt.questions.get(version__question__name="ensayo")
    for bad in ("1.5", "-0.1", "nada"):
        try:
            services.attempt_essay_mark(attempt_question=essay, fraction=bad, actor=_editor(world))
        except services.CertificationError as exc:
            assert exc.code == "essay.bad_mark"
        else:
            raise AssertionError(bad)
    attempt = services.attempt_essay_mark(attempt_question=essay, fraction="0.2", actor=world.editor)
    assert (attempt.status, attempt.passed, attempt.percentage) == (AttemptStatus.GRADED, False, 60)


def test_sections_draw_essays_only_when_asked_and_descriptions_never(bank, world):
    # as Moodle's random questions: a description is never drawn; an essay only where the section says so
    _bank_with_an_essay(bank)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=1)
    attempt = services.attempt_start(exam=exam, employee=world.agent_employee)
    assert [aq.snapshot["type"] for aq in attempt.questions.all()] == ["single"]
    bigger = make_exam(specialisation=world.specialisation, bank=bank, count=3, code="examen-grande")
    bigger.sections.update(draw_essays=True)
    try:
        services.attempt_start(exam=bigger, employee=world.agent_employee)
    except services.CertificationError as exc:
        assert (exc.code, exc.params["available"]) == ("exam.pool_too_small", 2)
    else:
        raise AssertionError("a description was drawn")
    assert not Certificate.objects.filter(attempt=attempt).exists()


def test_agents_cannot_mark_essays(bank, world, client_for):
    _bank_with_an_essay(bank)
    exam = _exam(world, bank)
    attempt = _submit(services.attempt_start(exam=exam, employee=world.agent_employee))
    essay = attempt.questions.get(version__question__name="ensayo")
    try:
        services.attempt_essay_mark(attempt_question=essay, fraction="1", actor=world.agent)
    except services.CertificationError as exc:
        assert exc.code == "not_allowed"
    else:
        raise AssertionError("an agent marked an essay")
    assert client_for(world.agent).get(reverse("certification-tools:marking")).status_code in (302, 403, 404)

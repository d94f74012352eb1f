"""Factories and builders for certification tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from certification import services
from certification.engine.questions import Choice, QuestionSnapshot, QuestionType, TextAnswer
from certification.models import Exam, ExamSection, QuestionBank
from tests.factories import SpecialisationFactory


class QuestionBankFactory(DjangoModelFactory):
    class Meta:
        model = QuestionBank
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"banco-{n}")
    name = factory.Sequence(lambda n: f"Banco {n}")
    specialisation = factory.SubFactory(SpecialisationFactory)


def single(text: str, right: str = "Sí", wrong: tuple[str, ...] = ("No", "Tal vez")) -> QuestionSnapshot:
    choices = [Choice("c1", right, Decimal(1), "Bien")] + [
        Choice(f"c{i}", w, Decimal(0), "Mal") for i, w in enumerate(wrong, start=2)
    ]
    return QuestionSnapshot(key="", type=QuestionType.SINGLE, text=text, choices=tuple(choices))


def short(text: str, answer: str) -> QuestionSnapshot:
    return QuestionSnapshot(key="", type=QuestionType.SHORT, text=text, text_answers=(TextAnswer(answer),))


def make_questions(bank, count: int, *, category_path=("General",), tags=(), prefix="P"):
    category = services.category_ensure(bank=bank, path=category_path)
    return [
        services.question_save(
            bank=bank, category=category, name=f"{prefix}{i}", snapshot=single(f"{prefix} pregunta {i}"), tags=tags
        )
        for i in range(count)
    ]


def make_exam(*, specialisation, bank, count: int = 4, **kwargs) -> Exam:
    defaults = dict(
        code=f"examen-{bank.code}",
        title="Examen de prueba",
        time_limit_minutes=30,
        passing_score=Decimal("75"),
        attempts_per_30_days=3,
        cooldown_hours=0,
        requires_prerequisites=False,
        shuffle_questions=True,
        shuffle_choices=True,
    )
    defaults.update(kwargs)
    exam = Exam.objects.create(specialisation=specialisation, **defaults)
    ExamSection.objects.create(exam=exam, title="Única", bank=bank, question_count=count)
    return exam


NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)

import pytest

from tests.certification.factories import QuestionBankFactory, make_exam, make_questions
from tests.learning import factories as learning_factories


@pytest.fixture
def bank(world):
    return QuestionBankFactory(code="banco-prueba", specialisation=world.specialisation)


@pytest.fixture
def exam(world, bank):
    make_questions(bank, 6)
    return make_exam(specialisation=world.specialisation, bank=bank, count=4)


@pytest.fixture
def learning_path(world):
    """A real learning path of the exam's specialisation (one course of two lessons, nobody has done it).
    Without one, learning counts the prerequisites as met and assigns no renewal path."""
    course = learning_factories.course("curso-certificacion", lessons=2)
    return learning_factories.path("ruta-certificacion", world.specialisation, [course])

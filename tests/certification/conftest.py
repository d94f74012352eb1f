import pytest

from tests.certification.factories import QuestionBankFactory, make_exam, make_questions


@pytest.fixture
def bank(world):
    return QuestionBankFactory(code="banco-prueba", specialisation=world.specialisation)


@pytest.fixture
def exam(world, bank):
    make_questions(bank, 6)
    return make_exam(specialisation=world.specialisation, bank=bank, count=4)


@pytest.fixture(autouse=True)
def learning_stub(monkeypatch):
    """Certification tests do not depend on the learning app: prerequisites are met and no
    renewal path is assigned unless a test says otherwise."""
    monkeypatch.setattr("certification.learning_bridge.prerequisites_met", lambda **kw: True)
    monkeypatch.setattr("certification.learning_bridge.renewal_path_assign", lambda **kw: False)

import pytest

from tests.learning import factories


@pytest.fixture
def course(db):
    return factories.course("curso-base", lessons=3)


@pytest.fixture
def lessons(course):
    return factories.lessons_of(course)

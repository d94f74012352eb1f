"""Catalogue search and filters; course page facts."""

import pytest

from learning.models import Jurisdiction
from tests.learning import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world, specialisation=None):
    mx = factories.course("regulacion-mx", lessons=1, title="Regulación en México", theme="regulation")
    mx.jurisdictions = [Jurisdiction.objects.get(code="MX")]
    mx.specialisations = [world.specialisation]
    mx.save()
    factories.course("empatia", lessons=1, title="Empatía", theme="soft_skills")
    return mx


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"regulacion-mx", "empatia"}),
        ({"q": "méxico"}, {"regulacion-mx"}),
        ({"theme": "soft_skills"}, {"empatia"}),
        ({"jurisdiction": "MX"}, {"regulacion-mx"}),
        ({"jurisdiction": "PE"}, set()),
        ({"specialisation": "early_stage"}, {"regulacion-mx"}),
        ({"theme": "not-a-theme"}, {"regulacion-mx", "empatia"}),  # invalid filters are ignored
    ],
)
def test_it_searches_and_filters(world, client_for, catalogue, query, expected):
    response = client_for(world.agent).get("/academia/", query)
    assert response.status_code == 200
    assert {card["course"].slug for card in response.context["cards"]} == expected


def test_the_course_page_lists_lessons_and_facts(world, client_for, catalogue):
    response = client_for(world.agent).get(catalogue.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lección 1" in html and "Objetivo dos" in html
    assert response.context["jurisdictions"][0].code == "MX"


def test_the_catalogue_nav_link_redirects_to_academia(world, client_for, catalogue):
    response = client_for(world.agent).get("/aprendizaje/catalogo/")
    assert response.status_code == 302 and response["Location"] == "/academia/"

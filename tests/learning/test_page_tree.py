"""The page tree only allows catalogue → course → lesson."""

import pytest
from wagtail.models import Page, Site

from learning.models import CatalogueIndexPage, CoursePage, LessonPage
from tests.learning import factories

pytestmark = pytest.mark.django_db


def test_it_allows_lessons_only_under_courses(course):
    catalogue = factories.catalogue()
    root = Site.objects.get(is_default_site=True).root_page
    assert LessonPage.can_create_at(course)
    assert not LessonPage.can_create_at(catalogue)
    assert not LessonPage.can_create_at(root)
    assert LessonPage.allowed_parent_page_models() == [CoursePage]
    assert LessonPage.allowed_subpage_models() == []


def test_it_allows_courses_only_under_the_catalogue(course):
    root = Site.objects.get(is_default_site=True).root_page
    lesson = factories.lessons_of(course)[0]
    assert CoursePage.can_create_at(factories.catalogue())
    assert not CoursePage.can_create_at(root)
    assert not CoursePage.can_create_at(lesson)
    assert CatalogueIndexPage.allowed_subpage_models() == [CoursePage]


def test_the_admin_refuses_a_lesson_created_outside_a_course(world, client):
    catalogue = factories.catalogue()
    client.force_login(world.admin)  # a superuser bypasses page permissions: only the tree rule may refuse
    response = client.get(f"/cms/pages/add/learning/lessonpage/{catalogue.pk}/")
    assert response.status_code in (302, 403)
    assert not LessonPage.objects.child_of(catalogue).exists()
    ok = client.get(f"/cms/pages/add/learning/lessonpage/{factories.course('otro', lessons=0).pk}/")
    assert ok.status_code == 200


def test_the_catalogue_is_served_at_academia(world, client):
    factories.catalogue()
    client.force_login(world.agent)
    assert client.get("/academia/").status_code == 200
    assert Page.objects.get(slug="academia").url == "/academia/"

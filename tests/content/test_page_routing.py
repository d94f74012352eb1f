"""Pages are routed by url_path in one query (content.routing) and still answer exactly as Wagtail's
tree walk does: drafts are 404, moved pages move, view restrictions hold, a stale route hint is safe."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from content import routing
from tests.learning import factories

pytestmark = pytest.mark.django_db


def test_a_lesson_is_found_by_its_url_path_and_a_draft_is_a_404(world, client_for):
    course = factories.course("ruta", lessons=2)
    first, second = factories.lessons_of(course)
    client = client_for(world.agent)
    assert client.get(first.url).context["page"].pk == first.pk
    assert client.get(first.url).context["page"].pk == first.pk  # from the route hint
    second.unpublish()
    assert client.get(f"{course.url}{second.slug}/").status_code == 404
    assert client.get(f"{course.url}no-existe/").status_code == 404


def test_a_moved_page_answers_at_its_new_address_only(world, client_for):
    old = factories.course("antiguo", lessons=1)
    new = factories.course("nuevo", lessons=0)
    lesson = factories.lessons_of(old)[0]
    client = client_for(world.agent)
    old_url = lesson.url
    assert client.get(old_url).status_code == 200
    lesson.move(new, pos="last-child")
    lesson.refresh_from_db()
    response = client.get(old_url)  # Wagtail's automatic redirect for a moved page, not the old route
    assert response.status_code == 301 and response["Location"] == lesson.url
    assert client.get(lesson.url).context["page"].pk == lesson.pk


def test_a_stale_route_hint_never_serves_another_page(world, client_for):
    course = factories.course("pista", lessons=2)
    first, second = factories.lessons_of(course)
    client = client_for(world.agent)
    client.get(first.url)
    key = routing.ROUTE_KEY + first.url_path
    content_type_id, _pk = cache.get(key)
    cache.set(key, (content_type_id, second.pk))  # a hint pointing at the wrong page
    assert client.get(first.url).context["page"].pk == first.pk


def test_a_view_restriction_on_an_ancestor_still_applies(world, client_for):
    course = factories.course("privado", lessons=1)
    lesson = factories.lessons_of(course)[0]
    client = client_for(world.agent)
    assert client.get(lesson.url).status_code == 200
    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Solo jefes"))
    response = client.get(lesson.url)  # Wagtail's answer to a reader outside the group: sign in as another
    assert response.status_code == 302 and response["Location"].endswith(f"?next={lesson.url}")


def test_a_deleted_page_is_a_404_even_after_it_was_routed(world, client_for):
    course = factories.course("borrable", lessons=1)
    lesson = factories.lessons_of(course)[0]
    client = client_for(world.agent)
    url = lesson.url
    assert client.get(url).status_code == 200
    lesson.delete()
    assert client.get(url).status_code == 404

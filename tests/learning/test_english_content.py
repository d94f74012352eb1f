"""English readers see a course's live English translation; progress stays on the canonical page."""

import pytest
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


def test_an_english_reader_sees_the_live_english_translation(world, client_for, course, lessons):
    en, _ = Locale.objects.get_or_create(language_code="en")
    lesson = lessons[0]
    course_en = course.copy_for_translation(en, copy_parents=True, alias=False)
    course_en.title = "Collections in English"
    course_en.save_revision().publish()
    lesson_en = lesson.copy_for_translation(en, alias=False)
    lesson_en.title = "English lesson title"
    lesson_en.save_revision().publish()

    client = client_for(world.agent)
    spanish = client.get(lesson.url).content.decode()
    assert lesson.title in spanish and "English lesson title" not in spanish
    client.post("/aprendizaje/progreso/", {"lesson": lesson.pk})  # the Spanish page's visit report
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(lesson.url).content.decode()
    assert "English lesson title" in english
    assert "Collections in English" in client.get(course.url).content.decode()
    from learning.models import CourseProgress

    assert CourseProgress.objects.filter(employee=world.agent_employee, course=course).exists()


def test_without_a_translation_english_readers_get_the_spanish_content(world, client_for, lessons):
    Locale.objects.get_or_create(language_code="en")
    lesson = lessons[0]
    client = client_for(world.agent)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert lesson.title in client.get(lesson.url).content.decode()

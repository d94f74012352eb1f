"""An English reader studies the course's canonical (Spanish) copy: visits, completions and SCORM
attempts land on the source-locale lesson and course, and the course page and /aprendizaje/ show the
same numbers in both languages."""

import pytest
from wagtail.models import Locale

from learning import services
from learning.models import CourseProgress, LessonCompletion, ScormAttempt
from tests.learning import factories
from tests.learning.test_scorm_player import CMI_SAVED_12, commit_url, media, post, scorm_lesson  # noqa: F401

pytestmark = pytest.mark.django_db


def translate(course, lessons):
    en, _ = Locale.objects.get_or_create(language_code="en")
    course_en = course.copy_for_translation(en, copy_parents=True, alias=False)
    course_en.title = "Collections in English"
    course_en.save_revision().publish()
    out = []
    for lesson in lessons:
        lesson_en = lesson.specific.copy_for_translation(en, alias=False)
        lesson_en.title = f"EN {lesson.title}"
        lesson_en.save_revision().publish()
        out.append(lesson_en)
    return course_en, out


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_an_english_readers_visit_and_completion_count_on_the_spanish_course(world, client_for, course, lessons):
    course_en, lessons_en = translate(course, lessons)
    client = english(client_for(world.agent))
    page = client.get(lessons[0].url)
    assert "EN " in page.content.decode()  # the English words
    posted = page.context["page"].pk
    assert posted == lessons[0].pk  # the page reports the canonical lesson
    client.post("/aprendizaje/progreso/", {"lesson": posted})
    client.post(f"/aprendizaje/lecciones/{lessons_en[1].pk}/completar/")  # an old link to the English copy
    employee = world.agent_employee
    assert list(CourseProgress.objects.filter(employee=employee).values_list("course_id", flat=True)) == [course.pk]
    assert list(LessonCompletion.objects.filter(employee=employee).values_list("lesson_id", flat=True)) == [
        lessons[1].pk
    ]


def test_services_given_the_translation_write_on_the_canonical_pages(world, course, lessons):
    course_en, lessons_en = translate(course, lessons)
    employee = world.agent_employee
    services.lesson_visit_record(user=world.agent, page=lessons_en[0])
    services.lesson_complete(employee=employee, lesson=lessons_en[0], course=course_en)
    services.lesson_complete(employee=employee, lesson=lessons_en[1])
    assert set(CourseProgress.objects.filter(employee=employee).values_list("course_id", flat=True)) == {course.pk}
    assert set(LessonCompletion.objects.filter(employee=employee).values_list("lesson_id", "course_id")) == {
        (lessons[0].pk, course.pk),
        (lessons[1].pk, course.pk),
    }
    progress = CourseProgress.objects.get(employee=employee)
    assert progress.last_lesson_id == lessons[1].pk


def test_the_course_page_and_my_learning_show_the_same_numbers_in_both_languages(world, client_for, course, lessons):
    translate(course, lessons)
    employee = world.agent_employee
    services.lesson_complete(employee=employee, lesson=lessons[0], course=course)
    client = client_for(world.agent)
    spanish = client.get(course.url)
    spanish_lesson = client.get(lessons[1].url)
    english(client)
    english_page = client.get(course.url)
    english_lesson = client.get(lessons[1].url)
    assert "Collections in English" in english_page.content.decode()
    assert english_page.context["done_count"] == spanish.context["done_count"] == 1
    assert english_page.context["percent"] == spanish.context["percent"]
    assert [r["done"] for r in english_page.context["lessons"]] == [r["done"] for r in spanish.context["lessons"]]
    assert english_lesson.context["done_count"] == spanish_lesson.context["done_count"] == 1
    assert english_lesson.context["progress"].pk == spanish_lesson.context["progress"].pk
    assert client.get("/aprendizaje/").status_code == 200


@pytest.mark.usefixtures("media")
def test_an_english_readers_scorm_attempt_lands_on_the_spanish_lesson(world, client_for):
    course = factories.course("curso-scorm-en", lessons=1)
    lesson = scorm_lesson(course)
    translate(course, [*factories.lessons_of(course)])
    client = english(client_for(world.agent))
    url = commit_url(client, lesson)
    assert f"/{lesson.pk}/" in url
    assert post(client, url, CMI_SAVED_12).status_code == 200
    attempt = ScormAttempt.objects.get(employee=world.agent_employee)
    assert attempt.lesson_id == lesson.pk

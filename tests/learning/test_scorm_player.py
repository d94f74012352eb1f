"""Playing a SCORM lesson: the content served from the portal, the cmi store per agent and attempt,
resuming, and completion feeding the course's progress like a native lesson."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning import selectors, services
from learning.engine import scorm
from learning.models import CourseProgress, LessonCompletion, ScormAttempt, ScormLessonPage
from tests.learning import factories
from tests.learning.scorm_packages import scorm_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def scorm_lesson(course, *, version="1.2", slug="leccion-scorm", editor=None) -> ScormLessonPage:
    package = services.scorm_package_import(
        file=SimpleUploadedFile("p.zip", scorm_zip(version)), name="p.zip", actor=editor
    )
    lesson = ScormLessonPage(title="Lección SCORM", slug=slug, summary="", body=[], package=package)
    course.add_child(instance=lesson)
    lesson.save_revision().publish()
    return ScormLessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def course_with_scorm(db, media):
    course = factories.course("curso-scorm", lessons=1)
    return course, scorm_lesson(course)


def commit_url(client, lesson):
    response = client.get(lesson.url)
    return response.context["scorm_config"]["commitUrl"]


def post(client, url, body):
    return client.post(
        url, data=body if isinstance(body, (str, bytes)) else json.dumps(body), content_type="application/json"
    )


CMI_SAVED_12 = {
    "cmi": {
        "core": {"lesson_location": "pagina-2", "lesson_status": "incomplete", "exit": "suspend", "score": {"raw": ""}},
        "suspend_data": "respuesta=b",
    }
}
CMI_PASSED_12 = {
    "cmi": {
        "core": {"lesson_location": "pagina-3", "lesson_status": "passed", "exit": "", "score": {"raw": "85"}},
        "suspend_data": "respuesta=b",
    }
}


# --- the completion mapping (pure) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "cmi", "completed"),
    [
        ("1.2", {"core": {"lesson_status": "completed"}}, True),
        ("1.2", {"core": {"lesson_status": "passed"}}, True),
        ("1.2", {"core": {"lesson_status": "failed"}}, False),
        ("1.2", {"core": {"lesson_status": "incomplete"}}, False),
        ("1.2", {"core": {"lesson_status": "browsed"}}, False),
        ("1.2", {"core": {"lesson_status": "nonsense"}}, False),
        ("2004", {"completion_status": "completed"}, True),
        ("2004", {"completion_status": "completed", "success_status": "passed"}, True),
        ("2004", {"completion_status": "completed", "success_status": "failed"}, False),
        ("2004", {"completion_status": "incomplete", "success_status": "passed"}, False),
        ("2004", {"completion_status": "unknown"}, False),
        ("2004", {}, False),
    ],
)
def test_the_cmi_data_says_when_the_lesson_is_done(version, cmi, completed):
    assert scorm.cmi_state(version, cmi).completed is completed


def test_the_score_is_read_as_a_decimal_and_nonsense_as_nothing():
    assert scorm.cmi_state("1.2", {"core": {"score": {"raw": "85.5"}}}).score_raw == Decimal("85.5")
    state = scorm.cmi_state("2004", {"score": {"raw": "x", "scaled": "0.85"}})
    assert state.score_raw is None and state.score_scaled == Decimal("0.85")
    assert scorm.cmi_state("1.2", {"core": "not a dict"}).lesson_status == ""


def test_a_resumed_attempt_gets_its_location_suspend_data_and_entry_back():
    assert scorm.cmi_resume("1.2", CMI_SAVED_12["cmi"]) == {
        "core": {"lesson_location": "pagina-2", "lesson_status": "incomplete", "score": {"raw": ""}, "entry": "resume"},
        "suspend_data": "respuesta=b",
    }
    assert scorm.cmi_resume("2004", {"location": "p2", "suspend_data": "s", "exit": "suspend"}) == {
        "location": "p2",
        "suspend_data": "s",
        "entry": "resume",
    }
    assert scorm.cmi_resume("2004", {}) == {}


# --- the lesson page and the content --------------------------------------------------------------------------


def test_the_scorm_lesson_counts_as_a_lesson_of_its_course(world, client_for, course_with_scorm):
    course, lesson = course_with_scorm
    response = client_for(world.agent).get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'sandbox="allow-scripts allow-same-origin allow-forms"' in html
    assert "vendor/scorm-again/scorm12.min.js" in html
    assert response.context["total"] == 2 and response.context["scorm"].number == 1
    assert not ScormAttempt.objects.exists()  # opening the lesson writes no attempt


def test_the_content_is_served_from_the_portal_with_its_type_and_a_sandboxing_policy(
    world, client_for, course_with_scorm
):
    _course, lesson = course_with_scorm
    client = client_for(world.agent)
    url = reverse("learning:scorm_content", kwargs={"package_id": lesson.package_id, "path": "index.html"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "sandbox allow-scripts allow-same-origin allow-forms" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN" and response["X-Content-Type-Options"] == "nosniff"
    css = client.get(
        reverse("learning:scorm_content", kwargs={"package_id": lesson.package_id, "path": "css/estilo.css"})
    )
    assert css["Content-Type"] == "text/css; charset=utf-8"


@pytest.mark.parametrize(
    "path", ["../../../etc/passwd", "nada.html", "css/../../x.html", "imsmanifest.xml/..", "%2e%2e/x"]
)
def test_a_path_outside_the_package_or_missing_is_404(world, client_for, course_with_scorm, path):
    _course, lesson = course_with_scorm
    url = reverse("learning:scorm_content", kwargs={"package_id": lesson.package_id, "path": "x"})[:-1] + path
    assert client_for(world.agent).get(url).status_code == 404


def test_the_content_is_404_to_anonymous_readers_and_for_an_unpublished_lesson(
    world, client, client_for, course_with_scorm
):
    _course, lesson = course_with_scorm
    url = reverse("learning:scorm_content", kwargs={"package_id": lesson.package_id, "path": "index.html"})
    assert client.get(url).status_code == 404
    lesson.unpublish()
    assert client_for(world.agent).get(url).status_code == 404
    assert client_for(world.editor).get(url).status_code == 200  # the editor previews a draft


# --- commits: the cmi store ------------------------------------------------------------------------------------


def test_a_commit_stores_the_cmi_data_and_the_agent_resumes_from_it(world, client_for, course_with_scorm):
    _course, lesson = course_with_scorm
    client = client_for(world.agent)
    url = commit_url(client, lesson)
    response = post(client, url, CMI_SAVED_12)
    assert response.status_code == 200 and response.json() == {"result": True, "errorCode": 0}
    attempt = ScormAttempt.objects.get(employee=world.agent_employee, lesson=lesson)
    assert (attempt.number, attempt.lesson_status, attempt.completed_at) == (1, "incomplete", None)
    assert attempt.cmi["suspend_data"] == "respuesta=b"
    again = client.get(lesson.url)
    assert again.context["scorm"].number == 1
    assert again.context["scorm_config"]["cmi"]["core"]["lesson_location"] == "pagina-2"
    assert again.context["scorm_config"]["cmi"]["suspend_data"] == "respuesta=b"
    assert "Continúas donde lo dejaste" in again.content.decode() or again.context["scorm"].attempt is not None


def test_passing_the_sco_completes_the_lesson_and_moves_the_course_progress(world, client_for, course_with_scorm):
    course, lesson = course_with_scorm
    client = client_for(world.agent)
    url = commit_url(client, lesson)
    post(client, url, CMI_SAVED_12)
    assert not LessonCompletion.objects.filter(lesson=lesson).exists()
    post(client, url, CMI_PASSED_12)
    attempt = ScormAttempt.objects.get(employee=world.agent_employee, lesson=lesson)
    assert (attempt.lesson_status, attempt.success_status, attempt.score_raw) == ("passed", "passed", Decimal("85"))
    assert attempt.completed_at is not None
    assert LessonCompletion.objects.filter(employee=world.agent_employee, lesson=lesson).count() == 1
    progress = CourseProgress.objects.get(employee=world.agent_employee, course=course)
    assert (progress.lessons_done, progress.lessons_total, progress.percent) == (1, 2, 50)


def test_a_2004_package_completes_on_completion_status_unless_it_failed(world, client_for, media):
    course = factories.course("curso-2004", lessons=0)
    lesson = scorm_lesson(course, version="2004", slug="sco-2004")
    client = client_for(world.agent)
    url = commit_url(client, lesson)
    post(
        client, url, {"cmi": {"completion_status": "completed", "success_status": "failed", "score": {"scaled": "0.4"}}}
    )
    assert not LessonCompletion.objects.filter(lesson=lesson).exists()
    post(
        client, url, {"cmi": {"completion_status": "completed", "success_status": "passed", "score": {"scaled": "0.9"}}}
    )
    progress = CourseProgress.objects.get(employee=world.agent_employee, course=course)
    assert progress.completed_at is not None and progress.percent == 100


def test_the_same_commit_twice_changes_nothing_but_the_count(world, client_for, course_with_scorm):
    _course, lesson = course_with_scorm
    client = client_for(world.agent)
    url = commit_url(client, lesson)
    post(client, url, CMI_PASSED_12)
    first = ScormAttempt.objects.get()
    post(client, url, CMI_PASSED_12)
    second = ScormAttempt.objects.get()
    assert second.completed_at == first.completed_at and second.commits == 2
    assert LessonCompletion.objects.count() == 1


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"', '{"cmi": 3}', b"\xff\xfe", "[" * 100_000])
def test_a_commit_that_is_not_cmi_data_is_400(world, client_for, course_with_scorm, body):
    _course, lesson = course_with_scorm
    client = client_for(world.agent)
    response = post(client, commit_url(client, lesson), body)
    assert response.status_code == 400 and response.json()["result"] is False
    assert not ScormAttempt.objects.exists()


def test_another_agents_commit_url_an_unknown_lesson_or_a_forged_token_is_404(world, client_for, course_with_scorm):
    _course, lesson = course_with_scorm
    agent = client_for(world.agent)
    url = commit_url(agent, lesson)
    assert post(client_for(world.teammate), url, CMI_SAVED_12).status_code == 404
    other = reverse("learning:scorm_commit", kwargs={"lesson_id": 999999, "token": url.split("/")[-3]})
    assert post(agent, other, CMI_SAVED_12).status_code == 404
    forged = reverse("learning:scorm_commit", kwargs={"lesson_id": lesson.pk, "token": "abc:def"})
    assert post(agent, forged, CMI_SAVED_12).status_code == 404
    assert not ScormAttempt.objects.exists()


def test_an_old_attempt_cannot_be_written_once_the_package_is_replaced(world, client_for, course_with_scorm):
    _course, lesson = course_with_scorm
    client = client_for(world.agent)
    old_url = commit_url(client, lesson)
    post(client, old_url, CMI_SAVED_12)
    lesson.package = services.scorm_package_import(file=SimpleUploadedFile("n.zip", scorm_zip()), name="n.zip")
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert selectors.scorm_player(employee=world.agent_employee, lesson=lesson, package=lesson.package).number == 2
    assert post(client, old_url, CMI_PASSED_12).status_code == 404
    new_url = commit_url(client, lesson)
    assert post(client, new_url, CMI_PASSED_12).status_code == 200
    assert list(ScormAttempt.objects.order_by("number").values_list("number", "lesson_status")) == [
        (1, "incomplete"),
        (2, "passed"),
    ]


def test_a_scorm_lesson_cannot_be_marked_done_by_hand(world, client_for, course_with_scorm):
    _course, lesson = course_with_scorm
    with pytest.raises(services.LearningError):
        services.lesson_complete(employee=world.agent_employee, lesson=lesson)
    response = client_for(world.agent).post(reverse("learning:lesson_complete", args=[lesson.pk]))
    assert response.status_code == 302 and not LessonCompletion.objects.exists()


# --- the CMS: an editor uploads the zip ------------------------------------------------------------------------


def test_an_editor_uploads_a_package_and_it_becomes_a_lesson_of_the_course(world, client_for, media):
    course = factories.course("curso-cms", lessons=0)
    client = client_for(world.admin)
    url = reverse("wagtailadmin_pages:add", args=["learning", "scormlessonpage", course.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "title": "Módulo SCORM",
        "slug": "modulo-scorm",
        "summary": "",
        "estimated_minutes": "15",
        "action-publish": "publish",
        "package_file": SimpleUploadedFile("curso.zip", scorm_zip("2004"), content_type="application/zip"),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    lesson = ScormLessonPage.objects.get(slug="modulo-scorm")
    assert lesson.live and lesson.package.version == "2004"

    bad = {**data, "slug": "otro", "package_file": SimpleUploadedFile("m.zip", scorm_zip(extra={"x.exe": b"MZ"}))}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "x.exe" in str(response.context["form"].errors["package_file"])
    assert not ScormLessonPage.objects.filter(slug="otro").exists()


def test_the_import_command_adds_a_published_lesson_and_names_a_refused_package(tmp_path, media, db):
    from django.core.management import CommandError, call_command

    course = factories.course("curso-cmd", lessons=0)
    good = tmp_path / "bueno.zip"
    good.write_bytes(scorm_zip("2004"))
    call_command("import_scorm", str(good), "--course", "curso-cmd", "--slug", "sco")
    lesson = ScormLessonPage.objects.child_of(course).get()
    assert lesson.live and lesson.slug == "sco" and lesson.package.version == "2004"
    bad = tmp_path / "malo.zip"
    bad.write_bytes(scorm_zip(href="falta.html"))
    with pytest.raises(CommandError, match="falta.html"):
        call_command("import_scorm", str(bad), "--course", "curso-cmd", "--slug", "otra")
    assert ScormLessonPage.objects.count() == 1

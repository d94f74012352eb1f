"""A SCORM upload whose page is not saved leaves nothing behind, and the nightly purge removes the
packages no page uses (older than a day) and any files without a package."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from core.models import AuditEvent
from learning import services
from learning.models import ScormLessonPage, ScormPackage
from tests.learning import factories
from tests.learning.scorm_packages import scorm_zip
from tests.learning.test_scorm_player import scorm_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def on_disk(root) -> list[str]:
    scorm = root / services.SCORM_MEDIA_DIR
    return sorted(p.name for p in scorm.iterdir()) if scorm.exists() else []


def upload(name="p.zip"):
    return SimpleUploadedFile(name, scorm_zip("1.2"), content_type="application/zip")


def age(package: ScormPackage, days: float, root) -> None:
    then = timezone.now() - dt.timedelta(days=days)
    ScormPackage.objects.filter(pk=package.pk).update(uploaded_at=then)
    os.utime(root / services.SCORM_MEDIA_DIR / package.directory, (then.timestamp(), then.timestamp()))


@pytest.fixture
def page_save_fails(monkeypatch):
    real = Page.save

    def save(self, *args, **kwargs):
        if isinstance(self, ScormLessonPage):
            raise DatabaseError("disco lleno")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Page, "save", save)


def test_a_cms_save_that_fails_after_the_import_leaves_no_files_and_no_row(world, client_for, media, page_save_fails):
    course = factories.course("curso-cms-falla", lessons=0)
    url = reverse("wagtailadmin_pages:add", args=["learning", "scormlessonpage", course.pk])
    data = {
        "title": "Módulo",
        "slug": "modulo",
        "summary": "",
        "estimated_minutes": "15",
        "action-publish": "publish",
        "package_file": upload(),
    }
    with pytest.raises(DatabaseError):
        client_for(world.admin).post(url, data)
    assert on_disk(media) == []
    assert list(ScormPackage.objects.values("pk", "directory")) == []


def test_the_import_command_leaves_nothing_when_the_lesson_cannot_be_published(db, media, monkeypatch):
    course = factories.course("curso-cmd-falla", lessons=0)

    def fail(*args, **kwargs):
        raise DatabaseError("disco lleno")

    monkeypatch.setattr(ScormLessonPage, "save_revision", fail)
    with pytest.raises(DatabaseError):
        services.scorm_lesson_create(course=course, title="", slug="sco", file=upload(), name="p.zip")
    assert on_disk(media) == []
    assert not ScormPackage.objects.exists()
    assert not ScormLessonPage.objects.exists()


def test_the_purge_removes_unused_packages_older_than_a_day_and_keeps_the_rest(db, media):
    course = factories.course("curso-purga", lessons=0)
    used = scorm_lesson(course).package
    old_unused = services.scorm_package_import(file=upload("viejo.zip"), name="viejo.zip")
    fresh_unused = services.scorm_package_import(file=upload("nuevo.zip"), name="nuevo.zip")
    # a draft that points at a package not yet published keeps it
    draft_only = services.scorm_package_import(file=upload("borrador.zip"), name="borrador.zip")
    lesson = ScormLessonPage.objects.get(package=used)
    lesson.package = draft_only
    lesson.save_revision()
    for package in (used, old_unused, draft_only):
        age(package, 3, media)
    # files whose row was rolled back (a failed save in the same transaction as the import)
    orphan = media / services.SCORM_MEDIA_DIR / ("0" * 32)
    orphan.mkdir()
    (orphan / "index.html").write_text("<p>huérfano</p>")
    then = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(orphan, (then, then))
    fresh_orphan = media / services.SCORM_MEDIA_DIR / ".incoming-reciente"
    fresh_orphan.mkdir()

    assert services.scorm_packages_purge() == 2
    assert set(ScormPackage.objects.values_list("pk", flat=True)) == {used.pk, fresh_unused.pk, draft_only.pk}
    assert on_disk(media) == sorted(
        [".incoming-reciente", used.directory, fresh_unused.directory, draft_only.directory]
    )
    event = AuditEvent.objects.get(action="scorm_package.purge")
    assert "viejo.zip" in event.summary
    assert services.scorm_packages_purge() == 0  # twice is once


def test_the_purge_runs_nightly():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "learning.tasks.scorm_packages_purge_task" in tasks

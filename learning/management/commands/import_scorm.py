"""python manage.py import_scorm ZIP --course SLUG [--slug SLUG] [--title TITLE] [--draft]

Validates a SCORM 1.2 / 2004 zip and adds it as the last lesson of the course (published unless
--draft), as the CMS form does. Exits 1 naming what is wrong when the package is refused (nothing stored).
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learning.models import CoursePage
from learning.services import LearningError, scorm_lesson_create


class Command(BaseCommand):
    help = "Import a SCORM package as a lesson of a course."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the SCORM zip")
        parser.add_argument("--course", required=True, help="Slug of the course")
        parser.add_argument("--slug", default="", help="Address of the lesson (default: from the title)")
        parser.add_argument("--title", default="", help="Title of the lesson (default: the package's)")
        parser.add_argument("--draft", action="store_true", help="Create the lesson unpublished")

    def handle(self, *args, file: str, course: str, slug: str, title: str, draft: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: {path}").format(path=path))
        course_page = CoursePage.objects.filter(slug=course).first()
        if course_page is None:
            raise CommandError(_("No course with the address {slug}.").format(slug=course))
        with path.open("rb") as handle:
            try:
                lesson = scorm_lesson_create(
                    course=course_page,
                    title=title,
                    slug=slug or slugify(title or path.stem)[:80] or "scorm",
                    file=File(handle, name=path.name),
                    name=path.name,
                    publish=not draft,
                )
            except LearningError as error:
                raise CommandError(error.message) from None
        self.stdout.write(
            _("SCORM {version} lesson “{title}” added to {course}: {url}").format(
                version=lesson.package.version, title=lesson.title, course=course_page.title, url=lesson.url_path
            )
        )

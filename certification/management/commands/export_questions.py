"""python manage.py export_questions --bank CODE --format gift|moodle-xml --out FILE"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.exporting import EXPORT_FORMATS, FORMAT_ALIASES, bank_export
from certification.models import QuestionBank


class Command(BaseCommand):
    help = "Export the active questions of a bank as GIFT or Moodle XML (import_questions reads both back)."

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True, help="code of the question bank")
        parser.add_argument("--format", choices=(*EXPORT_FORMATS, *FORMAT_ALIASES), default="gift")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **opts):
        translation.activate("es")
        try:
            bank = QuestionBank.objects.get(code=opts["bank"])
        except QuestionBank.DoesNotExist as exc:
            raise CommandError(_("There is no question bank with code “%(code)s”.") % {"code": opts["bank"]}) from exc
        export = bank_export(bank=bank, fmt=opts["format"])
        Path(opts["out"]).write_text(export.text, encoding="utf-8")
        for item in export.left_out:
            self.stdout.write(
                _("Not exported (the format has no syntax for this type): “%(name)s”") % {"name": item.name}
            )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(n)d question written to %(file)s.",
                    "%(n)d questions written to %(file)s.",
                    export.written,
                )
                % {"n": export.written, "file": opts["out"]}
            )
        )

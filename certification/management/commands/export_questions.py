"""python manage.py export_questions --bank CODE --format gift --out FILE"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.engine.gift_writer import write_gift
from certification.models import QuestionBank
from certification.selectors import bank_questions_for_export


class Command(BaseCommand):
    help = "Export the active questions of a bank as GIFT (import_questions reads it back)."

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True, help="code of the question bank")
        parser.add_argument("--format", choices=("gift",), default="gift")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **opts):
        translation.activate("es")
        try:
            bank = QuestionBank.objects.get(code=opts["bank"])
        except QuestionBank.DoesNotExist as exc:
            raise CommandError(_("There is no question bank with code “%(code)s”.") % {"code": opts["bank"]}) from exc
        questions = bank_questions_for_export(bank=bank)
        text, left_out = write_gift(questions)
        Path(opts["out"]).write_text(text, encoding="utf-8")
        for item in left_out:
            self.stdout.write(_("Not exported (GIFT has no syntax for this type): “%(name)s”") % {"name": item.name})
        written = len(questions) - len(left_out)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(n)d question written to %(file)s.",
                    "%(n)d questions written to %(file)s.",
                    written,
                )
                % {"n": written, "file": opts["out"]}
            )
        )

"""python manage.py import_questions FILE --format gift|moodle-xml --bank CODE [--dry-run]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.importing import FORMATS, guess_format, parse_question_file
from certification.messages import parse_error_text
from certification.models import QuestionBank
from certification.services import CertificationError, questions_import


class Command(BaseCommand):
    help = "Import questions from a GIFT or Moodle XML file into a question bank (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS, default=None)
        parser.add_argument("--bank", required=True, help="code of the question bank")
        parser.add_argument("--dry-run", action="store_true", help="report what would be imported")

    def handle(self, *args, **opts):
        translation.activate("es")
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path}: file not found")
        try:
            bank = QuestionBank.objects.get(code=opts["bank"])
        except QuestionBank.DoesNotExist as exc:
            raise CommandError(f"unknown bank {opts['bank']!r}") from exc
        fmt = opts["format"] or guess_format(path.name)
        report = parse_question_file(path.read_bytes(), fmt)
        for item in report.skipped:
            where = f"line {item.line}" if item.line else f"question {item.index}"
            self.stdout.write(f"skipped ({item.reason}): {item.kind} {item.name!r} at {where}")
        if report.errors:
            for error in report.errors:
                self.stderr.write(parse_error_text(error))
            raise CommandError(f"{len(report.errors)} errors; nothing imported")
        try:
            outcome = questions_import(bank=bank, report=report, dry_run=opts["dry_run"])
        except CertificationError as exc:
            raise CommandError(exc.code) from exc
        self.stdout.write("by type:")
        for name, count in sorted(report.counts_by_type().items()):
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write("by category:")
        for name, count in sorted(report.counts_by_category().items()):
            self.stdout.write(f"  {name}: {count}")
        if outcome.duplicates:
            self.stdout.write(
                ngettext(
                    "%(n)d question repeated in the file was imported only once:",
                    "%(n)d questions repeated in the file were imported only once:",
                    len(outcome.duplicates),
                )
                % {"n": len(outcome.duplicates)}
            )
            for item in outcome.duplicates:
                where = _("line %(n)s") % {"n": item.line} if item.line else _("question %(n)s") % {"n": item.index}
                self.stdout.write(f"  “{item.name}” ({where})")
        verb = "would import" if outcome.dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {outcome.created} questions; {outcome.updated} updated as a new version; "
                f"{outcome.unchanged} already in bank {bank.code}"
            )
        )

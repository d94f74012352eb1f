"""python manage.py import_contacts FILE [--profile CODE] [--dry-run]

Validates the whole contact-attempt log, prints the report and loads it (unless --dry-run); a load
scans the months it touches. Exits 1 when the file is rejected (nothing is stored).
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from compliance.ingest.profiles import PROFILES
from compliance.messages import error_text
from compliance.models import ContactImport
from compliance.services import contact_import_create, contact_import_process


class Command(BaseCommand):
    help = "Validate and load a dialer's contact-attempt log (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV or XLSX file")
        parser.add_argument("--profile", default="canonical", help=f"Profile code: {', '.join(PROFILES)}")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; store nothing")

    def handle(self, *args, file: str, profile: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if profile not in PROFILES:
            raise CommandError(f"Unknown profile '{profile}'. Profiles: {', '.join(PROFILES)}")
        with path.open("rb") as handle:
            imp = contact_import_create(
                uploaded=File(handle, name=path.name),
                filename=path.name,
                profile_code=profile,
                source=ContactImport.Source.COMMAND,
                dry_run=dry_run,
            )
        imp = contact_import_process(import_id=imp.pk)
        self.stdout.write(f"Contact log #{imp.pk} {imp.original_name} (SHA-256 {imp.sha256})")
        self.stdout.write(f"Status: {imp.status} · rows: {imp.row_count}")
        if imp.status == ContactImport.Status.LOADED:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {imp.inserted_count} attempts ({imp.first_day} – {imp.last_day})")
            )
        elif imp.status == ContactImport.Status.DUPLICATE:
            self.stdout.write(
                self.style.WARNING(f"Already loaded as log #{imp.duplicate_of_id}: nothing loaded again.")
            )
        if imp.errors:
            self.stderr.write("row\tcolumn\tvalue\tcode\tmessage")
            for error in imp.errors:
                row = "" if error.get("row") is None else error["row"]
                self.stderr.write(
                    f"{row}\t{error.get('column') or ''}\t{error.get('value') or ''}\t{error['code']}\t{error_text(error)}"
                )
        if imp.status == ContactImport.Status.REJECTED:
            raise CommandError(
                f"Contact log #{imp.pk} rejected: {imp.error_count} errors, nothing stored.", returncode=1
            )

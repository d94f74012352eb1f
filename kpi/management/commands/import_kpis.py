"""python manage.py import_kpis FILE [--profile CODE] [--dry-run]

Validates the whole file, prints the report and loads it (unless --dry-run). Exits 1 when
the file is rejected (nothing is stored), 0 when it was loaded, validated or already loaded.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from kpi.messages import error_message
from kpi.models import FeedProfile, KpiImport
from kpi.services import kpi_import_create, kpi_import_process


class Command(BaseCommand):
    help = "Validate and load a KPI feed (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV or XLSX file")
        parser.add_argument("--profile", default="canonico", help="Feed profile code (default: canonico)")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; store no facts")

    def handle(self, *args, file: str, profile: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            feed_profile = FeedProfile.objects.get(code=profile)
        except FeedProfile.DoesNotExist:
            codes = ", ".join(FeedProfile.objects.values_list("code", flat=True))
            raise CommandError(f"Unknown profile '{profile}'. Profiles: {codes}") from None
        with path.open("rb") as handle:
            kpi_import = kpi_import_create(
                profile=feed_profile,
                uploaded=File(handle, name=path.name),
                filename=path.name,
                source=KpiImport.Source.COMMAND,
                dry_run=dry_run,
            )
        kpi_import = kpi_import_process(import_id=kpi_import.pk)
        self._report(kpi_import)
        if kpi_import.status in (KpiImport.Status.REJECTED, KpiImport.Status.FAILED):
            raise CommandError(
                f"Import #{kpi_import.pk} {kpi_import.status}: {kpi_import.error_count} errors, nothing stored.",
                returncode=1,
            )

    def _report(self, kpi_import: KpiImport) -> None:
        out = self.stdout
        out.write(f"Import #{kpi_import.pk} {kpi_import.original_name} (SHA-256 {kpi_import.sha256})")
        out.write(f"Status: {kpi_import.status} · rows: {kpi_import.row_count}")
        if kpi_import.status == KpiImport.Status.LOADED:
            out.write(
                self.style.SUCCESS(
                    f"Loaded: {kpi_import.inserted_count} new, {kpi_import.updated_count} replaced, "
                    f"{kpi_import.unchanged_count} unchanged ({kpi_import.first_day} – {kpi_import.last_day})"
                )
            )
            for sample in (kpi_import.changes or {}).get("samples", [])[:20]:
                changes = "; ".join(f"{m}: {a} -> {b}" for m, (a, b) in sample["changes"].items())
                out.write(
                    f"  {sample['employee_code']} {sample['day']} {sample.get('campaign_code') or '-'}: {changes}"
                )
        elif kpi_import.status == KpiImport.Status.VALIDATED:
            out.write(self.style.SUCCESS("Valid (dry run): nothing stored."))
        elif kpi_import.status == KpiImport.Status.DUPLICATE:
            out.write(
                self.style.WARNING(f"Already loaded as import #{kpi_import.duplicate_of_id}: nothing loaded again.")
            )
        elif kpi_import.status == KpiImport.Status.FAILED:
            self.stderr.write(kpi_import.failure)
        if kpi_import.errors:
            self.stderr.write("row\tcolumn\tvalue\tcode\tmessage")
            for error in kpi_import.errors:
                row = "" if error.get("row") is None else error["row"]
                self.stderr.write(
                    f"{row}\t{error.get('column') or ''}\t{error.get('value') or ''}\t{error['code']}\t"
                    f"{error_message(error)}"
                )
            if kpi_import.error_count > len(kpi_import.errors):
                self.stderr.write(f"… and {kpi_import.error_count - len(kpi_import.errors)} more errors")

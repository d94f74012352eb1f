"""python manage.py import_kpis FILE [--profile CODE] [--dry-run]

Validates the whole file, prints the report and loads it (unless --dry-run). Exits 1 when
the file is rejected (nothing is stored), 0 when it was loaded, validated or already loaded.
Every line it prints is in the active language (settings.LANGUAGE_CODE, Spanish by default);
error codes stay in their own column of the report for scripts.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            raise CommandError(_("No such file: {path}").format(path=path))
        try:
            feed_profile = FeedProfile.objects.get(code=profile)
        except FeedProfile.DoesNotExist:
            codes = ", ".join(FeedProfile.objects.values_list("code", flat=True))
            raise CommandError(
                _("Unknown profile '{profile}'. Profiles: {codes}").format(profile=profile, codes=codes)
            ) from None
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
                _("Import #{id} {status}: {errors} errors, nothing stored.").format(
                    id=kpi_import.pk, status=kpi_import.get_status_display(), errors=kpi_import.error_count
                ),
                returncode=1,
            )

    def _report(self, kpi_import: KpiImport) -> None:
        out = self.stdout
        out.write(
            _("Import #{id} {name} (SHA-256 {sha256})").format(
                id=kpi_import.pk, name=kpi_import.original_name, sha256=kpi_import.sha256
            )
        )
        out.write(
            _("Status: {status} · rows: {rows} · profile: {profile}").format(
                status=kpi_import.get_status_display(), rows=kpi_import.row_count, profile=kpi_import.profile
            )
        )
        if kpi_import.status == KpiImport.Status.LOADED:
            out.write(
                self.style.SUCCESS(
                    _("Loaded: {new} new, {replaced} replaced, {unchanged} unchanged ({first} – {last})").format(
                        new=kpi_import.inserted_count,
                        replaced=kpi_import.updated_count,
                        unchanged=kpi_import.unchanged_count,
                        first=kpi_import.first_day,
                        last=kpi_import.last_day,
                    )
                )
            )
            for sample in (kpi_import.changes or {}).get("samples", [])[:20]:
                changes = "; ".join(f"{m}: {a} -> {b}" for m, (a, b) in sample["changes"].items())
                out.write(
                    f"  {sample['employee_code']} {sample['day']} {sample.get('campaign_code') or '-'}: {changes}"
                )
        elif kpi_import.status == KpiImport.Status.VALIDATED:
            out.write(self.style.SUCCESS(_("Valid (dry run): nothing stored.")))
        elif kpi_import.status == KpiImport.Status.DUPLICATE:
            out.write(
                self.style.WARNING(
                    _("Already loaded as import #{id}: nothing loaded again.").format(id=kpi_import.duplicate_of_id)
                )
            )
        elif kpi_import.status == KpiImport.Status.FAILED:
            self.stderr.write(kpi_import.failure)
        if kpi_import.errors:
            self.stderr.write("\t".join([_("row"), _("column"), _("value"), _("code"), _("message")]))
            for error in kpi_import.errors:
                row = "" if error.get("row") is None else error["row"]
                self.stderr.write(
                    f"{row}\t{error.get('column') or ''}\t{error.get('value') or ''}\t{error['code']}\t"
                    f"{error_message(error)}"
                )
            if kpi_import.error_count > len(kpi_import.errors):
                self.stderr.write(
                    _("… and {count} more errors").format(count=kpi_import.error_count - len(kpi_import.errors))
                )

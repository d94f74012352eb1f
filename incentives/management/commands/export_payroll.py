from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incentives.errors import IncentivesError
from incentives.exports import payroll_export
from incentives.models import ExportTemplate, PayoutRun, RunStatus
from incentives.periods import parse_period


class Command(BaseCommand):
    help = "Write the payroll file of a period's run with final approval (CSV or XLSX by extension)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--out", required=True, help="output file (.csv or .xlsx)")
        parser.add_argument("--template", help="export template code")
        parser.add_argument("--plan", help="plan code when the period has one run per plan")
        parser.add_argument("--currency", help="ISO code: required when the run pays in several currencies")

    def handle(self, *args, period, out, template=None, plan=None, currency=None, **options):
        try:
            first = parse_period(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        runs = PayoutRun.objects.filter(period=first, status__in=[RunStatus.LOCKED, RunStatus.EXPORTED])
        runs = runs.filter(plan__code=plan) if plan else runs
        run = runs.order_by("-id").first()
        if run is None:
            raise CommandError(f"no run with final approval for {period}")
        tpl = ExportTemplate.objects.get(code=template) if template else None
        fmt = "xlsx" if out.lower().endswith(".xlsx") else "csv"
        try:
            data, _name = payroll_export(actor=None, run=run, template=tpl, file_format=fmt, currency=currency)
        except IncentivesError as exc:
            raise CommandError(exc.message) from exc
        Path(out).write_bytes(data)
        self.stdout.write(f"{out}: {len(data)} bytes")

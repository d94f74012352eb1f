from django.core.management.base import BaseCommand, CommandError

from incentives.errors import IncentivesError
from incentives.periods import parse_period
from incentives.services import payout_run_compute


class Command(BaseCommand):
    help = "Compute (or recompute) the draft bonus run of a period."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--plan", help="plan code (default: every plan)")

    def handle(self, *args, period, plan=None, **options):
        try:
            run = payout_run_compute(period=parse_period(period), plan_code=plan)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except IncentivesError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"run {run.pk} {run.period:%Y-%m}: {run.payout_count} payouts, totals {run.totals}")

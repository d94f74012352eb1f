"""python manage.py compliance_scan --period YYYY-MM [--format csv]

Checks every attempt of the month (the debtor's local dates) against the rule set in force on its
date and stores each breach once (re-running stores nothing new). Prints a summary by rule and
country, or with --format csv one row per breach of the month: regla, pais, agente, cuenta_hash,
fecha_hora_local.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from compliance.models import Breach
from compliance.services import compliance_scan, month_bounds


class Command(BaseCommand):
    help = "Check a month of contact attempts against the contact rules and store the breaches."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The month, YYYY-MM")
        parser.add_argument("--format", choices=["summary", "csv"], default="summary")
        parser.add_argument("--no-remedial", action="store_true", help="Do not assign remedial training")

    def handle(self, *args, period: str, format: str, no_remedial: bool, **options):  # noqa: A002
        try:
            year, number = (int(part) for part in period.split("-"))
            month = dt.date(year, number, 1)
        except ValueError:
            raise CommandError(f"--period must be YYYY-MM, not '{period}'") from None
        scan = compliance_scan(period=month, remedial=not no_remedial)
        first, last = month_bounds(month)
        breaches = (
            Breach.objects.filter(local_day__gte=first, local_day__lte=last)
            .select_related("employee", "attempt")
            .order_by("occurred_at", "pk")
        )
        if format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(["regla", "pais", "agente", "cuenta_hash", "fecha_hora_local", "gravedad", "orientativa"])
            for b in breaches.iterator(chunk_size=2000):
                writer.writerow(
                    [
                        b.code,
                        b.country,
                        b.employee.employee_code,
                        b.account_hash,
                        b.attempt.local_time().isoformat(timespec="minutes"),
                        b.severity,
                        "si" if b.advisory else "no",
                    ]
                )
            return
        self.stdout.write(
            f"Scan #{scan.pk} of {first:%Y-%m}: {scan.attempts_checked} attempts, "
            f"{scan.breaches_found} breaches ({scan.breaches_new} new)"
        )
        counts = Counter(breaches.values_list("code", "country", "advisory"))
        for (code, country, advisory), n in sorted(counts.items()):
            label = " (advisory)" if advisory else ""
            self.stdout.write(f"  {code:<20} {country}  {n}{label}")

from django.core.management.base import BaseCommand

from core.audit import audit_purge


class Command(BaseCommand):
    help = "Delete audit events older than AUDIT_RETENTION_DAYS (or --days), keeping the chain verifiable."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        deleted = audit_purge(retention_days=days)
        self.stdout.write(f"{deleted} audit events purged.")

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from core.demo import DEMO_USERS, seed_world
from core.models import Company, DemoMarker, Employee, User
from core.registry import demo_seeders


class Command(BaseCommand):
    help = (
        "Build the demo company (sites, teams, 200+ agents, one user per role, and every app's demo data). "
        "Deterministic and idempotent: running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow running with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates demo users with the password 'demo': refusing with DEBUG off. "
                "Use --force if this really is a demo server."
            )
        has_data = User.objects.exists() or Employee.objects.exists() or Company.objects.exists()
        if has_data and not DemoMarker.objects.exists():
            raise CommandError(
                "This database already has users or organisation data that seed_demo did not create; "
                "refusing to mix demo data into it. Nothing was changed."
            )
        self.stdout.write("Seeding the demo world…")
        # The demo's own notifications (assignments, certificates…) are not delivered anywhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            world = seed_world(stdout=self.stdout)
            for seeder in demo_seeders():
                self.stdout.write(f"- {seeder.key}")
                seeder.run(world=world, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo ready. Sign in at /cuenta/login/ with (password: demo):"))
        for username, role, _first, _last in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.label}")

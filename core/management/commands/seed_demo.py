import importlib
import importlib.util
from pathlib import Path

from celery import current_app
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from core.demo import DEMO_USERS, seed_world
from core.models import Company, DemoMarker, Employee, User
from core.selectors import demo_data_forget


def demo_seeders() -> list[tuple[int, str, object]]:
    """`(order, app label, seed)` of every project app with a `<app>/demo/` package.

    Found here, by the command, and nowhere else: the running portal never imports demo code.
    A demo package exports `SEED_ORDER` and `seed(*, world, stdout)` (see docs/architecture.md).
    """
    found = []
    for config in apps.get_app_configs():
        if config.name == "core" or not Path(config.path).is_relative_to(settings.BASE_DIR):
            continue
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        found.append((module.SEED_ORDER, config.label, module.seed))
    return sorted(found, key=lambda item: (item[0], item[1]))


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
        # The demo's own notifications (assignments, certificates…) are delivered nowhere: mail goes
        # to the dummy backend, and tasks run here (never on a worker with the real mail settings).
        eager = current_app.conf.task_always_eager
        current_app.conf.task_always_eager = True
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                with transaction.atomic():
                    world = seed_world(stdout=self.stdout)
                    for _order, label, seed in demo_seeders():
                        self.stdout.write(f"- {label}")
                        seed(world=world, stdout=self.stdout)
        finally:
            current_app.conf.task_always_eager = eager
            demo_data_forget()
        self.stdout.write(self.style.SUCCESS("Demo ready. Sign in at /cuenta/login/ with (password: demo):"))
        for username, role, _first, _last in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.label}")

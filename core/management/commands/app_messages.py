"""Extract and compile one app's translations into `<app>/locale/`.

Each app owns its catalogue (Python code of the app plus its project-level templates in
`templates/<app>/`), so apps never edit the same .po file. Usage:

    python manage.py app_messages learning            # update learning/locale/es/.../django.po
    python manage.py app_messages learning --compile  # and compile the .mo (needs gettext's msgfmt)

For `core`, the project-wide templates (base.html, includes/, error pages, allauth overrides) are
included too.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

CORE_TEMPLATES = [
    "base.html",
    "400.html",
    "403.html",
    "404.html",
    "500.html",
    "includes",
    "blocks",
    "allauth",
    "account",
    "mfa",
    "core",
]


class Command(BaseCommand):
    help = "Update (and optionally compile) the Spanish catalogue of one app, including templates/<app>/."

    def add_arguments(self, parser):
        parser.add_argument("app", help="App folder, e.g. learning or kpi")
        parser.add_argument("--compile", action="store_true")
        parser.add_argument("--locale", default="es")

    def handle(self, app, compile=False, locale="es", **options):
        base = Path(settings.BASE_DIR)
        app_dir = base / app
        if not (app_dir / "apps.py").exists():
            raise CommandError(f"{app_dir} is not an app folder")
        (app_dir / "locale").mkdir(exist_ok=True)
        label = app.replace("/", "_")
        template_roots = (
            [base / "templates" / name for name in CORE_TEMPLATES]
            if app == "core"
            else [base / "templates" / Path(app).name, base / "templates" / label]
        )
        cwd = os.getcwd()
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "locale").symlink_to(app_dir / "locale")
            (root / "src").symlink_to(app_dir)
            for i, path in enumerate(template_roots):
                if path.exists():
                    (root / f"tpl{i}_{path.name}").symlink_to(path)
            os.chdir(root)
            try:
                call_command(
                    "makemessages",
                    locale=[locale],
                    symlinks=True,
                    no_obsolete=True,
                    ignore_patterns=["src/locale/*", "src/migrations/*", "src/kpi/*"]
                    if app == "incentives"
                    else ["src/locale/*", "src/migrations/*"],
                    verbosity=0,
                )
            finally:
                os.chdir(cwd)
        po = app_dir / "locale" / locale / "LC_MESSAGES" / "django.po"
        self.stdout.write(f"Updated {po.relative_to(base)}")
        if compile:
            os.chdir(app_dir)
            try:
                call_command("compilemessages", locale=[locale], verbosity=0)
            finally:
                os.chdir(cwd)
            self.stdout.write(f"Compiled {po.with_suffix('.mo').relative_to(base)}")

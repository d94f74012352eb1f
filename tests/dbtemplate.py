"""A migrated SQLite test database, built once and restored into every test run.

Migrating from scratch (Wagtail's and every app's migrations, data migrations included) is most
of the time a small test run takes. The first run migrates a file database,
``.pytest-db/template-<key>.sqlite3``; every later run (and every pytest-xdist worker) copies
it into its in-memory test database with SQLite's backup API, which takes milliseconds.
This is the real migrated schema with the rows data migrations write, not a `--no-migrations`
shortcut.

``<key>`` hashes everything the migrated database is made of: every migration file on disk
(the project's and the installed packages'), the installed apps, and the files read by
``post_migrate`` hooks (:data:`MIGRATE_INPUTS`, and the tables given change triggers, ``core.changes``). Change any of them and the next run migrates
again; ``pytest --create-db`` rebuilds it on demand. Workers share one build through a file
lock, so only one of them migrates.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = Path(os.environ.get("ACREDITA_TEST_DB_DIR", ROOT / ".pytest-db"))
MEMORY = "file:memorydb_default?mode=memory&cache=shared"
#: Project files (besides migrations) whose content ends up in the migrated database.
MIGRATE_INPUTS = ("kpi/catalogue.py", "kpi/apps.py", "kpi/services.py", "core/changes.py")


def template_key() -> str:
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    from core.changes import MARKED_TABLES

    digest = hashlib.sha256(repr(list(settings.INSTALLED_APPS)).encode())
    digest.update(repr(sorted(MARKED_TABLES)).encode())  # the change triggers post_migrate installs
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        digest.update(repr(key).encode())
        path = getattr(sys.modules.get(loader.disk_migrations[key].__module__), "__file__", None)
        if path:
            digest.update(Path(path).read_bytes())
    for name in MIGRATE_INPUTS:
        path = ROOT / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _point_default_at(name: str) -> None:
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name


def _build(template: Path) -> None:
    """Migrate the in-memory test database as Django's test-database creation does, then save it
    as the template (migrating in memory is much faster than into a file)."""
    from django.core.management import call_command
    from django.db import connections

    _point_default_at(MEMORY)
    call_command("migrate", verbosity=0, interactive=False, database="default", run_syncdb=True)
    call_command("createcachetable", database="default")
    partial = template.with_name(f"{template.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        connections["default"].connection.backup(target)
    finally:
        target.close()
    os.replace(partial, template)


def sqlite_template_setup(*, rebuild: bool = False, serialize: bool = False) -> Path:
    """Give the default connection an in-memory test database restored from the template."""
    from django.db import connections

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    template = CACHE_DIR / f"template-{template_key()}.sqlite3"
    with open(CACHE_DIR / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if rebuild and os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0":
                template.unlink(missing_ok=True)
            if not template.exists():
                _build(template)
                for stale in CACHE_DIR.glob("template-*.sqlite3"):
                    if stale != template:
                        stale.unlink(missing_ok=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    _point_default_at(MEMORY)
    connection = connections["default"]
    connection.ensure_connection()
    source = sqlite3.connect(template)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    if serialize:  # for `serialized_rollback=True` tests
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return template

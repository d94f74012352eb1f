"""The PostgreSQL set-up every bench script shares: which server, a fresh database of its own, Django on it.

    from bench._pg import drop_database, recreate_database, server_url, setup_django

    url = server_url("bench/kpi_ingest")            # DATABASE_URL (PostgreSQL only), else the local server
    db_url = recreate_database(url, "acr_kpi_bench")  # dropped (WITH FORCE) and created empty
    setup_django(db_url, media=tmp, migrate=True)    # settings, then django.setup(), then migrate
    ...
    drop_database(url, "acr_kpi_bench")

Project modules are imported only after `setup_django`: a script first picks the settings and the
database, then starts Django.
"""

from __future__ import annotations

import os
import sys

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url(bench: str) -> str:
    """The PostgreSQL server to use (DATABASE_URL, else the local one); exits naming `bench` otherwise."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"{bench} needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/db")
    return url


def _admin(url: str):
    import psycopg

    base, _, _name = url.rpartition("/")
    return base, psycopg.connect(f"{base}/postgres", autocommit=True)


def recreate_database(url: str, name: str) -> str:
    """Drop `name` on the server of `url` (closing its connections) and create it empty; its URL."""
    base, conn = _admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def drop_database(url: str, name: str) -> None:
    _base, conn = _admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(
    db_url: str,
    *,
    settings: str = "config.settings.test",
    media: str | None = None,
    migrate: bool = True,
    environ: dict[str, str] | None = None,
) -> None:
    """Point Django at `db_url` (and `environ`: broker, DEBUG…), start it, and migrate when asked."""
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    if media is not None:
        os.environ["MEDIA_ROOT"] = media
    os.environ.update(environ or {})
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

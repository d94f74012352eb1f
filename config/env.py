"""Typed readers for environment variables.

Every setting that comes from the environment goes through one of these helpers, so a
malformed value stops start-up with a message that names the variable and what it expects.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name: str, default_sqlite_path: str) -> dict:
    """DATABASE_URL parsed with dj-database-url, or the embedded SQLite file."""
    import dj_database_url

    # SQLite serves several threads (runserver, in-process tasks): wait for the write lock instead of
    # failing with "database is locked", and take it at the start of each transaction.
    sqlite_options = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    value = _raw(name)
    if not value:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite_path, "OPTIONS": sqlite_options}
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"Environment variable {name} is not a valid database URL ({exc}); "
            "expected e.g. postgres://user:password@host:5432/dbname"
        ) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"Environment variable {name}: unsupported database scheme.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**sqlite_options, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = 0
    return config


def env_url(name: str, default: str = "") -> str:
    """An http(s) URL without credentials in it (those go in their own variables), or ``default``."""
    value = env_str(name, default)
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not an http(s) URL.")
    if parts.username or parts.password:
        raise ImproperlyConfigured(
            f"Environment variable {name} has credentials in the URL: put them in their own variables."
        )
    return value


def session_engine(redis_url: str) -> str:
    """Where sessions live. With Redis (REDIS_URL) they are read from the cache and written through to
    the database (`cached_db`: a request reads no session row, and a Redis restart signs nobody out).
    Without it (the embedded default: a per-process cache that gunicorn workers do not share) they stay
    in the database only."""
    if redis_url:
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


def env_text_or_file(name: str, file_name: str) -> str:
    """A secret given inline in `name` or as the path of a file in `file_name` (inline wins).

    The file is read at start-up; a missing or unreadable file stops it, naming the variable and the path."""
    inline = _raw(name)
    if inline:
        return inline
    path = _raw(file_name)
    if not path:
        return ""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"Environment variable {file_name}={path!r}: cannot read the file ({exc.strerror})."
        ) from None

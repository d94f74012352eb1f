import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_list, session_engine


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)])
def test_it_reads_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_it_names_the_variable_of_a_bad_boolean(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        env_bool("DEBUG")


def test_it_names_the_variable_of_a_bad_number(monkeypatch):
    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "two years")
    with pytest.raises(ImproperlyConfigured, match="AUDIT_RETENTION_DAYS"):
        env_int("AUDIT_RETENTION_DAYS", 730)
    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("AUDIT_RETENTION_DAYS", 730, minimum=1)


def test_it_reads_lists(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example.com, b.example.com,")
    assert env_list("ALLOWED_HOSTS") == ["a.example.com", "b.example.com"]


def test_it_defaults_to_sqlite_and_rejects_a_bad_database_url(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert env_database("DATABASE_URL", "/tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/acredita")
    assert env_database("DATABASE_URL", "/tmp/x.sqlite3")["ENGINE"] == "django.db.backends.postgresql"
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/other.sqlite3")
    assert env_database("DATABASE_URL", "/tmp/x.sqlite3")["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    monkeypatch.setenv("DATABASE_URL", "nosuchdb://x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "/tmp/x.sqlite3")


def test_a_malformed_variable_stops_start_up_with_its_name(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "EMAIL_PORT": "veinticinco"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "EMAIL_PORT='veinticinco'" in result.stderr


def test_production_settings_refuse_the_default_secret_key():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_sessions_are_cached_on_redis_and_stay_in_the_database_without_it():
    assert session_engine("redis://127.0.0.1:6379/1") == "django.contrib.sessions.backends.cached_db"
    assert session_engine("") == "django.contrib.sessions.backends.db"

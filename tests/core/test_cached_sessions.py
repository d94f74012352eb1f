"""With Redis configured, sessions are `cached_db` (config.env.session_engine): a signed-in request reads
its session from the cache, not the database, and a session survives the cache being emptied (it was
written through to the database). The rest of the suite keeps sessions in the database
(config/settings/test.py), so the query budgets count the same on every lane."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from config.env import session_engine

pytestmark = pytest.mark.django_db

CACHED_DB = session_engine("redis://127.0.0.1:6379/1")


def _session_reads(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in ctx.captured_queries if "django_session" in q["sql"] and q["sql"].startswith("SELECT"))


@override_settings(SESSION_ENGINE=CACHED_DB)
def test_a_signed_in_page_reads_its_session_from_the_cache_and_survives_a_cache_flush(world, client):
    client.force_login(world.agent)
    client.get("/")
    assert _session_reads(client, "/") == 0

    cache.clear()  # a Redis restart: the session is still in the database, nobody is signed out
    assert _session_reads(client, "/") == 1
    assert _session_reads(client, "/") == 0


def test_the_database_keeps_the_sessions_without_redis():
    assert session_engine("") == "django.contrib.sessions.backends.db"

"""The test set-up itself: REQUIRE_SERVICES=1 fails the run when a service is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_require_services_fails_the_run_when_postgresql_is_missing():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL")}
    env["REQUIRE_SERVICES"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "tests/core/test_real_services.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0, result.stdout
    assert "REQUIRE_SERVICES=1 but missing PostgreSQL (DATABASE_URL)" in result.stdout


@pytest.mark.services("redis")
def test_one_workers_cache_clear_leaves_the_other_workers_keys(settings):
    """xdist workers share a Redis database; `cache.clear()` at the start of one worker's test must
    not empty the cache another worker's test is counting queries against (tests/cache.py)."""
    from django.core.cache import cache

    from tests.cache import WorkerRedisCache, worker_key_prefix

    assert cache.key_prefix == worker_key_prefix()
    location = settings.CACHES["default"]["LOCATION"]
    mine, other = (WorkerRedisCache(location, {"KEY_PREFIX": f"test-setup-{n}"}) for n in ("gwA", "gwB"))
    other.set("demo-marker", True)
    mine.set("demo-marker", False)

    mine.clear()

    assert mine.get("demo-marker") is None and other.get("demo-marker") is True
    other.clear()

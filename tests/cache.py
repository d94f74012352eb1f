"""The tests' Redis cache: one Redis database serves every pytest-xdist worker (and the Celery
workers a test starts, which inherit the worker's environment), so each worker keeps its keys under
a prefix of its own and `clear()` deletes only those.

Django's `RedisCache.clear()` is FLUSHDB: one worker's `_fresh_cache` at the start of a test emptied
the other worker's cache in the middle of its test, so a page counted after a warming request could
miss a cached answer (the demo marker: `test_the_matrix_chart_adds_no_query_per_agent` saw 10
queries against 9 when the machine was slow enough for the two to overlap)."""

from __future__ import annotations

import os

from django.core.cache.backends.redis import RedisCache


def worker_key_prefix() -> str:
    return "test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")


class WorkerRedisCache(RedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True

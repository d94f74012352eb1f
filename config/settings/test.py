"""Test settings: fast password hashing, local memory e-mail, tasks run eagerly (the real-worker test
turns eager mode off for itself when CELERY_BROKER_URL points at Redis)."""

from .base import *  # noqa: F401,F403
from .base import ACCOUNT_RATE_LIMITS

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS}
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"

CELERY_TASK_ALWAYS_EAGER = True

if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    # xdist workers share the Redis database: each its own keys, and a clear() that empties only
    # those (tests/cache.py says why)
    from tests.cache import worker_key_prefix

    CACHES["default"] = {  # noqa: F405
        **CACHES["default"],  # noqa: F405
        "BACKEND": "tests.cache.WorkerRedisCache",
        "KEY_PREFIX": worker_key_prefix(),
    }

# Sessions stay in the database in tests whatever REDIS_URL says, so a query-budget test counts the
# session read alike on the SQLite and the PostgreSQL + Redis lanes; tests/core/test_cached_sessions.py
# checks the engine production uses with Redis (`cached_db`, config.env.session_engine) on its own.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

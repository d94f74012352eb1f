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

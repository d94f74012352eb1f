"""Test settings: fast password hashing, local memory e-mail, eager Celery unless a broker is given."""

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

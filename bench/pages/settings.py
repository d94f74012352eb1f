"""Settings for the learning-pages benchmark: the demo settings with DEBUG off, plus a bench urlconf
that adds a bare view (never reachable in the real portal)."""

from config.settings.dev import *  # noqa: F401,F403

DEBUG = False
ROOT_URLCONF = "bench.learning_pages.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

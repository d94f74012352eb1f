"""Settings for the pages benchmark: the demo settings with DEBUG off, a bench urlconf that adds a bare
view (never reachable in the real portal), and a middleware that reports each request's query count."""

from config.settings.dev import *  # noqa: F401,F403
from config.settings.dev import MIDDLEWARE

DEBUG = False
ROOT_URLCONF = "bench.pages.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
MIDDLEWARE = ["bench.pages.urls.QueryCountMiddleware", *MIDDLEWARE]

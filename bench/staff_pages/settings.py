"""Settings of the staff-pages benchmark: the portal's, without debug, with the bench's bare view."""

from config.settings.base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.staff_pages.urls"
ACREDITA_REQUIRE_MFA = False

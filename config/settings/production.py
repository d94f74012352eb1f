"""Production: everything sensitive must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int

from .base import *  # noqa: F401,F403
from .base import AUDIT_HMAC_KEY, SECRET_KEY, STORAGES

DEBUG = False
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Environment variable SECRET_KEY must be set to a random value of 50+ characters.")

if len(AUDIT_HMAC_KEY) < 32:
    raise ImproperlyConfigured(
        "Environment variable AUDIT_HMAC_KEY must be set to a random value of 32+ characters "
        "(it keys the audit trail's hash chain; keep it apart from the database)."
    )

if len(env_str("COMPLIANCE_HASH_KEY")) < 32:
    raise ImproperlyConfigured(
        "Environment variable COMPLIANCE_HASH_KEY must be set to a random value of 32+ characters "
        "(it pseudonymises debtors' accounts and phone numbers in contact logs)."
    )

if not env_str("SITE_URL"):
    raise ImproperlyConfigured(
        "Environment variable SITE_URL must be set to the portal's public address (e.g. https://acredita.example.com): "
        "certificates' QR codes and e-mails link to it."
    )

ACREDITA_REQUIRE_MFA = env_bool("REQUIRE_MFA", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

"""Settings shared by every environment. Values that vary come from environment variables
(see README.md, "Environment variables"); the defaults give the zero-setup demo: SQLite,
in-process Celery tasks and e-mail printed to the console."""

from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_str,
    env_text_or_file,
    env_url,
    session_engine,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-acredita-0123456789abcdef")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # project apps: core first (custom user model), then the one-way chain
    # content <- learning <- certification <- incentives
    "core",
    "content",
    "learning",
    "certification",
    "kpi",
    "incentives",
    "compliance",
    # wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "core.apps.CmsUsersConfig",  # wagtail.users, with the role deciding privileges
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # sign-in
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # helpers
    "django_htmx",
    "csp",
    "ninja",
    # django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.RequestContextMiddleware",
    "core.middleware.MfaRequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "content.routing.PageRouteMiddleware",  # Wagtail's page route in one query (content/routing.py)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", str(BASE_DIR / "db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# --- django-allauth -------------------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "core.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "core.adapters.SocialAccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # allauth counts failed logins per user and per IP and locks out for the period given
    "login_failed": env_str("LOGIN_RATE_LIMIT", "5/5m/key,20/5m/ip"),
    "reset_password": "5/m/ip,3/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Acredita"
# Every role that sees other people's data or changes it must enrol in MFA (and pass it at each sign-in)
# when this is on; production turns it on. A user who enrolled passes the second factor in every session.
ACREDITA_REQUIRE_MFA = env_bool("REQUIRE_MFA", False)
ACREDITA_MFA_ROLES = ("supervisor", "manager", "hr", "editor", "compliance", "analyst", "admin")

# Single sign-on through OpenID Connect, configured only when OIDC_CLIENT_ID is set.
SOCIALACCOUNT_PROVIDERS: dict = {}
if env_str("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env_str("OIDC_PROVIDER_ID", "corporativo"),
                "name": env_str("OIDC_PROVIDER_NAME", "SSO corporativo"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env_str("OIDC_SERVER_URL")},
            }
        ],
        "OAUTH_PKCE_ENABLED": True,
    }
SOCIALACCOUNT_ONLY_EXISTING_USERS = True

# --- internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "America/Mexico_City")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Off: numbers printed into HTML attributes (ids, timers) must never get separators; templates that
# show figures to people format them explicitly (intcomma, money filters).
USE_THOUSAND_SEPARATOR = False

# --- static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Upload limits (core/uploads.py; README "Upload limits"): one file's size, what a ZIP/XLSX declares it
# expands to, data rows in a tabular file; rejected KPI files keep their record but lose their bytes.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024, minimum=1)
UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int("UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024, minimum=1)
UPLOAD_MAX_ROWS = env_int("UPLOAD_MAX_ROWS", 1_000_000, minimum=1)
# SCORM packages (learning.engine.scorm; README "SCORM packages"): the zip itself is held to UPLOAD_MAX_BYTES;
# what it holds, to these: files, bytes once expanded, and how much one member may expand over its compressed size.
SCORM_MAX_FILES = env_int("SCORM_MAX_FILES", 5000, minimum=1)
SCORM_MAX_UNCOMPRESSED_BYTES = env_int("SCORM_MAX_UNCOMPRESSED_BYTES", UPLOAD_MAX_UNCOMPRESSED_BYTES, minimum=1)
SCORM_MAX_COMPRESSION_RATIO = env_int("SCORM_MAX_COMPRESSION_RATIO", 100, minimum=2)
# a bonus run paying more employees is computed in chunks of this many (a Celery chord with a broker)
INCENTIVES_RUN_CHUNK_SIZE = env_int("INCENTIVES_RUN_CHUNK_SIZE", 5000, minimum=1)
UPLOAD_REJECTED_RETENTION_DAYS = env_int("UPLOAD_REJECTED_RETENTION_DAYS", 30, minimum=0)
FILE_UPLOAD_HANDLERS = [
    "core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- e-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Acredita <no-reply@acredita.local>")

# --- cache (rate limiting, locks, progress of background work) -----------------------------------
# A Redis broker doubles as the cache unless REDIS_URL names another: the worker's progress reports
# must reach the web processes.
_BROKER = env_str("CELERY_BROKER_URL")
REDIS_URL = env_str("REDIS_URL", _BROKER if _BROKER.startswith(("redis://", "rediss://")) else "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}}  # one client per pool
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = session_engine(REDIS_URL)

# --- Celery --------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "cache+memory://")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Each app adds its periodic tasks here (one line each, task names are dotted paths).
CELERY_BEAT_SCHEDULE = {
    "core-purge-audit": {"task": "core.tasks.audit_purge_task", "schedule": crontab(hour=3, minute=10)},
    "learning-rules-daily": {
        "task": "learning.tasks.rules_materialise_daily_task",
        "schedule": crontab(hour=4, minute=0),
    },
    "learning-reminders-daily": {"task": "learning.tasks.reminders_daily_task", "schedule": crontab(hour=7, minute=30)},
    "learning-digest-weekly": {
        "task": "learning.tasks.supervisor_digest_weekly_task",
        "schedule": crontab(hour=8, minute=0, day_of_week=1),
    },
    "learning-publish-scheduled": {"task": "learning.tasks.publish_scheduled_task", "schedule": 300.0},
    "certification-close-expired-attempts": {
        "task": "certification.tasks.attempts_close_expired_task",
        "schedule": 60.0,
    },
    "learning-purge-scorm-packages": {
        "task": "learning.tasks.scorm_packages_purge_task",
        "schedule": crontab(hour=3, minute=45),
    },
    "kpi-purge-rejected-files": {"task": "kpi.tasks.rejected_files_purge_task", "schedule": crontab(hour=3, minute=40)},
    "compliance-scan-nightly": {
        "task": "compliance.tasks.compliance_scan_nightly_task",
        "schedule": crontab(hour=2, minute=20),
    },
    "compliance-stale-contact-logs": {
        "task": "compliance.tasks.contact_import_stale_purge_task",
        "schedule": crontab(hour=3, minute=50),
    },
    "certification-refresh-certificates": {
        "task": "certification.tasks.certificates_refresh_task",
        "schedule": crontab(hour=0, minute=5),
    },
    "core-outbox-deliver": {"task": "core.tasks.outbox_deliver_due_task", "schedule": 30.0},
}

# --- Integrations: the outbox (xAPI statements to an LRS, signed webhooks), see README "Integraciones" ----
# xAPI is off while XAPI_ENDPOINT is unset (nothing is written to the outbox); the LRS's key and secret
# are its HTTP basic credentials. Activity IRIs are XAPI_BASE_IRI/courses/<id>, /lessons/<id>, /exams/<id>.
XAPI_ENDPOINT = env_url("XAPI_ENDPOINT")
XAPI_KEY = env_str("XAPI_KEY")
XAPI_SECRET = env_str("XAPI_SECRET")
XAPI_BASE_IRI = env_url("XAPI_BASE_IRI", f"{SITE_URL}/xapi").rstrip("/")
XAPI_ACCOUNT_HOMEPAGE = env_url("XAPI_ACCOUNT_HOMEPAGE", SITE_URL)
# Webhooks go to the admins' subscriptions (none: nothing is written). Receivers on loopback or private
# networks are refused unless this is set (a test receiver, a receiver inside the company's network).
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False)
# Retries: the n-th failure waits OUTBOX_RETRY_BASE_SECONDS * 2**(n-1), at most OUTBOX_RETRY_MAX_SECONDS;
# after OUTBOX_MAX_ATTEMPTS the message is given up (an admin can send it again).
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 30, minimum=1)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600, minimum=1)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 15, minimum=1)
OUTBOX_TIMEOUT_SECONDS = env_int("OUTBOX_TIMEOUT_SECONDS", 10, minimum=1)

# --- Wagtail -------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Acredita"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# CMS documents and images over UPLOAD_MAX_BYTES: the editor reads "too large", not "required".
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.cms_uploads.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.cms_uploads.ImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USER_CUSTOM_FIELDS = ["role"]
# One way in: the CMS signs in (and resets passwords) through allauth, its rate limits and its MFA stage.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False

# No avatars from gravatar.com: an editor's e-mail hash would go to a third party on every CMS page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Content-Security-Policy (django-csp) ----------------------------------------------------------
# The portal runs no inline script or style: everything comes from /static/. The CMS admin
# (/cms/, Wagtail's own templates) gets the few allowances it needs on top, see
# core.middleware.ContentSecurityPolicyMiddleware and CSP_CMS_ADMIN_ALLOWANCES.
_SELF, _NONE = "'self'", "'none'"
_FORM_ACTION = [_SELF]
if env_str("OIDC_SERVER_URL"):  # allauth's SSO form posts, then redirects to the identity provider
    from urllib.parse import urlsplit as _urlsplit

    _oidc = _urlsplit(env_str("OIDC_SERVER_URL"))
    _FORM_ACTION.append(f"{_oidc.scheme}://{_oidc.netloc}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "media-src": [_SELF],
        "frame-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": _FORM_ACTION,
        "frame-ancestors": [_SELF],
    }
}
# Wagtail 8's admin still renders inline <script> blocks with per-field content (date/time widgets,
# inline panels, choosers: no fixed hash can allow them) and inserts them again from its JavaScript,
# so the CMS admin, and only it, allows inline script; it stays same-origin for everything else.
CSP_CMS_ADMIN_ALLOWANCES = {
    "script-src": ["'unsafe-inline'"],
}
CSP_CMS_ADMIN_PREFIX = "/cms/"

# --- Acredita ------------------------------------------------------------------------------------
# The audit chain is keyed (HMAC-SHA-256): without the key nobody can recompute a valid chain after an
# edit. Production requires AUDIT_HMAC_KEY; elsewhere it is derived from SECRET_KEY.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
# Failed sign-ins: one audit event for the 1st, 10th, 100th… failure of a login name from one address
# within the window, and at most this many login/address pairs per window (then one "flood" event).
AUDIT_SIGNIN_FAILURE_WINDOW_SECONDS = env_int("AUDIT_SIGNIN_FAILURE_WINDOW_SECONDS", 900, minimum=60)
AUDIT_SIGNIN_FAILURE_PAIRS_PER_WINDOW = env_int("AUDIT_SIGNIN_FAILURE_PAIRS_PER_WINDOW", 100, minimum=1)
# API tokens: the longest lifetime a person may choose.
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365, minimum=1)
# Audit events older than this many days are purged by a scheduled task (chain stays verifiable).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730, minimum=1)
VERIFICATION_RATE_LIMIT = env_str("VERIFICATION_RATE_LIMIT", "30/m")
# Open Badges 3.0: the issuer's Ed25519 keys as a JWK set ({"keys": [...]}, the first private key signs,
# all are published). Inline JSON or a file's path; see README "Open Badges". Empty: a key made at start-up
# (fine for development; `check --deploy` warns, as credentials signed with it die with the process).
CREDENTIAL_SIGNING_KEYS = env_text_or_file("CREDENTIAL_SIGNING_KEYS", "CREDENTIAL_SIGNING_KEYS_FILE")
CREDENTIAL_ISSUER_NAME = env_str("CREDENTIAL_ISSUER_NAME")  # default: the company's name
CREDENTIAL_ISSUER_EMAIL = env_str("CREDENTIAL_ISSUER_EMAIL")  # default: DEFAULT_FROM_EMAIL's address
# Proxies under our control in front of the application (the TLS proxy: 1). The client's address is
# read from X-Forwarded-For that many entries from the right (core.network.client_ip); 0 = no proxy,
# the header is ignored and REMOTE_ADDR is the client. allauth's sign-in rate limits use the same.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# PostgreSQL: plain CSV KPI feeds stream straight into the fact table; off = always the full validator.
KPI_FAST_LANE = env_bool("KPI_FAST_LANE", True)
# Contact logs: the debtor's account and contact point are stored only as HMAC-SHA-256 with this key
# (evidence matches without keeping numbers). Production requires it; elsewhere it is derived from SECRET_KEY.
COMPLIANCE_HASH_KEY = env_str("COMPLIANCE_HASH_KEY")
# A breach assigns the course that teaches the broken rule, due this many days later.
COMPLIANCE_REMEDIAL_DUE_DAYS = env_int("COMPLIANCE_REMEDIAL_DUE_DAYS", 14, minimum=1)
# The licence to dial: an agent with this many severe breaches within the window (days up to the day
# asked about) is not cleared to work a campaign, whatever their certificates.
COMPLIANCE_SUSPEND_AFTER_SEVERE = env_int("COMPLIANCE_SUSPEND_AFTER_SEVERE", 3, minimum=1)
COMPLIANCE_SUSPEND_WINDOW_DAYS = env_int("COMPLIANCE_SUSPEND_WINDOW_DAYS", 30, minimum=1)
# Assigning an agent to a campaign they are not cleared to dial for (no valid certificate in its
# specialisation, or a suspension): warn and assign (default), or refuse with the reason.
COMPLIANCE_REFUSE_UNCLEARED_ASSIGNMENT = env_bool("COMPLIANCE_REFUSE_UNCLEARED_ASSIGNMENT", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

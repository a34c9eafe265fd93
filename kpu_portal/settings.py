"""Settings for the KPU portal, read from the environment (see README, "Environment").

No environment at all is the embedded default: SQLite in var/, Celery tasks run in
process, DEBUG on. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
and REDIS_URL.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_choice, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-kpu-portal-development-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off; make one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "mptt",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "satker",
    "campaigns",
    "content",
    "analytics",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, compressed ahead
    "kpu_portal.middleware.TextGZipMiddleware",  # pages, JSON and CSV
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kpu_portal.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "satker.middleware.UnitTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its page (satker.lockout)
]

ROOT_URLCONF = "kpu_portal.urls"
WSGI_APPLICATION = "kpu_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kpu_portal.navigation.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        }
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be used: {error}") from error
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # Writers queue up instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} is not a Redis URL such as redis://127.0.0.1:6379/0."
    )

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kpu",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered dashboard bodies (analytics.page_cache), in each process's memory: their
# keys carry the roll-up generation read from the database, so no process can serve
# a stale one, and a shared cache would only save a render per process.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 500},  # a national body is ~80 KB; most are far smaller
}

# Celery reads every CELERY_* name below (see kpu_portal/celery.py). Enqueue with
# ``task.delay_on_commit(...)``: a worker must never see a row that is not committed.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Without a broker, tasks run in the caller's process: the embedded demo needs nothing.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Results are kept only by the few tasks that ask for them (ignore_result=False).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 3600
CELERY_IMPORTS = ["kpu_portal.tasks", "analytics.rollup_tasks"]
# A worker started for tests consumes a queue of its own (tests/celery_worker.py).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TIMEZONE = "UTC"
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180, minimum=1)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_TASK_SOFT_TIME_LIMIT ({CELERY_TASK_SOFT_TIME_LIMIT}) must be below "
        f"CELERY_TASK_TIME_LIMIT ({CELERY_TASK_TIME_LIMIT}), so a task can clean up."
    )
# A task whose worker dies is delivered again rather than lost; tasks are written
# to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Longer than the hard time limit, or Redis hands a running task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": max(3600, 2 * CELERY_TASK_TIME_LIMIT)}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic tasks, run by `celery -A kpu_portal beat`. Each expires before its next run,
# so runs missed while no worker listens do not pile up.
CELERY_BEAT_SCHEDULE: dict = {
    "reminders-and-escalations": {
        "task": "campaigns.tasks.send_reminders_and_escalations",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Reports are rolled up within seconds (analytics.rollup_tasks); this sweep picks
    # up the marks of a run that died, and the rebuild recomputes every bucket.
    "rollup-dirty-sweep": {
        "task": "analytics.rollup_tasks.rollup_dirty",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "rollup-full-rebuild": {
        "task": "analytics.rollup_tasks.rollup_rebuild",
        "schedule": 15 * 60.0,
        "options": {"expires": 14 * 60},
    },
    "prune-sign-in-log": {
        "task": "satker.tasks.prune_sign_in_log",
        "schedule": 24 * 3600.0,
        "options": {"expires": 3600},
    },
}

# --- Users and sign-in ----------------------------------------------------------
AUTH_USER_MODEL = "satker.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A reset link e-mailed for a forgotten password (satker.password_reset) works once,
# for a day: long enough for mail that arrives late, short for a link left in an inbox.
PASSWORD_RESET_TIMEOUT = 24 * 3600

# --- Language and time ----------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored times are UTC; each request is shown in its user's unit's zone (see
# satker.middleware). This is the zone for signed-out pages.
TIME_ZONE = "Asia/Jakarta"

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development (and tests) whitenoise serves static/ and the apps' files as they are,
# without collectstatic; in production it serves STATIC_ROOT, filled at build time.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded files are private: they are served only through views that check scope,
# never under a public URL.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")

# --- API --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call answers 401 with a WWW-Authenticate header.
        "satker.auth.UnitTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "kpu_portal.api.Pagination",
    # A model ValidationError answers 400 naming the fields, a Conflict 409.
    "EXCEPTION_HANDLER": "kpu_portal.api.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"auth": env_rate("AUTH_THROTTLE_RATE", "20/minute")},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "KPU voter-education portal API",
    "DESCRIPTION": (
        "Briefs, assignments, posts, metrics and dashboards of the KPU unit tree. "
        "Every list and object is limited to the caller's unit and its subtree."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per shared vocabulary, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "satker.roles.Level",
        "CampaignStatusEnum": "campaigns.choices.CampaignStatus",
        "AssignmentStatusEnum": "campaigns.choices.AssignmentStatus",
        "PostStatusEnum": "content.choices.PostStatus",
        "PlatformEnum": "campaigns.choices.Platform",
    },
}

# --- E-mail -----------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
# A mail server that does not answer must not hold a worker for minutes.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
# Where django.core.mail.backends.filebased.EmailBackend writes messages.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Portal Sosialisasi KPU <noreply@kpu.go.id>")

# --- Security (checked by `manage.py check --deploy`) ------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Throttles count per client address, which the proxy puts in X-Forwarded-For.
    REST_FRAMEWORK["NUM_PROXIES"] = 1
X_FRAME_OPTIONS = "DENY"
# Nothing is silenced: `manage.py check --deploy --fail-level WARNING` passes as it is
# (tests/kpu_portal/test_deploy.py).
SILENCED_SYSTEM_CHECKS: list[str] = []
SESSION_COOKIE_AGE = 60 * 60 * 12

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]),
    },
    # django-axes says something at INFO on every sign-in; failures and lockouts are
    # WARNING, which is what an operator needs.
    "loggers": {"axes": {"level": "WARNING"}},
}

# django-axes first: it refuses a sign-in that is locked out before any password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "satker.auth.UnitModelBackend"]

# Guessing passwords (satker.lockout): after 5 failed sign-ins for one username from one
# address, that pair waits 15 minutes. Never the address alone, since a whole office
# signs in from one; never the username alone, or anyone could lock anyone out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "satker.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "satker.lockout.lockout_response"
AXES_VERBOSE = False
# Successful sign-ins (address, browser, time) are kept this many days (satker.tasks).
SIGN_IN_LOG_DAYS = env_int("SIGN_IN_LOG_DAYS", 90, minimum=1)

# The portal's public address, for links in e-mails.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000")

# Upload limits (kpu_portal.uploads): bytes and pixels of images, bytes of PDFs.
UPLOAD_LIMITS = {
    "image_bytes": env_int("UPLOAD_IMAGE_MAX_BYTES", 10_000_000),
    "image_pixels": env_int("UPLOAD_IMAGE_MAX_PIXELS", 40_000_000),
    "document_bytes": env_int("UPLOAD_DOCUMENT_MAX_BYTES", 20_000_000),
}

# Per-platform limits of a post (content.validation): characters of the caption
# (YouTube: the description) and of the title, and hashtags. Platforms change
# these; change them here.
POST_LIMITS = {
    "facebook": {"caption": 63_206},
    "instagram": {"caption": 2_200, "hashtags": 30},
    "x": {"caption": 280},
    "youtube": {"title": 100, "caption": 5_000},
    "tiktok": {"caption": 2_200},
}

# Engagement reports (analytics.ingest): a CSV with more rows than this becomes a
# background job with a progress bar; the largest CSV and API batch accepted.
METRICS_CSV_JOB_ROWS = env_int("METRICS_CSV_JOB_ROWS", 2_000, minimum=1)
METRICS_CSV_MAX_BYTES = env_int("METRICS_CSV_MAX_BYTES", 50_000_000, minimum=1)
METRICS_API_MAX_ITEMS = env_int("METRICS_API_MAX_ITEMS", 10_000, minimum=1)

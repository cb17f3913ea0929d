"""Settings for Cluster Portal.

One settings module; environments differ only in environment variables (see README.md).
"""

import os
import secrets
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# The key signs sessions, unsubscribe links and email confirmations: outside DEBUG (a developer's
# machine, `make run`) there is no fallback. Tests get a key of their own (pyproject's pytest env).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# manage.py commands that neither serve, send nor sign anything (build steps, checks of the
# source) run without one: they get a throwaway key, so nothing they could sign outlives them.
KEYLESS_COMMANDS = {"makemigrations", "collectstatic", "compilemessages", "makemessages", "help"}
if not (SECRET_KEY or DEBUG) and sys.argv[0].endswith("manage.py") and sys.argv[1:2]:
    SECRET_KEY = secrets.token_urlsafe(50) if sys.argv[1] in KEYLESS_COMMANDS else ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, or set DEBUG=1 on a "
            "developer's machine."
        )
    SECRET_KEY = "django-insecure-embedded-default-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, as its documentation asks
    "accounts.apps.PortalAdminConfig",  # django.contrib.admin with the portal's login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "django_filters",
    "csp",
    "django_htmx",
    "accounts",
    "regions",
    "companies",
    "projects",
    "networks",
    "events",
    "news",
    "search",
    "reports",
    "followup",
    "funding",
    "demo",
    "notifications",
    "cluster_portal",
    "web",
    "privacy",
    # Last, as its documentation asks: deletes a file when its record goes or it is replaced.
    "django_cleanup.apps.CleanupConfig",
    "rest_framework",
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "api.middleware.PublicApiMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cluster_portal.middleware.NulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that it sees a view's database error before any other middleware.
    "cluster_portal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "cluster_portal.urls"

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
                "cluster_portal.context_processors.navigation",
            ],
        },
    },
]

# Django's widget and label templates, with inputs, selects and labels written in Python.
FORM_RENDERER = "web.form_renderer.FormRenderer"

WSGI_APPLICATION = "cluster_portal.wsgi.application"

# No DATABASE_URL means the embedded default: a SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default answers several requests at once: readers never wait for the writer
    # (WAL), a writer waits its turn instead of failing (timeout, seconds), and a transaction
    # takes the write lock when it begins (IMMEDIATE): two readers that both go on to write
    # would otherwise deadlock, which SQLite answers at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: email is the login, and it must be verified before the account is used.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# allauth's mail goes through the notifications outbox (sent after commit, retried).
ACCOUNT_ADAPTER = "notifications.account_adapter.OutboxAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"login": "accounts.allauth_forms.LoginForm"}
# allauth's own limits (counted in the cache), written out so that they are reviewed here.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Behind N reverse proxies, the client address for rate limits is N hops back in X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# After logging in, a company representative lands on their own page (/me/).
LOGIN_REDIRECT_URL = "me:index"
LOGIN_URL = "account_login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# django-modeltranslation: each translated text has a column per language (title_sv, title_en);
# `title` reads the visitor's language and falls back to the other one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("sv", "en")}
TIME_ZONE = "Europe/Stockholm"
# English pages write dates the European way (cluster_portal/formats/en/formats.py).
FORMAT_MODULE_PATH = ["cluster_portal.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("STATIC_MANIFEST", default=True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The portal's brand (web/brand.py): its name per language (empty: "Klusterportalen" /
# "Cluster Portal"), a logo and favicon as paths under the static files, and the accent colour
# of the header, buttons and links (#rrggbb; checked at start-up for contrast with white).
BRAND = {
    "NAMES": {"sv": os.environ.get("BRAND_NAME_SV", ""), "en": os.environ.get("BRAND_NAME_EN", "")},
    "LOGO": os.environ.get("BRAND_LOGO", ""),
    "FAVICON": os.environ.get("BRAND_FAVICON", "img/favicon.svg"),
    "ACCENT": os.environ.get("BRAND_ACCENT", ""),
}
# A deployment's own logo and favicon files, served as static files beside the portal's.
if os.environ.get("BRAND_STATIC_DIR"):
    STATICFILES_DIRS.append(Path(os.environ["BRAND_STATIC_DIR"]))

# Redis is optional: without REDIS_URL the cache is per-process memory and Celery runs eagerly.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "web.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cluster-portal"),
            # A Redis that stops answering costs a request two seconds at most, and then the
            # backend carries on in local memory for a while (web/cache.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages are cached whole for this long (0 turns it off); any content change
# invalidates them earlier (web/page_cache.py).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
# A broker that is down refuses a task within a second or two; the job's row stays pending in
# PostgreSQL and a sweep dispatches it later (web/dispatch.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# How often beat sweeps the job tables (pending mail and exports) for work the broker refused or
# a dead worker left; a row older than this that no task took is dispatched again.
JOB_SWEEP_SECONDS = float(os.environ.get("JOB_SWEEP_SECONDS", "10"))
CELERY_BEAT_SCHEDULE = {
    "send-event-reminders": {
        "task": "notifications.tasks.send_event_reminders",
        "schedule": crontab(minute=0),
    },
    # Sends what could not be enqueued (broker down), was lost with a killed worker or whose
    # retries ran out: within seconds of the broker coming back.
    "sweep-pending-notifications": {
        "task": "notifications.tasks.sweep_pending_notifications",
        "schedule": JOB_SWEEP_SECONDS,
    },
    # Dispatches exports the broker refused and re-queues those whose worker died.
    "sweep-report-exports": {
        "task": "reports.tasks.sweep_report_exports",
        "schedule": JOB_SWEEP_SECONDS,
    },
    # The day after an event, each participant who attended gets their certificate.
    "send-attendance-certificates": {
        "task": "notifications.tasks.send_attendance_certificates",
        "schedule": crontab(minute=0, hour=8),
    },
    # Hourly through Monday: one digest per person and week (keyed), so a run the broker
    # missed is made up for by the next.
    # Daily: a company whose size declaration is over a year old or predates its latest closed
    # accounts is asked to confirm it again, once per declaration (keyed).
    "send-declaration-reminders": {
        "task": "notifications.tasks.send_declaration_reminders",
        "schedule": crontab(minute=30, hour=7),
    },
    "send-weekly-digests": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour="7-23", day_of_week="monday"),
    },
    # Seat offers that ran out unanswered go to the next on the waiting list (each offer is
    # handled once under its event's lock, so a run that overlaps another changes nothing).
    "expire-seat-offers": {
        "task": "events.tasks.expire_seat_offers",
        "schedule": crontab(minute="*/5"),
    },
    "anonymise-expired-participant-data": {
        "task": "privacy.tasks.anonymise_expired_participant_data",
        "schedule": crontab(minute=30, hour=3),
    },
    "delete-expired-report-exports": {
        "task": "reports.tasks.delete_expired_report_exports",
        "schedule": crontab(minute=30),
    },
    # Each enterprise's result follow-up, the given months after its first support in a project
    # (keyed per survey and recipient, so a second run sends nothing twice).
    "send-follow-up-surveys": {
        "task": "followup.tasks.send_follow_up_surveys",
        "schedule": crontab(minute=45, hour=9),
    },
    # Files no record points at (left by a crash between writing a file and its record).
    "sweep-orphaned-media": {
        "task": "cluster_portal.tasks.sweep_orphaned_media",
        "schedule": crontab(minute=15, hour=4),
    },
}

# Attendance (the door check-in and ticking it in the admin) opens this long before an event
# starts: attendance feeds the EU figures, so nobody attends an event weeks ahead.
ATTENDANCE_OPENS_MINUTES_BEFORE_START = int(
    os.environ.get("ATTENDANCE_OPENS_MINUTES_BEFORE_START", "60")
)

# Result follow-up: a survey this many months after an enterprise's first support in a project
# (one per wave), and one reminder this many days after an unanswered survey was sent.
FOLLOW_UP_WAVES_MONTHS = [int(months) for months in env_list("FOLLOW_UP_WAVES_MONTHS", "6,12")]
FOLLOW_UP_REMINDER_DAYS = int(os.environ.get("FOLLOW_UP_REMINDER_DAYS", "14"))
# Kronor for one euro: companies may state their turnover and balance sheet in kronor, and
# the portal stores euro, the currency of the EU's SME thresholds (companies/money.py); each
# declaration and each de minimis ledger entry stores the rate it used, so changing this
# changes no record.
try:
    SEK_PER_EUR = Decimal(os.environ.get("SEK_PER_EUR", "11.00"))
except InvalidOperation:
    SEK_PER_EUR = Decimal(0)
if not SEK_PER_EUR.is_finite() or SEK_PER_EUR <= 0:
    raise ImproperlyConfigured("SEK_PER_EUR must be a positive number of kronor per euro.")
# De minimis aid per single undertaking over any three years (Regulation (EU) 2023/2831).
DE_MINIMIS_CEILING_EUR = 300_000

# Reports with more participant rows than this get their Excel file from a Celery worker.
REPORTS_ASYNC_THRESHOLD = int(os.environ.get("REPORTS_ASYNC_THRESHOLD", "50000"))
REPORTS_EXPORT_LIFETIME_HOURS = int(os.environ.get("REPORTS_EXPORT_LIFETIME_HOURS", "24"))
# A worker building an export writes a heartbeat this often; one silent for the second figure
# has died, and the export is built again (reports/services.py).
REPORTS_HEARTBEAT_SECONDS = float(os.environ.get("REPORTS_HEARTBEAT_SECONDS", "5"))
REPORTS_STALLED_SECONDS = float(os.environ.get("REPORTS_STALLED_SECONDS", "30"))

# Messages staff write to participants and members: how many one person may send per hour
# (a slip of the "Send" button or a hijacked account reaches thousands), and the largest
# attachment, which goes out with every copy.
ORGANISER_MESSAGES_PER_HOUR = int(os.environ.get("ORGANISER_MESSAGES_PER_HOUR", "5"))
ORGANISER_MESSAGE_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("ORGANISER_MESSAGE_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
# Without a name here, mail is sent in the portal's name in the recipient's language.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails are absolute: there is no request to take the host from.
SITE_URL = (
    os.environ.get("SITE_URL")
    or ("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}")
).rstrip("/")

# Behind a TLS-terminating proxy in production; off in the embedded default so runserver works.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Scripts never read cookies: htmx and forms take the CSRF token from the page.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# django-csp: everything comes from our own origin, and no inline script or style runs (templates
# put JS in static/js/ and CSS in static/css/). The Django admin works under this policy. With
# DEBUG it only reports (in the browser console), so Django's own debug pages stay readable.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The embeddable event list (events:embed) alone may be framed, by these sites ("*": any).
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", "*")
EMBED_CSP = {"frame-ancestors": EMBED_FRAME_ANCESTORS}
if DEBUG:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
# django-permissions-policy: the portal uses no browser hardware or tracking features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# GDPR retention: participants of a project's events are anonymised this long after the project
# ends (the default keeps them for the EU funds' five-year audit trail, CPR 2021/1060 art. 82).
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", str(5 * 365)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Demo data and `make run` are for a developer's machine: seed_demo refuses otherwise.
DEMO_PASSWORD = "cluster-demo"

# The public read-only API (/api/v1/): Django REST Framework, the schema by drf-spectacular.
# Callers are anonymous (a token only names the organisation and lifts the rate limit).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "60/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.CsvRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PublicCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # `?output=csv`: `format` is the event list's filter (on site, online, hybrid).
    "URL_FORMAT_OVERRIDE": "output",
    # The client address for the rate limit: REMOTE_ADDR unless this many proxies in front add
    # X-Forwarded-For (never trust a header a client can set itself).
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cluster Portal API",
    "DESCRIPTION": "Read-only public data: events, networks, projects, organisations, news.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # The list filters chosen by a method (theme, county, organisation) cannot say their type;
    # spectacular documents them as strings, which they are. Its warnings stay for
    # `manage.py spectacular --validate`, not in `check --deploy`; a test validates the schema.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

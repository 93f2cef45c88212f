"""Settings for Safehold.

Everything a force may change comes from the environment (``DATABASE_URL`` and
``SAFEHOLD_*``), so one code base serves the demo, the tests and production. The
production module (``settings_production``) only tightens what is here.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

SRC_DIR = Path(__file__).resolve().parents[1]  # src/safehold
BASE_DIR = SRC_DIR.parents[1]  # the checkout
VAR_DIR = Path(os.environ.get("SAFEHOLD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read a whole-number environment variable, naming it when it is not one."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None


DEBUG = env_bool("SAFEHOLD_DEBUG", False)
SECRET_KEY = os.environ.get(
    "SAFEHOLD_SECRET_KEY",
    # Only for the demo and tests; settings_production refuses to start without a real one.
    "insecure-demo-key-set-SAFEHOLD_SECRET_KEY-in-production-0123456789abcdef",
)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SAFEHOLD_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("SAFEHOLD_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "ninja",
    "safehold.accounts",
    "safehold.audit",
    "safehold.people",
    "safehold.jobs",
    "safehold.offenders",
    "safehold.safeguarding",
    "safehold.planning",
    "safehold.synth",
    "safehold.simulation",
    "safehold.demand",
    "safehold.insights",
    "safehold.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safehold.accounts.middleware.IdleTimeoutMiddleware",
    "safehold.accounts.middleware.SecondFactorMiddleware",
    "safehold.accounts.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "safehold.config.middleware.OutOfRangeMiddleware",
    "safehold.config.middleware.UnreadableValueMiddleware",
    "safehold.config.middleware.BusyDatabaseMiddleware",
    "safehold.config.middleware.BodyLimitMiddleware",
    "safehold.audit.account_changes.ActorMiddleware",
]
# Outermost: every request gets an id (echoed as X-Request-ID, on every log line) and its
# latency measured for /metrics.
MIDDLEWARE.insert(0, "safehold.config.metrics.MetricsMiddleware")
MIDDLEWARE.insert(0, "safehold.config.logs.RequestIdMiddleware")

ROOT_URLCONF = "safehold.config.urls"
WSGI_APPLICATION = "safehold.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safehold.shell.home.navigation",
            ],
            "libraries": {"safehold": "safehold.templatetags.safehold"},
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'safehold.sqlite3'}",
        # A web thread keeps its connection (a new one per request cost 6 ms of the home
        # page's 29 on PostgreSQL); checked before reuse, so a restarted server is no error.
        conn_max_age=env_int("SAFEHOLD_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker writes; IMMEDIATE avoids
    # "database is locked" upgrades from read to write inside a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes): per user name and address.
AXES_FAILURE_LIMIT = env_int("SAFEHOLD_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("SAFEHOLD_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions end after a period of inactivity and when the browser closes.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SAFEHOLD_IDLE_TIMEOUT_MINUTES = env_int("SAFEHOLD_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Serve straight from the app folders (vendor assets included) without collectstatic;
# production collects and hashes them instead.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers. The CSP allows no inline script or style: the one inline snippet
# (GOV.UK's js-enabled class) carries a per-response nonce.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SAFEHOLD_MAP_TILE_URL = os.environ.get("SAFEHOLD_MAP_TILE_URL", "")
SAFEHOLD_MAP_TILE_ATTRIBUTION = os.environ.get("SAFEHOLD_MAP_TILE_ATTRIBUTION", "")
# Run background jobs in the web process instead of queueing them (a one-process trial
# without `safehold worker`; never in production, where a plan would hold a web worker).
SAFEHOLD_RUN_JOBS_INLINE = env_bool("SAFEHOLD_RUN_JOBS_INLINE", False)
# Helper jobs queued beside a simulation run's parent, so more workers finish it sooner.
SAFEHOLD_SIMULATION_HELPERS = env_int("SAFEHOLD_SIMULATION_HELPERS", 7)
_tile_hosts = [SAFEHOLD_MAP_TILE_URL.split("/{", 1)[0]] if SAFEHOLD_MAP_TILE_URL else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tile_hosts],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # JSON lines with the request id (safehold.config.logs); SAFEHOLD_LOG_FORMAT=plain for
    # human-readable ones.
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "safehold.config.logs.JsonFormatter"},
    },
    "filters": {"request_id": {"()": "safehold.config.logs.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if os.environ.get("SAFEHOLD_LOG_FORMAT") == "plain" else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SAFEHOLD_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "splink": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # One line per request (method, path, status, duration, user id): INFO to see them.
        "safehold.request": {"level": os.environ.get("SAFEHOLD_ACCESS_LOG_LEVEL", "WARNING")},
        "safehold.jobs": {"level": "INFO"},
        "safehold.config.warmup": {"level": "INFO"},  # once per web worker, as it starts
    },
}

# Force configuration files (TOML). Each defaults to the copy packaged with Safehold.
SAFEHOLD_FORCE_NAME = os.environ.get("SAFEHOLD_FORCE_NAME", "Staffordshire Police (synthetic)")
SAFEHOLD_CASELOAD_CAP = env_int("SAFEHOLD_CASELOAD_CAP", 50)
SAFEHOLD_PAGE_SIZE = env_int("SAFEHOLD_PAGE_SIZE", 25)
SAFEHOLD_SUPPRESS_BELOW = env_int("SAFEHOLD_SUPPRESS_BELOW", 5)  # aggregates: hide counts below
SAFEHOLD_INSPECTION_CONFIG = os.environ.get("SAFEHOLD_INSPECTION_CONFIG", "")  # TOML; "" packaged

# Bounded input (security review, issue 13). A request body larger than this is refused
# with 400 before any view runs; API operations may set a smaller cap of their own.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("SAFEHOLD_MAX_BODY_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
SAFEHOLD_API_MAX_BODY_BYTES = env_int("SAFEHOLD_API_MAX_BODY_BYTES", 64 * 1024)
# Every page and API operation accepts a body up to its own cap (safehold/bodycap.py): the
# one it declares, else this for pages and the one above for API operations.
SAFEHOLD_PAGE_MAX_BODY_BYTES = env_int("SAFEHOLD_PAGE_MAX_BODY_BYTES", 128 * 1024)
# A busy SQLite (another write held the lock past busy_timeout) answers 503 with this.
SAFEHOLD_BUSY_RETRY_AFTER = env_int("SAFEHOLD_BUSY_RETRY_AFTER", 5)
# Caseload imports: the largest file, and how many bad rows are checked before stopping.
SAFEHOLD_IMPORT_MAX_BYTES = env_int("SAFEHOLD_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# The largest photograph of a person the offender record accepts (docs/orders.md).
SAFEHOLD_PHOTO_MAX_BYTES = env_int("SAFEHOLD_PHOTO_MAX_BYTES", 2 * 1024 * 1024)
SAFEHOLD_IMPORT_MAX_BAD_ROWS = env_int("SAFEHOLD_IMPORT_MAX_BAD_ROWS", 1000)
# The backlog figures (home tiles, backlog page) are kept this long under the register's
# change stamp; 0 computes them on every request (offenders/backlog_cache.py).
SAFEHOLD_BACKLOG_CACHE_SECONDS = env_int("SAFEHOLD_BACKLOG_CACHE_SECONDS", 60)
# A safeguarding officer's claim on a waiting victim lapses after this (safeguarding/claims.py).
SAFEHOLD_DA_CLAIM_MINUTES = env_int("SAFEHOLD_DA_CLAIM_MINUTES", 30)
# A force's own safeguarding policy file (safeguarding/policies.py); empty: the packaged one.
# `safehold demo` sets it to var/demo-safeguarding-policy.toml (the demo force's DAPN pilot).
SAFEHOLD_SAFEGUARDING_POLICY = os.environ.get("SAFEHOLD_SAFEGUARDING_POLICY") or None

# Administrators and tokens under the access log (issue 13, findings 4, 5 and 8).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the OTP admin never shows a TOTP secret
# Production requires a second factor for every role that sees case data (on there by
# default); the demo and tests relax it, and the demo says so when it starts.
SAFEHOLD_REQUIRE_SECOND_FACTOR = env_bool("SAFEHOLD_REQUIRE_SECOND_FACTOR", False)
SAFEHOLD_TOKEN_DAYS = env_int("SAFEHOLD_TOKEN_DAYS", 90)
# The client's address: REMOTE_ADDR, unless it is one of these proxies (addresses or
# networks, comma-separated), in which case the right-most untrusted X-Forwarded-For.
SAFEHOLD_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("SAFEHOLD_TRUSTED_PROXIES", "").split(",") if p.strip()
]
AXES_CLIENT_IP_CALLABLE = "safehold.accounts.clientip.client_ip"
# Failed sign-ins from one address, across every user name, before it is refused.
SAFEHOLD_LOCKOUT_ADDRESS_FAILURES = env_int("SAFEHOLD_LOCKOUT_ADDRESS_FAILURES", 30)

# Background workers: each reports a heartbeat; a job whose worker is quiet for the stale
# limit is retried (up to the attempts) or failed with the reason; a queued job no worker
# takes for the pickup limit is flagged on its page and in the admin (docs/operations.md).
SAFEHOLD_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("SAFEHOLD_WORKER_HEARTBEAT_SECONDS", "5"))
SAFEHOLD_WORKER_STALE_SECONDS = float(os.environ.get("SAFEHOLD_WORKER_STALE_SECONDS", "60"))
SAFEHOLD_JOB_MAX_ATTEMPTS = env_int("SAFEHOLD_JOB_MAX_ATTEMPTS", 2)
SAFEHOLD_JOB_PICKUP_WARNING_SECONDS = env_int("SAFEHOLD_JOB_PICKUP_WARNING_SECONDS", 300)

# Who may read /metrics (addresses or networks, comma-separated).
SAFEHOLD_METRICS_ALLOWED_IPS = [
    a.strip()
    for a in os.environ.get("SAFEHOLD_METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",")
    if a.strip()
]

# Access-log anchors (docs/access-log.md): the Ed25519 key that signs them (a PEM file the
# database administrators cannot read; without it the demo makes one under var/), where
# the worker appends the daily anchor, and optional syslog / HTTP copies.
SAFEHOLD_AUDIT_ANCHOR_KEY = os.environ.get("SAFEHOLD_AUDIT_ANCHOR_KEY", "")
SAFEHOLD_AUDIT_ANCHOR_PUBLIC_KEY = os.environ.get("SAFEHOLD_AUDIT_ANCHOR_PUBLIC_KEY", "")
SAFEHOLD_AUDIT_ANCHOR_DEMO_KEY = True
SAFEHOLD_AUDIT_ANCHOR_FILE = os.environ.get("SAFEHOLD_AUDIT_ANCHOR_FILE", "")
SAFEHOLD_AUDIT_ANCHOR_EVERY_HOURS = float(os.environ.get("SAFEHOLD_AUDIT_ANCHOR_EVERY_HOURS", "24"))
SAFEHOLD_AUDIT_ANCHOR_SYSLOG = os.environ.get("SAFEHOLD_AUDIT_ANCHOR_SYSLOG", "")
SAFEHOLD_AUDIT_ANCHOR_URL = os.environ.get("SAFEHOLD_AUDIT_ANCHOR_URL", "")

"""Production settings: HTTPS only, secure cookies, HSTS, hashed static files.

Run behind a TLS-terminating proxy with gunicorn (see the README). Refuses to start
without ``SAFEHOLD_SECRET_KEY``.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import env_bool, env_int

DEBUG = False
if "SAFEHOLD_SECRET_KEY" not in os.environ:
    raise ImproperlyConfigured("Set SAFEHOLD_SECRET_KEY to a long random value in production")
SECRET_KEY = os.environ["SAFEHOLD_SECRET_KEY"]
# Every role that sees case data signs in with a second factor (issue 13, finding 5).
SAFEHOLD_REQUIRE_SECOND_FACTOR = env_bool("SAFEHOLD_REQUIRE_SECOND_FACTOR", True)

SECURE_SSL_REDIRECT = env_bool("SAFEHOLD_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SAFEHOLD_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SAFEHOLD_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the force's whole domain to HTTPS in browsers; that is the
    # force's decision (SAFEHOLD_HSTS_PRELOAD=1), not a default Safehold can make for it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Probes and the metrics scraper talk plain HTTP to the application port, not via the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# One JSON line per request in production (SAFEHOLD_ACCESS_LOG_LEVEL=WARNING to silence).
_loggers: dict[str, dict[str, str]] = LOGGING["loggers"]  # type: ignore[assignment]  # noqa: F405
_loggers["safehold.request"]["level"] = os.environ.get("SAFEHOLD_ACCESS_LOG_LEVEL", "INFO")
# Anchors must be signed with a key configured for the force, never one made on the fly.
SAFEHOLD_AUDIT_ANCHOR_DEMO_KEY = False

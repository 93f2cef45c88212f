"""Settings for the test suite: the real database engines, faster hashing, no HTTPS."""

from __future__ import annotations

import os

from .settings import *  # noqa: F403
from .settings import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: WAL and the busy timeout then behave as in production, so
    # concurrent workers and the browser tests' live server see real SQLite locking.
    # One file per test run, so two runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
# Each test's threads and live servers open and close their own connections, as before.
DATABASES["default"]["CONN_MAX_AGE"] = 0
WHITENOISE_AUTOREFRESH = True
# Tests freeze the clock, so two tests' registers could share a change stamp: no cache
# unless a test turns it on (tests/offenders/test_backlog_cache.py).
SAFEHOLD_BACKLOG_CACHE_SECONDS = 0

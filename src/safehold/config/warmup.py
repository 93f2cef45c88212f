"""Warming a web worker before it serves its first request.

gunicorn calls :func:`warm_worker` in each worker process once the application is loaded
(``post_worker_init`` in ``safehold.config.gunicorn``). Without it, the first users a
fresh worker serves each pay for work done once per process: compiling the templates their
page needs (Django's cached loader keeps them per process), building the URL resolver,
and evaluating the whole register that the home page, the backlog, the offender list and
the briefing read (``offenders.backlog_cache``). At a shift change, when everyone signs in
within the same minutes, those first requests are the slowest of the day.

Warming is best effort: a database that is not reachable or not migrated yet is logged
and the worker starts anyway; its first requests then do the work as before.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.db import DatabaseError
from django.template import engines
from django.template.loader import get_template
from django.urls import get_resolver

from safehold.clock import SYSTEM_CLOCK
from safehold.offenders.backlog_queries import warm_register

logger = logging.getLogger(__name__)


def template_names() -> list[str]:
    """Every template the Django engine can find (project and app folders)."""
    names: set[str] = set()
    for folder in engines["django"].template_dirs:
        root = Path(folder)
        names.update(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return sorted(names)


def warm_templates() -> int:
    """Compile every template into the cached loader; the number compiled."""
    names = template_names()
    for name in names:
        get_template(name)
    return len(names)


def warm_worker() -> None:
    """Templates, the URL resolver and the register's evaluation, in this process."""
    started = time.perf_counter()
    templates = warm_templates()
    get_resolver().url_patterns  # noqa: B018 - builds the resolver and imports every view
    try:
        warm_register(SYSTEM_CLOCK.today())
        register = "evaluated"
    except DatabaseError as error:
        register = f"not evaluated ({type(error).__name__}: {error})"
    logger.info(
        "worker warmed",
        extra={
            "templates": templates,
            "register": register,
            "ms": round(1000 * (time.perf_counter() - started)),
        },
    )

"""gunicorn's settings for Safehold.

``gunicorn -c python:safehold.config.gunicorn safehold.config.wsgi``:
One worker process per core (at least two) with a few threads each, on 127.0.0.1 unless
``SAFEHOLD_BIND`` says otherwise. When ``PROMETHEUS_MULTIPROC_DIR`` is set, a worker's
metrics files are marked dead when it exits, so /metrics adds up the live ones. Each worker
is warmed before it serves (``safehold.config.warmup``: templates, URLs, the register).
"""

from __future__ import annotations

import os
from typing import Any

bind = os.environ.get("SAFEHOLD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SAFEHOLD_WEB_WORKERS", str(max(2, min(os.cpu_count() or 1, 8)))))
threads = int(os.environ.get("SAFEHOLD_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 120
accesslog = None  # Safehold logs each request itself, as JSON with its request id
errorlog = "-"
loglevel = "warning"


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def post_worker_init(worker: Any) -> None:
    from safehold.config.warmup import warm_worker

    warm_worker()

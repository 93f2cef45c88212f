"""``/healthz`` (the process answers) and ``/readyz`` (it can do its work), for probes.

Neither needs a sign-in nor says anything about people: ``/readyz`` reports whether the
database answers, whether every migration is applied and whether a worker has been heard
from recently, as JSON, with 200 when all hold and 503 naming what does not.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from safehold.clock import SYSTEM_CLOCK
from safehold.jobs.liveness import Liveness
from safehold.jobs.models import WorkerHeartbeat


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the web process is up and answering (touches nothing else)."""
    return JsonResponse({"status": "ok"})


def _check_database() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except DatabaseError as exc:
        return {"ok": False, "error": f"the database does not answer: {type(exc).__name__}"}


def _check_migrations() -> dict[str, object]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = [f"{m.app_label}.{m.name}" for m, _ in plan]
        return {"ok": False, "pending": names, "error": "run `safehold migrate`"}
    return {"ok": True}


def _check_workers() -> dict[str, object]:
    limits = Liveness.from_settings()
    now = SYSTEM_CLOCK.now()
    beat = WorkerHeartbeat.objects.filter(stopped_at__isnull=True).order_by("-last_seen").first()
    if beat is None:
        return {"ok": False, "error": "no worker has reported: start `safehold worker`"}
    quiet = (now - beat.last_seen).total_seconds()
    alive = WorkerHeartbeat.objects.filter(
        stopped_at__isnull=True, last_seen__gte=now - timedelta(seconds=limits.stale_s)
    ).count()
    result: dict[str, object] = {
        "ok": alive > 0,
        "alive": alive,
        "last_heard_s": round(quiet, 1),
        "stale_after_s": limits.stale_s,
    }
    if not alive:
        result["error"] = f"no worker heard from for {round(quiet)} s: start `safehold worker`"
    return result


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database reachable, migrations applied, a worker heard from recently."""
    checks: dict[str, dict[str, object]] = {"database": _check_database()}
    if checks["database"]["ok"]:
        checks["migrations"] = _check_migrations()
        checks["workers"] = _check_workers()
    ready = all(check["ok"] for check in checks.values())
    response = JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
    response._has_been_logged = True  # type: ignore[attr-defined]  # a probe's 503 is no server error
    return response

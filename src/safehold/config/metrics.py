"""Prometheus metrics at ``/metrics``: request latency, job queue depth, job durations.

Request latency is a histogram kept by each web process (``prometheus-client``). Under
gunicorn with more than one worker process, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty
directory before the server starts (``safehold demo`` does, under ``var/metrics``) and
the scrape adds up every process. Queue depth, job durations and live workers are read
from the database at scrape time, so they cover every worker on every machine.

Only addresses in ``SAFEHOLD_METRICS_ALLOWED_IPS`` (comma-separated addresses or
networks; default ``127.0.0.1,::1``) may read it; others get 403. Behind a proxy the
address is the proxy's: scrape the application port directly from the monitoring host.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram
from prometheus_client import generate_latest as exposition
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from safehold.clock import SYSTEM_CLOCK

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)
JOB_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)

REQUEST_LATENCY = Histogram(
    "safehold_http_request_duration_seconds",
    "Time to answer a request, by route (URL pattern name), method and status class.",
    ["view", "method", "status"],
    buckets=LATENCY_BUCKETS,
)


class MetricsMiddleware:
    """Observe each request's latency under its route's name (never the raw path)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        began = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        view = (match.view_name or "unnamed") if match is not None else "unmatched"
        if request.path.startswith("/static/"):
            view = "static"
        REQUEST_LATENCY.labels(
            view, request.method or "-", f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - began)
        return response


class DatabaseCollector(Collector):
    """Jobs and workers as the database records them, read at each scrape."""

    def collect(self) -> Iterable[GaugeMetricFamily | HistogramMetricFamily]:
        from safehold.jobs.liveness import Liveness
        from safehold.jobs.models import JobRun, JobStatus, WorkerHeartbeat

        now = SYSTEM_CLOCK.now()
        depth = GaugeMetricFamily(
            "safehold_jobs",
            "Background jobs by status (queued is the queue's depth).",
            labels=["status"],
        )
        counts = dict(JobRun.objects.values_list("status").annotate(n=Count("id")))
        for status in JobStatus.values:
            depth.add_metric([status], counts.get(status, 0))
        yield depth
        oldest = JobRun.objects.filter(status=JobStatus.QUEUED).aggregate(t=Min("created_at"))["t"]
        yield GaugeMetricFamily(
            "safehold_jobs_oldest_queued_seconds",
            "Age of the oldest job no worker has taken yet (0 when none waits).",
            value=(now - oldest).total_seconds() if oldest else 0.0,
        )
        stale = timedelta(seconds=Liveness.from_settings().stale_s)
        yield GaugeMetricFamily(
            "safehold_workers_alive",
            "Workers heard from within SAFEHOLD_WORKER_STALE_SECONDS.",
            value=WorkerHeartbeat.objects.filter(
                stopped_at__isnull=True, last_seen__gte=now - stale
            ).count(),
        )
        yield self._durations(JobRun, JobStatus)

    @staticmethod
    def _durations(job_run: type, job_status: type) -> HistogramMetricFamily:
        """One grouped query: per kind, the count under each bucket's bound and the sum."""
        took = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
        per_bound = {
            f"le_{i}": Count("id", filter=Q(took__lte=timedelta(seconds=bound)))
            for i, bound in enumerate(JOB_BUCKETS)
        }
        rows = (
            job_run.objects.filter(  # type: ignore[attr-defined]
                status__in=[job_status.SUCCEEDED, job_status.FAILED],  # type: ignore[attr-defined]
                started_at__isnull=False,
                finished_at__isnull=False,
            )
            .annotate(took=took)
            .values("kind")
            .annotate(total=Count("id"), seconds=Sum("took"), **per_bound)
            .order_by("kind")
        )
        family = HistogramMetricFamily(
            "safehold_job_duration_seconds",
            "How long finished background jobs ran, by kind.",
            labels=["kind"],
        )
        for row in rows:
            buckets = [(str(bound), row[f"le_{i}"]) for i, bound in enumerate(JOB_BUCKETS)]
            buckets.append(("+Inf", row["total"]))
            total = row["seconds"]
            family.add_metric(
                [row["kind"]], buckets, total.total_seconds() if total is not None else 0.0
            )
        return family


def _allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.SAFEHOLD_METRICS_ALLOWED_IPS:
        if ip in ipaddress.ip_network(entry, strict=False):
            return True
    return False


@login_not_required
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus text exposition, for allowed addresses only."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _allowed(address):
        return HttpResponse(
            "Metrics are readable only from SAFEHOLD_METRICS_ALLOWED_IPS.\n",
            status=403,
            content_type="text/plain",
        )
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)  # type: ignore[no-untyped-call]
        body = exposition(processes)
    else:
        body = exposition(REGISTRY)
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return HttpResponse(body + exposition(database), content_type=CONTENT_TYPE_LATEST)

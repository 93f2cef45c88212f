"""Health probes, request ids, JSON logs and the Prometheus metrics endpoint."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safehold.config.logs import JsonFormatter, RequestIdFilter
from safehold.jobs.models import JobRun, JobStatus, WorkerHeartbeat


def _beat(quiet_s: float = 0) -> WorkerHeartbeat:
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id="host:42",
        hostname="host",
        pid=42,
        started_at=now,
        last_seen=now - timedelta(seconds=quiet_s),
    )


@pytest.mark.django_db
def test_healthz_answers_without_a_sign_in() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_with_the_database_migrated_and_a_worker_beating() -> None:
    _beat()
    response = Client().get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"] == {"ok": True}
    assert body["checks"]["workers"]["alive"] == 1


@pytest.mark.django_db
def test_readyz_says_no_worker_has_reported() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert "start `safehold worker`" in response.json()["checks"]["workers"]["error"]


@pytest.mark.django_db
def test_readyz_names_a_worker_gone_quiet(settings: Any) -> None:
    settings.SAFEHOLD_WORKER_STALE_SECONDS = 60
    _beat(quiet_s=600)
    body = Client().get("/readyz").json()
    assert body["status"] == "not ready"
    assert "no worker heard from for 600 s" in body["checks"]["workers"]["error"]


@pytest.mark.django_db
def test_each_response_carries_a_request_id_and_echoes_a_sane_one() -> None:
    client = Client()
    mine = client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc"})
    assert mine["X-Request-ID"] == "lb-1234.abc"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert len(made["X-Request-ID"]) == 32
    assert made["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.mark.django_db
def test_the_access_log_line_is_json_with_the_request_id(caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="safehold.request")
    response = Client().get("/healthz", headers={"X-Request-ID": "trace-7"})
    assert response.status_code == 200
    record = next(r for r in caplog.records if r.name == "safehold.request")
    RequestIdFilter().filter(record)  # outside the request now: the record kept its own
    line = json.loads(JsonFormatter().format(record))
    assert line["status"] == 200
    assert line["path"] == "/healthz"
    assert line["logger"] == "safehold.request"
    assert isinstance(line["duration_ms"], float)


def test_a_log_record_inside_a_request_names_it() -> None:
    from safehold.config.logs import REQUEST_ID

    token = REQUEST_ID.set("req-9")
    try:
        record = logging.makeLogRecord({"name": "x", "msg": "hello %s", "args": ("you",)})
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-9"
    assert line["message"] == "hello you"


@pytest.mark.django_db
def test_metrics_expose_latency_queue_depth_and_job_durations() -> None:
    now = timezone.now()
    JobRun.objects.create(kind="plan", status=JobStatus.QUEUED)
    JobRun.objects.create(
        kind="plan",
        status=JobStatus.SUCCEEDED,
        started_at=now - timedelta(seconds=20),
        finished_at=now,
    )
    client = Client()
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        'safehold_http_request_duration_seconds_bucket{le="0.3",method="GET",status="2xx",view="healthz"}'
        in text
    )
    assert 'safehold_jobs{status="queued"} 1.0' in text
    assert 'safehold_job_duration_seconds_bucket{kind="plan",le="15.0"} 0.0' in text
    assert 'safehold_job_duration_seconds_bucket{kind="plan",le="30.0"} 1.0' in text
    assert 'safehold_job_duration_seconds_sum{kind="plan"} 20.0' in text
    assert "safehold_workers_alive 0.0" in text


@pytest.mark.django_db
def test_metrics_are_refused_to_other_addresses(settings: Any) -> None:
    settings.SAFEHOLD_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert Client().get("/metrics").status_code == 403
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200

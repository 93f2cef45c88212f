"""The job this worker process is running now: set by ``tasks.execute``, read by the heartbeat."""

from __future__ import annotations

CURRENT_JOB: dict[str, int | None] = {"id": None}

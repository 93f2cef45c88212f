"""What one replication of the demand model measured, as plain values (JSON-able)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["GradeOutcome", "ReplicationResult", "ResolutionOutcome"]


@dataclass(frozen=True, slots=True)
class GradeOutcome:
    """One grade's figures in one replication (minutes from the clock start to arrival)."""

    grade: int
    incidents: int
    attended: int
    p50_minutes: float | None
    p90_minutes: float | None
    share_within_target: float | None
    mean_wait_minutes: float | None


@dataclass(frozen=True, slots=True)
class ResolutionOutcome:
    """The resolution centre's figures in one replication."""

    handled: int
    mean_wait_minutes: float | None
    p90_wait_minutes: float | None
    utilisation: float | None


@dataclass(frozen=True, slots=True)
class ReplicationResult:
    """What one replication measured; JSON-able through :meth:`to_dict`."""

    index: int
    seed: int
    incidents: int
    events: int
    by_grade: tuple[GradeOutcome, ...]
    mean_wait_minutes: float
    p_wait: float
    utilisation: float
    utilisation_by_hour: tuple[float, ...]
    queue_by_hour: tuple[float, ...]
    resolution_centre: ResolutionOutcome

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "seed": self.seed,
            "incidents": self.incidents,
            "events": self.events,
            "by_grade": [_grade_dict(g) for g in self.by_grade],
            "mean_wait_minutes": self.mean_wait_minutes,
            "p_wait": self.p_wait,
            "utilisation": self.utilisation,
            "utilisation_by_hour": list(self.utilisation_by_hour),
            "queue_by_hour": list(self.queue_by_hour),
            "resolution_centre": {
                "handled": self.resolution_centre.handled,
                "mean_wait_minutes": self.resolution_centre.mean_wait_minutes,
                "p90_wait_minutes": self.resolution_centre.p90_wait_minutes,
                "utilisation": self.resolution_centre.utilisation,
            },
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReplicationResult:
        return cls(
            index=int(d["index"]),
            seed=int(d["seed"]),
            incidents=int(d["incidents"]),
            events=int(d["events"]),
            by_grade=tuple(GradeOutcome(**g) for g in d["by_grade"]),
            mean_wait_minutes=float(d["mean_wait_minutes"]),
            p_wait=float(d["p_wait"]),
            utilisation=float(d["utilisation"]),
            utilisation_by_hour=tuple(float(x) for x in d["utilisation_by_hour"]),
            queue_by_hour=tuple(float(x) for x in d["queue_by_hour"]),
            resolution_centre=ResolutionOutcome(**d["resolution_centre"]),
        )


def _grade_dict(g: GradeOutcome) -> dict[str, Any]:
    return {
        "grade": g.grade,
        "incidents": g.incidents,
        "attended": g.attended,
        "p50_minutes": g.p50_minutes,
        "p90_minutes": g.p90_minutes,
        "share_within_target": g.share_within_target,
        "mean_wait_minutes": g.mean_wait_minutes,
    }

"""Reads for the simulation pages: recent runs and one run (aggregates only, fixed queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import SimulationRun

RECENT = 20


def recent_runs() -> QuerySet[SimulationRun]:
    """The latest runs with their jobs, in one query (results stay out: they are large)."""
    return (
        SimulationRun.objects.select_related("job")
        .defer("result", "scenarios")
        .order_by("-created_at", "-id")[:RECENT]
    )


def run_titles(run: SimulationRun) -> list[str]:
    return run.titles


def pct(x: float | None) -> str:
    """0.873 as "87.3%" (a dash for no figure)."""
    return "-" if x is None else f"{x * 100:.1f}%"


def table_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per scenario and grade with a target: the figures the charts draw."""
    rows = []
    for s in result.get("scenarios", []):
        for grade, g in s["by_grade"].items():
            if g.get("p50_minutes") is None:
                continue
            ci = g.get("share_within_target_ci95") or [None, None]
            rows.append(
                {
                    "scenario": s["title"],
                    "grade": grade,
                    **g,
                    "share": pct(g.get("share_within_target")),
                    "ci": f"{pct(ci[0])} to {pct(ci[1])}",
                }
            )
    return rows


def utilisation_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Per scenario: overall utilisation, its busiest hour of the week and the centre's figures."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    rows = []
    for s in result.get("scenarios", []):
        by_hour = s.get("utilisation_by_hour") or [0.0]
        peak = max(range(len(by_hour)), key=lambda h: by_hour[h] or 0.0)
        queue = s.get("queue_by_hour") or [0.0]
        rows.append(
            {
                "scenario": s["title"],
                "inputs": s.get("inputs", ""),
                "utilisation": pct(s.get("utilisation")),
                "peak_hour": f"{days[peak // 24]} {peak % 24:02d}:00",
                "peak_utilisation": pct(by_hour[peak]),
                "centre_utilisation": pct((s.get("resolution_centre") or {}).get("utilisation")),
                "max_queue": max(q or 0.0 for q in queue),
                "centre": s.get("resolution_centre", {}),
                "shifts": s.get("shifts", {}),
            }
        )
    return rows

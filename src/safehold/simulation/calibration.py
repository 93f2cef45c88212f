"""Calibration: the simulated year beside the recorded one, grade by grade (pure).

The force's last year is fitted (``fit.py``) and simulated with the ``today`` roster;
:func:`compare` sets the simulated share within target, p50 and p90 against what the
records show, with the difference and whether the recorded share falls inside the
simulated 95 % interval.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .fit import FittedDemand
from .params import ModelInputs


def scaled_roster(inputs: ModelInputs, factor: float) -> ModelInputs:
    """The roster with every shift's units scaled by ``factor`` (at least one unit each)."""
    shifts = tuple(
        replace(
            s,
            units=max(1, round(s.units * factor)),
            double_crewed_units=min(
                max(1, round(s.units * factor)), round(s.double_crewed_units * factor)
            ),
        )
        for s in inputs.shifts
    )
    rc = inputs.resolution_centre
    staff = max(1, round(rc.investigators * factor)) if rc.investigators else 0
    return replace(inputs, shifts=shifts, resolution_centre=replace(rc, investigators=staff))


def recorded_dict(fitted: FittedDemand) -> dict[str, Any]:
    """The recorded compliance by grade, JSON-able."""
    return {
        str(g): {
            "attended": r.attended,
            "share_within_target": r.share_within_target,
            "p50_minutes": r.p50_minutes,
            "p90_minutes": r.p90_minutes,
        }
        for g, r in fitted.recorded.items()
        if r.attended
    }


def compare(simulated: dict[str, Any], recorded: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per grade recorded: simulated and recorded figures side by side."""
    rows = []
    for grade, rec in sorted(recorded.items()):
        sim = simulated.get("by_grade", {}).get(grade)
        if sim is None:
            continue
        share, ci = sim.get("share_within_target"), sim.get("share_within_target_ci95")
        rec_share = rec.get("share_within_target")
        rows.append(
            {
                "grade": grade,
                "recorded_attended": rec["attended"],
                "simulated_attended": sim.get("attended"),
                "recorded_share_within_target": _r(rec_share),
                "simulated_share_within_target": share,
                "simulated_ci95": ci,
                "difference": _r(share - rec_share)
                if share is not None and rec_share is not None
                else None,
                "recorded_inside_ci": bool(
                    ci and rec_share is not None and ci[0] <= rec_share <= ci[1]
                ),
                "recorded_p50_minutes": _r(rec.get("p50_minutes"), 1),
                "simulated_p50_minutes": sim.get("p50_minutes"),
                "recorded_p90_minutes": _r(rec.get("p90_minutes"), 1),
                "simulated_p90_minutes": sim.get("p90_minutes"),
            }
        )
    return rows


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)

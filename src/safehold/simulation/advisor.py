"""The staffing advisor: the fewest units per shift that meets a target with confidence (pure).

The target is "at least ``share`` of grade ``grade`` within its attendance target, with
95 % confidence": the lower end of the replications' 95 % confidence interval must reach
``share``. Every roster tried is simulated with the same replication seeds (common
random numbers), so two rosters differ by staffing, not by luck.

The search starts from the scenario's roster. While the target is missed it adds four
units to the shift where they help most (stopping, not reached, when more units no
longer raise the lower bound); once met, it takes units away from the
shift that can best spare them (eight at a time, then four, two and one), until taking
any one unit away would miss the target. The
shift that binds is the one whose next unit removed would lose most; every roster tried
is returned as evidence with its replications.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .model import replication_seed, simulate_replication
from .params import ModelInputs
from .results import ReplicationResult
from .stats import mean_ci

Progress = Callable[[float, str], None]
STRIDES = (8, 4, 2, 1)
GROW_STRIDE = 4
#: A gain in the lower bound smaller than this from more units is a plateau.
PLATEAU = 0.0005


@dataclass(frozen=True, slots=True)
class Target:
    """``share`` of grade ``grade`` within target, with 95 % confidence."""

    grade: int
    share: float

    def __post_init__(self) -> None:
        if not 0 < self.share < 1:
            raise ValueError(f"the target share must be between 0 and 1, got {self.share}")


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One roster simulated: units by shift, the grade's share within target, per replication."""

    units: tuple[int, ...]
    shares: tuple[float, ...]
    mean: float
    lower: float
    upper: float
    meets: bool

    def to_dict(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {
            "units": dict(zip(names, self.units, strict=True)),
            "share_within_target": round(self.mean, 4),
            "share_within_target_ci95": [round(self.lower, 4), round(self.upper, 4)],
            "meets_target": self.meets,
            "replications": [round(s, 4) for s in self.shares],
        }


def _double(double: int, units: int, new_units: int) -> int:
    return min(new_units, round(new_units * double / units)) if units else 0


def _with_units(inputs: ModelInputs, units: tuple[int, ...]) -> ModelInputs:
    # A shift keeps its mix of crews: added or removed units are double-crewed in the
    # same proportion as in the scenario's roster.
    shifts = tuple(
        replace(s, units=u, double_crewed_units=_double(s.double_crewed_units, s.units, u))
        for s, u in zip(inputs.shifts, units, strict=True)
    )
    return replace(inputs, shifts=shifts)


def evaluate(
    inputs: ModelInputs, units: tuple[int, ...], target: Target, *, replications: int, seed: int
) -> Evaluation:
    """Simulate the roster ``units`` and test it against ``target``."""
    staffed = _with_units(inputs, units)
    shares = []
    for k in range(replications):
        result: ReplicationResult = simulate_replication(
            staffed, seed=replication_seed(seed, k), index=k
        )
        outcome = next(g for g in result.by_grade if g.grade == target.grade)
        shares.append(outcome.share_within_target or 0.0)
    mean, (lo, hi) = mean_ci(shares)
    return Evaluation(units, tuple(shares), mean, lo, hi, lo >= target.share)


def advise(
    inputs: ModelInputs,
    target: Target,
    *,
    replications: int,
    seed: int,
    max_units: int = 80,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Search the fewest units per shift meeting ``target``; see the module docstring."""
    if not inputs.shifts:
        raise ValueError("the scenario has no response shifts to staff")
    if replications < 2:
        raise ValueError("at least 2 replications are needed for a confidence interval")
    grade = inputs.grade(target.grade)
    if grade.target_urban_minutes is None:
        raise ValueError(f"grade {target.grade} has no attendance target")
    names = tuple(s.name for s in inputs.shifts)
    cache: dict[tuple[int, ...], Evaluation] = {}
    steps: list[str] = []

    def ev(units: tuple[int, ...]) -> Evaluation:
        if units not in cache:
            cache[units] = evaluate(inputs, units, target, replications=replications, seed=seed)
            if progress:
                progress(min(0.95, len(cache) / (len(cache) + 6)), f"{len(cache)} rosters tried")
        return cache[units]

    def bump(units: tuple[int, ...], k: int, by: int) -> tuple[int, ...]:
        return tuple(u + by if i == k else u for i, u in enumerate(units))

    start = tuple(s.units for s in inputs.shifts)
    current = ev(start)
    # Add units GROW_STRIDE at a time where they help most; the strides below take back
    # what is not needed. More units that no longer raise the lower bound (a plateau:
    # travel times alone miss the target) end the search as not reached.
    while not current.meets:
        options = [bump(current.units, k, GROW_STRIDE) for k in range(len(names))]
        options = [o for o in options if max(o) <= max_units]
        if not options:
            return _answer(names, target, current, None, cache, steps, reached=False)
        best = max((ev(o) for o in options), key=lambda e: (e.lower, -sum(e.units)))
        if best.lower < current.lower + PLATEAU:
            steps.append(f"{GROW_STRIDE} more units raise the lower bound no further: a plateau")
            return _answer(names, target, best, None, cache, steps, reached=False)
        k = next(i for i in range(len(names)) if best.units[i] != current.units[i])
        steps.append(
            f"added {GROW_STRIDE} units to {names[k]}: {best.lower:.1%} at the 95% lower bound"
        )
        current = best
    # Take units away in shrinking strides (8, 4, 2, then 1), so a generous roster comes
    # down in a few rounds; the last round, one unit at a time, decides the answer.
    tried: list[Evaluation] = []
    for stride in STRIDES:
        while True:
            options = [
                bump(current.units, k, -stride)
                for k in range(len(names))
                if current.units[k] >= stride and (stride == 1 or current.units[k] > stride)
            ]
            tried = [ev(o) for o in options]
            ok = [e for e in tried if e.meets]
            if not ok:
                break
            best = max(ok, key=lambda e: e.lower)
            k = next(i for i in range(len(names)) if best.units[i] != current.units[i])
            noun = "a unit" if stride == 1 else f"{stride} units"
            steps.append(f"took {noun} from {names[k]}: still {best.lower:.1%} at the lower bound")
            current = best
    return _answer(names, target, current, tried, cache, steps, reached=True)


def _answer(
    names: tuple[str, ...],
    target: Target,
    final: Evaluation,
    one_fewer: list[Evaluation] | None,
    cache: dict[tuple[int, ...], Evaluation],
    steps: list[str],
    *,
    reached: bool,
) -> dict[str, Any]:
    binding = None
    per_shift: list[dict[str, Any]] = []
    if one_fewer:
        for e in one_fewer:
            k = next(i for i in range(len(names)) if e.units[i] != final.units[i])
            per_shift.append(
                {
                    "shift": names[k],
                    "units": final.units[k],
                    "one_fewer_share": round(e.mean, 4),
                    "one_fewer_lower": round(e.lower, 4),
                    "loss": round(final.lower - e.lower, 4),
                }
            )
        binding = max(per_shift, key=lambda p: float(p["loss"]))["shift"] if per_shift else None
    return {
        "target": {"grade": target.grade, "share": target.share, "confidence": 0.95},
        "reached": reached,
        "units": dict(zip(names, final.units, strict=True)),
        "total_units": sum(final.units),
        "binding_shift": binding,
        "one_fewer": per_shift,
        "answer": final.to_dict(names),
        "steps": steps,
        "evidence": [e.to_dict(names) for e in cache.values()],
        "rosters_tried": len(cache),
    }

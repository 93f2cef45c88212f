"""From visits, officer pairs and travel times to the copy model the planner solves.

Steps 1 and 2 of making a plan, as ``solver.py`` and ``docs/planner.md`` tell them:
`compile_problem` checks the ids, asks the travel provider for its matrices, makes one
route per pair-day and every copy of each visit with its prize, and gives each visit
that no pair-day could make on its own its `LeftOutReason` and sentence.

Pure Python and numpy; the copy model itself is in ``greedy.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import numpy as np

from safehold.planning.greedy import DAY_S, CopyModel, ShiftSlot, VisitCopy
from safehold.planning.params import PlannerParams
from safehold.planning.plan import LeftOutReason
from safehold.planning.problem import OfficerPair, PlanInputError, PlanningError, Visit, hhmm
from safehold.planning.travel import LatLon, TravelTimes

__all__ = ["Compiled", "compile_problem"]


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass(frozen=True, slots=True)
class Compiled:
    """The compiled problem: the copy model, the inputs it indexes, and the reasons
    for visits no pair-day can make on its own."""

    model: CopyModel
    visits: tuple[Visit, ...]
    pairs: tuple[OfficerPair, ...]
    points: tuple[LatLon, ...]
    must_serve: tuple[bool, ...]
    reasons: dict[int, tuple[LeftOutReason, str]]
    pinned_dims: dict[int, int]


def _prize(visit: Visit, day: int, start_date: date, params: PlannerParams) -> float:
    weight = params.risk_weights.for_level(visit.risk_level)
    base = params.prize_base_m * weight
    overdue = visit.days_overdue(start_date)
    if overdue > 0:
        value = base * (1 + min(overdue, params.overdue_cap_days) / params.overdue_scale_days)
        if visit.risk_level in params.must_serve_levels:
            value += params.must_serve_bonus * params.prize_base_m
        return value * max(0.1, 1 - params.day_decay * day)
    due_day = (visit.due_date - start_date).days
    if day <= due_day:
        return float(base)
    return base * params.late_factor * max(0.1, 1 - params.day_decay * (day - due_day - 1))


def _pieces(lo: int, hi: int, penalised: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Split the start interval [lo, hi] where it meets penalised bands [start, end)."""
    pieces: list[tuple[int, int, bool]] = []
    cursor = lo
    for band_start, band_end in sorted(penalised):
        s, e = max(band_start, cursor), min(band_end - 1, hi)
        if s > e:
            continue
        if cursor < s:
            pieces.append((cursor, s - 1, False))
        pieces.append((s, e, True))
        cursor = e + 1
    if cursor <= hi:
        pieces.append((cursor, hi, False))
    return pieces


def _windows_text(visit: Visit, params: PlannerParams) -> str:
    if not visit.allowed_windows:
        return f"{params.default_window.label()} any day"
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return ", ".join(
        f"{names[w.weekday]} {hhmm(w.start)}-{hhmm(w.end)}" for w in visit.allowed_windows
    )


def _locations(
    visits: tuple[Visit, ...], pairs: tuple[OfficerPair, ...]
) -> tuple[list[LatLon], dict[str, int]]:
    """Check ids; one location per station (first), then one per visit, in input order."""
    if len({v.id for v in visits}) != len(visits):
        twice = next(v.id for v in visits if sum(w.id == v.id for w in visits) > 1)
        raise PlanInputError(f"visit id {twice!r} appears twice; give each visit once")
    pair_ids = {p.id for p in pairs}
    if len(pair_ids) != len(pairs):
        raise PlanInputError("two officer pairs share an id; give each pair its own id")
    for v in visits:
        if v.pinned_pair is not None and v.pinned_pair not in pair_ids:
            raise PlanInputError(
                f"visit {v.id} is pinned to pair {v.pinned_pair!r}, which is not in the plan",
                code="unknown_pinned_pair",
            )
    station_loc: dict[str, int] = {}
    points: list[LatLon] = []
    for p in pairs:
        if p.station_id not in station_loc:
            station_loc[p.station_id] = len(points)
            points.append(p.station_location)
        elif points[station_loc[p.station_id]] != p.station_location:
            raise PlanInputError(f"station {p.station_id} has two locations; give one per station")
    points.extend(v.location for v in visits)
    return points, station_loc


def _shift_slots(
    pairs: tuple[OfficerPair, ...], station_loc: dict[str, int], horizon_days: int
) -> list[ShiftSlot]:
    """One slot per pair on duty per day of the horizon, by day then pair."""
    return [
        ShiftSlot(
            pair_index=i,
            day=duty.day,
            station_location=station_loc[p.station_id],
            start_s=duty.day * DAY_S + _seconds(duty.start),
            end_s=duty.day * DAY_S + _seconds(duty.end),
        )
        for day in range(horizon_days)
        for i, p in enumerate(pairs)
        for duty in p.shifts
        if duty.day == day
    ]


@dataclass(frozen=True, slots=True)
class _CopyContext:
    params: PlannerParams
    start_date: date
    tz: tzinfo
    now_s: int | None
    bands: list[tuple[int, int]]
    default_window: tuple[int, int]


def _visit_copies(
    vi: int,
    v: Visit,
    location: int,
    only_pair: int,
    shifts_on: dict[int, list[ShiftSlot]],
    ctx: _CopyContext,
) -> list[VisitCopy]:
    """Every way to make one visit: per day someone is on duty, per window and band."""
    params = ctx.params
    service = params.service_s(v)
    recent: set[tuple[int, int]] = set()
    for seen_at in v.recent_visits:
        local = seen_at.astimezone(ctx.tz)
        at = _seconds(local.time())
        recent.update(
            (local.weekday(), bi) for bi, (bs, be) in enumerate(ctx.bands) if bs <= at < be
        )
    if v.pinned_day is not None:
        days: Sequence[int] = [v.pinned_day]
    else:
        days = range(v.earliest_day, params.horizon_days)
    copies: list[VisitCopy] = []
    for day in days:
        if not any(only_pair in (-1, slot.pair_index) for slot in shifts_on.get(day, [])):
            continue
        weekday = (ctx.start_date + timedelta(days=day)).weekday()
        if v.pinned_start is not None:
            at = _seconds(v.pinned_start)
            intervals = [(at, at)]
        else:
            windows = [
                (_seconds(w.start), _seconds(w.end))
                for w in v.allowed_windows
                if w.weekday == weekday
            ]
            if not v.allowed_windows:
                windows = [ctx.default_window]
            intervals = [(a, b - service) for a, b in windows]
        prize = _prize(v, day, ctx.start_date, params)
        penalised = [ctx.bands[bi] for (wd, bi) in recent if wd == weekday]
        for lo, hi in intervals:
            if ctx.now_s is not None and not v.is_pinned:
                lo = max(lo, ctx.now_s - day * DAY_S)
            if lo > hi:
                continue
            pieces = [(lo, hi, False)] if v.is_pinned else _pieces(lo, hi, penalised)
            copies.extend(
                VisitCopy(
                    visit_index=vi,
                    day=day,
                    location=location,
                    earliest_start_s=day * DAY_S + p_lo,
                    latest_start_s=day * DAY_S + p_hi,
                    service_s=service,
                    prize=round(prize * (params.repeat_slot_factor if repeat else 1.0)),
                    pair_index=only_pair,
                )
                for p_lo, p_hi, repeat in pieces
            )
    return copies


def _fits(
    candidates: list[VisitCopy], shifts_on: dict[int, list[ShiftSlot]], seconds: Any
) -> tuple[Any, Any]:
    """Which copies fit some shift alone: inside it at all, and with the drive out and back."""
    window_ok = np.zeros(len(candidates), dtype=bool)
    reach_ok = np.zeros(len(candidates), dtype=bool)
    by_day: dict[int, list[int]] = {}
    for ci, c in enumerate(candidates):
        by_day.setdefault(c.day, []).append(ci)
    for day, idx_list in by_day.items():
        idx = np.asarray(idx_list, dtype=np.int64)
        day_copies = [candidates[i] for i in idx_list]
        locs = np.array([c.location for c in day_copies], dtype=np.int64)
        early = np.array([c.earliest_start_s for c in day_copies], dtype=np.int64)
        late = np.array([c.latest_start_s for c in day_copies], dtype=np.int64)
        service = np.array([c.service_s for c in day_copies], dtype=np.int64)
        only = np.array([c.pair_index for c in day_copies], dtype=np.int64)
        for slot in shifts_on.get(day, []):
            allowed = (only == -1) | (only == slot.pair_index)
            begin = np.maximum(early, slot.start_s)
            window_ok[idx] |= allowed & (begin <= late) & (begin + service <= slot.end_s)
            out = seconds[slot.station_location, locs]
            back = seconds[locs, slot.station_location]
            begin = np.maximum(early, slot.start_s + out)
            reach_ok[idx] |= allowed & (begin <= late) & (begin + service + back <= slot.end_s)
    return window_ok, reach_ok


def _reason(
    v: Visit,
    has_window: bool,
    nearest_s: int,
    on_duty: bool,
    params: PlannerParams,
    start_date: date,
) -> tuple[LeftOutReason, str]:
    """Why a visit that no pair-day can make on its own is left out."""
    minutes = params.service_s(v) // 60
    if not on_duty:
        first = start_date + timedelta(
            days=v.pinned_day if v.pinned_day is not None else v.earliest_day
        )
        last = start_date + timedelta(days=params.horizon_days - 1)
        return LeftOutReason.NOT_ON_DUTY, (
            f"No pair is on duty on a day it can be made ({first.isoformat()} "
            f"to {last.isoformat()})."
        )
    if not has_window:
        return LeftOutReason.OUTSIDE_EVERY_WINDOW, (
            f"Its allowed times ({_windows_text(v, params)}) leave no room for a "
            f"{minutes}-minute visit inside any shift on the days it can be made."
        )
    return LeftOutReason.UNREACHABLE_WITHIN_ANY_SHIFT, (
        f"No pair can drive there (nearest station {nearest_s // 60} minutes away), "
        f"make the {minutes}-minute visit inside its allowed times and be back "
        "before the shift ends."
    )


def compile_problem(
    visits: Sequence[Visit],
    pairs: Sequence[OfficerPair],
    travel: TravelTimes,
    params: PlannerParams,
    start_date: date,
    tz: tzinfo,
    now: datetime | None,
) -> Compiled:
    """Turn the inputs into the copy model, and give reasons for visits it cannot hold."""
    visits, pairs = tuple(visits), tuple(pairs)
    points, station_loc = _locations(visits, pairs)
    matrices = travel.matrices(points)
    if matrices.size != len(points):
        raise PlanningError(
            "travel_matrix_size",
            f"travel times gave a {matrices.size}-point matrix for {len(points)} points",
        )
    home_base = len(station_loc)
    shifts = _shift_slots(pairs, station_loc, params.horizon_days)
    shifts_on: dict[int, list[ShiftSlot]] = {}
    for slot in shifts:
        shifts_on.setdefault(slot.day, []).append(slot)
    now_s: int | None = None
    if now is not None:
        if now.tzinfo is None:
            raise PlanInputError("now has no timezone; give an aware datetime")
        local = now.astimezone(tz)
        now_s = (local.date() - start_date).days * DAY_S + _seconds(local.time())
    ctx = _CopyContext(
        params=params,
        start_date=start_date,
        tz=tz,
        now_s=now_s,
        bands=[(_seconds(b.start), _seconds(b.end)) for b in params.time_bands],
        default_window=(_seconds(params.default_window.start), _seconds(params.default_window.end)),
    )
    pair_index = {p.id: i for i, p in enumerate(pairs)}
    candidates: list[VisitCopy] = []
    for vi, v in enumerate(visits):
        only_pair = pair_index[v.pinned_pair] if v.pinned_pair is not None else -1
        candidates.extend(_visit_copies(vi, v, home_base + vi, only_pair, shifts_on, ctx))
    window_ok, reach_ok = _fits(candidates, shifts_on, matrices.seconds)

    has_window = np.zeros(len(visits), dtype=bool)
    has_reach = np.zeros(len(visits), dtype=bool)
    for ci, c in enumerate(candidates):
        has_window[c.visit_index] |= window_ok[ci]
        has_reach[c.visit_index] |= reach_ok[ci]
    stations = sorted({slot.station_location for slot in shifts})
    reasons: dict[int, tuple[LeftOutReason, str]] = {}
    for vi, v in enumerate(visits):
        if has_reach[vi]:
            continue
        if v.pinned_pair is not None:
            on_duty = any(
                slot.pair_index == pair_index[v.pinned_pair]
                for slot in shifts_on.get(v.pinned_day or 0, [])
            )
        else:
            on_duty = any(d in shifts_on for d in range(v.earliest_day, params.horizon_days))
        nearest = min((int(matrices.seconds[st, home_base + vi]) for st in stations), default=0)
        reasons[vi] = _reason(v, bool(has_window[vi]), nearest, on_duty, params, start_date)

    usable = [c for ci, c in enumerate(candidates) if reach_ok[ci]]
    copies_of: list[list[int]] = [[] for _ in visits]
    for ci, c in enumerate(usable):
        copies_of[c.visit_index].append(ci)
    must_serve = tuple(
        v.days_overdue(start_date) > 0 and v.risk_level in params.must_serve_levels for v in visits
    )
    model = CopyModel(
        metres=matrices.metres,
        seconds=matrices.seconds,
        shifts=tuple(shifts),
        copies=tuple(usable),
        copies_of=tuple(tuple(c) for c in copies_of),
        weight=tuple(params.risk_weights.for_level(v.risk_level) for v in visits),
        due_day=tuple((v.due_date - start_date).days for v in visits),
        required=tuple(
            bool(copies_of[vi]) and (must_serve[vi] or v.is_pinned) for vi, v in enumerate(visits)
        ),
    )
    pinned_pairs = sorted({c.pair_index for c in usable if c.pair_index >= 0})
    return Compiled(
        model=model,
        visits=visits,
        pairs=pairs,
        points=tuple(points),
        must_serve=must_serve,
        reasons=reasons,
        pinned_dims={p: d for d, p in enumerate(pinned_pairs)},
    )

"""API output schemas for a plan's figures, its planner settings and the clearance forecast.

A run's KPIs and statistics are stored as JSON when the plan is made (nothing before), so
their fields are optional and the operations leave out those a run does not have
(``exclude_unset``): the response is what was stored, now described in OpenAPI.
"""

from __future__ import annotations

from datetime import date

from ninja import Schema


class PlanKpisOut(Schema):
    """What the plan achieves (``safehold.planning.plan.PlanKpis``); empty until it is made."""

    visits_total: int | None = None
    visits_planned: int | None = None
    planned_by_risk: dict[str, int] | None = None
    total_by_risk: dict[str, int] | None = None
    overdue_total: int | None = None
    overdue_cleared: int | None = None
    must_serve_total: int | None = None
    must_serve_planned: int | None = None
    travel_km: float | None = None
    travel_minutes: float | None = None
    officer_hours: float | None = None
    pair_days_on_duty: int | None = None
    pair_days_used: int | None = None
    visits_per_pair_day: float | None = None
    km_per_visit: float | None = None
    objective: int | None = None
    greedy_objective: int | None = None


class PlanStatsOut(Schema):
    """How the plan was made (``safehold.planning.plan.PlanStats``); empty until it is made."""

    plan_source: str | None = None
    iterations: int | None = None
    copies: int | None = None
    neighbourhood: str | None = None
    build_seconds: float | None = None
    first_feasible_seconds: float | None = None
    solve_seconds: float | None = None
    total_seconds: float | None = None
    repair_added: int | None = None
    repair_objective_change: int | None = None


class PerRiskLevelOut(Schema):
    very_high: int
    high: int
    medium: int
    low: int


class PlannerParamsOut(Schema):
    """The planner settings the run used (the ``[planner]`` TOML table; times as "HH:MM")."""

    horizon_days: int | None = None
    max_runtime_s: float | None = None
    max_iterations: int | None = None
    seed: int | None = None
    risk_weights: PerRiskLevelOut | None = None
    service_minutes: PerRiskLevelOut | None = None
    must_serve_levels: list[str] | None = None
    prize_base_m: int | None = None
    must_serve_bonus: float | None = None
    overdue_cap_days: int | None = None
    overdue_scale_days: int | None = None
    day_decay: float | None = None
    late_factor: float | None = None
    repeat_slot_factor: float | None = None
    default_window: list[str] | None = None
    time_bands: list[list[str]] | None = None
    num_neighbours: int | None = None
    weight_wait_time: float | None = None
    large_model_copies: int | None = None
    same_day_neighbours: int | None = None
    other_day_neighbours: int | None = None


class CurvePointOut(Schema):
    pairs: int
    days_to_clear: int | None
    clear_date: date | None


class ForecastOut(Schema):
    """When the backlog clears at today's capacity, and with more or fewer pairs."""

    today: date
    policy_version: str
    pairs: int
    visits_per_pair_day: float
    capacity_source: str
    backlog_today: int
    clear_date: date | None
    days_to_clear: int | None
    curve: list[CurvePointOut]

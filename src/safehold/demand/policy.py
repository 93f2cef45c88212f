"""The force's demand policy: grades and targets, THRIVE rules, routing, resolution centre.

`DemandPolicy` holds every tunable and validates itself when made; `load_policy` reads it
from TOML and `default_policy` from the packaged ``config/demand-policy.toml``. A bad value
raises `DemandPolicyError` naming the TOML key to fix. docs/demand.md describes the schema.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from .questions import QUESTIONS, question
from .vocabulary import Area, IncidentType

__all__ = [
    "GRADES",
    "DemandPolicy",
    "DemandPolicyError",
    "GradeRule",
    "GradeTarget",
    "default_policy",
    "load_policy",
]

DEFAULT_FILE: Final = "demand-policy.toml"
GRADES: Final = (1, 2, 3, 4, 5)
CLOCK_STARTS: Final = ("call", "dispatch")


class DemandPolicyError(ValueError):
    """The demand policy is wrong; the message names the file, the key and what to give."""

    code = "invalid_demand_policy"

    def __init__(self, key: str, problem: str, *, source: str = DEFAULT_FILE) -> None:
        self.key, self.problem, self.source = key, problem, source
        super().__init__(f"{source}: {key + ' ' if key else ''}{problem}")


@dataclass(frozen=True, slots=True)
class GradeTarget:
    """A grade's name and attendance target (None: no attendance clock)."""

    grade: int
    name: str
    target_minutes_urban: int | None = None
    target_minutes_rural: int | None = None
    escalate_minutes_before: int = 0

    def target_minutes(self, area: Area | str) -> int | None:
        """The target for ``area``, in minutes; None when the grade has none."""
        if Area(area) is Area.RURAL:
            return self.target_minutes_rural
        return self.target_minutes_urban

    @property
    def label(self) -> str:
        return f"Grade {self.grade} ({self.name.lower()})"


@dataclass(frozen=True, slots=True)
class GradeRule:
    """THRIVE answers at least as serious as ``when`` suggest ``grade`` at most."""

    grade: int
    reason: str
    when: tuple[tuple[str, str], ...]

    def applies(self, answers: Mapping[str, str]) -> bool:
        return all(question(k).rank(answers[k]) >= question(k).rank(v) for k, v in self.when)


@dataclass(frozen=True, slots=True)
class DemandPolicy:
    """Every tunable of the demand rules (see the packaged TOML for the meaning of each)."""

    version: str
    grades: Mapping[int, GradeTarget]
    baseline: Mapping[IncidentType, int]
    rules: tuple[GradeRule, ...]
    clock_start: str = "call"
    rural_postcode_districts: frozenset[str] = frozenset()
    rural_stations: frozenset[str] = frozenset()
    response_grades: frozenset[int] = frozenset({1, 2})
    scheduled_grades: frozenset[int] = frozenset({3})
    appointment_grades: frozenset[int] = frozenset({4})
    rc_grades: frozenset[int] = frozenset({3, 4, 5})
    rc_eligible_types: frozenset[IncidentType] = frozenset()
    immediate_risk_threat_level: str = "ongoing"
    rc_opens: time = time(8)
    rc_closes: time = time(22)
    rc_contact_attempts: int = 3
    officers_per_unit: int = 2
    description: str = ""

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise DemandPolicyError("version", "must be given (e.g. 'staffs-demand-2026.1')")
        if sorted(self.grades) != list(GRADES):
            raise DemandPolicyError("grades", "must define grades 1 to 5, each once")
        previous = 0
        for g in GRADES:
            t = self.grades[g]
            for side in ("urban", "rural"):
                m = getattr(t, f"target_minutes_{side}")
                if m is not None and (not _whole(m) or m <= 0):
                    raise DemandPolicyError(
                        f"grades.{g}.target_minutes_{side}", f"must be positive, got {m!r}"
                    )
            if (t.target_minutes_urban is None) != (t.target_minutes_rural is None):
                raise DemandPolicyError(
                    f"grades.{g}",
                    "give both target_minutes_urban and target_minutes_rural, or neither",
                )
            if t.target_minutes_urban is not None:
                longest = max(t.target_minutes_urban, t.target_minutes_rural or 0)
                if longest < previous:
                    raise DemandPolicyError(
                        f"grades.{g}",
                        "a less urgent grade may not have a shorter target "
                        f"than the grade before it ({longest} < {previous} minutes)",
                    )
                previous = longest
        if self.clock_start not in CLOCK_STARTS:
            raise DemandPolicyError(
                "clock_start", f"must be 'call' or 'dispatch', got {self.clock_start!r}"
            )
        missing = [kind.value for kind in IncidentType if kind not in self.baseline]
        if missing:
            raise DemandPolicyError("thrive.baseline", f"give a grade for {', '.join(missing)}")
        for kind, g in self.baseline.items():
            if g not in GRADES:
                raise DemandPolicyError(
                    f"thrive.baseline.{kind.value}", f"must be 1 to 5, got {g!r}"
                )
        for n, rule in enumerate(self.rules, start=1):
            if rule.grade not in GRADES:
                raise DemandPolicyError(f"thrive.rules[{n}].grade", "must be 1 to 5")
            if not rule.when:
                raise DemandPolicyError(f"thrive.rules[{n}].when", "must name at least one answer")
        grade_sets = (self.response_grades, self.scheduled_grades, self.appointment_grades)
        if 1 not in self.response_grades:
            raise DemandPolicyError("routing.response_grades", "must include grade 1")
        if 1 in self.rc_grades:
            raise DemandPolicyError(
                "routing.resolution_centre.grades", "may not include grade 1 (immediate)"
            )
        if sum(len(s) for s in grade_sets) != len(set().union(*grade_sets)):
            raise DemandPolicyError(
                "routing",
                "a grade may be in only one of response, scheduled and appointment grades",
            )
        if not 1 <= self.rc_contact_attempts <= 10:
            raise DemandPolicyError(
                "resolution_centre.contact_attempts", "must be between 1 and 10"
            )
        if self.rc_opens >= self.rc_closes:
            raise DemandPolicyError("resolution_centre.closes", "must be after opens")
        if not 1 <= self.officers_per_unit <= 4:
            raise DemandPolicyError("resolution_centre.officers_per_unit", "must be 1 to 4")

    def target(self, grade: int) -> GradeTarget:
        return self.grades[grade]

    def area_for(self, *, postcode: str = "", station_code: str = "") -> Area:
        """Urban or rural: the postcode district first, then the station's area."""
        district = postcode.strip().upper().split(" ")[0] if postcode.strip() else ""
        if district and district in self.rural_postcode_districts:
            return Area.RURAL
        if station_code and station_code.upper() in self.rural_stations:
            return Area.RURAL
        return Area.URBAN

    def rc_is_open(self, local_time: time) -> bool:
        """Whether the resolution centre works at ``local_time`` (Europe/London)."""
        return self.rc_opens <= local_time < self.rc_closes


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _get(table: Mapping[str, Any], key: str, path: str, kind: type, default: Any = None) -> Any:
    if key not in table:
        if default is None:
            raise DemandPolicyError(f"{path}{key}", "is missing")
        return default
    value = table[key]
    ok = _whole(value) if kind is int else isinstance(value, kind)
    if not ok:
        raise DemandPolicyError(f"{path}{key}", f"must be {kind.__name__}, got {value!r}")
    return value


def _clock(value: str, key: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise DemandPolicyError(key, f"must be a time like 08:00, got {value!r}") from None


def _grade_list(value: object, key: str) -> frozenset[int]:
    if not isinstance(value, list) or not all(_whole(v) and v in GRADES for v in value):
        raise DemandPolicyError(key, f"must be a list of grades 1 to 5, got {value!r}")
    return frozenset(value)


def _types(value: object, key: str) -> frozenset[IncidentType]:
    if not isinstance(value, list):
        raise DemandPolicyError(key, "must be a list of incident types")
    out = set()
    for v in value:
        try:
            out.add(IncidentType(v))
        except ValueError:
            raise DemandPolicyError(
                key, f"{v!r} is not an incident type; known: {', '.join(IncidentType)}"
            ) from None
    return frozenset(out)


def _rule(n: int, raw: object) -> GradeRule:
    key = f"thrive.rules[{n}]"
    if not isinstance(raw, dict):
        raise DemandPolicyError(key, "must be a table with grade, reason and when")
    when = raw.get("when")
    if not isinstance(when, dict):
        raise DemandPolicyError(f"{key}.when", "must be a table of question = answer")
    pairs = []
    for q, a in when.items():
        try:
            found = question(q)
        except KeyError as exc:
            raise DemandPolicyError(f"{key}.when.{q}", str(exc.args[0])) from None
        if a not in found.options:
            raise DemandPolicyError(
                f"{key}.when.{q}", f"{a!r} is not an answer; give one of {', '.join(found.options)}"
            )
        pairs.append((q, a))
    return GradeRule(
        grade=_get(raw, "grade", f"{key}.", int),
        reason=_get(raw, "reason", f"{key}.", str),
        when=tuple(pairs),
    )


def parse_policy(data: Mapping[str, Any], *, source: str = DEFAULT_FILE) -> DemandPolicy:
    """Build a `DemandPolicy` from parsed TOML; errors name ``source`` and the key."""
    try:
        grades_raw = data.get("grades")
        if not isinstance(grades_raw, dict):
            raise DemandPolicyError("grades", "is missing: give [grades.1] to [grades.5]")
        grades = {}
        for k, t in grades_raw.items():
            if not (k.isascii() and k.isdigit() and int(k) in GRADES) or not isinstance(t, dict):
                raise DemandPolicyError(f"grades.{k}", "must be a table named 1 to 5")
            g = int(k)
            grades[g] = GradeTarget(
                grade=g,
                name=_get(t, "name", f"grades.{k}.", str),
                target_minutes_urban=t.get("target_minutes_urban"),
                target_minutes_rural=t.get("target_minutes_rural"),
                escalate_minutes_before=_get(t, "escalate_minutes_before", f"grades.{k}.", int, 0),
            )
        thrive = data.get("thrive", {})
        baseline_raw = thrive.get("baseline", {})
        baseline = {}
        for k, v in baseline_raw.items():
            try:
                baseline[IncidentType(k)] = v
            except ValueError:
                raise DemandPolicyError(f"thrive.baseline.{k}", "is not an incident type") from None
        rules = tuple(_rule(n, r) for n, r in enumerate(thrive.get("rules", []), start=1))
        areas = data.get("areas", {})
        routing = data.get("routing", {})
        rc_route = routing.get("resolution_centre", {})
        rc = data.get("resolution_centre", {})
        level = rc_route.get("immediate_risk_threat_level", "ongoing")
        if level not in question("threat_level").options:
            raise DemandPolicyError(
                "routing.resolution_centre.immediate_risk_threat_level",
                f"{level!r} is not a threat level",
            )
        return DemandPolicy(
            version=_get(data, "version", "", str),
            description=data.get("description", ""),
            clock_start=data.get("clock_start", "call"),
            grades=grades,
            baseline=baseline,
            rules=rules,
            rural_postcode_districts=frozenset(
                str(d).upper() for d in areas.get("rural_postcode_districts", [])
            ),
            rural_stations=frozenset(str(s).upper() for s in areas.get("rural_stations", [])),
            response_grades=_grade_list(
                routing.get("response_grades", [1, 2]), "routing.response_grades"
            ),
            scheduled_grades=_grade_list(
                routing.get("scheduled_grades", [3]), "routing.scheduled_grades"
            ),
            appointment_grades=_grade_list(
                routing.get("appointment_grades", [4]), "routing.appointment_grades"
            ),
            rc_grades=_grade_list(
                rc_route.get("grades", [3, 4, 5]), "routing.resolution_centre.grades"
            ),
            rc_eligible_types=_types(
                rc_route.get("eligible_types", []), "routing.resolution_centre.eligible_types"
            ),
            immediate_risk_threat_level=level,
            rc_opens=_clock(rc.get("opens", "08:00"), "resolution_centre.opens"),
            rc_closes=_clock(rc.get("closes", "22:00"), "resolution_centre.closes"),
            rc_contact_attempts=_get(rc, "contact_attempts", "resolution_centre.", int, 3),
            officers_per_unit=_get(rc, "officers_per_unit", "resolution_centre.", int, 2),
        )
    except DemandPolicyError as exc:
        raise DemandPolicyError(exc.key, exc.problem, source=source) from None


def load_policy(path: Path | str) -> DemandPolicy:
    """Read a force's demand policy from a TOML file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise DemandPolicyError("", f"cannot be read: {exc.strerror}", source=str(p)) from None
    return policy_from_text(text, source=str(p))


def policy_from_text(text: str, *, source: str = DEFAULT_FILE) -> DemandPolicy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DemandPolicyError("", f"is not valid TOML: {exc}", source=source) from None
    return parse_policy(data, source=source)


@cache
def default_policy() -> DemandPolicy:
    """The force's policy: the file named by ``SAFEHOLD_DEMAND_POLICY``, else the packaged
    ``config/demand-policy.toml``."""
    configured = os.environ.get("SAFEHOLD_DEMAND_POLICY", "").strip()
    if configured:
        return load_policy(configured)
    text = resources.files("safehold.demand").joinpath("config", DEFAULT_FILE).read_text("utf-8")
    return policy_from_text(text)


ALL_QUESTIONS: Final = QUESTIONS

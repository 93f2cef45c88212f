"""From the register to the planner's inputs: who is due, from where, with whom, when."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from safehold.offenders.models import Offender, Visit
from safehold.offenders.policy import add_months
from safehold.planning import rota
from safehold.planning.inputs import PlanInputs, build_inputs
from safehold.planning.models import DutyShift
from safehold.planning.pair_inputs import officer_pairs, travel_times
from safehold.planning.travel import HaversineTravelTimes, OsrmTravelTimes
from tests.factories import OffenderFactory
from tests.planning.force import TODAY, Force, at_today

pytestmark = pytest.mark.django_db


def _inputs(force: Force, days: int = 3) -> PlanInputs:
    return build_inputs(start_date=force.start, days=days, now=timezone.now())


def test_overdue_offenders_managed_in_the_community_are_the_visits_to_plan(force: Force) -> None:
    """Overdue offenders with a home are in; in custody, whereabouts unknown, not due are not."""
    inputs = _inputs(force)
    planned = {int(info["offender_id"]) for info in inputs.visit_info.values()}
    assert planned == {o.pk for o in force.overdue}
    assert force.in_custody.pk not in planned
    assert force.whereabouts_unknown.pk not in planned
    assert force.not_due.pk not in planned


def test_an_offender_without_a_home_address_is_counted_as_skipped(force: Force) -> None:
    """No current home address: not planned, and counted so the page can say so."""
    inputs = _inputs(force)
    assert inputs.skipped.get("no_home_address") == 1
    assert force.no_home.pk not in {int(i["offender_id"]) for i in inputs.visit_info.values()}


def test_each_visit_carries_home_location_risk_and_due_date(force: Force) -> None:
    """The visit is at the current home, with the policy's risk level and due date."""
    inputs = _inputs(force)
    target = force.overdue[0]
    visit = next(v for v in inputs.visits if v.id == f"o{target.pk}")
    home = target.person.addresses.get().address.location
    assert visit.location == (home.lat, home.lon)
    assert visit.risk_level.value == "very_high"
    assert visit.due_date < force.start
    info = inputs.visit_info[visit.id]
    assert info["reference"] == target.register_reference
    assert info["days_overdue"] == (force.start - visit.due_date).days
    assert inputs.policy_version == "staffs-2026.2"


def test_recent_visit_times_are_passed_so_the_planner_can_vary_them(force: Force) -> None:
    """The last home visits' times go to the planner (APP: vary days and times)."""
    target = force.overdue[1]
    seen = [at_today(19, 30) - timedelta(days=200), at_today(10) - timedelta(days=290)]
    for when in seen:
        Visit.objects.create(offender=target, visited_at=when, outcome="seen", kind="home")
    visit = next(v for v in _inputs(force).visits if v.id == f"o{target.pk}")
    assert sorted(visit.recent_visits) == sorted(seen)


def test_an_offender_with_a_visit_scheduled_by_hand_in_the_horizon_is_left_to_it(
    force: Force,
) -> None:
    """A planned visit not made by a plan, within the days planned, keeps the offender out."""
    target = force.overdue[2]
    Visit.objects.create(
        offender=target,
        kind="home",
        planned_for=timezone.make_aware(
            datetime.combine(force.start + timedelta(days=1), time(18))
        ),
    )
    inputs = _inputs(force)
    assert f"o{target.pk}" not in inputs.visit_info
    assert inputs.skipped["scheduled_by_hand"] == 1


def test_pairs_follow_the_rota_with_evening_shifts_and_weekends_off(force: Force) -> None:
    """Weekdays 08:00-16:00, the pair's evening weekdays 14:00-22:00, weekends off."""
    monday = TODAY + timedelta(days=(7 - TODAY.weekday()) % 7 or 7)
    pairs, info = officer_pairs(monday, 7)
    assert len(pairs) == 2
    for pair in pairs:
        record = next(p for p in force.pairs if str(p.pk) == pair.id)
        days = {s.day: (s.start, s.end) for s in pair.shifts}
        assert set(days) == {0, 1, 2, 3, 4}
        for day, hours in days.items():
            expected = rota.EVENING_SHIFT if day in record.evening_weekdays else rota.DAY_SHIFT
            assert hours == expected
        assert any(hours == rota.EVENING_SHIFT for hours in days.values())
        assert info[pair.id]["name"] == record.name


def test_a_duty_record_overrides_the_rota_for_its_day(force: Force) -> None:
    """A rest day and a late shift set for dates replace the rota on those dates."""
    monday = TODAY + timedelta(days=(7 - TODAY.weekday()) % 7 or 7)
    pair = force.pairs[0]
    DutyShift.objects.create(pair=pair, on=monday)
    DutyShift.objects.create(
        pair=pair, on=monday + timedelta(days=5), starts=time(12), ends=time(20)
    )
    pairs, _ = officer_pairs(monday, 7)
    shifts = {
        s.day: (s.start, s.end) for s in next(p for p in pairs if p.id == str(pair.pk)).shifts
    }
    assert 0 not in shifts
    assert shifts[5] == (time(12), time(20))


def test_default_pairs_pair_officers_at_their_station(force: Force) -> None:
    """Four offender managers at two stations make one pair at each station."""
    by_station = {p.station.code: {p.officer_1.username, p.officer_2.username} for p in force.pairs}
    assert by_station == {"HAN": {"om1", "om2"}, "STA": {"om3", "om4"}}


def test_travel_times_use_osrm_when_its_url_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """SAFEHOLD_OSRM_URL switches from straight-line times to the OSRM server."""
    monkeypatch.delenv("SAFEHOLD_OSRM_URL", raising=False)
    assert isinstance(travel_times()[0], HaversineTravelTimes)
    monkeypatch.setenv("SAFEHOLD_OSRM_URL", "http://127.0.0.1:5999")
    provider, text = travel_times()
    assert isinstance(provider, OsrmTravelTimes)
    assert "127.0.0.1:5999" in text


def test_a_visit_falling_due_within_the_horizon_is_planned_and_one_after_it_is_not(
    force: Force,
) -> None:
    """Due on or before the last day planned: in; due the day after: out."""
    seen = TODAY - timedelta(days=80)
    target = _offender_seen("high", seen)
    due = add_months(seen, 3)
    days_to_due = (due - force.start).days
    assert days_to_due > 0
    covering = build_inputs(start_date=force.start, days=days_to_due + 1, now=timezone.now())
    assert covering.visit_info[f"o{target.pk}"]["due_date"] == due.isoformat()
    short = build_inputs(start_date=force.start, days=days_to_due, now=timezone.now())
    assert f"o{target.pk}" not in short.visit_info


def _offender_seen(risk: str, seen: date) -> Offender:
    return OffenderFactory(risk_level=risk, last_visit_seen_on=seen)

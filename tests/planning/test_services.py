"""Plan runs: the job stores a run, plans keep their shifts and reasons, accepting puts the
visits on the register once, stale plans are refused, re-planning pins the day's visits."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from safehold.accounts.roles import Role
from safehold.audit.models import AccessLogEntry, Operation
from safehold.clock import FrozenClock
from safehold.datetext import long_date
from safehold.errors import Conflict, Forbidden, InvalidInput
from safehold.jobs.models import JobStatus
from safehold.offenders.models import Visit
from safehold.offenders.services import VisitInput, record_visit
from safehold.planning import services
from safehold.planning.execution import execute_plan
from safehold.planning.models import OfficerPair, PlanRun, PlanStatus
from safehold.planning.queries import stale_reasons
from safehold.planning.run_display import run_view
from tests.factories import UserFactory
from tests.planning.force import TODAY, Force, at_today, make_run, on_duty_today, record_done

pytestmark = pytest.mark.django_db

REASONS = {
    "no_capacity_for_risk_level",
    "outside_every_window",
    "unreachable_within_any_shift",
    "not_on_duty",
}


def test_the_plan_job_stores_a_finished_run_with_everything_its_pages_need(
    plan_run: PlanRun,
) -> None:
    """KPIs, routes, left-out, versions, the visits and pairs snapshot, and the job link."""
    run = plan_run
    assert run.status == PlanStatus.READY
    assert run.job is not None
    assert run.job.status == JobStatus.SUCCEEDED
    assert run.job.result is not None
    assert run.job.result["url"] == f"/planning/{run.pk}/"
    assert run.kpis["visits_total"] == 8
    assert run.kpis["visits_planned"] + len(run.plan["left_out"]) == 8
    assert run.policy_version == "staffs-2026.2"
    assert run.solver_version.startswith("safehold-planner")
    assert run.params["max_iterations"] == 60
    assert run.inputs_as_of is not None
    assert set(run.pairs) == {str(p.pk) for p in OfficerPair.objects.all()}
    assert all("reference" in v and "lat" in v for v in run.visits.values())


def test_the_same_seed_and_iteration_budget_give_the_same_plan(force: Force) -> None:
    """Two runs with seed and iterations fixed store identical routes."""
    first, second = make_run(force, seed=3), make_run(force, seed=3)
    assert first.plan["routes"] == second.plan["routes"]


def test_every_left_out_visit_has_a_reason_and_a_sentence(force: Force) -> None:
    """With one day and one pair on a short shift, visits are left out, each with why."""
    from safehold.planning.models import DutyShift

    start = force.start
    for pair in force.pairs:
        DutyShift.objects.create(
            pair=pair,
            on=start,
            starts=time(9),
            ends=time(11),
        )
    run = make_run(force, days=1)
    left = run.plan["left_out"]
    assert left
    assert all(v["reason"] in REASONS and len(v["text"]) > 20 for v in left)
    assert "no_capacity_for_risk_level" in {v["reason"] for v in left}
    assert {v["visit_id"] for v in left}.isdisjoint(
        {s["visit_id"] for r in run.plan["routes"] for s in r["stops"]}
    )


def test_visits_on_a_day_nobody_is_on_duty_are_left_out_as_not_on_duty(force: Force) -> None:
    """Both pairs resting on the only day planned: every visit says so."""
    from safehold.planning.models import DutyShift

    for pair in force.pairs:
        DutyShift.objects.create(pair=pair, on=force.start)
    run = make_run(force, days=1)
    assert run.kpis["visits_planned"] == 0
    assert {v["reason"] for v in run.plan["left_out"]} == {"not_on_duty"}
    assert len(run.plan["left_out"]) == 8


def test_no_stop_breaks_its_pairs_shift(plan_run: PlanRun) -> None:
    """Every route leaves after its shift starts and is back before it ends."""
    view = run_view(plan_run)
    assert view.routes
    for route in view.routes:
        start, end = route.shift.split("-")
        leaves = timezone.localtime(route.leaves_station).strftime("%H:%M")
        back = timezone.localtime(route.back_at_station).strftime("%H:%M")
        assert start <= leaves
        assert back <= end
        for stop in route.stops:
            assert route.leaves_station <= stop.arrival < stop.departure <= route.back_at_station


def test_only_the_priorities_team_may_plan(force: Force) -> None:
    """An offender manager asking for a plan is refused."""
    with pytest.raises(Forbidden):
        services.request_plan(force.officers[0], services.PlanRequest(start_date=force.start))


def test_a_plan_cannot_start_in_the_past(force: Force) -> None:
    """The first day must be today or later; the error names the field."""
    with pytest.raises(InvalidInput) as error:
        services.request_plan(
            force.lead, services.PlanRequest(start_date=TODAY - timedelta(days=1))
        )
    assert error.value.field == "start_date"


def test_today_for_a_plans_first_day_is_the_clocks_today(force: Force) -> None:
    """request_plan judges "today" by the clock it is given, not the machine's time."""
    ahead = FrozenClock(timezone.now() + timedelta(days=30))
    request = services.PlanRequest(start_date=ahead.today() - timedelta(days=1))
    with pytest.raises(InvalidInput, match="today or later") as error:
        services.request_plan(force.lead, request, clock=ahead)
    assert long_date(ahead.today()) in error.value.message


def test_a_plan_with_no_pairs_fails_and_says_what_to_do(force: Force) -> None:
    """No active pairs: the run is failed with a message naming the fix."""
    OfficerPair.objects.update(active=False)
    run = services.request_plan(
        force.lead,
        services.PlanRequest(start_date=force.start, seconds=None, iterations=10),
        run_here=True,
    )
    assert run.status == PlanStatus.FAILED
    assert "no_officer_pairs" in run.error
    assert "Officer pairs" in run.error
    assert run.job is not None
    assert run.job.status == JobStatus.FAILED


def test_accepting_puts_every_stop_on_the_register_once_and_logs_it(plan_run: PlanRun) -> None:
    """One planned visit per stop, with the pair's officers and the plan id; logged."""
    lead = plan_run.requested_by
    assert lead is not None
    done = services.accept_plan(lead, plan_run.pk)
    stops = [(r, s) for r in plan_run.plan["routes"] for s in r["stops"]]
    assert done.created == len(stops) > 0
    planned = Visit.objects.filter(plan_run_id=plan_run.pk)
    assert planned.count() == len(stops)
    route, stop = stops[0]
    officers = [o[0] for o in plan_run.pairs[str(route["pair_id"])]["officers"]]
    visit = planned.get(offender_id=plan_run.visits[stop["visit_id"]]["offender_id"])
    assert visit.planned_for == datetime.fromisoformat(stop["arrival"])
    assert [visit.officer_1_id, visit.officer_2_id] == officers
    assert visit.outcome == ""
    entries = AccessLogEntry.objects.filter(record_type="planned_visit", operation="collection")
    assert entries.count() == len(stops)
    assert entries.first().reason == "planning"  # type: ignore[union-attr]
    plan_run.refresh_from_db()
    assert plan_run.status == PlanStatus.ACCEPTED
    assert plan_run.accepted_by == lead


def test_a_plan_cannot_be_accepted_twice(plan_run: PlanRun) -> None:
    """The second acceptance is refused and adds no visits."""
    lead = plan_run.requested_by
    assert lead is not None
    services.accept_plan(lead, plan_run.pk)
    count = Visit.objects.count()
    with pytest.raises(Conflict) as error:
        services.accept_plan(lead, plan_run.pk)
    assert error.value.code == "plan_already_accepted"
    assert Visit.objects.count() == count


def test_a_visit_recorded_since_the_plan_was_made_makes_it_stale(
    force: Force, plan_run: PlanRun
) -> None:
    """Recording a visit for an offender in the plan refuses acceptance, naming them."""
    target = force.overdue[0]
    record_visit(
        force.officers[0],
        target.pk,
        VisitInput(
            visited_at=timezone.now() - timedelta(minutes=5),
            outcome="seen",
            officer_1_id=force.officers[0].pk,
            officer_2_id=force.officers[1].pk,
        ),
    )
    assert any(target.register_reference in p for p in stale_reasons(plan_run))
    with pytest.raises(Conflict) as error:
        services.accept_plan(force.lead, plan_run.pk)
    assert error.value.code == "stale_plan"
    assert not Visit.objects.filter(plan_run_id=plan_run.pk).exists()


def test_accepting_another_plan_first_makes_this_one_stale(force: Force) -> None:
    """Two plans made from the same register: once one is accepted the other is stale."""
    first, second = make_run(force), make_run(force)
    services.accept_plan(force.lead, second.pk)
    problems = stale_reasons(first)
    assert any(f"Visit plan {second.pk} was accepted" in p for p in problems)
    with pytest.raises(Conflict):
        services.accept_plan(force.lead, first.pk)


def test_a_plan_whose_first_day_has_passed_is_stale(plan_run: PlanRun) -> None:
    """Accepting after the first day is refused."""
    later = timezone.now() + timedelta(days=20)
    assert any("has passed" in p for p in stale_reasons(plan_run, clock=FrozenClock(later)))


def test_accepting_a_newer_plan_cancels_the_open_visits_of_the_earlier_one(
    force: Force,
) -> None:
    """The earlier plan is superseded; its visits not yet made are cancelled (kept on the
    register with who, when and why), not deleted, and each cancellation is logged."""
    first = make_run(force)
    services.accept_plan(force.lead, first.pk)
    earlier = Visit.objects.filter(plan_run_id=first.pk).count()
    second = make_run(force)
    done = services.accept_plan(force.lead, second.pk)
    assert done.withdrawn == earlier > 0
    assert done.superseded == (first.pk,)
    kept = Visit.objects.filter(plan_run_id=first.pk)
    assert kept.count() == earlier
    for visit in kept:
        assert visit.is_cancelled
        assert not visit.is_planned
        assert visit.cancelled_by == force.lead
        assert visit.cancel_reason == f"Superseded by visit plan {second.pk}"
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    assert first.superseded_by_id == second.pk
    cancelled_entries = AccessLogEntry.objects.filter(
        record_type="planned_visit", operation=Operation.ALTERATION
    )
    assert cancelled_entries.count() == done.withdrawn
    assert not AccessLogEntry.objects.filter(
        record_type="planned_visit", operation=Operation.ERASURE
    ).exists()


def test_replanning_pins_visits_done_or_under_way_and_plans_the_rest_from_now(
    force: Force,
) -> None:
    """Done and under-way visits keep their pair and time; nothing new starts before now."""
    on_duty_today(force)
    morning = at_today(7)
    today_run = services.request_plan(
        force.lead,
        services.PlanRequest(start_date=TODAY, days=1, seconds=None, iterations=60),
    )
    execute_plan(today_run.pk, lambda f, m: None, clock=FrozenClock(morning))
    today_run.refresh_from_db()
    # Accepted by 07:00, or now if earlier: an acceptance after the replan reads the
    # register (at the system's time) would make the replan stale.
    accepted = FrozenClock(min(morning, timezone.now()))
    services.accept_plan(force.lead, today_run.pk, clock=accepted)
    view = run_view(today_run)
    stops = sorted((s for r in view.routes for s in r.stops), key=lambda s: s.arrival)
    assert len(stops) >= 3
    done_stop, under_way = stops[0], stops[1]
    offender_of = {s.visit_id: s.offender_id for s in stops}
    pair_of = {s.visit_id: r.pair_id for r in view.routes for s in r.stops}
    from safehold.offenders.models import Offender

    record_done(
        Offender.objects.get(pk=offender_of[done_stop.visit_id]), done_stop.arrival, today_run
    )
    now = under_way.arrival + timedelta(minutes=10)

    replan = services.replan_today(force.lead, today_run.pk, today=TODAY)
    execute_plan(replan.pk, lambda f, m: None, clock=FrozenClock(now))
    replan.refresh_from_db()
    assert replan.replan_of_id == today_run.pk
    pinned = {
        info["offender_id"]: (vid, info["pinned"])
        for vid, info in replan.visits.items()
        if info.get("pinned")
    }
    assert pinned[offender_of[done_stop.visit_id]][1] == "done"
    assert pinned[offender_of[under_way.visit_id]][1] == "under_way"
    new_view = run_view(replan)
    placed = {s.visit_id: (r.pair_id, s) for r in new_view.routes for s in r.stops}
    for offender_id, (vid, _) in pinned.items():
        pair_id, stop = placed[vid]
        old = next(s for s in stops if s.offender_id == offender_id)
        assert pair_id == pair_of[old.visit_id]
        assert stop.arrival == old.arrival
    for vid, (_, stop) in placed.items():
        if vid not in {v for v, _ in pinned.values()}:
            assert stop.arrival >= now

    done = services.accept_plan(force.lead, replan.pk, clock=FrozenClock(now))
    today_run.refresh_from_db()
    assert today_run.status == PlanStatus.SUPERSEDED
    kept = Visit.objects.filter(plan_run_id=today_run.pk, cancelled_at__isnull=True)
    assert set(kept.values_list("offender_id", flat=True)) == set(pinned)
    assert done.created == len(placed) - len(pinned)


def test_only_an_accepted_plan_is_replanned_and_only_on_one_of_its_days(
    plan_run: PlanRun,
) -> None:
    """A plan not accepted, or a day outside it, is refused with a code."""
    lead = plan_run.requested_by
    with pytest.raises(Conflict) as error:
        services.replan_today(lead, plan_run.pk)
    assert error.value.code == "plan_not_accepted"
    services.accept_plan(lead, plan_run.pk)  # type: ignore[arg-type]
    with pytest.raises(Conflict) as error:
        services.replan_today(lead, plan_run.pk, today=plan_run.start_date - timedelta(days=1))
    assert error.value.code == "replan_outside_horizon"


def test_an_offender_manager_cannot_accept_a_plan(force: Force, plan_run: PlanRun) -> None:
    """Accepting is the priorities team's."""
    with pytest.raises(Forbidden):
        services.accept_plan(force.officers[0], plan_run.pk)
    other = UserFactory(username="analyst.x", role=Role.ANALYST.value)
    with pytest.raises(Forbidden):
        services.accept_plan(other, plan_run.pk)

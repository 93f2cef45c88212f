"""Two people doing the same thing at the same moment, on real threads and connections.

Each test starts two threads at a barrier, each calling the service as its own user on
its own database connection. One wins; the other is told why (a Conflict naming what
happened); nothing is lost or doubled. Runs on SQLite (writers serialised) and on
PostgreSQL (row locks), whichever DATABASE_URL names.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.errors import SafeholdError
from safehold.offenders.models import Visit
from safehold.planning import services as planning
from safehold.planning.models import PlanRun, PlanStatus
from safehold.safeguarding import services as safeguarding
from safehold.safeguarding.models import Incident, Reassessment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at once; each result is the value returned or the error raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except BaseException as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _one_wins(results: list[Any]) -> tuple[Any, SafeholdError]:
    errors = [r for r in results if isinstance(r, BaseException)]
    wins = [r for r in results if not isinstance(r, BaseException)]
    assert len(wins) == 1, results
    assert len(errors) == 1, results
    assert isinstance(errors[0], SafeholdError), results
    return wins[0], errors[0]


def test_two_leads_accepting_the_same_plan_put_its_visits_on_the_register_once() -> None:
    from tests.planning.force import build_force, make_run

    force = build_force()
    other_lead = UserFactory(username="lead.two", role=Role.PRIORITIES_LEAD.value)
    run = make_run(force)
    stops = sum(len(r["stops"]) for r in run.plan["routes"])
    results = race(
        lambda: planning.accept_plan(force.lead, run.pk),
        lambda: planning.accept_plan(other_lead, run.pk),
    )
    _, refused = _one_wins(results)
    assert refused.code == "plan_already_accepted"
    assert "accepted already by" in refused.message
    assert Visit.objects.filter(plan_run_id=run.pk).count() == stops


def test_two_leads_accepting_two_plans_for_the_same_days_leave_one_set_of_visits() -> None:
    """The second plan to be accepted replaces the first: no visit is planned twice."""
    from tests.planning.force import build_force, make_run

    force = build_force()
    other_lead = UserFactory(username="lead.two", role=Role.PRIORITIES_LEAD.value)
    first, second = make_run(force, seed=1), make_run(force, seed=2)
    results = race(
        lambda: planning.accept_plan(force.lead, first.pk),
        lambda: planning.accept_plan(other_lead, second.pk),
    )
    assert not any(
        isinstance(r, BaseException) and not isinstance(r, SafeholdError) for r in results
    )
    open_planned = Visit.objects.filter(
        plan_run_id__isnull=False, visited_at__isnull=True, cancelled_at__isnull=True
    )
    runs = set(open_planned.values_list("plan_run_id", flat=True))
    assert len(runs) == 1, f"open planned visits from plans {sorted(runs)}: planned twice"
    assert PlanRun.objects.filter(status=PlanStatus.ACCEPTED).count() == 1
    # The later one either replaced the earlier (superseded) or was refused saying why
    # (the first acceptance changed the register, so it is out of date).
    refused = [r for r in results if isinstance(r, SafeholdError)]
    superseded = PlanRun.objects.filter(status=PlanStatus.SUPERSEDED).count()
    assert (superseded, len(refused)) in {(1, 0), (0, 1)}
    assert all(r.code in {"stale_plan", "plan_not_ready"} for r in refused)


def test_two_supervisors_signing_off_the_same_downgrade_record_one_decision() -> None:
    from tests.safeguarding.factories import make_incident

    officer = UserFactory(username="pc", role=Role.SAFEGUARDING_OFFICER.value)
    sergeants: list[User] = [
        UserFactory(username=f"ps{i}", role=Role.SAFEGUARDING_OFFICER.value, rank=Rank.SERGEANT)
        for i in (1, 2)
    ]
    incident = make_incident(grade="high")
    safeguarding.record_reassessment(
        officer,
        incident.pk,
        safeguarding.ReassessmentInput(
            new_grade="medium", reason="Suspect in custody", advice_given="Call 999"
        ),
    )
    results = race(
        lambda: safeguarding.sign_off_downgrade(sergeants[0], incident.pk, approve=True, note="ok"),
        lambda: safeguarding.sign_off_downgrade(
            sergeants[1], incident.pk, approve=False, note="no"
        ),
    )
    won, refused = _one_wins(results)
    assert refused.code == "nothing_to_sign_off"
    decided = Reassessment.objects.get(incident=incident)
    assert decided.supervisor_id == won.supervisor_id
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.grade == ("medium" if decided.sign_off == "approved" else "high")


def test_two_officers_editing_one_offender_record_leave_one_change() -> None:
    """Both opened version v; the versioned lock takes the first, refuses the second with
    why, and nothing of the second is written (record, version or access log)."""
    from safehold.audit.log import verify_chain
    from safehold.audit.models import AccessLogEntry
    from safehold.offenders import services as offenders
    from safehold.offenders.models import Offender
    from tests.factories import OffenderFactory

    leads = [UserFactory(username=f"lead{i}", role=Role.PRIORITIES_LEAD.value) for i in (1, 2)]
    managers = [UserFactory(username=f"om{i}", role=Role.OFFENDER_MANAGER.value) for i in (1, 2)]
    offender = OffenderFactory(offender_manager=None)
    opened = offender.version
    results = race(
        *(
            lambda lead=lead, om=om: offenders.assign_manager(
                lead, offender.pk, om.pk, expected_version=opened
            )
            for lead, om in zip(leads, managers, strict=True)
        )
    )
    won, refused = _one_wins(results)
    assert refused.code == "stale_record"
    assert "Someone else changed this record since you opened it" in refused.message
    stored = Offender.objects.get(pk=offender.pk)
    assert (stored.version, stored.offender_manager_id) == (opened + 1, won.offender_manager_id)
    assert stored.modified_by_id == won.modified_by_id
    changes = AccessLogEntry.objects.filter(record_type="offender", record_id=str(offender.pk))
    assert changes.count() == 1
    assert verify_chain() is None


def test_two_officers_claiming_the_same_waiting_victim_one_phones() -> None:
    """Only one claim is held; the other officer is told who has the victim; one claim row
    and one access-log entry."""
    from safehold.audit.log import verify_chain
    from safehold.audit.models import AccessLogEntry
    from safehold.safeguarding import claims
    from safehold.safeguarding.claims_models import QueueClaim
    from tests.safeguarding.factories import make_incident

    officers = [
        UserFactory(
            username=f"pc{i}",
            role=Role.SAFEGUARDING_OFFICER.value,
            first_name="Officer",
            last_name=str(i),
        )
        for i in (1, 2)
    ]
    incident = make_incident()
    results = race(*(lambda o=o: claims.claim(o, incident.pk) for o in officers))
    won, refused = _one_wins(results)
    assert refused.code == "claimed"
    row = QueueClaim.objects.get()
    assert row.officer_id == won.officer_id
    if "Claimed by" in refused.message:  # PostgreSQL: the loser waited on the row lock
        assert f"Claimed by Officer {officers.index(row.officer) + 1}" in refused.message
    assert AccessLogEntry.objects.filter(record_type=claims.RECORD_TYPE).count() == 1
    assert verify_chain() is None

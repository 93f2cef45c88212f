"""Writes to the register: validation, permission, summary dates, versions, the access log."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.audit.privileged import PRIVILEGED_TYPES
from safehold.errors import Conflict, Forbidden, InvalidInput
from safehold.offenders import services
from safehold.offenders.facts import evaluate_offenders
from safehold.offenders.models import Offender, Visit

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _visit(
    om: User, lead: User, *, days_ago: int = 0, outcome: str = "seen", **kwargs: object
) -> services.VisitInput:
    return services.VisitInput(
        visited_at=timezone.now() - timedelta(days=days_ago, minutes=5),
        outcome=outcome,
        officer_1_id=om.pk,
        officer_2_id=lead.pk,
        **kwargs,
    )  # type: ignore[arg-type]


def _overdue(offender: Offender) -> bool:
    [evaluated] = evaluate_offenders(Offender.objects.filter(pk=offender.pk), today=TODAY)
    return evaluated.result.is_overdue


def test_recording_a_visit_clears_the_overdue_visit_and_is_logged(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    """A 'seen' visit moves the last-seen date, clears the overdue, and logs a collection."""
    offender = make_offender("very_high", seen_days_ago=60)
    assert _overdue(offender)
    visit = services.record_visit(om, offender.pk, _visit(om, lead))
    offender.refresh_from_db()
    assert offender.last_visit_seen_on == TODAY
    assert not _overdue(offender)
    entry = AccessLogEntry.objects.get(record_type="visit", record_id=str(visit.pk))
    assert (entry.operation, entry.person_id, entry.user) == (
        Operation.COLLECTION,
        offender.person_id,
        om,
    )


def test_a_visit_without_access_does_not_count_but_is_the_last_attempt(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    """'No access' leaves the visit overdue and records the attempt for the reasons."""
    offender = make_offender("very_high", seen_days_ago=60)
    services.record_visit(om, offender.pk, _visit(om, lead, outcome="no_access"))
    offender.refresh_from_db()
    assert offender.last_visit_attempt_outcome == "no_access"
    assert _overdue(offender)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"outcome": "waved"}, "outcome"),
        ({"officer_2_id": None}, "officer_2"),
        ({"days_ago": -2}, "visited_at"),
        ({"same_officer": True}, "officer_2"),
        ({"kind": "drive-by"}, "kind"),
    ],
)
def test_a_bad_visit_is_refused_naming_the_field_and_nothing_is_written(
    make_offender: Callable[..., Offender],
    om: User,
    lead: User,
    change: dict[str, object],
    field: str,
) -> None:
    """Unknown outcome, one officer, a future time, the same officer twice, a bad kind."""
    offender = make_offender(seen_days_ago=60)
    days_ago = int(change.pop("days_ago", 0))  # type: ignore[call-overload]
    same = change.pop("same_officer", False)
    data = _visit(om, lead, days_ago=days_ago)
    values = {**dataclasses.asdict(data), **change}
    if same:
        values["officer_2_id"] = om.pk
    with pytest.raises(InvalidInput) as refused:
        services.record_visit(om, offender.pk, services.VisitInput(**values))
    assert refused.value.field == field
    assert not Visit.objects.exists()
    assert not AccessLogEntry.objects.exclude(record_type__in=PRIVILEGED_TYPES).exists()


def test_an_offender_manager_cannot_change_another_managers_offender(
    make_offender: Callable[..., Offender], make_user: Callable[..., User], om: User, lead: User
) -> None:
    """Editing outside one's caseload is forbidden; the priorities lead may edit anyone."""
    other = make_user("offender_manager", username="other.om")
    offender = make_offender(offender_manager=other)
    with pytest.raises(Forbidden):
        services.record_visit(om, offender.pk, _visit(om, lead))
    services.record_visit(lead, offender.pk, _visit(om, lead))


def test_a_stale_version_is_refused_instead_of_overwriting_a_colleagues_change(
    make_offender: Callable[..., Offender], lead: User, om: User
) -> None:
    """Two editors with the same version: the second gets a conflict, not a silent overwrite."""
    offender = make_offender()
    version = offender.version
    services.mark_pursued(
        lead, offender.pk, pursued=True, reason="absconded", expected_version=version
    )
    with pytest.raises(Conflict):
        services.assign_manager(lead, offender.pk, om.pk, expected_version=version)


def test_the_latest_risk_assessment_sets_the_risk_level_and_an_older_one_does_not(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """Recording an older assessment keeps today's level."""
    offender = make_offender("medium")
    services.record_risk_assessment(
        om, offender.pk, services.AssessmentInput(tool="arms", level="very_high", assessed_on=TODAY)
    )
    services.record_risk_assessment(
        om,
        offender.pk,
        services.AssessmentInput(tool="arms", level="low", assessed_on=TODAY - timedelta(days=400)),
    )
    offender.refresh_from_db()
    assert offender.risk_level == "very_high"
    assert offender.last_risk_assessment_on == TODAY


def test_a_review_date_before_the_assessment_is_refused(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """next_review_due must follow the assessment."""
    offender = make_offender()
    with pytest.raises(InvalidInput) as refused:
        services.record_risk_assessment(
            om,
            offender.pk,
            services.AssessmentInput(
                tool="arms",
                level="high",
                assessed_on=TODAY,
                next_review_due=TODAY - timedelta(days=1),
            ),
        )
    assert refused.value.field == "next_review_due"


def test_an_annual_notification_restarts_the_clock_and_foreign_travel_does_not(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """A periodic notification moves last_notification_on; a trip abroad does not."""
    offender = make_offender()
    services.record_notification(
        om,
        offender.pk,
        services.NotificationInput(
            kind="foreign_travel",
            notified_on=TODAY,
            travel_departs_on=TODAY + timedelta(days=10),
            travel_destination="Spain",
        ),
    )
    offender.refresh_from_db()
    before = offender.last_notification_on
    assert before != TODAY
    services.record_notification(
        om, offender.pk, services.NotificationInput(kind="periodic", notified_on=TODAY)
    )
    offender.refresh_from_db()
    assert offender.last_notification_on == TODAY


def test_foreign_travel_needs_a_destination_and_departure(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """A trip abroad without its departure date is refused, naming it."""
    offender = make_offender()
    with pytest.raises(InvalidInput) as refused:
        services.record_notification(
            om,
            offender.pk,
            services.NotificationInput(
                kind="foreign_travel", notified_on=TODAY, travel_destination="Spain"
            ),
        )
    assert refused.value.field == "travel_departs_on"


def test_a_breach_with_circulation_as_wanted_flags_the_offender(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """Recording 'circulated as wanted' marks the offender wanted."""
    offender = make_offender()
    services.record_breach(
        om,
        offender.pk,
        services.BreachInput(
            what="Failed to notify a change of address", occurred_on=TODAY, action="wanted"
        ),
    )
    offender.refresh_from_db()
    assert offender.wanted


def test_only_offender_managers_can_be_assigned(
    make_offender: Callable[..., Offender], lead: User, make_user: Callable[..., User]
) -> None:
    """Assigning an analyst as offender manager is refused."""
    offender = make_offender()
    analyst = make_user("analyst")
    with pytest.raises(InvalidInput):
        services.assign_manager(lead, offender.pk, analyst.pk)


def test_the_interval_set_by_the_plan_needs_a_reason_and_drives_the_due_date(
    make_offender: Callable[..., Offender], lead: User
) -> None:
    """An RMP interval of 1 month makes a high-risk offender seen 40 days ago overdue."""
    offender = make_offender("high", seen_days_ago=40)
    assert not _overdue(offender)
    with pytest.raises(InvalidInput):
        services.set_visit_interval(lead, offender.pk, months=1, reason="")
    services.set_visit_interval(lead, offender.pk, months=1, reason="MAPPA level 2 meeting")
    [evaluated] = evaluate_offenders(Offender.objects.filter(pk=offender.pk), today=TODAY)
    assert evaluated.result.is_overdue
    assert any(r.code == "interval_set_by_rmp" for r in evaluated.result.reasons)

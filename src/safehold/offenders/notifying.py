"""Notifications reach the record.

:func:`record_notification` records a notification made in person and, in the same
transaction: moves the home address (the person's address history, which the planner
reads) or adds to the notified-details history; moves the annual clock as s85 says
(never backwards); clears an unnotified change it answers; judges whether it came late
and if so flags it as a possible s91 matter for the DS; checks a trip abroad against
the orders' travel prohibitions and the countries of concern (``orders.flag_travel``);
and clears an open
whereabouts-unknown procedure (the offender has come forward).

:func:`decide_s91` is the DS's decision on a flagged notification: a breach recorded,
or a reasonable excuse and no action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Rank
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound
from safehold.people.models import Address, AddressKind, Location, PersonAddress

from . import notification_rules as rules
from .breaches import BreachInput, record_breach
from .facts import current_policy
from .models import Notification, NotificationKind, NotifiedDetail, Offender, S91Decision
from .orders import flag_travel
from .whereabouts import clear_on_contact
from .writes import locked, log, not_future, require, touch

# Details where a new one replaces the last; the others (vehicles, cards...) add up.
REPLACES = {rules.Subject.NAME, rules.Subject.CONTACT, rules.Subject.CHILD_HOUSEHOLD}


# Notifications that restart the annual clock (SOA 2003 s85 counts from s83/s84/s85).
RESTARTS_PERIODIC = {
    NotificationKind.INITIAL,
    NotificationKind.CHANGE,
    NotificationKind.PERIODIC,
    NotificationKind.WEEKLY_NFA,
    NotificationKind.RELEASE,
}


@dataclass(frozen=True, slots=True)
class NotificationInput:
    """A notification made in person. For a change, ``subject`` says what changed and
    ``changed_on`` when; the other fields carry the new detail."""

    kind: str
    notified_on: date
    details: str = ""
    travel_departs_on: date | None = None
    travel_returns_on: date | None = None
    travel_destination: str = ""
    station_id: int | None = None
    subject: str = ""
    changed_on: date | None = None
    value: str = ""
    new_given_name: str = ""
    new_family_name: str = ""
    address_line1: str = ""
    address_town: str = ""
    address_postcode: str = ""
    address_lat: float | None = None
    address_lon: float | None = None
    stay_to: date | None = None
    excuse: str = ""


def _check(data: NotificationInput, clock: Clock) -> rules.Subject | None:
    if data.kind not in NotificationKind.values:
        raise InvalidInput(
            f"Kind must be one of: {', '.join(NotificationKind.values)}", field="kind"
        )
    not_future(data.notified_on, "notified_on", "The notification date", clock=clock)
    if data.kind == NotificationKind.FOREIGN_TRAVEL:
        require(data.travel_departs_on, "travel_departs_on", "Enter the date of departure")
        require(data.travel_destination, "travel_destination", "Enter the destination")
        assert data.travel_departs_on is not None
        if data.travel_returns_on and data.travel_returns_on < data.travel_departs_on:
            raise InvalidInput(
                "The return date must be on or after departure", field="travel_returns_on"
            )
    if data.kind != NotificationKind.CHANGE or not data.subject:
        return None
    if data.subject not in {s.value for s in rules.Subject}:
        raise InvalidInput(
            f"What changed must be one of: {', '.join(s.value for s in rules.Subject)}",
            field="subject",
        )
    subject = rules.Subject(data.subject)
    require(data.changed_on, "changed_on", "Enter the date of the change")
    assert data.changed_on is not None
    if subject is rules.Subject.NAME:
        require(data.new_family_name.strip(), "new_family_name", "Enter the new family name")
    elif subject in (rules.Subject.HOME_ADDRESS, rules.Subject.OTHER_ADDRESS):
        require(data.address_line1.strip(), "address_line1", "Enter the first line of the address")
        require(data.address_postcode.strip(), "address_postcode", "Enter the postcode")
        if subject is rules.Subject.OTHER_ADDRESS:
            require(data.stay_to, "stay_to", "Enter the last day of the stay")
            assert data.stay_to is not None
            if data.stay_to < data.changed_on:
                raise InvalidInput("The stay must end on or after it starts", field="stay_to")
    else:
        require(data.value.strip(), "value", f"Enter the {subject.label.lower()} notified")
    return subject


def _location(data: NotificationInput) -> Location:
    """Where the new address is: the coordinates given, or those of a known address
    with the same postcode (the register's own gazetteer)."""
    if data.address_lat is not None and data.address_lon is not None:
        if not (-90 <= data.address_lat <= 90 and -180 <= data.address_lon <= 180):
            raise InvalidInput("Give a real latitude and longitude", field="address_lat")
        return Location.objects.create(
            lat=data.address_lat, lon=data.address_lon, description=data.address_line1
        )
    postcode = data.address_postcode.strip().upper()
    known = Address.objects.filter(postcode__iexact=postcode).select_related("location").first()
    if known is None:
        raise InvalidInput(
            f"No address with postcode {postcode} is on record to place this one on the "
            "map: give its latitude and longitude",
            field="address_lat",
        )
    return Location.objects.create(
        lat=known.location.lat, lon=known.location.lon, description=data.address_line1
    )


def _move_home(actor: User, offender: Offender, data: NotificationInput, on: date) -> None:
    address = Address.objects.create(
        line1=data.address_line1.strip(),
        town=data.address_town.strip(),
        postcode=data.address_postcode.strip().upper(),
        location=_location(data),
        created_by=actor,
    )
    for old in PersonAddress.objects.select_for_update().filter(
        person_id=offender.person_id, kind=AddressKind.HOME, valid_to__isnull=True
    ):
        old.valid_to = max(old.valid_from, on - timedelta(days=1))
        old.modified_by = actor
        old.save(update_fields=["valid_to", "modified_by", "modified_at"])
    PersonAddress.objects.create(
        person_id=offender.person_id,
        address=address,
        kind=AddressKind.HOME,
        valid_from=on,
        created_by=actor,
    )


def _add_detail(
    actor: User,
    offender: Offender,
    subject: rules.Subject,
    value: str,
    on: date,
    notification: Notification,
    valid_to: date | None = None,
) -> None:
    if subject in REPLACES:
        NotifiedDetail.objects.filter(
            offender=offender, subject=subject, valid_to__isnull=True
        ).update(valid_to=on, modified_by=actor)
    NotifiedDetail.objects.create(
        offender=offender,
        subject=subject,
        value=value[:300],
        valid_from=on,
        valid_to=valid_to,
        notification=notification,
        created_by=actor,
        modified_by=actor,
    )


def _stays(offender: Offender) -> list[tuple[date, date]]:
    return [
        (a, b)
        for a, b in NotifiedDetail.objects.filter(
            offender=offender, subject=rules.Subject.OTHER_ADDRESS, valid_to__isnull=False
        ).values_list("valid_from", "valid_to")
        if b is not None
    ]


def record_notification(
    actor: User, offender_id: int, data: NotificationInput, *, clock: Clock = SYSTEM_CLOCK
) -> Notification:
    """Record a notification made in person, and everything it changes on the record."""
    subject = _check(data, clock)
    policy = current_policy().notifications
    with transaction.atomic():
        offender = locked(actor, offender_id)
        if data.notified_on < offender.registered_on:
            raise InvalidInput(
                "A notification cannot be before the registration started", field="notified_on"
            )
        notification = Notification.objects.create(
            offender=offender,
            kind=data.kind,
            notified_on=data.notified_on,
            details=data.details,
            travel_departs_on=data.travel_departs_on,
            travel_returns_on=data.travel_returns_on,
            travel_destination=data.travel_destination,
            station_id=data.station_id,
            subject=subject.value if subject else "",
            changed_on=data.changed_on,
            excuse=data.excuse.strip()[:300],
            created_by=actor,
            modified_by=actor,
        )
        flag_travel(actor, offender, notification)
        changed_on = data.changed_on
        if subject is rules.Subject.HOME_ADDRESS:
            assert changed_on is not None
            _move_home(actor, offender, data, changed_on)
        elif subject is rules.Subject.OTHER_ADDRESS:
            assert changed_on is not None
            assert data.stay_to is not None
            place = f"{data.address_line1.strip()}, {data.address_postcode.strip().upper()}"
            _add_detail(actor, offender, subject, place, changed_on, notification, data.stay_to)
            # Notifiable once the stays reach the qualifying period: due 3 days after that.
            changed_on = rules.qualifying_date(_stays(offender), days=policy.qualifying_days)
        elif subject is rules.Subject.NAME:
            assert changed_on is not None
            name = f"{data.new_given_name.strip()} {data.new_family_name.strip()}".strip()
            _add_detail(actor, offender, subject, name, changed_on, notification)
        elif subject is not None:
            assert changed_on is not None
            _add_detail(actor, offender, subject, data.value.strip(), changed_on, notification)
        if data.kind == NotificationKind.RELEASE:
            changed_on = changed_on or offender.released_from_custody_on
        periodic_due = current_policy_due(offender)
        late = rules.assess_lateness(
            kind=data.kind,
            notified_on=data.notified_on,
            changed_on=changed_on,
            due_on=periodic_due,
            departs_on=data.travel_departs_on,
            excuse=data.excuse,
            within_days=policy.change_within_days,
            travel_days_before=policy.foreign_travel_days_before,
        )
        if late.why:
            notification.possible_s91, notification.lateness = late.possible_s91, late.why
            notification.save(update_fields=["possible_s91", "lateness"])
        fields: list[str] = []
        restarts = rules.restarts_periodic(
            data.kind, subject.value if subject else "", policy.restart_periodic_on
        )
        last = rules.later_notification(
            offender.last_notification_on, data.notified_on, restarts=restarts
        )
        if last != offender.last_notification_on:
            offender.last_notification_on = last
            fields.append("last_notification_on")
        if (
            data.kind == NotificationKind.CHANGE
            and offender.unnotified_change_on
            and data.notified_on >= offender.unnotified_change_on
        ):
            offender.unnotified_change_on = None
            fields.append("unnotified_change_on")
        touch(offender, actor, fields)
        clear_on_contact(
            actor,
            offender,
            "new notification",
            f"{data.kind} on {data.notified_on}",
            clock=clock,
        )
        log(
            actor,
            Operation.COLLECTION,
            "notification",
            notification.pk,
            offender,
            {"kind": data.kind, "subject": notification.subject, "possible_s91": late.possible_s91},
        )
    return notification


def current_policy_due(offender: Offender) -> date | None:
    """When the periodic (or weekly) notification was due, from the last that counts."""
    last = offender.last_notification_on
    if last is None:
        return None
    rules_ = current_policy().notifications
    if offender.no_fixed_abode:
        return last + timedelta(days=rules_.no_fixed_abode_days)
    from .dates import add_months

    return add_months(last, rules_.periodic_months)


def decide_s91(
    actor: User,
    notification_id: int,
    *,
    decision: str,
    note: str,
    clock: Clock = SYSTEM_CLOCK,
) -> Notification:
    """The DS decides a possible s91 matter: a breach to record, or no action."""
    if decision not in S91Decision.values:
        raise InvalidInput("Choose breach or no action", field="decision")
    note = note.strip()
    require(note, "note", "Say why")
    if not Rank(actor.rank).is_supervisor:
        raise Forbidden(
            "Only a detective sergeant or above decides s91 matters", code="needs_sergeant"
        )
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or not notification.possible_s91:
            raise NotFound("No possible s91 matter with that id")
        offender = locked(actor, notification.offender_id)
        if notification.s91_decision:
            raise Conflict("This has been decided already", code="s91_decided")
        notification.s91_decision, notification.s91_note = decision, note[:500]
        notification.s91_decided_by, notification.s91_decided_at = actor, clock.now()
        notification.save()
        touch(offender, actor, [])
        log(
            actor,
            Operation.ALTERATION,
            "notification",
            notification.pk,
            offender,
            {"s91": decision},
        )
        if decision == S91Decision.BREACH:
            record_breach(
                actor,
                offender.pk,
                BreachInput(
                    what=f"Notification requirements (s91): {notification.lateness}"[:200],
                    occurred_on=notification.notified_on or clock.today(),
                    action="none",
                    details=note,
                ),
                clock=clock,
            )
    return notification

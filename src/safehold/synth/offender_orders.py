"""Orders, breaches' links and the visit record's checks in the synthetic force, after
the register's procedures:

- the offenders seeder gives about 40 % of offenders an order; here they become the
  realistic mix — about 25 % of offenders under an SHPO (most until further order),
  licences with their end dates, a few SROs and notification orders — each with
  structured terms (devices, children, places, residence, some travel bans), and a few
  orders in force ending within the expiry window;
- every breach worded as an order's belongs to an order the offender has in force that
  day, linked to the term it breaks; without one it is worded as the breach of the
  notification requirements it is (`offender_breaches`); each has a crime reference
  and, for older ones, the result;
- a third of the trips abroad notified for the coming fortnight go to a country on the
  countries-of-concern list, and every trip is run through the travel check;
- recent seen visits of offenders under an order record compliance with each term in
  force (devices examined where a term is about devices), some a photograph;
- about 4 % of offenders carry an officer-safety marker, 5 % a synthetic placeholder
  photograph (a drawn silhouette, never a face);
- visits that raised concerns more than three days ago have mostly been reviewed by a
  sergeant; the rest are on the supervisor's worklist.

Its randomness is its own (seeded from the force's seed), and nothing here moves a
visit due date, so the calibrated backlog and the later seeders stay as they were.
"""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.offenders.models import (
    Breach,
    Notification,
    NotificationKind,
    Offender,
    OffenderPhoto,
    OfficerSafetyMarker,
    Order,
    OrderKind,
    OrderRequirement,
    Visit,
    VisitKind,
    VisitOutcome,
    VisitReview,
)
from safehold.offenders.order_config import current_orders_policy
from safehold.offenders.order_rules import TravelBan, check_travel, in_force
from safehold.offenders.orders import label
from safehold.synth.offender_breaches import match_breaches_to_orders

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

LONDON = ZoneInfo("Europe/London")
SHPO_SHARE_OF_ORDERS = 0.63  # of the ~40 % with an order: ~25 % of offenders
LICENCE_SHARE = 0.27
SRO_SHARE = 0.06
MARKER_SHARE = 0.04
PHOTO_SHARE = 0.05
REVIEWED_SHARE = 0.7

# (kind, topic, text, countries) per kind of order.
TERMS: dict[str, list[tuple[str, str, str, str]]] = {
    OrderKind.SHPO: [
        ("prohibition", "children", "Not to have unsupervised contact with any child under 16", ""),
        ("prohibition", "devices", "Not to delete the history of any internet-enabled device", ""),
        ("positive", "devices", "To make any internet-enabled device available for inspection", ""),
    ],
    OrderKind.LICENCE: [
        ("positive", "residence", "To reside at an address approved by the probation service", ""),
        ("prohibition", "places", "Not to enter the exclusion zone around the victim's home", ""),
        ("positive", "other", "To attend appointments with the probation practitioner", ""),
    ],
    OrderKind.SRO: [
        ("prohibition", "children", "Not to seek contact with any child under 16", ""),
        (
            "prohibition",
            "devices",
            "Not to use any device that can reach the internet unless declared",
            "",
        ),
    ],
    OrderKind.NOTIFICATION_ORDER: [
        (
            "positive",
            "other",
            "To comply with the notification requirements (foreign conviction)",
            "",
        ),
    ],
}
TRAVEL_BAN = (
    "prohibition",
    "travel",
    "Not to travel to Thailand, Cambodia or the Philippines",
    "Thailand, Cambodia, Philippines",
)
MARKERS = (
    ("violence", "Assaulted an officer during arrest (2019)"),
    ("dogs", "Large dog at the address, kept in the back garden"),
    ("weapons", "Intelligence of a knife kept at the address"),
    ("drugs", "Needles found at the address on a previous visit"),
    ("self_harm", "Self-harm history: check welfare"),
    ("associates", "Hostile family members at the address"),
)
CONCERN_DESTINATIONS = ("Thailand", "Cambodia", "Philippines", "Vietnam")


def placeholder_png(width: int = 60, height: int = 75) -> bytes:
    """A drawn grey silhouette as a PNG: the synthetic force's only 'photograph'."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter byte
        for x in range(width):
            head = (x - width / 2) ** 2 + (y - height * 0.35) ** 2 < (width * 0.2) ** 2
            body = y > height * 0.62 and abs(x - width / 2) < width * 0.38
            row.append(110 if head or body else 225)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _kinds(orders: list[Order], rng: random.Random, today: date) -> None:
    window = current_orders_policy().expiry_days
    ending = max(3, round(len(orders) / 60))
    for o in orders:
        r = rng.random()
        if r < SHPO_SHARE_OF_ORDERS:
            o.kind = OrderKind.SHPO
            if rng.random() < 0.4:
                o.ends_on = o.starts_on + timedelta(days=365 * rng.randint(5, 15))
            o.made_by = "Stafford Crown Court"
        elif r < SHPO_SHARE_OF_ORDERS + LICENCE_SHARE:
            o.kind = OrderKind.LICENCE
            o.ends_on = o.starts_on + timedelta(days=365 * rng.randint(1, 6))
            o.made_by = "HM Prison and Probation Service"
        elif r < SHPO_SHARE_OF_ORDERS + LICENCE_SHARE + SRO_SHARE:
            o.kind = OrderKind.SRO
            o.ends_on = o.starts_on + timedelta(days=365 * rng.randint(2, 5))
            o.made_by = "North Staffordshire Justice Centre"
        else:
            o.kind = OrderKind.NOTIFICATION_ORDER
            o.made_by = "North Staffordshire Justice Centre"
        if ending > 0 and o.kind != OrderKind.NOTIFICATION_ORDER and rng.random() < 0.05:
            o.ends_on, ending = today + timedelta(days=rng.randint(2, window)), ending - 1
        if o.ends_on is not None and o.ends_on < o.starts_on:
            o.ends_on = o.starts_on
        o.reference = f"{o.kind.upper()[:4]}/{o.starts_on:%Y}/{rng.randint(1000, 9999)}"
        o.conditions = ""


def seed_orders(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    """The mix of orders with their terms, breach links, travel flags, visit checks,
    officer-safety markers, placeholder photographs and supervisors' reviews."""
    rng = random.Random(f"orders-{ctx.params.seed}")
    today = ctx.params.today
    progress(0.0, "Orders and their terms")
    orders = list(Order.objects.order_by("id"))
    _kinds(orders, rng, today)
    Order.objects.bulk_update(orders, ["kind", "ends_on", "made_by", "reference", "conditions"])
    terms: list[OrderRequirement] = []
    for o in orders:
        chosen = list(TERMS[o.kind])
        if o.kind == OrderKind.SHPO and rng.random() < 0.1:
            chosen.append(TRAVEL_BAN)
        terms += [
            OrderRequirement(
                order=o, position=i, kind=k, topic=topic, text=text, countries=countries
            )
            for i, (k, topic, text, countries) in enumerate(chosen, start=1)
        ]
    OrderRequirement.objects.bulk_create(terms, batch_size=2000)
    term_of: dict[tuple[int, str], OrderRequirement] = {}
    terms_of: dict[int, list[OrderRequirement]] = {}
    for t in OrderRequirement.objects.select_related("order").order_by("id"):
        term_of.setdefault((t.order.offender_id, t.topic), t)
        terms_of.setdefault(t.order.offender_id, []).append(t)

    progress(0.25, "Breaches linked to the orders they break")
    breaches = list(Breach.objects.order_by("id"))
    match_breaches_to_orders(breaches, terms_of)
    for b in breaches:
        b.crime_reference = f"STF/{rng.randint(10000, 99999)}/{b.occurred_on:%y}"
        if (today - b.occurred_on).days > 120:
            b.result = rng.choices(
                ("convicted", "cautioned", "nfa", "not_guilty"), weights=(55, 15, 20, 10)
            )[0]
        else:
            b.result = "pending"
    Breach.objects.bulk_update(
        breaches, ["what", "order", "requirement", "crime_reference", "result"], batch_size=2000
    )

    progress(0.45, "Trips abroad checked against the orders")
    policy = current_orders_policy()
    trips = list(
        Notification.objects.filter(
            kind=NotificationKind.FOREIGN_TRAVEL, travel_departs_on__gte=today
        ).order_by("id")
    )
    for n in trips:
        if rng.random() < 0.33:
            n.travel_destination = rng.choice(CONCERN_DESTINATIONS)
        assert n.travel_departs_on is not None
        ban = term_of.get((n.offender_id, "travel"))
        bans = (
            [
                TravelBan(
                    label(ban.order),
                    ban.text,
                    ban.order.starts_on,
                    ban.order.ends_on,
                    frozenset(c for c in ban.countries.split(",") if c.strip()),
                )
            ]
            if ban is not None
            else []
        )
        check = check_travel(
            n.travel_destination,
            departs_on=n.travel_departs_on,
            returns_on=n.travel_returns_on,
            bans=bans,
            concerns=policy.countries_of_concern,
            version=policy.version,
        )
        n.travel_flag = "\n".join(check.reasons)
        n.travel_flag_version = check.version if check.flagged else ""
    Notification.objects.bulk_update(
        trips, ["travel_destination", "travel_flag", "travel_flag_version"]
    )

    progress(0.6, "Order checks on recent visits")
    in_force_terms: dict[int, list[OrderRequirement]] = {}
    for t in OrderRequirement.objects.select_related("order").order_by("id"):
        if in_force(t.order.starts_on, t.order.ends_on, today):
            in_force_terms.setdefault(t.order.offender_id, []).append(t)
    recent = list(
        Visit.objects.filter(
            kind=VisitKind.HOME,
            outcome=VisitOutcome.SEEN,
            visited_at__gte=datetime.combine(today - timedelta(days=90), time(), tzinfo=LONDON),
            offender_id__in=list(in_force_terms),
        ).order_by("id")
    )
    for v in recent:
        checks = in_force_terms[v.offender_id]
        v.compliance = {
            str(t.pk): "complied" if rng.random() < 0.9 else "not_checked" for t in checks
        }
        if any(t.topic == "devices" for t in checks):
            v.devices_examined = rng.choice(
                (
                    "Smartphone examined: no concerns",
                    "Laptop and phone examined; history intact",
                    "Phone examined; one app declared since the last visit",
                )
            )
        v.photograph_taken = rng.random() < 0.1
    Visit.objects.bulk_update(
        recent, ["compliance", "devices_examined", "photograph_taken"], batch_size=2000
    )

    progress(0.75, "Officer-safety markers and photographs")
    offender_ids = sorted(Offender.objects.values_list("id", flat=True))
    markers = []
    photos = []
    image = placeholder_png()
    digest = hashlib.sha256(image).hexdigest()
    for oid in offender_ids:
        if rng.random() < MARKER_SHARE:
            kind, note = rng.choice(MARKERS)
            markers.append(
                OfficerSafetyMarker(
                    offender_id=oid,
                    kind=kind,
                    note=note,
                    added_on=today - timedelta(days=rng.randint(10, 1500)),
                )
            )
        if rng.random() < PHOTO_SHARE:
            photos.append(
                OffenderPhoto(
                    offender_id=oid,
                    image=image,
                    content_type="image/png",
                    size_bytes=len(image),
                    sha256=digest,
                    taken_on=today - timedelta(days=rng.randint(5, 700)),
                )
            )
    OfficerSafetyMarker.objects.bulk_create(markers, batch_size=2000)
    OffenderPhoto.objects.bulk_create(photos, batch_size=500)

    progress(0.9, "Supervisors' reviews of concerning visits")
    sergeants: list[User] = [
        u for u in ctx.staff.users_by_role[Role.PRIORITIES_LEAD] if Rank(u.rank).is_supervisor
    ] or list(ctx.staff.users_by_role[Role.PRIORITIES_LEAD])
    cutoff = datetime.combine(today - timedelta(days=3), time(), tzinfo=LONDON)
    reviews = []
    for v in Visit.objects.filter(raised_concern=True, visited_at__lt=cutoff).order_by("id"):
        if rng.random() < REVIEWED_SHARE and v.visited_at is not None:
            reviews.append(
                VisitReview(
                    visit=v,
                    reviewed_by=rng.choice(sergeants),
                    reviewed_at=v.visited_at + timedelta(days=rng.randint(1, 3)),
                    outcome=rng.choice(("nfa", "actions", "risk_review")),
                    note="Reviewed with the offender manager; actions on the plan",
                )
            )
    VisitReview.objects.bulk_create(reviews)
    ctx.counts["orders"] = len(orders)
    ctx.counts["shpo"] = sum(1 for o in orders if o.kind == OrderKind.SHPO)
    ctx.counts["orders_ending_soon"] = sum(
        1
        for o in orders
        if o.ends_on is not None
        and today <= o.ends_on <= today + timedelta(days=policy.expiry_days)
    )
    ctx.counts["travel_flags"] = sum(1 for n in trips if n.travel_flag)
    ctx.counts["safety_markers"] = len(markers)
    ctx.counts["visit_reviews"] = len(reviews)

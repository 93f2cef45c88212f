"""Cross-unit links in the synthetic force: DA households that touch the offender register.

After the register and the year of domestic abuse are seeded, a few dozen households are
made to overlap with registered offenders, as they do in a real force (issue 10 item 9):

- the suspect in some DA households is a registered offender (a sixth of them in the
  live queue, so the demo shows the flag);
- a registered offender is another household member on some incidents;
- some households with children moved, months ago, to a registered offender's home (a
  new partner on the register: the case the MOSOVO unit most needs to hear of).

Its own random stream (from the seed), so the seeders before and after it are unchanged.
Nothing is copied anywhere: the links are found by ``people.crosslinks`` from the records.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from safehold.offenders.models import Offender
from safehold.people.models import AddressKind, Person, PersonAddress
from safehold.safeguarding.models import (
    ClosureStatus,
    Incident,
    Party,
    PartyRole,
    ProtectiveAction,
)

from .force import SeedContext

# At scale 1: households whose suspect is on the register, incidents with an offender as
# another household member, households with children living at an offender's home.
AT_SCALE_1 = {"suspect": 24, "household": 6, "child": 10}
LIVE_SHARE = 1 / 6


def seed_cross_links(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    rng = random.Random(f"{ctx.params.seed}-cross-links")
    want = {k: max(1, round(v * ctx.params.scale)) for k, v in AT_SCALE_1.items()}
    offenders = list(
        Offender.objects.filter(
            status__in=("managed", "reactive_management"),
            person__addresses__valid_to__isnull=True,
            person__addresses__kind=AddressKind.HOME,
        )
        .select_related("person")
        .distinct()
        .order_by("pk")
    )
    rng.shuffle(offenders)
    men = [o for o in offenders if o.person.sex == "M"]
    suspects = _suspects(rng, men[: want["suspect"]])
    pool = [o for o in offenders if o.person_id not in suspects]
    household = _household_members(rng, pool[: want["household"]])
    homes = _children_at_offenders_homes(rng, pool[want["household"] :][: want["child"]], ctx)
    ctx.counts["cross_link_suspects"] = len(suspects)
    ctx.counts["cross_link_household"] = household
    ctx.counts["cross_link_child_homes"] = homes
    progress(1.0, f"{len(suspects) + household + homes} households linked to the register")


def _suspects(rng: random.Random, offenders: list[Offender]) -> set[int]:
    """Make each offender the suspect of one DA household (all its incidents)."""
    taken = set(Offender.objects.values_list("person_id", flat=True))
    pairs = list(
        Incident.objects.filter(suspect__isnull=False)
        .exclude(suspect_id__in=taken)
        .values_list("victim_id", "suspect_id", "seen_at", "closure_status")
        .order_by("victim_id", "suspect_id")
    )
    live = sorted(
        {(v, s) for v, s, seen, status in pairs if seen is None and status == ClosureStatus.OPEN}
    )
    every = sorted({(v, s) for v, s, _, _ in pairs})
    # At least one in the live queue (when any waits), so even a small force shows the flag.
    chosen = rng.sample(live, min(len(live), max(1, round(len(offenders) * LIVE_SHARE))))
    rest = [p for p in every if p not in set(chosen)]
    chosen += rng.sample(rest, min(len(rest), len(offenders) - len(chosen)))
    done: set[int] = set()
    for offender, (victim, suspect) in zip(offenders, chosen, strict=False):
        person = offender.person
        ids = list(
            Incident.objects.filter(victim_id=victim, suspect_id=suspect).values_list(
                "pk", flat=True
            )
        )
        Party.objects.filter(incident_id__in=ids, role=PartyRole.SUSPECT, person_id=suspect).update(
            person_id=person.pk,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
        )
        ProtectiveAction.objects.filter(incident_id__in=ids, subject_id=suspect).update(
            subject_id=person.pk
        )
        Incident.objects.filter(pk__in=ids).update(suspect_id=person.pk)
        done.add(person.pk)
    return done


def _household_members(rng: random.Random, offenders: list[Offender]) -> int:
    """Record each offender as another household member on one recent DA incident."""
    recent = list(Incident.objects.order_by("-reported_at").values_list("pk", flat=True)[:400])
    chosen = rng.sample(recent, min(len(recent), len(offenders)))
    Party.objects.bulk_create(
        Party(
            incident_id=incident,
            role=PartyRole.OTHER,
            person=offender.person,
            given_name=offender.person.given_name,
            family_name=offender.person.family_name,
            date_of_birth=offender.person.date_of_birth,
        )
        for offender, incident in zip(offenders, chosen, strict=False)
    )
    return min(len(chosen), len(offenders))


def _children_at_offenders_homes(
    rng: random.Random, offenders: list[Offender], ctx: SeedContext
) -> int:
    """Move a DA household with children (victim and children) to an offender's home."""
    with_children = sorted(
        set(
            Party.objects.filter(role=PartyRole.CHILD).values_list("incident__victim_id", flat=True)
        )
    )
    victims = rng.sample(with_children, min(len(with_children), len(offenders)))
    today = ctx.params.today
    moved = 0
    for offender, victim_id in zip(offenders, victims, strict=False):
        home = PersonAddress.objects.filter(
            person=offender.person, kind=AddressKind.HOME, valid_to__isnull=True
        ).first()
        if home is None:
            continue
        children = Party.objects.filter(
            role=PartyRole.CHILD, incident__victim_id=victim_id
        ).values_list("person_id", flat=True)
        people = list(Person.objects.filter(pk__in={victim_id, *children}))
        since = today - timedelta(days=rng.randint(60, 240))
        for person in people:
            current = PersonAddress.objects.filter(
                person=person, kind=AddressKind.HOME, valid_to__isnull=True
            )
            start = since
            for old in current:
                start = max(start, old.valid_from)
                old.valid_to, old.kind = start, AddressKind.PREVIOUS
                old.save(update_fields=["valid_to", "kind"])
            PersonAddress.objects.create(
                person=person, address_id=home.address_id, kind=AddressKind.HOME, valid_from=start
            )
        moved += 1
    return moved


def register() -> None:
    from safehold.synth.force import register_seeder

    register_seeder("cross-unit links", seed_cross_links)

"""A few uncertain person matches planted for the review queue: recent victims recorded again
under a misspelt name, marked with the model version "synthetic".
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from safehold.people.models import Person
from safehold.safeguarding.models import (
    Incident,
    MatchStatus,
    Party,
    PartyRole,
    PersonMatch,
)
from safehold.synth.safeguarding_plan import (
    Plan,
)

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext


def plant_matches(plans: list[Plan], rng: random.Random, now: datetime, ctx: SeedContext) -> None:
    """A few recent victims recorded again under a misspelt name, awaiting a decision."""
    recent = [p for p in plans if now - p.reported_at < timedelta(days=14)]
    if not recent:
        return
    chosen = rng.sample(recent, min(len(recent), max(2, round(8 * ctx.params.scale))))
    for plan in chosen:
        original = plan.household.victim
        name = original.family_name
        typo = name[:-2] + name[-1] + name[-2] if len(name) > 2 else name + "e"
        provisional = Person.objects.create(
            reference=f"SD{plan.id:07d}",
            given_name=original.given_name,
            family_name=typo,
            date_of_birth=original.date_of_birth,
            sex=original.sex,
            notes="Recorded at domestic-abuse intake",
        )
        party = Party.objects.filter(incident_id=plan.id, role=PartyRole.VICTIM).first()
        if party is None:
            continue
        Party.objects.filter(pk=party.pk).update(person=provisional, family_name=typo)
        Incident.objects.filter(pk=plan.id).update(victim=provisional)
        PersonMatch.objects.create(
            party=party,
            candidate=original,
            probability=round(rng.uniform(0.6, 0.93), 3),
            match_weight=round(rng.uniform(1, 4), 2),
            explanation=[
                {"field": "given_name", "level": "exact match", "outcome": "agree",
                 "match_weight": 6.48},
                {"field": "family_name", "level": "spelling close", "outcome": "partial",
                 "match_weight": 2.56},
                {"field": "date_of_birth", "level": "exact match", "outcome": "agree",
                 "match_weight": 13.41},
                {"field": "postcode", "level": "missing", "outcome": "missing",
                 "match_weight": 0.0},
            ],
            model_version="synthetic",
            status=MatchStatus.PENDING,
        )  # fmt: skip
    ctx.counts["person_matches_to_review"] = len(chosen)

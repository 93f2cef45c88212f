"""Pending person matches after two people are merged (a :mod:`safehold.people.merge_hooks`
hook).

The merge has already moved every key to the retired person onto the survivor, the match's
``candidate`` and the party's ``person`` alike. What is left to do here: a pending match that
now names the survivor on both sides is closed as confirmed (the merge found them the same
person), and one that now repeats another pending match of the same party and candidate is
closed as moot; both carry the note "Resolved by merge of X into Y". Undoing the merge
reopens exactly those matches, as they were.
"""

from __future__ import annotations

from django.db.models import F, Q

from safehold.people.merge_hooks import MergeEvent, MergeHook

from .match_models import MatchStatus, PersonMatch

KEY = "safeguarding.PersonMatch.closed_by_merge"


def _moved(event: MergeEvent, key: str) -> set[int]:
    return {int(pk) for pk in event.moved.get(key, [])}


def close_after_merge(event: MergeEvent) -> list[int]:
    """Close the pending matches the merge made pointless; the ids closed, for the undo."""
    survivor = event.survivor_id
    pending = list(
        PersonMatch.objects.select_for_update(of=("self",))
        .filter(Q(candidate_id=survivor) | Q(party__person_id=survivor), status=MatchStatus.PENDING)
        .select_related("party")
    )
    moved_matches = _moved(event, "safeguarding.PersonMatch.candidate")
    moved_parties = _moved(event, "safeguarding.Party.person")

    def was_moved(match: PersonMatch) -> bool:
        return match.pk in moved_matches or match.party_id in moved_parties

    # Keep a pair that was already pending before the merge over the one the merge made.
    pending.sort(key=lambda m: (was_moved(m), -m.probability, m.pk))
    confirmed: list[int] = []
    moot: list[int] = []
    seen: set[tuple[int, int]] = set()
    for match in pending:
        pair = (match.party_id, match.candidate_id)
        if match.party.person_id == match.candidate_id:
            confirmed.append(match.pk)
        elif pair in seen:
            moot.append(match.pk)
        seen.add(pair)
    stamp = {
        "decided_by": event.actor,
        "decided_at": event.at,
        "decision_note": event.note,
        "modified_by": event.actor,
        "modified_at": event.at,
        "version": F("version") + 1,
    }
    PersonMatch.objects.filter(pk__in=confirmed).update(status=MatchStatus.CONFIRMED, **stamp)
    PersonMatch.objects.filter(pk__in=moot).update(status=MatchStatus.REJECTED, **stamp)
    return sorted(confirmed + moot)


def reopen_after_undo(event: MergeEvent, ids: list[int]) -> int:
    """Give back the matches :func:`close_after_merge` closed: pending, undecided."""
    return PersonMatch.objects.filter(pk__in=ids).update(
        status=MatchStatus.PENDING,
        decided_by=None,
        decided_at=None,
        decision_note="",
        modified_by=event.actor,
        modified_at=event.at,
        version=F("version") + 1,
    )


HOOK = MergeHook(KEY, close_after_merge, reopen_after_undo)

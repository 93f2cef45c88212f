"""The people behind the offenders a page or an answer shows, for the access log.

Pages about offenders (the briefing, visit plans) know offender ids; the access log
indexes *person* ids (``audit.log.record(people=...)``), so an auditor searching for a
person finds every look that showed them (issue 13, finding 7). One query.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Offender


def people_of(offender_ids: Iterable[int]) -> list[int]:
    """The person ids of ``offender_ids``, sorted (unknown ids are left out)."""
    ids = sorted({int(i) for i in offender_ids if i is not None})
    if not ids:
        return []
    return sorted(set(Offender.objects.filter(id__in=ids).values_list("person_id", flat=True)))

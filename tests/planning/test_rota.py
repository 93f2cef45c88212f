"""The default rota and pairing rule: plain rules, no database."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.planning.rota import (
    DAY_SHIFT,
    EVENING_SHIFT,
    Officer,
    default_shift,
    evening_weekdays_for,
    pair_officers,
)

HANLEY = (1, "Hanley Police Station", 53.0244, -2.1741)
LONGTON = (2, "Longton Police Station", 52.9884, -2.1330)
TAMWORTH = (3, "Tamworth Police Station", 52.6339, -1.6950)


def officer(pk: int, name: str, station: tuple[int, str, float, float]) -> Officer:
    return Officer(pk, name, *station)


def test_weekdays_are_day_shifts_evenings_on_the_pairs_evening_days_weekends_off() -> None:
    """Monday to Friday 08:00-16:00 or 14:00-22:00; Saturday and Sunday off."""
    assert default_shift(0, [2]) == DAY_SHIFT == (time(8), time(16))
    assert default_shift(2, [2]) == EVENING_SHIFT == (time(14), time(22))
    assert default_shift(5, [5]) is None
    assert default_shift(6, []) is None
    with pytest.raises(ValueError, match="give 0"):
        default_shift(7, [])


def test_each_pair_gets_two_evenings_and_pairs_spread_them_over_the_week() -> None:
    """Two weekday evenings each; five pairs between them cover every weekday evening."""
    evenings = [evening_weekdays_for(i) for i in range(5)]
    assert all(len(e) == 2 and set(e) <= {0, 1, 2, 3, 4} for e in evenings)
    assert {d for e in evenings for d in e} == {0, 1, 2, 3, 4}


def test_officers_at_one_station_are_paired_in_name_order() -> None:
    """Four at Hanley: the first two by name, then the next two."""
    pairs, left = pair_officers(
        [officer(i, n, HANLEY) for i, n in ((4, "d"), (2, "b"), (1, "a"), (3, "c"))]
    )
    assert [(p.officer_1, p.officer_2) for p in pairs] == [(1, 2), (3, 4)]
    assert [p.name for p in pairs] == ["Hanley 1", "Hanley 2"]
    assert left == []


def test_officers_left_alone_are_paired_with_the_nearest_one_left_elsewhere() -> None:
    """Hanley's and Longton's single officers pair up (5 km), not Tamworth's (50 km)."""
    pairs, left = pair_officers(
        [officer(1, "a", HANLEY), officer(2, "b", TAMWORTH), officer(3, "c", LONGTON)]
    )
    assert [(p.officer_1, p.officer_2, p.station_id) for p in pairs] == [(1, 3, 1)]
    assert [o.id for o in left] == [2]


@given(st.permutations(list(range(9))))
def test_the_pairing_does_not_depend_on_the_order_the_officers_come_in(order: list[int]) -> None:
    """The same officers in any order make the same pairs."""
    stations = (HANLEY, LONGTON, TAMWORTH)
    people = [officer(i, f"n{i}", stations[i % 3]) for i in range(9)]
    expected = pair_officers(people)
    assert pair_officers([people[i] for i in order]) == expected

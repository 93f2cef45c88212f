"""The seeded notices and orders read as a force's would: an authoriser named without a
rank (the page adds it) at a rank the policy knows, and hearings in court sitting hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from safehold.safeguarding import policies
from safehold.synth.safeguarding_orders import INSPECTORS, SUPERINTENDENTS, in_court_hours
from safehold.synth.safeguarding_plan import LONDON

RANK_WORDS = ("insp", "supt", "ch ", "inspector", "superintendent")


def test_authorisers_are_named_without_a_rank_and_hold_one_the_policy_allows() -> None:
    policy = policies.current()
    ranks = policy.clocks.ranks
    minimum = {id(INSPECTORS): policy.orders.dapn_min_rank, id(SUPERINTENDENTS): "superintendent"}
    for people in (INSPECTORS, SUPERINTENDENTS):
        for name, rank in people:
            assert not name.lower().startswith(RANK_WORDS), name
            assert rank in ranks
            assert ranks.index(rank) >= ranks.index(minimum[id(people)])


@given(
    served=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    hours=st.floats(min_value=18, max_value=46),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_hearings_fall_on_a_weekday_between_ten_and_four_after_the_notice(
    served: datetime, hours: float, fraction: float
) -> None:
    made = in_court_hours(served, served + timedelta(hours=hours), fraction)
    local = made.astimezone(LONDON)
    assert local.weekday() < 5
    assert (10, 0) <= (local.hour, local.minute) <= (16, 0)
    assert made >= served + timedelta(hours=4)

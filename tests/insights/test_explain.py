"""The Kitagawa decomposition: hand-computed cases and Hypothesis properties."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.insights.explain import Counts, decompose, outcome_shift

GROUPS = ["North", "South", "East", "West"]


def test_hand_computed_two_areas() -> None:
    # Before: A 20/100 (20%), B 10/100 (10%) -> 15%. After: A 10/100, B 10/300 -> 20/400 = 5%.
    before = {"A": Counts(20, 100), "B": Counts(10, 100)}
    after = {"A": Counts(10, 100), "B": Counts(10, 300)}
    d = decompose(before, after)
    assert math.isclose(d.rate_before, 15.0)
    assert math.isclose(d.rate_after, 5.0)
    parts = {p.group: p for p in d.parts}
    # A: rate (10-20)*(0.5+0.25)/2 = -3.75; mix (0.25-0.5)*(20+10)/2 = -3.75
    assert math.isclose(parts["A"].rate_effect_pp, -3.75)
    assert math.isclose(parts["A"].mix_effect_pp, -3.75)
    # B: rate (3.33-10)*(0.5+0.75)/2 = -4.1667; mix (0.75-0.5)*(10+3.33)/2 = 1.6667
    assert math.isclose(parts["B"].rate_effect_pp, -25 / 6)
    assert math.isclose(parts["B"].mix_effect_pp, 5 / 3)
    assert d.parts[0].group == "A"  # largest |contribution| first (-7.5 vs -2.5)
    assert math.isclose(d.rate_effect_pp + d.mix_effect_pp, d.change_pp)


def test_a_group_only_in_one_period_is_all_mix() -> None:
    d = decompose({"A": Counts(10, 100)}, {"A": Counts(10, 100), "B": Counts(50, 100)})
    b = next(p for p in d.parts if p.group == "B")
    assert b.rate_effect_pp == 0
    assert math.isclose(d.change_pp, 20.0)
    assert math.isclose(d.rate_effect_pp + d.mix_effect_pp, 20.0)


def test_arrest_ratio_may_exceed_100() -> None:
    d = decompose({"A": Counts(150, 100)}, {"A": Counts(90, 100)})
    assert math.isclose(d.rate_before, 150.0)
    assert math.isclose(d.change_pp, -60.0)


def test_outcome_shift_shares() -> None:
    rows = outcome_shift({1: 20, 16: 80}, {1: 10, 16: 60, 15: 30})
    by = {r.outcome_type: r for r in rows}
    assert math.isclose(by[15].change_pp, 30.0)
    assert math.isclose(by[1].change_pp, -10.0)
    assert rows[0].outcome_type == 15


cells = st.dictionaries(
    st.sampled_from(GROUPS),
    st.tuples(st.integers(0, 200), st.integers(1, 400)).map(
        lambda t: Counts(min(t[0], t[1]), t[1])
    ),
    min_size=1,
)


@settings(max_examples=300, deadline=None)
@given(cells, cells)
def test_parts_add_up_to_the_total_change(
    before: dict[str, Counts], after: dict[str, Counts]
) -> None:
    d = decompose(before, after)
    total = sum(p.contribution_pp for p in d.parts)
    assert math.isclose(total, d.change_pp, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(cells, st.sampled_from(GROUPS), st.integers(0, 400))
def test_a_change_confined_to_one_area_puts_all_the_rate_effect_there(
    before: dict[str, Counts], group: str, new_numerator: int
) -> None:
    if group not in before:
        before = {**before, group: Counts(5, 50)}
    old = before[group]
    after = {**before, group: Counts(min(new_numerator, old.crimes), old.crimes)}
    d = decompose(before, after)
    for p in d.parts:
        assert math.isclose(p.mix_effect_pp, 0.0, abs_tol=1e-9)
        if p.group != group:
            assert math.isclose(p.rate_effect_pp, 0.0, abs_tol=1e-9)
    assert math.isclose(d.rate_effect_pp, d.change_pp, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(GROUPS), st.integers(0, 100), min_size=1),
    st.dictionaries(st.sampled_from(GROUPS), st.integers(1, 50), min_size=1),
    st.dictionaries(st.sampled_from(GROUPS), st.integers(1, 50), min_size=1),
)
def test_a_pure_mix_change_has_no_rate_effect(
    rates: dict[str, int], sizes0: dict[str, int], sizes1: dict[str, int]
) -> None:
    groups = [g for g in rates if g in sizes0 and g in sizes1]
    if not groups:
        return
    before = {g: Counts(rates[g] * sizes0[g] / 100, sizes0[g]) for g in groups}
    after = {g: Counts(rates[g] * sizes1[g] / 100, sizes1[g]) for g in groups}
    d = decompose(before, after)
    assert all(math.isclose(p.rate_effect_pp, 0.0, abs_tol=1e-9) for p in d.parts)
    assert math.isclose(d.mix_effect_pp, d.change_pp, abs_tol=1e-9)

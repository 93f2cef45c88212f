"""SOA 2003 s82 notification periods and the s91B review date: a pure function over TOML."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.offenders import notification_periods as np
from safehold.offenders.notification_periods import (
    NotificationTableError,
    Sentence,
    default_table,
    parse_table,
    period_for,
)

KINDS = [k for k, _ in np.SENTENCES]


def sentences(age: st.SearchStrategy[int]) -> st.SearchStrategy[Sentence]:
    return st.builds(
        Sentence,
        kind=st.sampled_from(KINDS),
        age_at_conviction=age,
        months=st.integers(0, 600),
        discharge_months=st.integers(1, 36),
    )


@pytest.mark.parametrize(
    ("kind", "months", "label"),
    [
        ("life", None, "Indefinite"),
        ("custody", 30, "Indefinite"),
        ("custody", 29, "10 years"),
        ("custody", 7, "10 years"),
        ("custody", 6, "7 years"),
        ("restricted_hospital_order", None, "Indefinite"),
        ("hospital_order", None, "7 years"),
        ("caution", None, "2 years"),
        ("other", None, "5 years"),
    ],
)
def test_the_s82_table(kind: str, months: int | None, label: str) -> None:
    assert period_for(Sentence(kind, 30, months=months)).label == label


def test_under_18s_have_finite_periods_halved_and_are_told_why() -> None:
    period = period_for(Sentence("custody", 16, months=12))
    assert period.label == "5 years"
    assert any("halved" in r for r in period.reasons)
    assert period_for(Sentence("caution", 15)).label == "12 months"
    assert period_for(Sentence("custody", 16, months=36)).indefinite


def test_a_conditional_discharge_lasts_its_own_period_and_is_not_halved() -> None:
    assert period_for(Sentence("conditional_discharge", 16, discharge_months=18)).months == 18


def test_missing_sentence_facts_are_named() -> None:
    with pytest.raises(ValueError, match="length of the custodial sentence"):
        period_for(Sentence("custody", 30))
    with pytest.raises(ValueError, match="conditional discharge"):
        period_for(Sentence("conditional_discharge", 30))


def test_the_indefinite_review_is_15_years_for_adults_and_8_for_juveniles() -> None:
    on, why = np.indefinite_review_on(date(2012, 3, 1), 30)
    assert on == date(2027, 3, 1)
    assert "15 years" in why
    assert np.indefinite_review_on(date(2012, 3, 1), 16)[0] == date(2020, 3, 1)


def test_ends_on_counts_from_the_relevant_date() -> None:
    period = period_for(Sentence("custody", 30, months=12))
    assert np.ends_on(period, date(2020, 2, 29)) == date(2030, 2, 28)
    assert np.ends_on(period_for(Sentence("life", 30)), date(2020, 1, 1)) is None


@given(sentences(st.integers(10, 90)))
def test_the_period_never_exceeds_the_indefinite_case(s: Sentence) -> None:
    indefinite = period_for(Sentence("life", s.age_at_conviction))
    assert period_for(s).sort_key() <= indefinite.sort_key()


@given(sentences(st.integers(10, 17)))
def test_halving_for_juveniles_never_lengthens(s: Sentence) -> None:
    juvenile = period_for(s)
    adult = period_for(Sentence(s.kind, 30, s.months, s.discharge_months))
    assert juvenile.sort_key() <= adult.sort_key()


@given(st.integers(0, 600), st.integers(0, 600), st.integers(10, 90))
def test_a_longer_custodial_sentence_never_gives_a_shorter_period(a: int, b: int, age: int) -> None:
    short, long_ = sorted((a, b))
    assert (
        period_for(Sentence("custody", age, months=short)).sort_key()
        <= period_for(Sentence("custody", age, months=long_)).sort_key()
    )


def test_the_table_has_its_source_and_version() -> None:
    table = default_table()
    assert "s82" in table.source
    assert table.version.startswith("soa2003")


def test_table_errors_name_the_row() -> None:
    text = np.DEFAULT_FILE.read_text(encoding="utf-8")
    with pytest.raises(NotificationTableError, match=r"row 2\.sentence"):
        parse_table(text.replace('sentence = "custody"', 'sentence = "jail"', 1))
    with pytest.raises(NotificationTableError, match="row 1 has unknown keys: colour"):
        parse_table(text.replace('period = "indefinite"', 'period = "indefinite"\ncolour = 1', 1))

"""The resolution centre's three-attempt rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safehold.demand.contact import may_close_without_contact, next_step


def test_attempts_come_first_then_the_letter_then_closing() -> None:
    steps = [
        next_step(failed_attempts=n, contacted=False, letter_sent=False).action for n in range(4)
    ]
    assert steps == ["attempt", "attempt", "attempt", "letter"]
    assert next_step(failed_attempts=3, contacted=False, letter_sent=True).action == "close"


def test_the_reason_counts_the_attempts_left() -> None:
    step = next_step(failed_attempts=1, contacted=False, letter_sent=False)
    assert step.reason == "1 of 3 attempts made: 2 more before a letter"


def test_once_the_caller_is_reached_the_case_is_investigated() -> None:
    assert next_step(failed_attempts=2, contacted=True, letter_sent=False).action == "investigate"


@given(
    attempts=st.integers(0, 10),
    letter=st.booleans(),
    required=st.integers(1, 5),
)
def test_no_case_closes_without_contact_before_every_attempt_and_the_letter(
    attempts: int, letter: bool, required: int
) -> None:
    allowed = may_close_without_contact(
        failed_attempts=attempts, letter_sent=letter, attempts_required=required
    )
    assert allowed == (attempts >= required and letter)

"""The resolution centre's contact rule: three attempts, then a letter or e-mail, then close.

Pure rules (DOMAIN.md §3.3). The number of attempts is the policy's
``resolution_centre.contact_attempts``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NextStep", "next_step"]


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the investigator does next, and why."""

    action: str  # "investigate", "attempt", "letter", "close"
    reason: str


def next_step(
    *, failed_attempts: int, contacted: bool, letter_sent: bool, attempts_required: int = 3
) -> NextStep:
    """The next step on a resolution-centre case."""
    if failed_attempts < 0:
        raise ValueError("failed_attempts must be 0 or more")
    if contacted:
        return NextStep("investigate", "The caller has been reached: investigate and resolve")
    if letter_sent:
        return NextStep(
            "close",
            f"{failed_attempts} attempts and a letter or e-mail without reply: close "
            "(re-open on new lines of enquiry)",
        )
    if failed_attempts >= attempts_required:
        return NextStep(
            "letter", f"{failed_attempts} attempts without contact: send a letter or e-mail"
        )
    left = attempts_required - failed_attempts
    return NextStep(
        "attempt",
        f"{failed_attempts} of {attempts_required} attempts made: {left} more before a letter",
    )


def may_close_without_contact(
    *, failed_attempts: int, letter_sent: bool, attempts_required: int = 3
) -> bool:
    """A case closes without contact only after every attempt and the letter."""
    return failed_attempts >= attempts_required and letter_sent

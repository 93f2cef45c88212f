"""Protection notices: what the authorising officer must consider before giving one.

Before giving a DVPN the officer must consider the welfare of any child whose interests
are relevant, the opinion of the person to be protected, and any representations the
suspect makes (Crime and Security Act 2010 s24(3)-(4)); Safehold requires each to be
written down. "None made" or "declined to give a view" is an answer; a blank is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from safehold.safeguarding.clock_policy import ProtectiveActionError
from safehold.safeguarding.vocabulary import ActionKind

__all__ = ["CONSIDERATIONS", "Considerations", "check_considerations"]

# Field, and what to write when it is missing.
CONSIDERATIONS: tuple[tuple[str, str], ...] = (
    (
        "victim_views",
        "Record the victim's views on the notice (or that they declined to give one)",
    ),
    (
        "children_welfare",
        "Record the welfare of any child considered (or that no child's interests are relevant)",
    ),
    (
        "suspect_representations",
        "Record the suspect's representations (or that they made none)",
    ),
)


@dataclass(frozen=True, slots=True)
class Considerations:
    """What the authorising officer considered before giving a notice."""

    victim_views: str = ""
    children_welfare: str = ""
    suspect_representations: str = ""


def check_considerations(kind: ActionKind | str, considered: Considerations) -> None:
    """Refuse a notice whose considerations are not all recorded (the first one missing).

    Raises
    ------
    ProtectiveActionError
        ``missing_consideration``, naming the field.
    """
    if not ActionKind(kind).is_notice:
        return
    label = ActionKind(kind).label.split(" (")[-1].rstrip(")")
    for name, message in CONSIDERATIONS:
        value = getattr(considered, name)
        if not isinstance(value, str) or not value.strip():
            raise ProtectiveActionError(
                "missing_consideration", f"{message}: a {label} needs it", field=name
            )

"""The visit policy's errors, and the whole-number check its validations share.

::

    PolicyError(ValueError)            every error here; has a stable ``code``
    ├── PolicyConfigError              bad TOML or VisitPolicy values; names the key
    └── OffenderFactsError             bad OffenderFacts values; names the field
"""

from __future__ import annotations

from typing import Final, TypeGuard

__all__ = ["DEFAULT_POLICY_FILE", "OffenderFactsError", "PolicyConfigError", "PolicyError"]

#: The packaged policy's file name, and how errors name a policy given as text.
DEFAULT_POLICY_FILE: Final = "visit-policy.toml"


class PolicyError(ValueError):
    """Base of every error raised by the visit policy."""

    code = "visit_policy_error"


class PolicyConfigError(PolicyError):
    """The policy configuration is wrong; the message names the key and what to give.

    Parameters
    ----------
    key
        The TOML key to fix, dotted (``"intervals.very_high"``); empty for the whole file.
    problem
        What is wrong and what is allowed.
    source
        The file or origin named at the start of the message.
    """

    code = "invalid_visit_policy"

    def __init__(self, key: str, problem: str, *, source: str = DEFAULT_POLICY_FILE) -> None:
        self.key = key
        self.problem = problem
        self.source = source
        where = f"{key} " if key else ""
        super().__init__(f"{source}: {where}{problem}")

    def with_source(self, source: str) -> PolicyConfigError:
        """The same error, naming another source."""
        return PolicyConfigError(self.key, self.problem, source=source)


class OffenderFactsError(PolicyError):
    """An `OffenderFacts` value is impossible; the message names the field."""

    code = "invalid_offender_facts"


def is_whole(value: object) -> TypeGuard[int]:
    """True for an ``int`` that is not a ``bool``."""
    return isinstance(value, int) and not isinstance(value, bool)

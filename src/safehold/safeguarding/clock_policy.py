"""The force's protective-action policy: how long each clock runs, who may authorise a DVPN,
which outcomes need a supervisor's review (``[clocks]`` in the policy file), and the error
the protective-action rules raise. Read by ``clocks`` and ``protection_orders``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from safehold.safeguarding.policy_file import PolicyDocument, load_policy_document
from safehold.safeguarding.rule_errors import SafeguardingRuleError

__all__ = [
    "HIGHEST_OUTCOME_TYPE",
    "ClockPolicy",
    "ProtectiveActionError",
    "default_policy",
    "normalise_rank",
]

HIGHEST_OUTCOME_TYPE = 22


class ProtectiveActionError(SafeguardingRuleError):
    """A protective action cannot be taken or timed as given; ``code`` says why."""

    code = "protective_action_error"

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        # One class, several stable codes: callers branch on the code, not the type.
        self.code = code


def _ranks() -> tuple[str, ...]:
    return (
        "constable",
        "sergeant",
        "inspector",
        "chief inspector",
        "superintendent",
        "chief superintendent",
        "assistant chief constable",
        "deputy chief constable",
        "chief constable",
    )


def _normalise_rank(rank: str) -> str:
    words = rank.lower().split()
    # A detective superintendent holds the rank of superintendent.
    if words[:1] == ["detective"]:
        words = words[1:]
    return " ".join(words)


normalise_rank = _normalise_rank


@dataclass(frozen=True, slots=True)
class ClockPolicy:
    """How long each protective-action clock runs, and who may authorise a DVPN.

    Parameters
    ----------
    version
        Stamped on every clock.
    detention_hours
        Arrest: detention limit from the relevant time (24).
    dvpo_hearing_hours
        DVPN: the DVPO application must be heard within this many hours of service (48).
    dvpo_min_days, dvpo_max_days
        A DVPO lasts between these many days (14 to 28).
    dvds_days
        Clare's Law: days to complete a right-to-ask or right-to-know decision (28).
    idva_referral_hours, safety_planning_hours, childrens_social_care_hours
        Local targets (24 each).
    ranks
        Police ranks, lowest first.
    dvpn_min_rank
        Lowest rank that may authorise a DVPN (superintendent).
    dvpn_min_age_years
        Youngest person a DVPN may be given to (18).
    supervisor_review_outcomes
        Home Office outcome types whose closure needs a supervisor's review (15, 16).
    """

    version: str = "built-in"
    detention_hours: int = 24
    dvpo_hearing_hours: int = 48
    dvpo_min_days: int = 14
    dvpo_max_days: int = 28
    dvds_days: int = 28
    idva_referral_hours: int = 24
    safety_planning_hours: int = 24
    childrens_social_care_hours: int = 24
    ranks: tuple[str, ...] = field(default_factory=_ranks)
    dvpn_min_rank: str = "superintendent"
    dvpn_min_age_years: int = 18
    supervisor_review_outcomes: tuple[int, ...] = (15, 16)

    def __post_init__(self) -> None:
        ranks = tuple(_normalise_rank(r) for r in self.ranks)
        object.__setattr__(self, "ranks", ranks)
        object.__setattr__(self, "dvpn_min_rank", _normalise_rank(self.dvpn_min_rank))
        if len(set(ranks)) != len(ranks) or not ranks:
            raise ProtectiveActionError(
                "bad_configuration",
                "clocks.ranks must list each rank once, lowest first",
                field="clocks.ranks",
            )
        if self.dvpn_min_rank not in ranks:
            raise ProtectiveActionError(
                "bad_configuration",
                f"clocks.dvpn_min_rank {self.dvpn_min_rank!r} is not in clocks.ranks",
                field="clocks.dvpn_min_rank",
            )
        if not 1 <= self.dvpo_min_days <= self.dvpo_max_days:
            raise ProtectiveActionError(
                "bad_configuration",
                "clocks.dvpo_min_days must be at least 1 and at most dvpo_max_days",
                field="clocks.dvpo_min_days",
            )
        for name in (
            "detention_hours",
            "dvpo_hearing_hours",
            "dvds_days",
            "idva_referral_hours",
            "safety_planning_hours",
            "childrens_social_care_hours",
        ):
            if getattr(self, name) < 1:
                raise ProtectiveActionError(
                    "bad_configuration", f"clocks.{name} must be at least 1", field=f"clocks.{name}"
                )
        bad = [n for n in self.supervisor_review_outcomes if not 0 <= n <= HIGHEST_OUTCOME_TYPE]
        if bad:
            raise ProtectiveActionError(
                "bad_configuration",
                f"clocks.supervisor_review_outcomes has {bad}; outcome types are 0 to "
                f"{HIGHEST_OUTCOME_TYPE}",
                field="clocks.supervisor_review_outcomes",
            )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> ClockPolicy:
        """Build the policy from the ``[clocks]`` table of a policy file."""
        return cls(
            version=document.version,
            detention_hours=document.integer("clocks.detention_hours", minimum=1),
            dvpo_hearing_hours=document.integer("clocks.dvpo_hearing_hours", minimum=1),
            dvpo_min_days=document.integer("clocks.dvpo_min_days", minimum=1),
            dvpo_max_days=document.integer("clocks.dvpo_max_days", minimum=1),
            dvds_days=document.integer("clocks.dvds_days", minimum=1),
            idva_referral_hours=document.integer("clocks.idva_referral_hours", minimum=1),
            safety_planning_hours=document.integer("clocks.safety_planning_hours", minimum=1),
            childrens_social_care_hours=document.integer(
                "clocks.childrens_social_care_hours", minimum=1
            ),
            ranks=document.texts("clocks.ranks"),
            dvpn_min_rank=document.text("clocks.dvpn_min_rank"),
            dvpn_min_age_years=document.integer("clocks.dvpn_min_age_years", minimum=1),
            supervisor_review_outcomes=document.integers("clocks.supervisor_review_outcomes"),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> ClockPolicy:
        """Read the policy from ``path`` or, by default, from the packaged policy file."""
        return cls.from_document(load_policy_document(path))


@cache
def default_policy() -> ClockPolicy:
    return ClockPolicy.load()

"""Grading a DARA-style questionnaire: configurable bands and floor rules.

The College of Policing has not published how DARA answers become a grade (DARA supports
the officer's structured professional judgement). Safehold therefore grades a questionnaire
whose ``scoring`` is ``"dara"`` by a rule that is entirely configuration, the ``[dara]``
table of the force's policy file:

* **bands** on the total count of "yes" answers (as for DASH, with DARA's own numbers), and
* **floor rules**: each names a grade and a condition, and the grade is at least that grade
  whenever the condition holds. A condition is "at least ``min_yes`` yes answers in
  ``section``" and/or "every red flag in ``red_flags`` present" (e.g. three controlling
  behaviours are at least medium; a recent separation with two controlling behaviours is
  high; non-fatal strangulation is high).

The actuarial grade is the highest of the band grade and every floor that holds. Each part
is monotone in the yes answers, so a further yes answer never lowers the grade (a
Hypothesis property in the tests). Professional judgement is applied afterwards by
:func:`.dash.score`, exactly as for DASH.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from safehold.safeguarding.policy_file import PolicyDocument, load_policy_document
from safehold.safeguarding.questionnaires import Questionnaire
from safehold.safeguarding.rule_errors import ConfigurationError
from safehold.safeguarding.vocabulary import Grade, Reason, parse_grade

__all__ = ["DaraPolicy", "FloorRule", "default_dara_policy"]


@dataclass(frozen=True, slots=True)
class FloorRule:
    """When ``condition`` holds the grade is at least ``grade``.

    Parameters
    ----------
    code
        Stable identifier, used in the reason code ``dara_floor_<code>``.
    label
        What the rule looks for, in words ("several controlling behaviours").
    grade
        The lowest grade once the condition holds.
    section, min_yes
        At least ``min_yes`` yes answers among the questions of ``section`` (both or
        neither).
    red_flags
        Red-flag clusters that must all be present.
    """

    code: str
    label: str
    grade: Grade
    section: str = ""
    min_yes: int = 0
    red_flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        where = f"dara.rules {self.code!r}"
        object.__setattr__(self, "grade", parse_grade(self.grade, field=f"{where}.grade"))
        if bool(self.section) != (self.min_yes > 0):
            raise ConfigurationError(
                f"{where}: give both section and min_yes (at least 1), or neither",
                field="dara.rules",
            )
        if not self.section and not self.red_flags:
            raise ConfigurationError(
                f"{where}: a rule needs a condition: section with min_yes, red_flags, or both",
                field="dara.rules",
            )

    def check(self, questionnaire: Questionnaire) -> None:
        """Raise ConfigurationError if the rule names a section or red flag ``questionnaire``
        does not have."""
        sections = {q.section for q in questionnaire.questions}
        if self.section and self.section not in sections:
            raise ConfigurationError(
                f"dara.rules {self.code!r}: section {self.section!r} is not in questionnaire "
                f"{questionnaire.id!r} (its sections: {', '.join(sorted(sections))})",
                field="dara.rules",
            )
        unknown = set(self.red_flags) - {c.code for c in questionnaire.clusters}
        if unknown:
            raise ConfigurationError(
                f"dara.rules {self.code!r}: red flag(s) {sorted(unknown)} are not in "
                f"questionnaire {questionnaire.id!r}",
                field="dara.rules",
            )

    def holds(self, questionnaire: Questionnaire, yes: frozenset[int]) -> bool:
        """Return whether the condition holds for the questions answered yes."""
        if self.section:
            in_section = sum(
                1 for q in questionnaire.questions if q.section == self.section and q.number in yes
            )
            if in_section < self.min_yes:
                return False
        return all(questionnaire.cluster(code).present(yes) for code in self.red_flags)


@dataclass(frozen=True, slots=True)
class DaraPolicy:
    """The force's DARA grading rule (see the module docstring).

    Parameters
    ----------
    version
        The policy version stamped on every result.
    medium_min_yes, high_min_yes
        The bands on the total count of yes answers.
    rules
        The floor rules, in the order their reasons are listed.
    source
        Where the rule comes from, shown with every DARA grade (the packaged rule says it
        is Safehold's example, not the official scoring).
    """

    version: str = "built-in"
    medium_min_yes: int = 8
    high_min_yes: int = 13
    rules: tuple[FloorRule, ...] = ()
    source: str = "Safehold's example rule; the official DARA scoring is not public"

    def __post_init__(self) -> None:
        if self.medium_min_yes < 1:
            raise ConfigurationError(
                f"dara.bands.medium_min_yes is {self.medium_min_yes}; it must be at least 1",
                field="dara.bands.medium_min_yes",
            )
        if self.high_min_yes < self.medium_min_yes:
            raise ConfigurationError(
                f"dara.bands.high_min_yes ({self.high_min_yes}) is below medium_min_yes "
                f"({self.medium_min_yes}); high must start at or above medium",
                field="dara.bands.high_min_yes",
            )
        codes = [r.code for r in self.rules]
        if len(codes) != len(set(codes)):
            raise ConfigurationError(
                f"dara.rules: codes must be unique, found {codes}", field="dara.rules"
            )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> DaraPolicy:
        """Build the policy from the ``[dara]`` table (and its ``[[dara.rules]]``)."""
        table = document.data.get("dara", {})
        raw_rules = table.get("rules", []) if isinstance(table, Mapping) else None
        if not isinstance(raw_rules, list):
            raise ConfigurationError(
                f"{document.source}: dara.rules must be [[dara.rules]] tables", field="dara.rules"
            )
        rules = []
        for index, raw in enumerate(raw_rules, start=1):
            rule = PolicyDocument(raw if isinstance(raw, Mapping) else {}, f"dara.rules[{index}]")
            rules.append(
                FloorRule(
                    code=rule.text("code"),
                    label=rule.text("label"),
                    grade=parse_grade(rule.text("grade"), field=f"dara.rules[{index}].grade"),
                    section=rule.text("section") if rule.has("section") else "",
                    min_yes=rule.integer("min_yes", minimum=1) if rule.has("min_yes") else 0,
                    red_flags=rule.texts("red_flags") if rule.has("red_flags") else (),
                )
            )
        return cls(
            version=document.version,
            medium_min_yes=document.integer("dara.bands.medium_min_yes", minimum=1),
            high_min_yes=document.integer("dara.bands.high_min_yes", minimum=1),
            rules=tuple(rules),
            source=document.text("dara.source"),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> DaraPolicy:
        """Read the policy from ``path`` or, by default, from the packaged policy file."""
        return cls.from_document(load_policy_document(path))

    def check(self, questionnaire: Questionnaire) -> None:
        """Raise ConfigurationError if a rule does not fit ``questionnaire``."""
        for rule in self.rules:
            rule.check(questionnaire)

    def band_for(self, yes_count: int) -> Grade:
        """The grade from the total count of yes answers alone."""
        if yes_count >= self.high_min_yes:
            return Grade.HIGH
        if yes_count >= self.medium_min_yes:
            return Grade.MEDIUM
        return Grade.STANDARD

    def grade(
        self, questionnaire: Questionnaire, yes: frozenset[int]
    ) -> tuple[Grade, list[Reason]]:
        """Return the actuarial grade and the reasons for it.

        Raises
        ------
        ConfigurationError
            If a rule names a section or red flag the questionnaire does not have.
        """
        self.check(questionnaire)
        total = len(questionnaire.questions)
        grade = self.band_for(len(yes))
        reasons = [
            Reason(
                "yes_count_band",
                f"{len(yes)} of {total} questions answered yes: {grade} on the count alone "
                f"(medium from {self.medium_min_yes}, high from {self.high_min_yes}). "
                f"Rule: {self.source}",
            )
        ]
        for rule in self.rules:
            if rule.holds(questionnaire, yes):
                reasons.append(
                    Reason(
                        f"dara_floor_{rule.code}",
                        f"{rule.label}: at least {rule.grade} under the force's DARA rule",
                    )
                )
                if rule.grade.rank > grade.rank:
                    grade = rule.grade
        return grade, reasons


@cache
def default_dara_policy() -> DaraPolicy:
    """The DARA rule from the packaged policy file."""
    return DaraPolicy.load()

"""One vocabulary: each domain enum is defined once, in the pure layer; Django's choices
derive from it."""

from __future__ import annotations

from safehold.choices import LabelledChoices
from safehold.offenders import models, vocabulary
from safehold.planning import params, problem


def test_risk_level_is_one_enum_for_the_register_and_the_planner() -> None:
    """The model, the planner's problem and the policy all use the vocabulary's class."""
    assert models.RiskLevel is vocabulary.RiskLevel
    assert problem.RiskLevel is vocabulary.RiskLevel
    assert params.PerRiskLevel is vocabulary.PerRiskLevel


def test_model_choices_are_the_vocabulary_in_order_with_labels() -> None:
    """The Offender and RiskAssessment fields list very high first, with readable labels."""
    expected = [("very_high", "Very high"), ("high", "High"), ("medium", "Medium"), ("low", "Low")]
    assert vocabulary.RiskLevel.choices == expected
    assert models.Offender._meta.get_field("risk_level").choices == expected
    assert models.RiskAssessment._meta.get_field("level").choices == expected


def test_labelled_choices_behave_as_their_string_values() -> None:
    """A member equals its value, formats as it, and reads back from it."""

    class Colour(LabelledChoices):
        DARK_RED = "dark_red", "Dark red"
        BLUE = "blue"

    assert Colour.DARK_RED == "dark_red"
    assert f"{Colour.DARK_RED}" == "dark_red"
    assert Colour("blue") is Colour.BLUE
    assert Colour.BLUE.label == "Blue"
    assert Colour.values == ["dark_red", "blue"]
    assert Colour.labels == ["Dark red", "Blue"]


def test_per_risk_level_reads_members_and_strings_alike() -> None:
    """for_level takes a member or its string; to_dict runs highest first."""
    weights = vocabulary.PerRiskLevel(20, 8, 2, 1)
    assert weights.for_level(vocabulary.RiskLevel.HIGH) == 8
    assert weights.for_level("low") == 1  # type: ignore[arg-type]
    assert list(weights.to_dict()) == ["very_high", "high", "medium", "low"]

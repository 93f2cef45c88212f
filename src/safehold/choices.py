"""String enums with labels, defined once in the pure layer; Django's choices derive from them.

A domain vocabulary (risk levels, grades, ...) is a :class:`LabelledChoices`::

    class RiskLevel(LabelledChoices):
        VERY_HIGH = "very_high", "Very high"
        LOW = "low", "Low"

Each member is its string value (``RiskLevel.LOW == "low"``) and carries a ``label``. The
class gives ``choices`` (``[(value, label), ...]`` in definition order, for a model or form
field), ``values`` and ``labels``, as Django's ``TextChoices`` does, without importing Django.
"""

from __future__ import annotations

from enum import EnumType, StrEnum
from typing import Self

__all__ = ["LabelledChoices"]


class _LabelledType(EnumType):
    @property
    def choices(cls) -> list[tuple[str, str]]:
        """``[(value, label), ...]`` in definition order."""
        return [(m.value, m.label) for m in cls]  # type: ignore[var-annotated]

    @property
    def values(cls) -> list[str]:
        """The values in definition order."""
        return [m.value for m in cls]  # type: ignore[var-annotated]

    @property
    def labels(cls) -> list[str]:
        """The labels in definition order."""
        return [m.label for m in cls]  # type: ignore[var-annotated]


class LabelledChoices(StrEnum, metaclass=_LabelledType):
    """A string enum whose members are ``value, label`` pairs."""

    _label: str

    def __new__(cls, value: str, label: str | None = None) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label if label is not None else value.replace("_", " ").capitalize()
        return member

    @property
    def label(self) -> str:
        """How the member reads on a page ("Very high")."""
        return self._label

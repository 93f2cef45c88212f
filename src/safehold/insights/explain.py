"""Why a rate changed between two periods: a shift-share (Kitagawa) decomposition.

A force-wide rate is a weighted mean of group rates, ``R = sum_g w_g r_g`` with ``w_g``
the group's share of the denominator (crimes). Between a *before* and an *after* period

    R1 - R0 = sum_g [ (r1_g - r0_g) (w0_g + w1_g) / 2 ]     rate effect of group g
            + sum_g [ (w1_g - w0_g) (r0_g + r1_g) / 2 ]     mix effect of group g

exactly (Kitagawa 1955, the symmetric form). A group present in only one period has no
rate to compare; it is given the rate it had in the other period, so its whole part is
mix (it came or went). Pure: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Counts:
    """A numerator (charges, arrests) over a denominator (crimes)."""

    numerator: float
    crimes: int


@dataclass(frozen=True, slots=True)
class Part:
    group: str
    rate_effect_pp: float
    mix_effect_pp: float
    crimes_before: int
    crimes_after: int
    rate_before: float | None
    rate_after: float | None

    @property
    def contribution_pp(self) -> float:
        return self.rate_effect_pp + self.mix_effect_pp


@dataclass(frozen=True, slots=True)
class Decomposition:
    rate_before: float
    rate_after: float
    crimes_before: int
    crimes_after: int
    parts: tuple[Part, ...]  # largest absolute contribution first

    @property
    def change_pp(self) -> float:
        return self.rate_after - self.rate_before

    @property
    def rate_effect_pp(self) -> float:
        return sum(p.rate_effect_pp for p in self.parts)

    @property
    def mix_effect_pp(self) -> float:
        return sum(p.mix_effect_pp for p in self.parts)


def decompose(
    before: Mapping[str, Counts], after: Mapping[str, Counts], *, scale: float = 100.0
) -> Decomposition:
    """Split the change in ``sum(numerator) / sum(crimes) * scale`` into per-group parts.

    ``scale`` 100 gives percentage points for a share (charge rate) and "per 100 crimes"
    for a ratio (arrests per 100 crimes).
    """
    n0 = sum(c.crimes for c in before.values())
    n1 = sum(c.crimes for c in after.values())
    big_r0 = scale * sum(c.numerator for c in before.values()) / n0 if n0 else 0.0
    big_r1 = scale * sum(c.numerator for c in after.values()) / n1 if n1 else 0.0
    parts = []
    for group in sorted(set(before) | set(after)):
        b, a = before.get(group, Counts(0, 0)), after.get(group, Counts(0, 0))
        r0 = scale * b.numerator / b.crimes if b.crimes else None
        r1 = scale * a.numerator / a.crimes if a.crimes else None
        w0 = b.crimes / n0 if n0 else 0.0
        w1 = a.crimes / n1 if n1 else 0.0
        x0 = r0 if r0 is not None else (r1 if r1 is not None else 0.0)
        x1 = r1 if r1 is not None else x0
        parts.append(
            Part(
                group=group,
                rate_effect_pp=(x1 - x0) * (w0 + w1) / 2,
                mix_effect_pp=(w1 - w0) * (x0 + x1) / 2,
                crimes_before=b.crimes,
                crimes_after=a.crimes,
                rate_before=r0,
                rate_after=r1,
            )
        )
    parts.sort(key=lambda p: (-abs(p.contribution_pp), p.group))
    return Decomposition(big_r0, big_r1, n0, n1, tuple(parts))


@dataclass(frozen=True, slots=True)
class OutcomeShift:
    outcome_type: int
    share_before: float
    share_after: float

    @property
    def change_pp(self) -> float:
        return 100 * (self.share_after - self.share_before)


def outcome_shift(before: Mapping[int, int], after: Mapping[int, int]) -> list[OutcomeShift]:
    """Each outcome type's share of the outcomes given in each period, biggest move first."""
    t0, t1 = sum(before.values()), sum(after.values())
    rows = [
        OutcomeShift(
            o,
            before.get(o, 0) / t0 if t0 else 0.0,
            after.get(o, 0) / t1 if t1 else 0.0,
        )
        for o in sorted(set(before) | set(after))
    ]
    rows.sort(key=lambda r: (-abs(r.change_pp), r.outcome_type))
    return rows


def sentence(metric_label: str, d: Decomposition, by_area: Decomposition, unit: str) -> str:
    """A plain-English summary naming the largest contributors."""
    direction = "fell" if d.change_pp < 0 else "rose" if d.change_pp > 0 else "did not change"
    text = (
        f"The {metric_label} {direction} from {d.rate_before:.1f} to {d.rate_after:.1f} "
        f"({d.change_pp:+.1f} {unit})."
    )
    top = [p for p in by_area.parts if abs(p.contribution_pp) >= 0.05][:2]
    if top:
        named = " and ".join(f"{p.group} ({p.contribution_pp:+.1f} {unit})" for p in top)
        text += f" The largest contributions came from {named}."
    if d.change_pp:
        mix_share = by_area.mix_effect_pp / d.change_pp if d.change_pp else 0
        kind = (
            "changes in the rate within areas"
            if abs(by_area.rate_effect_pp) >= abs(by_area.mix_effect_pp)
            else "a change in the mix of crimes between areas"
        )
        text += f" Most of the change comes from {kind} (mix {100 * mix_share:.0f}% of it)."
    return text

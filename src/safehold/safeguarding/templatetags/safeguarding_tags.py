"""Template helpers for the safeguarding pages: durations and clocks in words."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A duration as "45 min", "3 h 10 min" or "2 d 4 h" (negative: "overdue by ...")."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    if seconds < 0:
        return f"overdue by {duration(-value)}"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@register.filter
def points(value: float) -> str:
    """A reason's contribution to the priority score, signed: "+25" or "\u221240"."""
    if value >= 0.5:
        return f"+{value:.0f}"
    return f"\u2212{-value:.0f}" if value <= -0.5 else ""

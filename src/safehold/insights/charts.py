"""The outcomes charts as SVG (Altair and vl-convert, as ``safehold.charts``); each page
puts a table of the same figures beside the chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert as vlc

from .rates import Measure

FONT = "Arial"


def _svg(chart: Any) -> str:
    chart = (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=12, titleFontSize=13)
        .configure_title(fontSize=15, anchor="start")
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))


def contributions_svg(parts: Sequence[dict[str, Any]], *, title: str, unit: str) -> str:
    """Stacked bars of rate and mix effect per group (largest contribution first)."""
    rows = [
        {"group": p["group"], "effect": kind, "value": p[f"{key}_effect_pp"], "order": i}
        for i, p in enumerate(parts[:12])
        for key, kind in (("rate", "Rate effect"), ("mix", "Mix effect"))
    ] or [{"group": "", "effect": "Rate effect", "value": 0, "order": 0}]
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=alt.EncodingSortField("order")),
            x=alt.X("value:Q", title=f"Contribution ({unit})", stack="zero"),
            color=alt.Color(
                "effect:N",
                title=None,
                scale=alt.Scale(domain=["Rate effect", "Mix effect"], range=["#1d70b8", "#f47738"]),
            ),
        )
        .properties(width=560, height=max(60, 26 * min(len(parts), 12)), title=title)
    )
    return _svg(chart)


def measure_svg(measure: Measure) -> str:
    """A monthly line of one measure (suppressed months left out)."""
    rows = [
        {"month": f"{p.month}-01", "value": round(p.value, 2)}
        for p in measure.points
        if p.value is not None
    ] or [{"month": "", "value": 0}]
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    chart = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=3, color="#1d70b8")
        .encode(
            x=alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y")),
            y=alt.Y("value:Q", title=measure.unit, scale=alt.Scale(zero=True)),
        )
        .properties(width=560, height=200, title=measure.label)
    )
    return _svg(chart)

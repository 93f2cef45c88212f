"""Charts as SVG, drawn on the server with Altair (Vega-Lite) and vl-convert.

Pages show the SVG as an image next to a table with the same figures, so no chart
library runs in the browser (the CSP allows no eval) and screen readers get the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert as vlc

FONT = "Arial"


def line_svg(
    rows: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    title: str,
    colour: str = "#1d70b8",
    series: str | None = None,
) -> str:
    """A line chart of ``rows`` as an SVG document."""
    if not rows:
        rows = [{x: "", y: 0}]
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:T", title=x_title, axis=alt.Axis(format="%-d %b")),
        "y": alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=True)),
    }
    data = alt.Data(values=list(rows))  # type: ignore[no-untyped-call]
    mark = alt.Chart(data).mark_line(point=True, strokeWidth=3)
    if series:
        encoding["color"] = alt.Color(
            f"{series}:N", title=None, scale=alt.Scale(scheme="category10")
        )
    else:
        mark = alt.Chart(data).mark_line(point=True, strokeWidth=3, color=colour)
    chart = (
        mark.encode(**encoding)
        .properties(width=640, height=240, title=title)
        .configure(font=FONT)
        .configure_axis(labelFontSize=13, titleFontSize=14)
        .configure_title(fontSize=16, anchor="start")
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))

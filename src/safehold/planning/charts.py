"""The forecast's charts, as SVG documents served as images next to tables of the figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert as vlc

from safehold.charts import FONT, line_svg

from .forecasting import Forecast


def backlog_paths_svg(forecast: Forecast) -> str:
    """The backlog day by day at a few numbers of pairs (``safehold.charts.line_svg``)."""
    return line_svg(
        forecast.backlog_rows(),
        x="day",
        y="backlog",
        x_title="Day",
        y_title="Visits overdue",
        title="Backlog day by day",
        series="pairs",
    )


def clear_curve_svg(points: Sequence[dict[str, Any]]) -> str:
    """Days until the backlog clears against the number of pairs (a numeric x axis)."""
    rows = [p for p in points if p.get("days_to_clear") is not None] or [
        {"pairs": 0, "days_to_clear": 0}
    ]
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    chart = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=3, color="#1d70b8")
        .encode(
            x=alt.X("pairs:Q", title="Officer pairs on duty each working day"),
            y=alt.Y("days_to_clear:Q", title="Days until the backlog clears"),
        )
        .properties(width=640, height=240, title="Days to clear the backlog by number of pairs")
        .configure(font=FONT)
        .configure_axis(labelFontSize=13, titleFontSize=14)
        .configure_title(fontSize=16, anchor="start")
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))

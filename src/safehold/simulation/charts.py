"""The simulation page's charts, as SVG documents served as images next to tables."""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert as vlc

from safehold.charts import FONT

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _svg(chart: Any) -> str:
    return str(
        vlc.vegalite_to_svg(
            chart.configure(font=FONT)
            .configure_axis(labelFontSize=13, titleFontSize=14)
            .configure_title(fontSize=16, anchor="start")
            .to_dict()
        )
    )


def compliance_svg(result: dict[str, Any]) -> str:
    """Share within target by grade and scenario, with the 95 % interval as error bars."""
    rows = []
    for s in result.get("scenarios", []):
        for grade, g in s["by_grade"].items():
            if g.get("share_within_target") is None:
                continue
            lo, hi = g["share_within_target_ci95"]
            rows.append(
                {
                    "scenario": s["title"],
                    "grade": f"Grade {grade}",
                    "share": g["share_within_target"],
                    "lo": lo,
                    "hi": hi,
                }
            )
    data = alt.Data(values=rows or [{"scenario": "", "grade": "", "share": 0, "lo": 0, "hi": 0}])  # type: ignore[no-untyped-call]
    base = alt.Chart(data).encode(
        x=alt.X("scenario:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=160)),
        color=alt.Color("scenario:N", title=None, scale=alt.Scale(scheme="category10")),
    )
    bars = base.mark_bar().encode(
        y=alt.Y("share:Q", title="Share within target", axis=alt.Axis(format="%"))
    )
    errors = base.mark_errorbar(color="black").encode(y=alt.Y("lo:Q", title=""), y2="hi:Q")
    chart = (
        alt.layer(bars, errors, data=data)
        .properties(width=180, height=220)
        .facet(column=alt.Column("grade:N", title=None))
        .properties(title="Share attended within target, by grade (bars: 95% CI)")
    )
    return _svg(chart)


def utilisation_svg(result: dict[str, Any]) -> str:
    """Response utilisation by hour of the week for each scenario."""
    rows = []
    for s in result.get("scenarios", []):
        for how, u in enumerate(s.get("utilisation_by_hour", [])):
            rows.append({"scenario": s["title"], "hour": how, "utilisation": u})
    data = alt.Data(values=rows or [{"scenario": "", "hour": 0, "utilisation": 0}])  # type: ignore[no-untyped-call]
    chart = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X(
                "hour:Q",
                title="Hour of the week (Monday 00:00 to Sunday 24:00)",
                scale=alt.Scale(domain=[0, 168]),
                axis=alt.Axis(values=list(range(0, 169, 24)), labelExpr=_day_labels()),
            ),
            y=alt.Y("utilisation:Q", title="Units busy", axis=alt.Axis(format="%")),
            color=alt.Color("scenario:N", title=None, scale=alt.Scale(scheme="category10")),
        )
        .properties(width=640, height=240, title="Response utilisation by hour of the week")
    )
    return _svg(chart)


def _day_labels() -> str:
    names = ", ".join(f"'{d}'" for d in (*DAYS, ""))
    return f"[{names}][datum.value / 24]"

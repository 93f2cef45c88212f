"""The register's charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from safehold.charts import line_svg


def trend_svg(trend: Sequence[dict[str, Any]]) -> str:
    """Overdue visits by day."""
    return line_svg(
        trend,
        x="day",
        y="overdue_visits",
        x_title="Day",
        y_title="Offenders overdue a visit",
        title="Overdue home visits",
    )

"""The inspection-readiness report: by PEEL 2023-25 area, each measure with its trend, a
RAG status against the configured thresholds, the evidence (a chart and a table of the
same figures) and the area for improvement it points to. HTML, and PDF by WeasyPrint
(docs/decisions/0012-pdf-reports-with-weasyprint.md). Aggregates only."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from safehold.clock import SYSTEM_CLOCK

from . import charts
from .measures import all_measures, threshold
from .rag import InspectionConfig, Rag, assess, load_config
from .rates import Measure


def config() -> InspectionConfig:
    path = getattr(settings, "SAFEHOLD_INSPECTION_CONFIG", "") or None
    return load_config(Path(path) if path else None)


@dataclass(frozen=True, slots=True)
class Item:
    measure: Measure
    rag: Rag
    chart: str  # a data: URI of the SVG chart


@dataclass(frozen=True, slots=True)
class AreaSection:
    key: str
    title: str
    items: tuple[Item, ...]

    @property
    def worst(self) -> str:
        order = ["red", "amber", "green", "grey"]
        found = [i.rag.status for i in self.items]
        return next((s for s in order if s in found), "grey")


def build(start: date, end: date, *, with_charts: bool = True) -> dict[str, Any]:
    """Every PEEL area's measures over ``start``..``end`` with status and evidence."""
    cfg = config()
    measures = {m.key: m for m in all_measures(start, end)}
    sections = []
    for area in cfg.areas:
        items = []
        for key in area.measures:
            m = measures.get(key)
            if m is None:
                continue
            svg = charts.measure_svg(m) if with_charts else ""
            uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
            items.append(Item(m, assess(m, cfg.thresholds[key]), uri if with_charts else ""))
        sections.append(AreaSection(area.key, area.title, tuple(items)))
    return {
        "start": start,
        "end": end,
        "generated": timezone.localtime(SYSTEM_CLOCK.now()),
        "config_version": cfg.version,
        "threshold": threshold(),
        "force": settings.SAFEHOLD_FORCE_NAME,
        "sections": sections,
        "afis": [
            (s.title, i.measure.label, i.rag.afi) for s in sections for i in s.items if i.rag.afi
        ],
    }


def render_html(report: dict[str, Any]) -> str:
    """The report as one self-contained HTML document (charts inline, no scripts)."""
    return render_to_string("insights/inspection_report.html", {"r": report})


def render_pdf(html: str) -> bytes:
    """The HTML report as PDF (WeasyPrint: no browser, works offline)."""
    import weasyprint  # type: ignore[import-untyped]

    return bytes(weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


def stamp() -> str:
    return timezone.localtime(SYSTEM_CLOCK.now()).strftime("%Y-%m-%d %H:%M")

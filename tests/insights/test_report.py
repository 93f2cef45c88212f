"""The inspection-readiness report: HTML and PDF hold every PEEL area; the page and
downloads are aggregates only."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.audit.models import AccessLogEntry
from safehold.insights.rag import load_config
from safehold.people.models import Person
from safehold.synth.force import SeedParams, seed_force

TODAY = date(2026, 3, 2)


@pytest.fixture
def force(db: None) -> None:
    seed_force(SeedParams(seed=7, scale=0.03, today=TODAY))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_opens_and_holds_every_peel_area(force: None, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    call_command(
        "report",
        "inspection",
        "--from",
        "2025-03-01",
        "--to",
        "2026-02-28",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    for area in load_config().areas:
        assert squash(area.title) in text, area.title
    assert "DA charge/summons rate" in text
    assert AccessLogEntry.objects.filter(record_type="inspection_report").exists()


def test_html_report_has_a_table_beside_every_chart(force: None, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    call_command(
        "report",
        "inspection",
        "--from",
        "2025-03-01",
        "--to",
        "2026-02-28",
        "--format",
        "html",
        "-o",
        str(out),
    )
    html = out.read_text()
    charts = html.count('<img src="data:image/svg+xml')
    assert charts >= 10
    assert html.count("<table") >= charts + 1
    assert "<script" not in html
    for status in re.findall(r'govuk-tag--(\w+)">', html):
        assert status in {"green", "yellow", "red", "grey"}


def test_page_and_download_for_analysts(force: None) -> None:
    analyst = User.objects.filter(role=Role.ANALYST).first()
    assert analyst is not None
    client = Client()
    client.force_login(analyst)
    page = client.get("/insights/inspection/", {"from": "2025-03-01", "to": "2026-02-28"})
    assert page.status_code == 200
    body = page.content.decode().replace(analyst.display_name, "")
    assert "Protecting vulnerable people" in body
    words = set(re.findall(r"[A-Za-z][A-Za-z'-]+", re.sub(r"<[^>]+>", " ", body)))
    assert not words & set(Person.objects.values_list("family_name", flat=True))
    pdf = client.get(
        "/insights/inspection/download", {"format": "pdf", "from": "2025-09-01", "to": "2026-02-28"}
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    bad = client.get("/insights/inspection/", {"from": "March"})
    assert "YYYY-MM-DD" in bad.content.decode()

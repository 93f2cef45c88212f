"""Measure how tall pages are in Chromium: does a page fit a shift's screen?

Signs in to a running Safehold (the seeded demo login by default), answers the
justification page when one comes first, opens each path and prints
``document.body.scrollHeight`` in CSS pixels at a 1200 x 900 viewport, with the number of
table rows on the page. Start the server yourself against the database you want measured,
for example the synthetic force at scale 1::

    DATABASE_URL=sqlite:////tmp/force.sqlite3 .venv/bin/safehold seed --scale 1
    DATABASE_URL=sqlite:////tmp/force.sqlite3 .venv/bin/safehold runserver 127.0.0.1:8765
    .venv/bin/python bench/page_heights.py --base http://127.0.0.1:8765 \\
        /safeguarding/ /safeguarding/worklists/

Uses Debian's Chromium (``SAFEHOLD_CHROMIUM`` overrides the path).
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("SAFEHOLD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _answer_why(page: Any) -> None:
    if "Why do you need" in page.inner_text("h1"):
        page.get_by_role("radio").first.check()
        page.get_by_role("button").filter(has_text="Continue").first.click()


def measure(base: str, paths: list[str], username: str, password: str) -> list[dict[str, Any]]:
    """Return ``{path, height_px, rows}`` for each path."""
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        _sign_in(page, base, username, password)
        for path in paths:
            page.goto(f"{base}{path}")
            _answer_why(page)
            page.wait_for_load_state("networkidle")
            out.append(
                {
                    "path": path,
                    "height_px": page.evaluate("document.body.scrollHeight"),
                    "rows": page.locator("tbody tr").count(),
                }
            )
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="paths to measure, e.g. /safeguarding/")
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--user", default="safeguarding.demo")
    parser.add_argument("--password", default="safehold-demo")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    results = measure(args.base, args.paths, args.user, args.password)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        print(f"{r['path']:40} {r['height_px']:>7,} px  {r['rows']:>4} table rows")


if __name__ == "__main__":
    main()

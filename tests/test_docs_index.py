"""docs/README.md links every document, and every link in the docs leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _links(page: Path) -> set[Path]:
    text = page.read_text(encoding="utf-8")
    return {
        (page.parent / target).resolve()
        for target in LINK.findall(text)
        if "://" not in target and not target.startswith("mailto:")
    }


def test_the_docs_index_links_every_document() -> None:
    """Each file under docs/ (Markdown and templates) is linked from docs/README.md."""
    linked = _links(DOCS / "README.md")
    documents = {
        p.resolve()
        for p in DOCS.rglob("*")
        if p.is_file() and p.suffix in {".md", ".csv"} and p != DOCS / "README.md"
    }
    assert sorted(str(p.relative_to(DOCS)) for p in documents - linked) == []


def test_every_relative_link_in_the_docs_and_readme_exists() -> None:
    """No link in docs/ or the README points at a file that is not there."""
    broken = [
        f"{page.relative_to(ROOT)} -> {target.relative_to(ROOT)}"
        for page in [ROOT / "README.md", *DOCS.rglob("*.md")]
        for target in _links(page)
        if not target.exists() and target.is_relative_to(ROOT)
    ]
    outside = [
        f"{page.relative_to(ROOT)} -> {target}"
        for page in [ROOT / "README.md", *DOCS.rglob("*.md")]
        for target in _links(page)
        if not target.is_relative_to(ROOT)
    ]
    assert broken == []
    assert outside == []

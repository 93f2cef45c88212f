"""The repository stands alone: nothing it runs reads beside the checkout or a fixed folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREES = ("src", "tests", "bench")
FILES = ("Makefile", "README.md", "pyproject.toml")
# A path beside the checkout (the reference folder one level up), or the fixed folder the
# project's machines keep checkouts in. Built from parts so that this file, which is
# searched too, does not itself hold them.
FORBIDDEN = ("../" + "shared", "/" + "work" + "/")
TEXT_SUFFIXES = {".py", ".toml", ".html", ".md", ".txt", ".cfg", ".json", ".yaml", ".yml", ""}


def _files() -> list[Path]:
    found = [ROOT / name for name in FILES]
    for tree in TREES:
        found += [
            p
            for p in (ROOT / tree).rglob("*")
            if p.is_file() and p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts
        ]
    return found


def test_no_file_reaches_beside_the_checkout_or_into_a_fixed_folder() -> None:
    """No path to the reference folder beside the checkout and no fixed machine folder in
    src/, tests/, bench/, the Makefile, README or pyproject (this file included)."""
    hits = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in _files()
        for needle in FORBIDDEN
        if needle in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert hits == []

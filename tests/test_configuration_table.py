"""The README's configuration table lists every environment variable the code reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Reads of one variable: os.environ.get("X"), os.environ["X"], os.getenv("X"),
# and the settings helpers env_bool("X", ...) / env_int("X", ...).
READ = re.compile(
    r"""(?:environ(?:\.get)?[(\[]|getenv\(|env_(?:bool|int)\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by a library on Safehold's behalf: dj-database-url reads DATABASE_URL.
IMPLICIT = {"DATABASE_URL"}
# Python's and Django's own, not Safehold's configuration.
NOT_OURS = {"DJANGO_SETTINGS_MODULE"}


def _read_by_code() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src").rglob("*.py"):
        names.update(READ.findall(path.read_text(encoding="utf-8")))
    return (names | IMPLICIT) - NOT_OURS


def _in_readme_table() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_variable_the_code_reads_is_in_the_readme() -> None:
    """A variable read in src/ but missing from the table is named here."""
    assert sorted(_read_by_code() - _in_readme_table()) == []


def test_the_readme_lists_no_variable_the_code_does_not_read() -> None:
    """A row for a variable nothing reads any more is named here."""
    assert sorted(_in_readme_table() - _read_by_code()) == []


def test_the_scan_finds_the_settings_reads() -> None:
    """The scan sees both kinds of read (a guard on the regular expression)."""
    assert {"SAFEHOLD_SECRET_KEY", "SAFEHOLD_PAGE_SIZE", "SAFEHOLD_OSRM_URL"} <= _read_by_code()

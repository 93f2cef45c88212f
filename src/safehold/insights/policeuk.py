"""Ingest data.police.uk files (street, outcomes, stop-and-search) into the DuckDB store.

Paths may be single CSV files, folders (the monthly ``YYYY-MM/`` folders of a custom
download, searched recursively) or the archive zip. Each file is identified by the SHA-256
of its content: a file ingested before (under any name) is counted once and reported as a
duplicate. Its kind comes from its header, which must be exactly one of the three headers
of DOMAIN.md §5.1; a file with any other header (a missing column, say) is refused whole.
Rows that are not UTF-8, that the CSV reader cannot split (broken quoting) or that fail a
type check are kept out with the file, line and reason; the rest are stored.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from .duckdb_store import FileResult, PoliceUkStore
from .policeuk_schema import KINDS

HEADERS = {kind.header: name for name, kind in KINDS.items()}
MAX_REJECTS_SHOWN = 100


def packaged_dir() -> Path:
    """The Staffordshire street files packaged with Safehold (data/policeuk)."""
    return Path(settings.BASE_DIR) / "data" / "policeuk"


def ingest_packaged() -> int:
    """Ingest the packaged files (the demo does); the number of street rows stored."""
    report = ingest([packaged_dir()])
    return sum(report.by_crime_type.values())


def store_path() -> Path:
    return Path(settings.VAR_DIR) / "policeuk.duckdb"


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    by_crime_type: dict[str, int] = field(default_factory=dict)
    by_last_outcome: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [
                {
                    "file": f.file,
                    "kind": f.kind,
                    "status": f.status,
                    "rows_read": f.rows_read,
                    "rows_stored": f.rows_stored,
                    "rows_rejected": f.rows_rejected,
                    "rejects": [
                        {"line": ln, "field": fd, "message": m}
                        for ln, fd, m in (f.rejects or [])[:MAX_REJECTS_SHOWN]
                    ],
                }
                for f in self.files
            ],
            "rows_read": sum(f.rows_read for f in self.files),
            "rows_stored": sum(f.rows_stored for f in self.files),
            "rows_rejected": sum(f.rows_rejected for f in self.files),
            "by_crime_type": self.by_crime_type,
            "by_last_outcome": self.by_last_outcome,
        }


def _sources(paths: list[Path], scratch: Path) -> Iterator[tuple[str, Path]]:
    """(display name, file on disk) for every CSV under the paths, zips unpacked."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.suffix.lower() in (".csv", ".zip"):
                    yield from _sources([found], scratch)
        elif path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    if member.lower().endswith(".csv"):
                        target = scratch / hashlib.sha256(member.encode()).hexdigest()[:16]
                        target.write_bytes(archive.read(member))
                        yield f"{path.name}:{member}", target
        else:
            yield str(path), path


def _refused(name: str, message: str) -> FileResult:
    return FileResult(name, "", "refused", 0, 0, [(1, "header", message)])


def _split_utf8(data: bytes) -> tuple[bytes, list[tuple[int, str, str]]]:
    """The file without its lines that are not UTF-8, and those lines as rejects."""
    try:
        data.decode("utf-8")
        return data, []
    except UnicodeDecodeError:
        pass
    kept, dropped = [], []
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            line.decode("utf-8")
            kept.append(line)
        except UnicodeDecodeError as exc:
            dropped.append((number, "row", f"is not UTF-8 text ({exc.reason} at byte {exc.start})"))
    return b"".join(kept), dropped


def ingest(
    paths: list[Path],
    *,
    store_file: Path | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> IngestReport:
    """Ingest every file under ``paths``; see the module docstring."""
    report = IngestReport()
    tell = progress or (lambda fraction, message: None)
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        report.files.append(FileResult(str(path), "", "refused", 0, 0, [(0, "file", "not found")]))
    store = PoliceUkStore(str(store_file or store_path()))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sources = list(_sources([p for p in paths if p.exists()], Path(tmp)))
            for index, (name, path) in enumerate(sources):
                tell(index / max(len(sources), 1), Path(name).name)
                report.files.append(_one_file(store, name, path, Path(tmp)))
        report.by_crime_type, report.by_last_outcome = store.street_totals()
    finally:
        store.close()
    tell(1.0, "done")
    return report


def _one_file(store: PoliceUkStore, name: str, path: Path, scratch: Path) -> FileResult:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    end = data.find(b"\n")
    first = data[: end if end >= 0 else len(data)].rstrip(b"\r").removeprefix(b"\xef\xbb\xbf")
    header = first.decode("utf-8", errors="replace")
    kind = HEADERS.get(header)
    if kind is None:
        return _refused(name, _header_problem(header))
    if store.has(digest):
        return FileResult(name, kind, "duplicate")
    clean, dropped = _split_utf8(data)
    target = path
    if dropped:
        target = scratch / f"{digest[:16]}.clean.csv"
        target.write_bytes(clean)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return store.ingest(str(target), name, kind, digest, dropped, lines - 1)


def _header_problem(header: str) -> str:
    """Say which known header this one is nearest to, and what is missing or extra."""
    got = header.split(",")
    best = max(HEADERS, key=lambda h: len(set(h.split(",")) & set(got)))
    expected = best.split(",")
    missing = [c for c in expected if c not in got]
    extra = [c for c in got if c not in expected]
    parts = []
    if missing:
        parts.append("missing column(s) " + ", ".join(repr(c) for c in missing))
    if extra:
        parts.append("unknown column(s) " + ", ".join(repr(c) for c in extra))
    if not parts:
        parts.append("the columns are in the wrong order")
    return f"not a data.police.uk {HEADERS[best]} file: " + "; ".join(parts)


@dataclass(frozen=True, slots=True)
class OpenDataRow:
    force: str
    key: str
    crimes: int | None
    with_outcome_pct: float | None


def open_data_measures(threshold: int, store_file: Path | None = None) -> dict[str, Any]:
    """Counts and outcome shares by crime type, month and LSOA, per force (suppressed)."""
    path = store_file or store_path()
    if not path.exists():
        return {"forces": [], "by_crime_type": [], "by_month": [], "by_lsoa": [], "outcomes": []}
    store = PoliceUkStore(str(path))
    try:

        def table(by: str, limit: int | None = None) -> list[OpenDataRow]:
            out = []
            for force, key, n, with_outcome in store.counts(by):
                small = 0 < n < threshold
                out.append(
                    OpenDataRow(
                        force,
                        key,
                        None if small else n,
                        None if n < threshold else round(100 * with_outcome / n, 1),
                    )
                )
            return out[:limit] if limit else out

        shares = store.outcome_shares()
        totals: dict[str, int] = {}
        for force, _, n in shares:
            totals[force] = totals.get(force, 0) + n
        outcomes = [
            (
                force,
                category or "(none)",
                None if 0 < n < threshold else n,
                round(100 * n / totals[force], 1) if n >= threshold else None,
            )
            for force, category, n in shares
        ]
        return {
            "forces": sorted(totals),
            "by_crime_type": table("crime_type"),
            "by_month": table("month"),
            "by_lsoa": table("lsoa", 30),
            "outcomes": outcomes,
        }
    finally:
        store.close()

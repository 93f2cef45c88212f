"""Ingest data.police.uk files (street, outcomes, stop-and-search) into the DuckDB store.

Paths may be single CSV files, folders (the monthly ``YYYY-MM/`` folders of a custom
download, searched recursively) or the archive zip. A file's kind comes from its header,
which must be exactly one of the three headers of DOMAIN.md §5.1; a file with any other
header (a missing column, say) is refused whole. Rows that are not UTF-8, that the CSV
reader cannot split (broken quoting) or that fail a type check are kept out with the file,
line and reason. The rest are counted per file and key (month, force, LSOA, crime type,
last outcome for street files; see ``policeuk_schema``) and the counts stored, not the
rows (docs/decisions/0028-open-data-stored-as-counts.md).

Each file is identified by the SHA-256 of its content: a file ingested before (under any
name) is counted once and reported as a duplicate. The hashing runs in a thread while
DuckDB reads every file of a kind in one parallel pass; only files of a size already in
the store (the only ones that can be duplicates) are hashed before they are read, and the
counts of a file found to be a duplicate afterwards are dropped before anything is kept.

Its speed is measured by ``bench/ingest.py`` against its floor, the SHA-256 and a plain
parse of the same files (docs/decisions/0030-ingest-speed-against-its-floor.md).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings

from .duckdb_store import Kept, PoliceUkStore, Staged
from .policeuk_files import Facts, facts, header_kind, header_problem, sources
from .policeuk_sql import unskip

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
class FileResult:
    file: str
    kind: str
    status: str  # ingested, duplicate or refused
    rows_read: int = 0
    rows_stored: int = 0
    rejects: list[tuple[int, str, str]] | None = None  # (line, field, message)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejects or [])


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


def _refused(name: str, message: str) -> FileResult:
    return FileResult(name, "", "refused", 0, 0, [(1, "header", message)])


@dataclass
class _File:
    """One file whose header is right, on its way through the run."""

    index: int  # its place in the report
    name: str
    path: Path
    kind: str
    size: int
    read_path: str  # the file DuckDB reads (a cleaned copy if lines were not UTF-8)
    facts: Future[Facts] = field(default_factory=Future)  # hashing, in the thread


def ingest(
    paths: list[Path],
    *,
    store_file: Path | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> IngestReport:
    """Ingest every file under ``paths``; see the module docstring."""
    tell = progress or (lambda fraction, message: None)
    report = IngestReport()
    for path in paths:
        if not path.exists():
            report.files.append(
                FileResult(str(path), "", "refused", 0, 0, [(0, "file", "not found")])
            )
    results: dict[int, FileResult] = {}  # by the file's place among the sources
    store = PoliceUkStore(str(store_file or store_path()))
    try:
        with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=1) as pool:
            _run(store, [p for p in paths if p.exists()], Path(tmp), pool, results, tell)
        report.files += [results[i] for i in sorted(results)]
        report.by_crime_type, report.by_last_outcome = store.street_totals()
    finally:
        store.close()
    tell(1.0, "done")
    return report


def _run(
    store: PoliceUkStore,
    paths: list[Path],
    scratch: Path,
    pool: ThreadPoolExecutor,
    results: dict[int, FileResult],
    tell: Callable[[float, str], None],
) -> None:
    tell(0.0, "checking headers")
    digests, sizes = store.stored()
    found: list[_File] = []
    seen_paths: set[str] = set()
    for index, (name, path) in enumerate(sources(paths, scratch)):
        kind, header = header_kind(path)
        if kind is None:
            results[index] = _refused(name, header_problem(header))
        elif str(path.resolve()) in seen_paths:  # the same file named twice
            results[index] = FileResult(name, kind, "duplicate")
        else:
            seen_paths.add(str(path.resolve()))
            found.append(_File(index, name, path, kind, path.stat().st_size, str(path)))
    # A file of a size already stored may be a duplicate: know before reading it (these
    # are hashed first); the others are hashed while the reader runs.
    suspects = [f for f in found if f.size in sizes or None in sizes]
    todo = [f for f in found if not (f.size in sizes or None in sizes)]
    for item in [*suspects, *todo]:
        item.facts = pool.submit(facts, item.path)
    for item in suspects:
        if item.facts.result().digest in digests:
            results[item.index] = FileResult(item.name, item.kind, "duplicate")
        else:
            todo.append(item)
    todo.sort(key=lambda f: f.index)
    # Every file of a kind in one pass of the reader, while the thread hashes them.
    kinds = sorted({f.kind for f in todo})
    staged: dict[str, Staged] = {}
    for n, kind in enumerate(kinds):
        files = [f for f in todo if f.kind == kind]
        message = f"reading {len(files)} {kind} file(s)"
        tell(0.05 + 0.75 * n / len(kinds), message)
        staged |= store.stage(
            kind, [f.read_path for f in files], partial(_within, tell, n, len(kinds), message)
        )
    tell(0.8, "checking")
    keep: list[_File] = []
    for item in todo:
        known = item.facts.result()
        if known.digest in digests:  # the same content twice in this run
            results[item.index] = FileResult(item.name, item.kind, "duplicate")
            continue
        digests.add(known.digest)
        if known.clean is not None:  # lines not UTF-8: read a copy without them
            copy = scratch / f"{known.digest[:16]}.clean.csv"
            copy.write_bytes(known.clean)
            item.read_path = str(copy)
            staged |= store.stage(item.kind, [item.read_path])
        keep.append(item)
    tell(0.9, "storing")
    kept = [_kept(store, item, staged[item.read_path]) for item in keep]
    stored = store.keep(kept)
    for item, k, rows in zip(keep, kept, stored, strict=True):
        results[item.index] = FileResult(
            item.name, item.kind, "ingested", k.rows_read, rows, k.rejects
        )


def _within(tell: Callable[[float, str], None], n: int, of: int, message: str, done: float) -> None:
    """Progress of the n-th of ``of`` reader passes, which take 5% to 80% of the bar."""
    tell(0.05 + 0.75 * (n + done) / of, message)


def _kept(store: PoliceUkStore, item: _File, staged: Staged) -> Kept:
    """One file's rows read and rejects (one per line, original line numbers): the lines
    not UTF-8, the rows the reader kept out, and the rows failing a check."""
    found = item.facts.result()
    original = unskip([line for line, _, _ in found.dropped])
    rejects = [*found.dropped, *((original(ln), f, m) for ln, f, m in staged.rejects)]
    if staged.bad:
        gone = sorted({line for line, _, _ in rejects})
        rejects += store.failing_checks(item.kind, item.read_path, gone)
    first: dict[int, tuple[int, str, str]] = {}
    for reject in sorted(rejects):
        first.setdefault(reject[0], reject)
    kept_out = list(first.values())
    read = staged.rows - staged.bad + len(kept_out)
    return Kept(item.read_path, item.name, item.kind, found.digest, item.size, read, kept_out)


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

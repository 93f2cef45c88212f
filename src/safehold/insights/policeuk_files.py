"""The data.police.uk files before DuckDB reads them: where they are (files, folders, zips),
what kind each is (its header), and what only Python checks (each file's SHA-256 and the
lines that are not UTF-8). Plain Python: no Django, no DuckDB."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .policeuk_schema import KINDS

HEADERS = {kind.header: name for name, kind in KINDS.items()}


def sources(paths: list[Path], scratch: Path) -> Iterator[tuple[str, Path]]:
    """(display name, file on disk) for every CSV under the paths, zips unpacked."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.suffix.lower() in (".csv", ".zip"):
                    yield from sources([found], scratch)
        elif path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    if member.lower().endswith(".csv"):
                        target = scratch / hashlib.sha256(member.encode()).hexdigest()[:16]
                        target.write_bytes(archive.read(member))
                        yield f"{path.name}:{member}", target
        else:
            yield str(path), path


def header_kind(path: Path) -> tuple[str | None, str]:
    """The kind of file its first line names (None if no kind), and the line."""
    with path.open("rb") as f:
        first = f.readline()
    first = first.rstrip(b"\r\n").removeprefix(b"\xef\xbb\xbf")
    header = first.decode("utf-8", errors="replace")
    return HEADERS.get(header), header


def header_problem(header: str) -> str:
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
class Facts:
    """What Python learns from one file's bytes: its SHA-256, the lines that are not
    UTF-8 as rejects (line, field, message), and the file without them (only when there
    are any)."""

    digest: str
    dropped: list[tuple[int, str, str]]
    clean: bytes | None


CHUNK = 1 << 20


def facts(path: Path) -> Facts:
    """Read one file once, in chunks: its SHA-256 (hashlib releases the GIL, so this runs
    in a thread beside DuckDB's reader) and whether it is all ASCII, which most files are
    and which is ten times faster to check than UTF-8. Only a file that is not is read
    whole again, to find its lines that are not UTF-8."""
    digest = hashlib.sha256()
    ascii_only = True
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as f:
        while n := f.readinto(buffer):
            digest.update(view[:n])
            if ascii_only:
                ascii_only = buffer.isascii() if n == CHUNK else bytes(view[:n]).isascii()
    if ascii_only:
        return Facts(digest.hexdigest(), [], None)
    clean, dropped = _split_utf8(path.read_bytes())
    return Facts(digest.hexdigest(), dropped, clean if dropped else None)


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

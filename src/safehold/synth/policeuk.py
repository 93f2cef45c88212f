"""Build the packaged street points from data.police.uk street files.

The synthetic force places homes at the anonymised "On or near ..." snap points of the
data.police.uk street files in the repository's ``data/policeuk`` folder (Open Government
Licence v3.0; see ``data/policeuk/SOURCES.md``). Only coordinates, the street name and the
district (from the LSOA name) are kept: this module reads the monthly files and writes the
compact ``synth/data/street-points.csv`` that :mod:`safehold.synth.geography` reads.

Rebuild after changing the files in ``data/policeuk``::

    .venv/bin/python -m safehold.synth.policeuk data/policeuk \
        src/safehold/synth/data/street-points.csv

(``make street-points`` does the same.)
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from safehold.synth.geography import DISTRICTS, POINTS_HEADER, StreetPoint

__all__ = ["main", "read_street_files", "write_points"]

_SKIPPED_LOCATIONS = {"no location", "parking area", "supermarket"}


def _district_of(lsoa_name: str) -> str | None:
    base = lsoa_name.rsplit(" ", 1)[0] if lsoa_name else ""
    return base if base in DISTRICTS else None


def _read_street_file(path: Path) -> Iterable[StreetPoint]:
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            district = _district_of(row.get("LSOA name", ""))
            lon, lat = row.get("Longitude", ""), row.get("Latitude", "")
            if district is None or not lat or not lon:
                continue
            street = row.get("Location", "").removeprefix("On or near ").strip()
            if not street or street.lower() in _SKIPPED_LOCATIONS:
                continue
            yield StreetPoint(round(float(lat), 6), round(float(lon), 6), street, district)


def read_street_files(folder: Path) -> tuple[StreetPoint, ...]:
    """Every distinct Staffordshire street point in ``folder/*-street.csv``, in a stable order.

    Raises FileNotFoundError naming the folder when it holds no street file.
    """
    files = sorted(folder.glob("*-street.csv"))
    if not files:
        raise FileNotFoundError(f"{folder}: no data.police.uk *-street.csv files")
    points = {p for f in files for p in _read_street_file(f)}
    return tuple(sorted(points, key=lambda p: (p.district, p.street, p.lat, p.lon)))


def write_points(points: Sequence[StreetPoint], target: Path) -> None:
    """Write the compact file: one ``lat,lon,street,district`` row per point, in order."""
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(POINTS_HEADER)
        for p in points:
            writer.writerow((repr(p.lat), repr(p.lon), p.street, p.district))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m safehold.synth.policeuk",
        description="Derive the packaged street points from data.police.uk street files.",
    )
    parser.add_argument("source", type=Path, help="folder of YYYY-MM-<force>-street.csv files")
    parser.add_argument("target", type=Path, help="the street-points CSV to write")
    args = parser.parse_args(argv)
    points = read_street_files(args.source)
    write_points(points, args.target)
    print(f"{args.target}: {len(points)} street points from {args.source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

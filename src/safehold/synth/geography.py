"""Where the synthetic force lives: real stations, real street points, invented people.

Police stations are placed at their real coordinates (to within a street). Homes are
placed at the anonymised "on or near" snap points of the data.police.uk street files in
``../shared/data/policeuk`` — coordinates and street names only, nothing else from the
files is used. When those files are not on the machine the points are drawn around the
towns instead, so the synthetic force still builds (with a warning).
"""

from __future__ import annotations

import csv
import math
import os
import random
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "DISTRICTS",
    "STATIONS",
    "Station",
    "StreetPoint",
    "haversine_km",
    "load_street_points",
    "nearest_station",
    "policeuk_dir",
]


@dataclass(frozen=True, slots=True)
class Station:
    """A police station: a base for officers and a depot for visit routes."""

    code: str
    name: str
    town: str
    district: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class StreetPoint:
    """An anonymised street location from data.police.uk ("On or near ...")."""

    lat: float
    lon: float
    street: str
    district: str


# Local authority districts of Staffordshire as they appear in LSOA names.
DISTRICTS: tuple[str, ...] = (
    "Stoke-on-Trent",
    "Stafford",
    "East Staffordshire",
    "Newcastle-under-Lyme",
    "Cannock Chase",
    "Lichfield",
    "South Staffordshire",
    "Tamworth",
    "Staffordshire Moorlands",
)

STATIONS: tuple[Station, ...] = (
    Station("HAN", "Hanley Police Station", "Hanley", "Stoke-on-Trent", 53.0244, -2.1741),
    Station("LON", "Longton Police Station", "Longton", "Stoke-on-Trent", 52.9884, -2.1330),
    Station("STA", "Stafford Police Station", "Stafford", "Stafford", 52.8068, -2.1141),
    Station("STO", "Stone Police Station", "Stone", "Stafford", 52.9033, -2.1468),
    Station(
        "BUR", "Burton Police Station", "Burton upon Trent", "East Staffordshire", 52.8064, -1.6393
    ),
    Station("UTT", "Uttoxeter Police Station", "Uttoxeter", "East Staffordshire", 52.8985, -1.8652),
    Station(
        "NUL",
        "Newcastle Police Station",
        "Newcastle-under-Lyme",
        "Newcastle-under-Lyme",
        53.0124,
        -2.2290,
    ),
    Station("CAN", "Cannock Police Station", "Cannock", "Cannock Chase", 52.6893, -2.0287),
    Station("RUG", "Rugeley Police Station", "Rugeley", "Cannock Chase", 52.7596, -1.9357),
    Station("LIC", "Lichfield Police Station", "Lichfield", "Lichfield", 52.6818, -1.8275),
    Station("TAM", "Tamworth Police Station", "Tamworth", "Tamworth", 52.6335, -1.6927),
    Station(
        "WOM", "Wombourne Police Station", "Wombourne", "South Staffordshire", 52.5338, -2.1860
    ),
    Station("LEE", "Leek Police Station", "Leek", "Staffordshire Moorlands", 53.1058, -2.0243),
    Station(
        "CHE", "Cheadle Police Station", "Cheadle", "Staffordshire Moorlands", 52.9866, -1.9887
    ),
)

_STREET_HEADER = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres on a 6,371 km sphere."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def nearest_station(lat: float, lon: float, stations: Sequence[Station] = STATIONS) -> Station:
    """The station closest to a point as the crow flies."""
    return min(stations, key=lambda s: haversine_km(lat, lon, s.lat, s.lon))


def policeuk_dir() -> Path | None:
    """Find the folder of data.police.uk street files, or None.

    ``SAFEHOLD_POLICEUK_DIR`` wins; otherwise ``shared/data/policeuk`` beside the
    checkout (``../shared``) or in any folder above it, as laid out on the project's
    machines, or at that layout's usual place (``/work/shared``) for a clone elsewhere.
    """
    configured = os.environ.get("SAFEHOLD_POLICEUK_DIR")
    if configured:
        return Path(configured)
    here = Path(__file__).resolve()
    for parent in (*here.parents, Path("/work")):
        candidate = parent / "shared" / "data" / "policeuk"
        if candidate.is_dir():
            return candidate
    return None


def _district_of(lsoa_name: str) -> str | None:
    base = lsoa_name.rsplit(" ", 1)[0] if lsoa_name else ""
    return base if base in DISTRICTS else None


def _read_street_file(path: Path) -> Iterable[StreetPoint]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            district = _district_of(row.get("LSOA name", ""))
            lon, lat = row.get("Longitude", ""), row.get("Latitude", "")
            if district is None or not lat or not lon:
                continue
            street = row.get("Location", "").removeprefix("On or near ").strip()
            if not street or street.lower() in {"no location", "parking area", "supermarket"}:
                continue
            yield StreetPoint(round(float(lat), 6), round(float(lon), 6), street, district)


@cache
def _points_from(folder: Path | None) -> tuple[StreetPoint, ...]:
    if folder is not None:
        files = sorted(folder.glob("*-street.csv"))
        points = {p for f in files for p in _read_street_file(f)}
        if points:
            return tuple(sorted(points, key=lambda p: (p.district, p.street, p.lat, p.lon)))
    warnings.warn(
        "data.police.uk street files not found (set SAFEHOLD_POLICEUK_DIR); "
        "placing synthetic homes around the towns instead",
        stacklevel=3,
    )
    return _fallback_points()


def _fallback_points(per_station: int = 400) -> tuple[StreetPoint, ...]:
    rng = random.Random(20240101)
    points = []
    for station in STATIONS:
        for i in range(per_station):
            # Within about 6 km of the town centre.
            r_km, theta = 6.0 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
            lat = station.lat + (r_km / 111.0) * math.cos(theta)
            lon = station.lon + (r_km / (111.0 * math.cos(math.radians(station.lat)))) * math.sin(
                theta
            )
            points.append(
                StreetPoint(
                    round(lat, 6), round(lon, 6), f"{station.town} Road {i + 1}", station.district
                )
            )
    return tuple(points)


def load_street_points(folder: Path | None = None) -> tuple[StreetPoint, ...]:
    """All distinct Staffordshire street points, in a stable order.

    Parameters
    ----------
    folder
        A folder of ``YYYY-MM-<force>-street.csv`` files; by default :func:`policeuk_dir`.
    """
    return _points_from(folder if folder is not None else policeuk_dir())

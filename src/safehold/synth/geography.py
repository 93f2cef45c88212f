"""Where the synthetic force lives: real stations, real street points, invented people.

Police stations are placed at their real coordinates (to within a street). Homes are
placed at the anonymised "on or near" snap points of the data.police.uk street files
(Open Government Licence v3.0), packaged as ``synth/data/street-points.csv``: latitude,
longitude, street and district only, derived from the files in the repository's
``data/policeuk`` folder by :mod:`safehold.synth.policeuk`. Nothing is read from outside
the package.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "DISTRICTS",
    "STATIONS",
    "Station",
    "StreetPoint",
    "haversine_km",
    "load_street_points",
    "nearest_station",
]

# The packaged street points (``python -m safehold.synth.policeuk`` rebuilds them).
POINTS_FILE = ("data", "street-points.csv")
POINTS_HEADER = ("lat", "lon", "street", "district")


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


@cache
def _packaged_points() -> tuple[StreetPoint, ...]:
    text = resources.files("safehold.synth").joinpath(*POINTS_FILE).read_text(encoding="utf-8")
    rows = csv.reader(io.StringIO(text))
    header = next(rows)
    if tuple(header) != POINTS_HEADER:
        raise ValueError(f"{'/'.join(POINTS_FILE)}: header {header}, expected {POINTS_HEADER}")
    return tuple(
        StreetPoint(float(lat), float(lon), street, district) for lat, lon, street, district in rows
    )


def load_street_points() -> tuple[StreetPoint, ...]:
    """All distinct Staffordshire street points, in a stable order (the packaged file)."""
    return _packaged_points()

"""Travel times between stations and homes, behind one small port.

The planner asks a :class:`TravelTimes` provider for two square integer matrices over a
list of ``(lat, lon)`` points: metres and seconds. Three providers live here:

- :class:`HaversineTravelTimes` (the default): great-circle distance times a circuity
  factor at a flat speed. Embedded, no network, good enough to rank routes.
- :class:`OsrmTravelTimes`: an OSRM server's ``/table`` service, for forces that run one.
- :class:`FakeTravelTimes`: a test double with hand-checkable numbers that records every
  call.

Errors
------
Every failure of a provider is a :class:`TravelTimesError` with a stable ``code``:

- ``osrm_unavailable``: the server could not be reached or timed out.
- ``osrm_http_error``: the server answered with an HTTP error status (OSRM answers a
  malformed query with 400 and a JSON ``code`` such as ``InvalidQuery``; that code and
  message are kept in ``osrm_code`` and the text).
- ``osrm_bad_json``: the body was not the JSON an OSRM table answer has.
- ``osrm_not_ok``: the JSON ``code`` was not ``"Ok"`` (for example ``NoTable``, ``TooBig``).
- ``osrm_unreachable``: a cell was ``null`` because one point cannot be reached from
  another on the road network; the pairs are listed.
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

__all__ = [
    "FakeTravelTimes",
    "HaversineTravelTimes",
    "LatLon",
    "OsrmTravelTimes",
    "TravelMatrices",
    "TravelTimes",
    "TravelTimesError",
]

LatLon = tuple[float, float]
IntMatrix = npt.NDArray[np.int64]

_EARTH_RADIUS_M = 6_371_000.0


class TravelTimesError(Exception):
    """A travel-time provider could not give the matrices; ``code`` says which failure.

    Parameters
    ----------
    code
        Stable machine-readable code (see the module docstring).
    message
        What went wrong and what to check.
    osrm_code
        The ``code`` field of OSRM's JSON answer, when there was one.
    """

    def __init__(self, code: str, message: str, *, osrm_code: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.osrm_code = osrm_code


@dataclass(frozen=True, slots=True, eq=False)
class TravelMatrices:
    """Road distance in metres and driving time in seconds between every two points.

    ``metres[i, j]`` is the trip from point ``i`` to point ``j``; the diagonal is zero.
    """

    metres: IntMatrix
    seconds: IntMatrix

    def __post_init__(self) -> None:
        for name in ("metres", "seconds"):
            matrix = getattr(self, name)
            if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
                raise ValueError(f"{name} must be a square matrix, got shape {matrix.shape}")
            if matrix.dtype != np.int64:
                raise ValueError(f"{name} must hold int64, got {matrix.dtype}; round first")
            if matrix.size and int(matrix.min()) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.metres.shape != self.seconds.shape:
            raise ValueError(
                f"metres {self.metres.shape} and seconds {self.seconds.shape} differ in shape"
            )

    @property
    def size(self) -> int:
        """Number of points."""
        return int(self.metres.shape[0])


class TravelTimes(Protocol):
    """Port: gives travel matrices over a list of points."""

    def matrices(self, points: Sequence[LatLon]) -> TravelMatrices:
        """Metres and seconds between every two of ``points`` (``(lat, lon)`` pairs)."""
        ...


def _check_points(points: Sequence[LatLon]) -> None:
    for index, (lat, lon) in enumerate(points):
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise ValueError(
                f"point {index} is ({lat}, {lon}); give (latitude, longitude) in degrees"
            )


@dataclass(frozen=True, slots=True)
class HaversineTravelTimes:
    """Great-circle distance times a circuity factor, driven at a flat speed.

    Parameters
    ----------
    circuity
        Road distance over straight-line distance; 1.3 is typical for English counties.
    speed_kmh
        Average driving speed, door to door.
    """

    circuity: float = 1.3
    speed_kmh: float = 40.0

    def __post_init__(self) -> None:
        if not 1.0 <= self.circuity <= 3.0:
            raise ValueError(f"circuity is {self.circuity}; give a factor between 1.0 and 3.0")
        if not 1.0 <= self.speed_kmh <= 130.0:
            raise ValueError(f"speed_kmh is {self.speed_kmh}; give a speed between 1 and 130")

    def matrices(self, points: Sequence[LatLon]) -> TravelMatrices:
        """Metres and seconds between every two points, computed in one numpy pass."""
        _check_points(points)
        if not points:
            empty = np.zeros((0, 0), dtype=np.int64)
            return TravelMatrices(empty, empty.copy())
        coords = np.radians(np.asarray(points, dtype=np.float64))
        lat, lon = coords[:, 0], coords[:, 1]
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        a = (
            np.sin(dlat / 2) ** 2
            + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
        )
        road_m = 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))) * self.circuity
        del a, dlat, dlon
        metres = np.rint(road_m).astype(np.int64)
        seconds = np.rint(road_m * (3.6 / self.speed_kmh)).astype(np.int64)
        return TravelMatrices(metres, seconds)


@dataclass(slots=True)
class OsrmTravelTimes:
    """An OSRM server's ``/table`` service (``annotations=duration,distance``).

    Large point lists are split into blocks of at most ``max_table_size`` sources by
    ``max_table_size`` destinations, which is what OSRM's ``--max-table-size`` allows.

    Parameters
    ----------
    base_url
        Where the server listens, for example ``http://osrm.internal:5000``.
    timeout_s
        Seconds to wait for each request.
    profile
        The routing profile in the URL; OSRM ignores it on a single-profile server.
    max_table_size
        The server's ``--max-table-size`` (OSRM's default is 100).
    """

    base_url: str
    timeout_s: float = 30.0
    profile: str = "driving"
    max_table_size: int = 100

    def __post_init__(self) -> None:
        parsed = urllib.parse.urlsplit(self.base_url)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ValueError(
                f"base_url {self.base_url!r} is not an http(s) URL; "
                "give one such as http://localhost:5000"
            )
        if self.timeout_s <= 0:
            raise ValueError(f"timeout_s is {self.timeout_s}; give a positive number of seconds")
        if self.max_table_size < 2:
            raise ValueError(f"max_table_size is {self.max_table_size}; give at least 2")

    def matrices(self, points: Sequence[LatLon]) -> TravelMatrices:
        """Ask the server for every block of the matrix and assemble the answer."""
        _check_points(points)
        n = len(points)
        metres = np.zeros((n, n), dtype=np.int64)
        seconds = np.zeros((n, n), dtype=np.int64)
        step = self.max_table_size
        for row in range(0, n, step):
            sources = list(range(row, min(row + step, n)))
            for col in range(0, n, step):
                destinations = list(range(col, min(col + step, n)))
                durations, distances = self._block(points, sources, destinations)
                metres[row : row + len(sources), col : col + len(destinations)] = distances
                seconds[row : row + len(sources), col : col + len(destinations)] = durations
        np.fill_diagonal(metres, 0)
        np.fill_diagonal(seconds, 0)
        return TravelMatrices(metres, seconds)

    def _block(
        self, points: Sequence[LatLon], sources: list[int], destinations: list[int]
    ) -> tuple[IntMatrix, IntMatrix]:
        if sources == destinations:
            coords = [points[i] for i in sources]
            query = {"annotations": "duration,distance"}
        else:
            coords = [points[i] for i in sources] + [points[j] for j in destinations]
            query = {
                "annotations": "duration,distance",
                "sources": ";".join(str(i) for i in range(len(sources))),
                "destinations": ";".join(str(len(sources) + j) for j in range(len(destinations))),
            }
        path = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in coords)
        url = (
            f"{self.base_url.rstrip('/')}/table/v1/{self.profile}/{path}"
            f"?{urllib.parse.urlencode(query, safe=',;')}"
        )
        answer = self._get(url)
        durations = _cells(answer, "durations", len(sources), len(destinations))
        distances = _cells(answer, "distances", len(sources), len(destinations))
        missing = [
            (sources[i], destinations[j])
            for i in range(len(sources))
            for j in range(len(destinations))
            if durations[i][j] is None or distances[i][j] is None
        ]
        if missing:
            shown = ", ".join(f"{a}->{b}" for a, b in missing[:5])
            raise TravelTimesError(
                "osrm_unreachable",
                f"OSRM finds no road route for {len(missing)} point pair(s) ({shown}); "
                "check those coordinates are on the road network the server was built from",
            )
        return (
            np.rint(np.asarray(durations, dtype=np.float64)).astype(np.int64),
            np.rint(np.asarray(distances, dtype=np.float64)).astype(np.int64),
        )

    def _get(self, url: str) -> dict[str, Any]:
        # S310 (file:/ or custom schemes): the URL is base_url + a path; __post_init__
        # refuses any base_url whose scheme is not http or https.
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 -- http(s) only, checked in __post_init__
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:  # noqa: S310 -- http(s) only, checked in __post_init__
                body = response.read()
        except urllib.error.HTTPError as error:
            osrm_code, detail = _osrm_error_fields(error.read())
            raise TravelTimesError(
                "osrm_http_error",
                f"OSRM answered HTTP {error.code}"
                + (f" {osrm_code}: {detail}" if osrm_code else "")
                + "; check the server URL and the coordinates sent",
                osrm_code=osrm_code,
            ) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise TravelTimesError(
                "osrm_unavailable",
                f"cannot reach the OSRM server at {self.base_url} ({error}); "
                "check it is running and the URL is right",
            ) from error
        try:
            answer = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise TravelTimesError(
                "osrm_bad_json",
                f"OSRM's answer is not JSON ({error}); check base_url points at an OSRM server",
            ) from error
        if not isinstance(answer, dict):
            raise TravelTimesError(
                "osrm_bad_json", "OSRM's answer is not a JSON object; is this an OSRM server?"
            )
        code = answer.get("code")
        if code != "Ok":
            raise TravelTimesError(
                "osrm_not_ok",
                f"OSRM answered code {code!r}: {answer.get('message', 'no message')}",
                osrm_code=str(code) if code is not None else None,
            )
        return answer


def _osrm_error_fields(body: bytes) -> tuple[str | None, str]:
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, ""
    if not isinstance(answer, dict):
        return None, ""
    code = answer.get("code")
    return (str(code) if code is not None else None), str(answer.get("message", ""))


def _cells(answer: dict[str, Any], key: str, rows: int, cols: int) -> list[list[float | None]]:
    table = answer.get(key)
    if (
        not isinstance(table, list)
        or len(table) != rows
        or any(not isinstance(row, list) or len(row) != cols for row in table)
    ):
        raise TravelTimesError(
            "osrm_bad_json",
            f"OSRM's answer has no {rows}x{cols} {key!r} table; "
            "is the server new enough for annotations=duration,distance?",
        )
    for row in table:
        for cell in row:
            if cell is not None and (
                not isinstance(cell, int | float) or isinstance(cell, bool) or cell < 0
            ):
                raise TravelTimesError(
                    "osrm_bad_json", f"OSRM's {key!r} table holds {cell!r}, not a number"
                )
    return table


@dataclass(slots=True)
class FakeTravelTimes:
    """A test double: straight lines on a flat grid, at a flat speed, recorded.

    Each point is read as ``(y, x)`` in kilometres on a plane rather than as degrees,
    so travel is easy to work out by hand: the metres are ``1000 * euclidean distance``
    rounded, the seconds are ``metres / metres_per_second`` rounded.

    Parameters
    ----------
    metres_per_second
        Driving speed; the default 10 m/s makes one kilometre 100 seconds.
    calls
        Every point list the planner asked about, in order.
    """

    metres_per_second: float = 10.0
    calls: list[tuple[LatLon, ...]] = field(default_factory=list)

    def matrices(self, points: Sequence[LatLon]) -> TravelMatrices:
        """Flat-grid metres and seconds, and note the call."""
        self.calls.append(tuple(points))
        n = len(points)
        metres = np.zeros((n, n), dtype=np.int64)
        seconds = np.zeros((n, n), dtype=np.int64)
        for i, (yi, xi) in enumerate(points):
            for j, (yj, xj) in enumerate(points):
                m = 1000.0 * math.hypot(yi - yj, xi - xj)
                metres[i, j] = round(m)
                seconds[i, j] = round(m / self.metres_per_second)
        return TravelMatrices(metres, seconds)

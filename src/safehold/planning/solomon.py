"""Read Solomon's VRPTW benchmark files (the 1987 text format), as plain data.

PyVRP 0.14 reads VRPLIB only, so the Solomon benchmark that ``bench/vrptw.py`` runs
through the planner's solver module comes in through this reader. The format is::

    C101

    VEHICLE
    NUMBER     CAPACITY
      25         200

    CUSTOMER
    CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

        0      40         50          0          0       1236          0
        1      45         68         10        912        967         90
        ...

Row 0 is the depot; its due date closes the horizon. A solution (:class:`VrptwSolution`)
follows the DIMACS convention: every number scaled by 10 and truncated (:func:`dimacs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "SolomonCustomer",
    "SolomonFormatError",
    "SolomonInstance",
    "VrptwSolution",
    "dimacs",
    "dimacs_distances",
    "read_solomon",
]


class SolomonFormatError(ValueError):
    """The text is not a Solomon instance; the message names the line at fault."""

    code = "solomon_format"


@dataclass(frozen=True, slots=True)
class SolomonCustomer:
    """One row of the customer table; number 0 is the depot."""

    number: int
    x: float
    y: float
    demand: float
    ready_time: float
    due_date: float
    service_time: float


@dataclass(frozen=True, slots=True)
class SolomonInstance:
    """A Solomon VRPTW instance: the depot, the customers and the fleet."""

    name: str
    vehicles: int
    capacity: float
    depot: SolomonCustomer
    customers: tuple[SolomonCustomer, ...]

    def __post_init__(self) -> None:
        if self.vehicles < 1:
            raise SolomonFormatError(f"{self.name}: the fleet has {self.vehicles} vehicles")
        if self.capacity <= 0:
            raise SolomonFormatError(f"{self.name}: vehicle capacity is {self.capacity}")


def _numbers(line: str, count: int, where: str) -> list[float]:
    parts = line.split()
    if len(parts) != count:
        raise SolomonFormatError(f"{where}: expected {count} numbers, found {line.strip()!r}")
    try:
        return [float(part) for part in parts]
    except ValueError as error:
        raise SolomonFormatError(f"{where}: {line.strip()!r} is not all numbers") from error


def parse_solomon(text: str, *, source: str = "<text>") -> SolomonInstance:
    """Parse the text of a Solomon instance.

    Parameters
    ----------
    text
        The whole file.
    source
        Where the text came from, for error messages.

    Raises
    ------
    SolomonFormatError
        When a header or a row is not where the format puts it.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 7:
        raise SolomonFormatError(f"{source}: too short for a Solomon instance")
    name = lines[0].strip()
    if "VEHICLE" not in lines[1].upper() or "CAPACITY" not in lines[2].upper():
        raise SolomonFormatError(f"{source}: no VEHICLE / NUMBER CAPACITY header on lines 2-3")
    vehicles, capacity = _numbers(lines[3], 2, f"{source} fleet line")
    if "CUSTOMER" not in lines[4].upper() or "SERVICE" not in lines[5].upper():
        raise SolomonFormatError(f"{source}: no CUSTOMER table header after the fleet line")
    rows: list[SolomonCustomer] = []
    for offset, line in enumerate(lines[6:], start=7):
        number, x, y, demand, ready, due, service = _numbers(
            line, 7, f"{source} customer row {offset}"
        )
        if number != len(rows):
            raise SolomonFormatError(
                f"{source}: customer row {offset} is numbered {number:g}, expected {len(rows)}"
            )
        if due < ready:
            raise SolomonFormatError(
                f"{source}: customer {number:g} is due at {due:g} before it is ready at {ready:g}"
            )
        rows.append(SolomonCustomer(int(number), x, y, demand, ready, due, service))
    if len(rows) < 2:
        raise SolomonFormatError(f"{source}: no customers after the depot")
    return SolomonInstance(
        name=name,
        vehicles=int(vehicles),
        capacity=capacity,
        depot=rows[0],
        customers=tuple(rows[1:]),
    )


def read_solomon(path: str | Path) -> SolomonInstance:
    """Read a Solomon instance from a file (see :func:`parse_solomon`)."""
    where = Path(path)
    return parse_solomon(where.read_text(encoding="utf-8"), source=str(where))


@dataclass(frozen=True, slots=True)
class VrptwSolution:
    """A Solomon VRPTW solution in the DIMACS convention (distances cut to 0.1)."""

    distance: float
    routes: tuple[tuple[int, ...], ...]
    feasible: bool
    iterations: int
    runtime_s: float

    @property
    def vehicles(self) -> int:
        """Routes used."""
        return len(self.routes)


def dimacs(value: float) -> int:
    """Round a number of an instance the DIMACS way: scale by 10, then truncate."""
    return int(np.int64(10 * value))


def dimacs_distances(instance: SolomonInstance) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The Euclidean distances between the depot and the customers, times 10, truncated."""
    nodes = (instance.depot, *instance.customers)
    coords = np.array([[n.x, n.y] for n in nodes], dtype=np.float64)
    # The same arithmetic as vrplib's pairwise_euclidean, so the matrix matches PyVRP's
    # own reader bit for bit.
    squares = (coords**2).sum(axis=1)
    squared = np.add.outer(squares, squares) - 2 * (coords @ coords.T)
    np.fill_diagonal(squared, 0)
    distances: np.ndarray[Any, np.dtype[np.int64]] = (10 * np.sqrt(squared)).astype(np.int64)
    return distances

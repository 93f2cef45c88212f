"""Our Solomon reader and the VRPTW entry point the Solomon benchmark uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from safehold.planning.solomon import SolomonFormatError, parse_solomon, read_solomon
from safehold.planning.solver import solve_vrptw

# The instances the tests and bench/vrptw.py use, carried in the repository.
SOLOMON = Path(__file__).resolve().parents[2] / "data" / "vrptw" / "solomon"

TINY = """TINY

VEHICLE
NUMBER     CAPACITY
  2         20

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0          0           0          0       1000          0
    1      3          4          10          0        100          5
    2      6          8          10          0        200          5
    3     -3         -4          10          0        100          5
"""


def test_c101_has_100_customers_and_vehicles_of_capacity_200() -> None:
    """C101: 25 vehicles of capacity 200, depot open 0-1236, customer 1 at (45, 68)."""
    instance = read_solomon(SOLOMON / "C101.txt")
    assert instance.name == "C101"
    assert (instance.vehicles, instance.capacity) == (25, 200)
    assert len(instance.customers) == 100
    assert instance.depot.due_date == 1236
    first = instance.customers[0]
    assert (first.number, first.x, first.y, first.demand) == (1, 45, 68, 10)
    assert (first.ready_time, first.due_date, first.service_time) == (912, 967, 90)


def test_every_solomon_file_in_the_benchmark_reads() -> None:
    """All 56 instances parse, each with 100 customers."""
    files = sorted(SOLOMON.glob("*.txt"))
    assert len(files) == 56
    assert all(len(read_solomon(f).customers) == 100 for f in files)


def test_a_file_without_the_vehicle_header_is_refused() -> None:
    """Lines out of place: SolomonFormatError naming the missing header."""
    with pytest.raises(SolomonFormatError, match="VEHICLE"):
        parse_solomon(TINY.replace("VEHICLE\n", "FLEET\n"))


def test_customer_rows_out_of_order_are_refused() -> None:
    """Customer numbers must run 0, 1, 2, ...; a gap is named."""
    with pytest.raises(SolomonFormatError, match="numbered 3, expected 2"):
        parse_solomon(TINY.replace("    2      6", "    3      6", 1))


def test_tiny_instance_is_solved_with_dimacs_distances() -> None:
    """Two routes of 10 + 10 (+20 for the far one): capacity 20 forces two trips."""
    solution = solve_vrptw(parse_solomon(TINY), max_iterations=200, seed=0)
    assert solution.feasible
    assert sorted(c for r in solution.routes for c in r) == [1, 2, 3]
    # Depot-1-2-depot is 5 + 5 + 10 = 20; depot-3-depot is 10; in tenths, truncated.
    assert solution.distance == pytest.approx(30.0)
    assert solution.vehicles == 2


@pytest.mark.slow
def test_c101_reaches_the_best_known_distance() -> None:
    """C101 is easy: 827.3 (DIMACS) within a few thousand iterations."""
    solution = solve_vrptw(read_solomon(SOLOMON / "C101.txt"), max_iterations=3000, seed=0)
    assert solution.feasible
    assert solution.distance == pytest.approx(827.3)

"""Travel-time providers: haversine, OSRM against a fake server, and the fake."""

from __future__ import annotations

import socket
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.planning.travel import (
    FakeTravelTimes,
    HaversineTravelTimes,
    OsrmTravelTimes,
    TravelMatrices,
    TravelTimesError,
)
from safehold.synth.geography import haversine_km

from .conftest import FakeOsrm

HANLEY = (53.0244, -2.1741)
STAFFORD = (52.8068, -2.1141)
BURTON = (52.8064, -1.6393)


def test_haversine_is_the_great_circle_times_circuity_at_the_given_speed() -> None:
    """Hanley to Stafford: 1.3 x the great-circle metres, driven at 40 km/h."""
    m = HaversineTravelTimes(circuity=1.3, speed_kmh=40).matrices([HANLEY, STAFFORD])
    expected_m = haversine_km(*HANLEY, *STAFFORD) * 1000 * 1.3
    assert m.metres[0, 1] == pytest.approx(expected_m, abs=1)
    assert m.seconds[0, 1] == pytest.approx(expected_m / (40 / 3.6), abs=1)
    assert m.metres.dtype == np.int64


@given(
    st.lists(
        st.tuples(st.floats(50.0, 55.0), st.floats(-3.0, 0.0)),
        min_size=1,
        max_size=12,
    )
)
def test_haversine_matrices_are_symmetric_with_a_zero_diagonal(
    points: list[tuple[float, float]],
) -> None:
    """Any points: metres and seconds are square, symmetric, zero to itself."""
    m = HaversineTravelTimes().matrices(points)
    assert m.size == len(points)
    assert (np.diag(m.metres) == 0).all()
    assert (m.metres == m.metres.T).all()
    assert (m.seconds == m.seconds.T).all()


def test_haversine_refuses_a_point_given_as_lon_lat_out_of_range() -> None:
    """A latitude of 200 is a mistake; the error says to give (latitude, longitude)."""
    with pytest.raises(ValueError, match="latitude, longitude"):
        HaversineTravelTimes().matrices([(200.0, 1.0)])


def test_haversine_refuses_a_circuity_below_one() -> None:
    """Roads are never shorter than the straight line."""
    with pytest.raises(ValueError, match="circuity"):
        HaversineTravelTimes(circuity=0.9)


def test_osrm_table_answer_becomes_the_metres_and_seconds_matrices(fake_osrm: FakeOsrm) -> None:
    """The fake server's distances and durations come back rounded, in point order."""
    points = [(52.80, -2.10), (52.81, -2.10), (52.80, -2.12)]
    m = OsrmTravelTimes(fake_osrm.url, timeout_s=5).matrices(points)
    assert m.metres[0, 1] == 1000
    assert m.seconds[0, 1] == 100
    assert m.metres[0, 2] == 2000
    assert (np.diag(m.seconds) == 0).all()
    (request,) = fake_osrm.requests
    assert (
        request == "/table/v1/driving/-2.100000,52.800000;-2.100000,52.810000;-2.120000,52.800000"
    )


def test_osrm_splits_a_big_table_into_blocks_the_server_allows(fake_osrm: FakeOsrm) -> None:
    """Five points with max_table_size 2: nine block requests, one whole matrix."""
    points = [(52.80 + 0.01 * i, -2.10) for i in range(5)]
    whole = OsrmTravelTimes(fake_osrm.url).matrices(points)
    fake_osrm.requests.clear()
    blocks = OsrmTravelTimes(fake_osrm.url, max_table_size=2).matrices(points)
    assert len(fake_osrm.requests) == 9
    assert (blocks.metres == whole.metres).all()
    assert (blocks.seconds == whole.seconds).all()


def test_osrm_invalid_query_answer_is_an_http_error_with_osrm_code(fake_osrm: FakeOsrm) -> None:
    """HTTP 400 {"code": "InvalidQuery"}: code osrm_http_error, osrm_code InvalidQuery."""
    fake_osrm.mode = "invalid_query"
    with pytest.raises(TravelTimesError) as error:
        OsrmTravelTimes(fake_osrm.url).matrices([HANLEY, STAFFORD])
    assert error.value.code == "osrm_http_error"
    assert error.value.osrm_code == "InvalidQuery"
    assert "HTTP 400" in str(error.value)


def test_osrm_answer_with_a_code_other_than_ok_is_refused(fake_osrm: FakeOsrm) -> None:
    """HTTP 200 {"code": "NoTable"}: code osrm_not_ok."""
    fake_osrm.mode = "no_table"
    with pytest.raises(TravelTimesError) as error:
        OsrmTravelTimes(fake_osrm.url).matrices([HANLEY, STAFFORD])
    assert error.value.code == "osrm_not_ok"
    assert error.value.osrm_code == "NoTable"


def test_osrm_answer_that_is_not_json_is_refused(fake_osrm: FakeOsrm) -> None:
    """An HTML error page from a proxy: code osrm_bad_json."""
    fake_osrm.mode = "bad_json"
    with pytest.raises(TravelTimesError) as error:
        OsrmTravelTimes(fake_osrm.url).matrices([HANLEY, STAFFORD])
    assert error.value.code == "osrm_bad_json"


def test_osrm_null_cell_means_unreachable_and_names_the_pair(fake_osrm: FakeOsrm) -> None:
    """A null duration (no road route): code osrm_unreachable, naming 0->2."""
    fake_osrm.mode = "null_cell"
    with pytest.raises(TravelTimesError) as error:
        OsrmTravelTimes(fake_osrm.url).matrices([HANLEY, STAFFORD, BURTON])
    assert error.value.code == "osrm_unreachable"
    assert "0->2" in str(error.value)


def test_osrm_server_that_is_not_listening_is_unavailable() -> None:
    """Nothing on the port: code osrm_unavailable, telling to check the server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TravelTimesError) as error:
        OsrmTravelTimes(f"http://127.0.0.1:{port}", timeout_s=2).matrices([HANLEY, STAFFORD])
    assert error.value.code == "osrm_unavailable"


def test_osrm_refuses_a_base_url_that_is_not_http() -> None:
    """A typo such as 'localhost:5000' without a scheme is caught at once."""
    with pytest.raises(ValueError, match="http"):
        OsrmTravelTimes("localhost:5000")


def test_the_fake_gives_hand_checkable_times_and_records_calls() -> None:
    """3-4-5 triangle on the grid: 5 km is 5,000 m and 500 s at 10 m/s."""
    fake = FakeTravelTimes()
    m = fake.matrices([(0.0, 0.0), (3.0, 4.0)])
    assert (m.metres[0, 1], m.seconds[0, 1]) == (5000, 500)
    assert fake.calls == [((0.0, 0.0), (3.0, 4.0))]


def test_travel_matrices_refuse_floats() -> None:
    """Matrices are whole metres and seconds; floats must be rounded first."""
    floats: Any = np.zeros((2, 2))
    with pytest.raises(ValueError, match="int64"):
        TravelMatrices(floats, np.zeros((2, 2), dtype=np.int64))

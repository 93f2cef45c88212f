"""Fixtures for the planner: a fake OSRM server on 127.0.0.1."""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

# --------------------------------------------------------------------------- fake OSRM

_COORDS = re.compile(r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$")


@dataclass
class FakeOsrm:
    """An OSRM ``/table`` lookalike on 127.0.0.1; ``mode`` picks its answer."""

    url: str = ""
    mode: str = "ok"
    requests: list[str] = field(default_factory=list)

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        """Status and body for one request, as OSRM would give them."""
        self.requests.append(path)
        prefix = "/table/v1/driving/"
        coords = path.removeprefix(prefix).split(";") if path.startswith(prefix) else []
        if not coords or not all(_COORDS.match(c) for c in coords):
            return 400, json.dumps(
                {"code": "InvalidQuery", "message": "Query string malformed close to position 0"}
            ).encode()
        if self.mode == "invalid_query":
            return 400, json.dumps(
                {"code": "InvalidQuery", "message": "Query string malformed close to position 28"}
            ).encode()
        if self.mode == "no_table":
            return 200, json.dumps({"code": "NoTable", "message": "No table found"}).encode()
        if self.mode == "bad_json":
            return 200, b"<html>502 Bad Gateway</html>"
        points = [tuple(float(x) for x in c.split(",")) for c in coords]
        sources = [int(i) for i in query.get("sources", [""])[0].split(";") if i] or list(
            range(len(points))
        )
        targets = [int(i) for i in query.get("destinations", [""])[0].split(";") if i] or list(
            range(len(points))
        )
        durations: list[list[float | None]] = []
        distances: list[list[float | None]] = []
        for i in sources:
            (lon_i, lat_i) = points[i]
            drow: list[float | None] = []
            mrow: list[float | None] = []
            for j in targets:
                (lon_j, lat_j) = points[j]
                metres = 100_000 * math.hypot(lat_i - lat_j, lon_i - lon_j)
                drow.append(round(metres / 10, 1))
                mrow.append(round(metres, 1))
            durations.append(drow)
            distances.append(mrow)
        if self.mode == "null_cell" and len(sources) > 1:
            durations[0][-1] = None
        body = {
            "code": "Ok",
            "durations": durations,
            "distances": distances,
            "sources": [{"location": list(points[i]), "name": ""} for i in sources],
            "destinations": [{"location": list(points[j]), "name": ""} for j in targets],
        }
        return 200, json.dumps(body).encode()


@pytest.fixture
def fake_osrm() -> Iterator[FakeOsrm]:
    """A fake OSRM server in a thread on 127.0.0.1, answering ``/table`` requests."""
    fake = FakeOsrm()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            status, body = fake.answer(parts.path, parse_qs(parts.query))
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- tiny force
# Imported inside the fixtures so the pure planner tests never load Django models.


@pytest.fixture
def force(db: None) -> Any:
    """Two stations, two officer pairs and a small caseload (tests/planning/force.py)."""
    from tests.planning.force import build_force

    return build_force()


@pytest.fixture
def plan_run(force: Any) -> Any:
    """A finished plan for the tiny force, three days from the next working day."""
    from tests.planning.force import make_run

    return make_run(force)

"""The synthetic force's geography comes from the package, nothing beside the repository."""

from __future__ import annotations

import csv
import os
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from safehold.people.models import Location
from safehold.synth.force import SeedParams, seed_force
from safehold.synth.geography import POINTS_FILE, POINTS_HEADER, load_street_points
from safehold.synth.policeuk import main, read_street_files

REPO = Path(__file__).resolve().parents[2]


def _packaged_rows() -> list[tuple[float, float, str, str]]:
    text = resources.files("safehold.synth").joinpath(*POINTS_FILE).read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert tuple(rows[0]) == POINTS_HEADER
    return [(float(a), float(b), c, d) for a, b, c, d in rows[1:]]


def test_street_points_are_the_packaged_file_in_its_order() -> None:
    """load_street_points is the packaged CSV, row for row."""
    points = load_street_points()
    assert [(p.lat, p.lon, p.street, p.district) for p in points] == _packaged_rows()


def test_packaged_file_is_a_rebuild_of_the_police_uk_files(tmp_path: Path) -> None:
    """`make street-points` on data/policeuk gives back the packaged file byte for byte."""
    target = tmp_path / "street-points.csv"
    assert main([str(REPO / "data" / "policeuk"), str(target)]) == 0
    packaged = resources.files("safehold.synth").joinpath(*POINTS_FILE).read_bytes()
    assert target.read_bytes() == packaged
    assert len(read_street_files(REPO / "data" / "policeuk")) == len(load_street_points())


def test_a_folder_without_street_files_is_named(tmp_path: Path) -> None:
    """The build refuses an empty folder and says which one."""
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        read_street_files(tmp_path)


@pytest.mark.django_db
def test_seed_with_no_environment_places_homes_at_packaged_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no SAFEHOLD_* variable set, every home is a packaged street point."""
    for name in list(os.environ):
        if name.startswith("SAFEHOLD_"):
            monkeypatch.delenv(name)
    seed_force(SeedParams(seed=3, scale=0.02, today=date(2026, 3, 2)))
    packaged = {(lat, lon): street for lat, lon, street, _ in _packaged_rows()}
    homes = list(Location.objects.values_list("lat", "lon", "description"))
    assert homes
    assert all((lat, lon) in packaged for lat, lon, _ in homes)
    assert all(packaged[lat, lon] == street for lat, lon, street in homes)

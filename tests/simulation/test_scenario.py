"""Scenarios in TOML: packaged ones load, `extends` merges, bad files name the key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from safehold.simulation.scenario import ScenarioError, load_scenario, parse_scenario

GOOD = """
version = 1
extends = "today"
name = "mine"

[response.shifts.night]
units = 30
"""


@pytest.mark.parametrize(
    "name", ["today", "no-resolution-centre", "demand-plus-10", "late-shift-plus-2"]
)
def test_every_packaged_scenario_loads_and_builds_inputs(name: str) -> None:
    """Each packaged scenario validates and gives model inputs of about 180,000 a year."""
    inputs = load_scenario(name).inputs()
    assert 170_000 < inputs.incidents_per_year < 200_000 * 1.1


def test_scenarios_change_only_what_they_say() -> None:
    """+10 % demand scales arrivals; two more late units; no centre disables it."""
    today = load_scenario("today").inputs()
    more = load_scenario("demand-plus-10").inputs()
    assert more.incidents_per_year == pytest.approx(today.incidents_per_year * 1.1)
    late = {s.name: s.units for s in load_scenario("late-shift-plus-2").inputs().shifts}
    base = {s.name: s.units for s in today.shifts}
    assert late == {**base, "late": base["late"] + 2}
    assert load_scenario("no-resolution-centre").inputs().resolution_centre.enabled is False
    assert today.resolution_centre.enabled is True


def test_a_scenario_extends_another_key_by_key() -> None:
    """Only the night shift's units change; everything else comes from `today`."""
    s = parse_scenario(GOOD, "mine.toml")
    shifts = {x.name: x for x in s.inputs().shifts}
    assert shifts["night"].units == 30
    assert shifts["night"].hours == 9
    assert s.name == "mine"


def test_a_scenario_file_on_disk_loads_by_path(tmp_path: Path) -> None:
    """SCENARIO may be a TOML file."""
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_scenario(str(path)).name == "mine"


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        ('version = 2\nextends = "today"\n', "version", 1),
        ('version = 1\nextends = "nowhere"\n', "extends", 2),
        (
            'version = 1\nextends = "today"\n\n[response.shifts.late]\nunits = -3\n',
            "response.shifts.late.units",
            5,
        ),
        (
            'version = 1\nextends = "today"\n[grades.1]\nurban_share = 1.5\n',
            "grades.1.urban_share",
            4,
        ),
        (
            'version = 1\nextends = "today"\n[demand]\nfactor = 0\n',
            "demand.factor",
            4,
        ),
        (
            'version = 1\nextends = "today"\n[resolution_centre]\nopens = "25:00"\n',
            "resolution_centre.opens",
            4,
        ),
        ('version = 1\nextends = "today"\n[demand\n', "toml", 3),
    ],
)
def test_a_bad_scenario_names_the_key_and_line(text: str, field: str, line: int) -> None:
    """The error says which key is wrong and on which line."""
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "bad.toml")
    assert err.value.field == field
    assert err.value.line == line
    assert "bad.toml" in str(err.value)


def test_an_unknown_packaged_name_lists_the_known_ones() -> None:
    """A typo in the name lists the packaged scenarios."""
    with pytest.raises(ScenarioError, match="no-resolution-centre"):
        load_scenario("tody")

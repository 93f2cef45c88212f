"""The demand policy's TOML: defaults, and errors that name the key to fix."""

from __future__ import annotations

from datetime import time
from importlib import resources

import pytest

from safehold.demand.policy import DemandPolicyError, default_policy, policy_from_text
from safehold.demand.vocabulary import Area

TEXT = resources.files("safehold.demand").joinpath("config", "demand-policy.toml").read_text()


def test_the_packaged_policy_has_a_version_and_the_default_targets() -> None:
    p = default_policy()
    assert p.version == "staffs-demand-2026.1"
    assert p.grades[1].target_minutes_urban == 15
    assert p.grades[2].target_minutes(Area.RURAL) == 60
    assert p.grades[3].target_minutes_urban == 48 * 60
    assert (p.rc_opens, p.rc_closes, p.rc_contact_attempts) == (time(8), time(22), 3)


def test_urban_or_rural_by_postcode_district_then_station() -> None:
    p = default_policy()
    assert p.area_for(postcode="ST13 5AB") is Area.RURAL
    assert p.area_for(postcode="ST1 1AA", station_code="HAN") is Area.URBAN
    assert p.area_for(station_code="LEE") is Area.RURAL
    assert p.area_for() is Area.URBAN


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('clock_start = "call"', 'clock_start = "arrival"'), "clock_start"),
        (
            ("target_minutes_rural = 20", "target_minutes_rural = -1"),
            "grades.1.target_minutes_rural",
        ),
        (("theft = 3", "theft = 7"), "thrive.baseline.theft"),
        (
            ('when = { injury = "serious" }', 'when = { injury = "bad" }'),
            "thrive.rules[2].when.injury",
        ),
        (("grades = [3, 4, 5]", "grades = [1, 3]"), "routing.resolution_centre.grades"),
        (('opens = "08:00"', 'opens = "eight"'), "resolution_centre.opens"),
        (('"fraud"]', '"frawd"]'), "routing.resolution_centre.eligible_types"),
    ],
)
def test_a_bad_value_names_the_key(change: tuple[str, str], key: str) -> None:
    """Each mistake is reported with the file and the TOML key to fix."""
    old, new = change
    assert old in TEXT
    with pytest.raises(DemandPolicyError) as err:
        policy_from_text(TEXT.replace(old, new, 1), source="force.toml")
    assert err.value.key == key
    assert str(err.value).startswith("force.toml: ")


def test_not_toml_at_all_is_refused_with_the_parser_message() -> None:
    with pytest.raises(DemandPolicyError, match="is not valid TOML"):
        policy_from_text("version = ")


def test_a_force_names_its_own_policy_file_in_the_environment(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SAFEHOLD_DEMAND_POLICY replaces the packaged policy (here: clock from dispatch)."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "force.toml"
    path.write_text(
        TEXT.replace('clock_start = "call"', 'clock_start = "dispatch"').replace(
            'version = "staffs-demand-2026.1"', 'version = "force-1"'
        )
    )
    monkeypatch.setenv("SAFEHOLD_DEMAND_POLICY", str(path))
    default_policy.cache_clear()
    try:
        p = default_policy()
        assert (p.version, p.clock_start) == ("force-1", "dispatch")
    finally:
        monkeypatch.delenv("SAFEHOLD_DEMAND_POLICY")
        default_policy.cache_clear()

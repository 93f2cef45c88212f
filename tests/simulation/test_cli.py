"""`safehold simulate` end to end: scenarios, the M/M/c check, the advisor, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safehold.cli import main

from .test_services import TINY


@pytest.fixture
def tiny(tmp_path: Path) -> str:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return str(path)


@pytest.mark.django_db(transaction=True)  # the CLI closes connections when it finishes
def test_simulate_a_scenario_file_prints_the_figures_as_json(
    tiny: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON with replications, by_grade (p50, p90, share within target and its CI), utilisation."""
    main(["simulate", tiny, "--replications", "3", "--seed", "4", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["replications"] == 3
    g1 = out["by_grade"]["1"]
    assert g1["p50_minutes"] <= g1["p90_minutes"]
    lo, hi = g1["share_within_target_ci95"]
    assert lo <= g1["share_within_target"] <= hi
    assert 0 < out["utilisation"] < 1


@pytest.mark.django_db(transaction=True)
def test_simulate_mmc_prints_the_simulated_and_erlang_c_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The M/M/c case: mean wait with its CI beside Erlang C."""
    main(
        [
            "simulate", "--mmc", "--arrivals-per-hour", "8", "--service-minutes", "30",
            "--servers", "5", "--hours", "2000", "--replications", "6", "--seed", "3", "--json",
        ]
    )  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert len(out["mean_wait_ci95"]) == 2
    for key in ("mean_wait_minutes", "p_wait", "utilisation", "erlang_c_p_wait"):
        assert key in out
    lo, hi = out["mean_wait_ci95"]
    assert lo <= out["erlang_c_mean_wait_minutes"] <= hi


@pytest.mark.django_db(transaction=True)
def test_simulate_advise_names_the_fewest_units_and_the_binding_shift(
    tiny: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The advisor's answer comes with its evidence."""
    main(
        [
            "simulate", tiny, "--advise", "--target-grade", "2", "--target-share", "0.8",
            "--replications", "3", "--weeks", "1", "--json",
        ]
    )  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out["reached"] is True
    assert set(out["units"]) == {"early", "late", "night"}
    assert out["binding_shift"] in out["units"]
    assert out["answer"]["share_within_target_ci95"][0] >= 0.8
    assert len(out["evidence"]) == out["rosters_tried"]


@pytest.mark.django_db(transaction=True)
def test_a_bad_scenario_file_exits_2_naming_the_key_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A negative unit count is named with its line."""
    bad = tmp_path / "bad.toml"
    bad.write_text('version = 1\nextends = "today"\n[response.shifts.late]\nunits = -1\n')
    with pytest.raises(SystemExit) as exited:
        main(["simulate", str(bad), "--json"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "line 4" in err
    assert "response.shifts.late.units" in err


def test_mmc_without_its_options_says_which_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    """--mmc needs the rate, the service time and the servers."""
    with pytest.raises(SystemExit) as exited:
        main(["simulate", "--mmc", "--servers", "3"])
    assert exited.value.code == 2
    assert "--arrivals-per-hour" in capsys.readouterr().err

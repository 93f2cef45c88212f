"""The `safehold` command: help for every job, seeding, errors as exit codes."""

from __future__ import annotations

import pytest

from safehold.cli import JOBS, main
from safehold.people.models import Person


def test_help_lists_safeholds_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    """`safehold --help` names each job with a line about it."""
    main(["--help"])
    out = capsys.readouterr().out
    for name, _ in JOBS:
        assert name in out


@pytest.mark.parametrize(
    "command", ["demo", "seed", "worker", "audit", "token", "migrate", "backup", "restore"]
)
def test_every_command_explains_itself_with_help(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`safehold <command> --help` prints usage and exits 0."""
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert "usage: safehold" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)  # the CLI closes connections when it finishes
def test_seed_builds_a_small_force_and_refuses_to_seed_twice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A second seed into the same database exits non-zero saying what to do."""
    main(["seed", "--scale", "0.02", "--today", "2026-01-05", "--no-migrate", "--json"])
    assert '"base_people": 40' in capsys.readouterr().out
    assert Person.objects.count() >= 40
    with pytest.raises(SystemExit) as exited:
        main(["seed", "--scale", "0.02", "--no-migrate"])
    assert exited.value.code == 2
    assert "already holds a force" in capsys.readouterr().err


def test_a_bad_option_value_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    """`--today 2026-13-01` is rejected naming the option."""
    with pytest.raises(SystemExit) as exited:
        main(["seed", "--today", "2026-13-01"])
    assert exited.value.code != 0
    assert "--today" in capsys.readouterr().err

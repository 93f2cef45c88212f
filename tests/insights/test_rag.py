"""RAG status against the configured thresholds, and the configuration's checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from safehold.insights.rag import ConfigError, Threshold, assess, load_config
from safehold.insights.rates import median_measure, rate_measure

MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def share(values: list[int]):  # type: ignore[no-untyped-def]
    return rate_measure(
        "x", "X", "share", "", {m: (v, 100) for m, v in zip(MONTHS, values, strict=True)}, MONTHS
    )


def test_levels() -> None:
    t = Threshold(green=90, amber=75, higher_is_better=True, afi="Do better")
    assert assess(share([95] * 6), t).status == "green"
    assert assess(share([80] * 6), t).status == "amber"
    red = assess(share([50] * 6), t)
    assert red.status == "red"
    assert red.afi == "Do better"
    assert assess(share([0] * 0 + [0] * 6), t).status == "red"


def test_a_significant_fall_turns_green_to_amber() -> None:
    t = Threshold(green=50, amber=30, higher_is_better=True, afi="")
    falling = assess(share([99, 90, 80, 70, 60, 50]), t)
    assert falling.status == "amber"
    assert "worsening" in " ".join(falling.reasons)


def test_lower_is_better_and_no_data() -> None:
    t = Threshold(green=1, amber=4, higher_is_better=False, afi="Attend sooner")
    delay = median_measure("d", "Delay", "", dict.fromkeys(MONTHS, (0.5, 20)), MONTHS)
    assert assess(delay, t).status == "green"
    empty = median_measure("d", "Delay", "", {}, MONTHS)
    assert assess(empty, t).status == "grey"


def test_packaged_config_names_every_peel_area() -> None:
    cfg = load_config()
    assert cfg.version
    assert len(cfg.areas) == 8
    assert any(a.title == "Protecting vulnerable people" for a in cfg.areas)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[thresholds.a]\ngreen = 1\namber = 2\n", "'version' is required"),
        ('version = "1"\n[thresholds.a]\ngreen = 1\namber = 2\n', "green must be better"),
        ('version = "1"\n[thresholds.a]\ngreen = "x"\namber = 2\n', "needs numbers"),
        ('version = "1"\n[[areas]]\nkey = "k"\ntitle = "T"\nmeasures = ["zz"]\n', "'zz'"),
        ('version = "1"\n[[areas\n', "inspection.toml"),
    ],
)
def test_bad_config_is_named(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "inspection.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")):
        load_config(path)

"""The risk tools' pure rules: RM2000 combination, ARMS priority, overall level, config."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.offenders import risk_tools as rt
from safehold.offenders.risk_tools import RiskToolsConfigError, default_config, parse_config
from safehold.offenders.vocabulary import LEVEL_KEYS, RiskLevel

CONFIG = default_config()
RM2000 = CONFIG.tool("rm2000")
OSP = CONFIG.tool("osp")
levels = st.sampled_from(LEVEL_KEYS)


def test_rm2000_combines_s_and_v_by_points() -> None:
    assert rt.combined_category(RM2000, {"S": "low", "V": "low"})[0] == "low"
    assert rt.combined_category(RM2000, {"S": "high", "V": "low"})[0] == "medium"
    assert rt.combined_category(RM2000, {"S": "high", "V": "high"})[0] == "high"
    level, why = rt.combined_category(RM2000, {"S": "very_high", "V": "high"})
    assert level == "very_high"
    assert "7 points" in why
    assert "S 4 + V 3" in why


def test_a_missing_scale_is_named() -> None:
    with pytest.raises(ValueError, match="RM2000/V"):
        rt.combined_category(RM2000, {"S": "low"})


def test_osp_takes_the_highest_scale() -> None:
    assert rt.combined_category(OSP, {"C": "medium", "I": "high"})[0] == "high"


@given(levels, levels, levels, levels)
def test_raising_a_scale_never_lowers_the_combined_category(
    s: str, v: str, s2: str, v2: str
) -> None:
    def rank(k: str) -> int:
        return RiskLevel(k).rank

    if rank(s2) >= rank(s) and rank(v2) >= rank(v):
        low = rt.combined_category(RM2000, {"S": s, "V": v})[0]
        high = rt.combined_category(RM2000, {"S": s2, "V": v2})[0]
        assert rank(high) >= rank(low)


def _scores(risk: int, protective: int) -> dict[str, int]:
    out = {f.key: 0 for f in CONFIG.factors}
    for f in CONFIG.risk_factors:
        take = min(2, risk)
        out[f.key], risk = take, risk - take
    for f in CONFIG.protective_factors:
        take = min(2, protective)
        out[f.key], protective = take, protective - take
    return out


def test_arms_sets_a_priority_for_work_from_the_factor_scores() -> None:
    assert rt.arms_priority(CONFIG, _scores(0, 0)).priority == "low"
    assert rt.arms_priority(CONFIG, _scores(5, 0)).priority == "medium"
    result = rt.arms_priority(CONFIG, _scores(9, 2))
    assert (result.priority, result.risk_total, result.protective_total) == ("high", 9, 2)


def test_strong_protective_factors_lower_the_priority_one_band() -> None:
    result = rt.arms_priority(CONFIG, _scores(9, 6))
    assert result.priority == "medium"
    assert "one band lower" in result.reasons[1]


def test_a_missing_or_out_of_range_factor_is_named() -> None:
    scores = _scores(3, 3)
    scores["sexual_preoccupation"] = 5
    with pytest.raises(ValueError, match="Sexual preoccupation"):
        rt.arms_priority(CONFIG, scores)


@given(st.lists(st.integers(0, 2), min_size=11, max_size=11), st.integers(0, 10))
def test_more_risk_never_lowers_the_priority(values: list[int], which: int) -> None:
    keys = [f.key for f in CONFIG.factors]
    scores = dict(zip(keys, values, strict=True))
    risk_keys = [f.key for f in CONFIG.risk_factors]
    more = dict(scores)
    key = risk_keys[which % len(risk_keys)]
    more[key] = min(2, more[key] + 1)
    order = {"low": 0, "medium": 1, "high": 2}
    before = rt.arms_priority(CONFIG, scores).priority
    after = rt.arms_priority(CONFIG, more).priority
    assert order[after] >= order[before]


def test_overall_is_the_highest_of_static_and_rosh_and_arms_does_not_change_it() -> None:
    result = rt.overall_level(CONFIG, static=("RM2000", "medium"), rosh="high", arms="low")
    assert result.level == "high"
    assert result.version == CONFIG.version
    assert any("priority for work: low" in r for r in result.reasons)
    assert rt.overall_level(CONFIG, static=None, rosh=None, arms="high").level is None


@given(st.one_of(st.none(), levels), st.one_of(st.none(), levels))
def test_overall_never_falls_below_either_input(static: str | None, rosh: str | None) -> None:
    result = rt.overall_level(
        CONFIG, static=("RM2000", static) if static else None, rosh=rosh, arms="high"
    )
    for given_level in (static, rosh):
        if given_level is not None:
            assert result.level is not None
            assert RiskLevel(result.level).rank >= RiskLevel(given_level).rank


def test_config_errors_name_the_key() -> None:
    text = rt.DEFAULT_FILE.read_text(encoding="utf-8")
    with pytest.raises(RiskToolsConfigError, match=r"static\.tool must be one of"):
        parse_config(text.replace('tool = "rm2000"', 'tool = "rm2001"'))
    with pytest.raises(RiskToolsConfigError, match="bands must reach the highest sum"):
        parse_config(text.replace('[8, "very_high"]', '[7, "very_high"]'))
    with pytest.raises(RiskToolsConfigError, match="not valid TOML"):
        parse_config("version = ")

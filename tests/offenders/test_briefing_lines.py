"""The briefing's summary, anchors and meeting actions as plain data: no database."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from safehold.offenders.briefing_lines import (
    CARRIED,
    SECTION_TITLES,
    ActionNote,
    BriefingLine,
    BriefingSection,
    attach_actions,
    summarise,
    with_anchors,
)

DAY = date(2026, 12, 7)
KEYS = list(SECTION_TITLES)


def line(offender_id: int, why: str = "why") -> BriefingLine:
    return BriefingLine(
        offender_id=offender_id,
        reference=f"STF-{offender_id:07d}",
        name=f"NAME{offender_id}, Given",
        risk_level="High",
        manager="A Manager",
        station="Stafford",
        why=(why,),
        pursued=False,
        version=1,
    )


def note(action_id: int, offender_id: int, section: str, due: date = DAY) -> ActionNote:
    return ActionNote(
        action_id=action_id,
        offender_id=offender_id,
        section=section,
        kind="visit",
        kind_label="Schedule a visit",
        owner="PC Omar Manager",
        due_on=due,
        note="",
        agreed_by="DS Dana Lead",
        agreed_at=datetime(2026, 12, 6, 9, 0, tzinfo=UTC),
        meeting_on=date(2026, 12, 6),
        version=1,
    )


sections_st = st.lists(
    st.tuples(st.sampled_from(KEYS), st.lists(st.integers(1, 30), max_size=12, unique=True)),
    max_size=len(KEYS),
    unique_by=lambda t: t[0],
).map(
    lambda picks: tuple(
        BriefingSection(key, SECTION_TITLES[key], "None.", tuple(line(i) for i in ids))
        for key, ids in picks
    )
)


def test_the_summary_shows_each_sections_count_and_its_first_three_lines_in_order() -> None:
    """Five overdue lines: the summary says five and shows the first three, two more."""
    section = BriefingSection("overdue_high", "Overdue", "None.", tuple(line(i) for i in range(5)))
    (row,) = summarise([section])
    assert row.count == 5
    assert [ln.offender_id for ln in row.top] == [0, 1, 2]
    assert row.more == 2


@given(sections_st, st.integers(0, 5))
def test_the_summary_counts_every_line_and_its_top_lines_lead_their_section(
    sections: tuple[BriefingSection, ...], top: int
) -> None:
    """Whatever the sections, the counts add up and the top lines are each section's first."""
    rows = summarise(sections, top=top)
    assert sum(r.count for r in rows) == sum(len(s.lines) for s in sections)
    for row, section in zip(rows, sections, strict=True):
        assert row.count == len(section.lines)
        assert row.top == section.lines[:top]
        assert row.more == max(0, len(section.lines) - top)


@given(sections_st)
def test_each_offender_gets_one_page_anchor_on_their_first_line(
    sections: tuple[BriefingSection, ...],
) -> None:
    """``offender-<id>`` is unique on the page and sits on the offender's first line."""
    anchored = [ln.offender_id for s in with_anchors(sections) for ln in s.lines if ln.anchor]
    in_order = [ln.offender_id for s in sections for ln in s.lines]
    assert anchored == list(dict.fromkeys(in_order))


def test_an_action_shows_on_the_line_it_was_agreed_against_and_nowhere_else() -> None:
    """Offender 1 is overdue and has a review due; the action agreed on 'overdue' shows there."""
    sections = (
        BriefingSection("overdue_high", "Overdue", "None.", (line(1), line(2))),
        BriefingSection("reviews", "Reviews", "None.", (line(1),)),
    )
    out = attach_actions(sections, [note(10, 1, "overdue_high")], {})
    assert [a.action_id for a in out[0].lines[0].actions] == [10]
    assert out[0].lines[1].actions == ()
    assert out[1].lines[0].actions == ()
    assert out[-1].key == CARRIED
    assert out[-1].lines == ()


def test_an_action_whose_line_has_left_the_briefing_is_carried_until_closed() -> None:
    """The visit was done, so the offender left 'overdue': the open action still shows."""
    sections = (BriefingSection("overdue_high", "Overdue", "None.", (line(2),)),)
    out = attach_actions(sections, [note(11, 1, "overdue_high")], {1: line(1, "")})
    carried = out[-1]
    assert carried.key == CARRIED
    assert [ln.offender_id for ln in carried.lines] == [1]
    assert "no longer on it" in carried.lines[0].why[0]
    assert [a.action_id for a in carried.lines[0].actions] == [11]


@given(
    sections_st,
    st.lists(st.tuples(st.integers(1, 30), st.sampled_from(KEYS)), max_size=15),
)
def test_every_open_action_is_shown_exactly_once(
    sections: tuple[BriefingSection, ...], targets: list[tuple[int, str]]
) -> None:
    """An open action is on its line or in the carried section, never lost, never twice."""
    notes = [note(n, oid, key) for n, (oid, key) in enumerate(targets, start=1)]
    carried = {oid: line(oid, "") for oid, _ in targets}
    out = attach_actions(sections, notes, carried)
    shown = [a.action_id for s in out for ln in s.lines for a in ln.actions]
    assert sorted(shown) == [n.action_id for n in notes]


def test_an_action_past_its_due_date_is_overdue() -> None:
    assert note(1, 1, "reviews", due=date(2026, 12, 6)).is_overdue(DAY)
    assert not note(1, 1, "reviews", due=DAY).is_overdue(DAY)

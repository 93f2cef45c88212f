"""Person record linkage (safehold.people.linkage) against planted duplicates."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.people.linkage import (
    HOLD_GIVEN_NAMES_DIFFER,
    Blocking,
    InvalidLinkageModel,
    InvalidLinkageParams,
    InvalidPersonRecords,
    LinkageModel,
    LinkageParams,
    LinkageResult,
    MatchBand,
    MatchPair,
    PersonRecord,
    cluster_pairs,
    default_model,
    find_matches,
    match_incoming,
    train_model,
)
from safehold.synth.duplicates import Change, DuplicateParams, SyntheticPeople, generate_people

EASY_CHANGES = (
    Change.GIVEN_NAME_TYPO,
    Change.FAMILY_NAME_TYPO,
    Change.NICKNAME,
    Change.POSTCODE_MISSING,
    Change.DOB_DAY_OUT,
)


def found(pairs: Sequence[MatchPair], truth: frozenset[tuple[str, str]]) -> tuple[float, float]:
    """Return (precision, recall) of some match pairs against the truth."""
    got = {(p.left_id, p.right_id) for p in pairs}
    hits = len(got & truth)
    return (hits / len(got) if got else 1.0, hits / len(truth))


@pytest.fixture(scope="module")
def force() -> SyntheticPeople:
    """1,200 people and 300 noisy duplicates, twins included."""
    return generate_people(DuplicateParams(people=1200, duplicates=300, seed=1))


@pytest.fixture(scope="module")
def linked(force: SyntheticPeople) -> LinkageResult:
    """The force deduplicated with a model trained on it."""
    return find_matches(force.records, LinkageParams(seed=1))


@pytest.fixture(scope="module")
def easy() -> SyntheticPeople:
    """Duplicates with one light change each (typo, nickname, no postcode, a day out)."""
    return generate_people(
        DuplicateParams(
            people=1000, duplicates=250, seed=7, changes=EASY_CHANGES, max_changes=1, twin_rate=0.0
        )
    )


def john_smith(record_id: str, born: date, postcode: str) -> PersonRecord:
    """A man with the commonest of names."""
    return PersonRecord(record_id, "John", "Smith", born, postcode, "M")


# ------------------------------------------------------------------ finding duplicates


def test_planted_duplicates_with_light_changes_are_linked_confidently(
    easy: SyntheticPeople, linked: LinkageResult
) -> None:
    """On the easy set nearly every planted pair is linked and nothing else is."""
    result = find_matches(easy.records, model=linked.model)
    precision, recall = found(result.confident, easy.true_pairs())
    assert result.model_source == "supplied"
    assert recall >= 0.97
    assert precision >= 0.99


def test_planted_duplicates_with_heavy_changes_are_mostly_found(
    force: SyntheticPeople, linked: LinkageResult
) -> None:
    """With up to two changes per duplicate, nine in ten pairs are linked, few wrongly."""
    precision, recall = found(linked.confident, force.true_pairs())
    _, recall_for_review = found(linked.confident + linked.uncertain, force.true_pairs())
    assert linked.model_source == "trained"
    assert recall >= 0.9
    assert precision >= 0.98
    assert recall_for_review > recall


def test_same_common_name_with_other_birth_date_and_postcode_is_not_linked_confidently(
    force: SyntheticPeople, linked: LinkageResult
) -> None:
    """Two John Smiths born years apart at different addresses are two people."""
    first = john_smith("JS1", date(1980, 5, 1), "ST4 7QB")
    second = john_smith("JS2", date(1962, 11, 23), "WS11 2DL")
    for model in (linked.model, default_model()):
        result = find_matches([*force.records, first, second], model=model)
        linked_ids = {(p.left_id, p.right_id) for p in result.confident}
        assert ("JS1", "JS2") not in linked_ids


def test_same_name_and_birth_date_at_the_same_postcode_is_linked(
    linked: LinkageResult,
) -> None:
    """A John Smith recorded twice with the postcode written without its space is one man."""
    first = john_smith("JS1", date(1980, 5, 1), "ST4 7QB")
    second = john_smith("JS2", date(1980, 5, 1), "st47qb")
    result = find_matches([first, second], model=linked.model)
    assert [(p.left_id, p.right_id) for p in result.confident] == [("JS1", "JS2")]


def test_uncertain_pairs_fall_between_the_thresholds(
    force: SyntheticPeople, linked: LinkageResult
) -> None:
    """Without the given-name hold, uncertain means review <= probability < link."""
    params = LinkageParams(hold_when_given_names_differ=False, review_threshold=0.3)
    result = find_matches(force.records, params, model=linked.model)
    assert result.uncertain
    for pair in result.uncertain:
        assert params.review_threshold <= pair.probability < params.link_threshold
        assert pair.band is MatchBand.UNCERTAIN
    for pair in result.confident:
        assert pair.probability >= params.link_threshold


def test_pairs_whose_given_names_differ_are_held_for_review_however_probable(
    linked: LinkageResult,
) -> None:
    """Twins (same surname, birthday, address) are never merged automatically."""
    twin_a = PersonRecord("T1", "Poppy", "King", date(2011, 2, 20), "ST9 3ZG", "F")
    twin_b = PersonRecord("T2", "Elizabeth", "King", date(2011, 2, 20), "ST9 3ZG", "F")
    held = find_matches([twin_a, twin_b], model=linked.model)
    unheld = find_matches(
        [twin_a, twin_b], LinkageParams(hold_when_given_names_differ=False), model=linked.model
    )
    assert not held.confident
    assert [p.hold_reason for p in held.uncertain] == [HOLD_GIVEN_NAMES_DIFFER]
    assert held.uncertain[0].probability >= LinkageParams().link_threshold
    assert [(p.left_id, p.right_id) for p in unheld.confident] == [("T1", "T2")]


def test_explanation_names_each_field_and_the_level_it_reached(linked: LinkageResult) -> None:
    """A nickname, a missing postcode and an exact birth date show as such."""
    formal = PersonRecord("A", "William", "Turner", date(1975, 3, 9), "ST1 4AB", "M")
    informal = PersonRecord("B", "Bill", "Turner", date(1975, 3, 9), None, "M")
    (pair,) = find_matches([formal, informal], model=linked.model).confident
    evidence = {e.field: e for e in pair.explanation}
    assert [e.field for e in pair.explanation] == [
        "given_name",
        "family_name",
        "date_of_birth",
        "postcode",
        "sex",
    ]
    assert (evidence["given_name"].level, evidence["given_name"].outcome) == (
        "same name or nickname",
        "partial",
    )
    assert evidence["family_name"].outcome == "agree"
    assert evidence["date_of_birth"].outcome == "agree"
    assert evidence["date_of_birth"].match_weight > 0
    assert (evidence["postcode"].outcome, evidence["postcode"].match_weight) == ("missing", 0.0)
    assert pair.model_version == linked.model.version


def test_day_and_month_transposed_is_recognised(linked: LinkageResult) -> None:
    """1 March and 3 January of one year are the classic transposition."""
    a = PersonRecord("A", "Megan", "Shaw", date(1990, 3, 1), "DE14 2RT", "F")
    b = PersonRecord("B", "Megan", "Shaw", date(1990, 1, 3), "DE14 2RT", "F")
    (pair,) = find_matches([a, b], model=linked.model).confident
    dob = next(e for e in pair.explanation if e.field == "date_of_birth")
    assert dob.level == "day and month transposed"


# ------------------------------------------------------------------ models and seeds


def test_training_is_deterministic_for_a_seed() -> None:
    """The same records and seed give the same model and the same pairs."""
    people = generate_people(DuplicateParams(people=250, duplicates=60, seed=5))
    params = LinkageParams(seed=3, min_records_to_train=200)
    first, second = train_model(people.records, params), train_model(people.records, params)
    assert first == second
    assert find_matches(people.records, params, model=first) == find_matches(
        people.records, params, model=second
    )


def test_a_model_survives_a_round_trip_through_json(linked: LinkageResult) -> None:
    """What to_json writes, from_json reads back unchanged."""
    model = linked.model
    assert LinkageModel.from_json(model.to_json()) == model
    assert model.trained_on_records == 1500
    assert not model.is_default


@pytest.mark.parametrize(
    "text",
    ["not json", "{}", '{"trained_on_records": 0, "splink": {"comparisons": []}}'],
)
def test_a_saved_model_that_is_not_ours_is_refused(text: str) -> None:
    """Loading something else fails with a message, not a KeyError."""
    with pytest.raises(InvalidLinkageModel):
        LinkageModel.from_json(text)


def test_too_few_records_to_train_use_the_default_model(force: SyntheticPeople) -> None:
    """Below min_records_to_train the fixed m and u score the pairs."""
    result = find_matches(force.records[:300])
    assert result.model_source == "default"
    assert result.model == default_model()
    assert result.model.is_default


def test_records_that_cannot_train_a_model_are_scored_with_the_default_model() -> None:
    """With no dates of birth there are no training pairs; linkage still runs."""
    people = generate_people(DuplicateParams(people=220, duplicates=40, seed=2))
    undated = [replace(r, date_of_birth=None) for r in people.records]
    params = LinkageParams(min_records_to_train=200)
    with pytest.raises(InvalidPersonRecords, match="cannot train"):
        train_model(undated, params)
    result = find_matches(undated, params)
    assert result.model_source == "default"
    assert result.confident


def test_training_on_too_few_records_is_refused() -> None:
    """train_model says to use the default model instead."""
    records = generate_people(DuplicateParams(people=50, duplicates=5)).records
    with pytest.raises(InvalidPersonRecords, match="default_model"):
        train_model(records, LinkageParams())


@pytest.mark.parametrize("count", [0, 1, 2])
def test_tiny_inputs_are_handled(count: int) -> None:
    """No records, one record or two unrelated records give no pairs and no error."""
    records = [
        john_smith("JS1", date(1980, 5, 1), "ST4 7QB"),
        PersonRecord("AB", "Amy", "Booth", date(2001, 8, 18), "ST21 0GS", "F"),
    ][:count]
    result = find_matches(records)
    assert result.confident == result.uncertain == []
    assert sorted(result.clusters(), key=min) == sorted(({r.id} for r in records), key=min)


def test_records_with_nothing_known_do_not_break_linkage() -> None:
    """Blank names, birth date and postcode are compared as missing."""
    blank = PersonRecord("X", None, "  ", None, None)
    assert match_incoming(blank, [replace(blank, id="Y")]) == []
    known = john_smith("JS1", date(1980, 5, 1), "ST4 7QB")
    assert find_matches([blank, known]).confident == []
    assert match_incoming(blank, [known]) == []


def test_accented_names_match_their_plain_spelling(linked: LinkageResult) -> None:
    """Zoë and Zoe, Siân and Sian, are the same names."""
    a = PersonRecord("A", "Zoë", "Ní Bhriain", date(1999, 9, 9), "ST5 1AA", "F")
    b = PersonRecord("B", "ZOE", "NI BHRIAIN", date(1999, 9, 9), "ST5 1AA", "F")
    (pair,) = find_matches([a, b], model=linked.model).confident
    assert {e.outcome for e in pair.explanation} == {"agree"}


def test_repeated_record_ids_are_refused() -> None:
    """Two records with one id cannot be told apart in the result."""
    record = john_smith("JS1", date(1980, 5, 1), "ST4 7QB")
    with pytest.raises(InvalidPersonRecords, match="JS1"):
        find_matches([record, replace(record, given_name="Jon")])


# ------------------------------------------------------------------ intake


def test_incoming_duplicate_finds_its_planted_twin(
    force: SyntheticPeople, linked: LinkageResult
) -> None:
    """Each incoming duplicate is matched, confidently, to a record of the same person."""
    by_id = {r.id: r for r in force.records}
    duplicates = sorted(force.changes_of)[:10]
    confident = 0
    for record_id in duplicates:
        matches = match_incoming(by_id[record_id], force.records, model=linked.model)
        same_person = {
            other
            for other, person in force.person_of.items()
            if person == force.person_of[record_id] and other != record_id
        }
        assert same_person & {m.right_id for m in matches}, record_id
        assert all(m.left_id == record_id for m in matches)
        confident += bool(
            same_person & {m.right_id for m in matches if m.band is MatchBand.CONFIDENT}
        )
    assert confident >= 9


def test_incoming_person_unlike_anyone_held_matches_nobody(force: SyntheticPeople) -> None:
    """A stranger with a name not in the synthetic lists is matched to no one."""
    stranger = PersonRecord("NEW", "Zebedee", "Quillfeather", date(1933, 1, 1), "CW3 9ZZ", "M")
    assert match_incoming(stranger, force.records) == []


def test_incoming_scores_agree_with_deduplication(linked: LinkageResult) -> None:
    """The same pair gets the same probability at intake as in a batch."""
    a = PersonRecord("A", "Rebecca", "Brown", date(1995, 4, 8), "ST13 5FJ", "F")
    b = PersonRecord("B", "Becky", "Borwn", date(1995, 4, 8), "ST13 5FJ", "F")
    (batch,) = find_matches([a, b], model=linked.model).confident
    (intake,) = match_incoming(b, [a], model=linked.model)
    assert (intake.left_id, intake.right_id) == ("B", "A")
    assert intake.probability == pytest.approx(batch.probability)


# ------------------------------------------------------------------ parameters


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"link_threshold": 1.5}, "link_threshold"),
        ({"review_threshold": 0.0}, "review_threshold"),
        ({"review_threshold": 0.96}, "must be below link_threshold"),
        ({"blocking": "loose"}, "blocking must be one of standard, wide"),
        ({"seed": -1}, "seed"),
        ({"max_pairs": 100}, "max_pairs"),
        ({"min_records_to_train": 10}, "min_records_to_train"),
    ],
)
def test_bad_parameters_are_refused_with_what_to_fix(kwargs: dict[str, Any], message: str) -> None:
    """Each out-of-range setting is named in the error."""
    with pytest.raises(InvalidLinkageParams, match=message):
        LinkageParams(**kwargs)


def test_parameters_load_from_a_toml_table() -> None:
    """A [linkage] table becomes parameters; a misspelt key is named."""
    params = LinkageParams.from_mapping({"link_threshold": 0.99, "blocking": "wide"})
    assert (params.link_threshold, params.blocking) == (0.99, Blocking.WIDE)
    with pytest.raises(InvalidLinkageParams, match="link_treshold"):
        LinkageParams.from_mapping({"link_treshold": 0.99})


def test_splink_logs_nothing_below_error(caplog: pytest.LogCaptureFixture) -> None:
    """Linkage on a web request or in a test run stays quiet."""
    caplog.set_level(logging.DEBUG)
    find_matches(
        [john_smith("JS1", date(1980, 5, 1), "ST4 7QB"), john_smith("JS2", date(1980, 5, 1), "")]
    )
    assert [r for r in caplog.records if r.name.startswith("splink")] == []


# ------------------------------------------------------------------ clusters


def test_confident_pairs_cluster_into_about_the_true_number_of_people(
    force: SyntheticPeople, linked: LinkageResult
) -> None:
    """Clustering the confident pairs leaves close to 1,200 people."""
    clusters = linked.clusters()
    assert sum(len(c) for c in clusters) == len(force.records)
    assert abs(len(clusters) - force.people) <= 0.03 * force.people


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.sampled_from("abcdefgh")).filter(
            lambda p: p[0] != p[1]
        ),
        max_size=12,
    )
)
def test_clusters_partition_the_records_and_keep_every_link_together(
    links: list[tuple[str, str]],
) -> None:
    """Each record is in exactly one cluster, and linked records share one."""
    ids = list("abcdefghij")
    clusters = cluster_pairs(links, ids)
    assert sorted(i for c in clusters for i in c) == sorted(ids)
    cluster_of = {i: c for c in clusters for i in c}
    assert all(cluster_of[a] == cluster_of[b] for a, b in links)
    linked_ids = {i for link in links for i in link}
    assert all(len(cluster_of[i]) == 1 for i in ids if i not in linked_ids)


# ------------------------------------------------------------------ synthetic people


def test_synthetic_people_are_the_same_for_a_seed_and_carry_their_truth() -> None:
    """A seed gives the same records; every duplicate belongs to a person with a clean record."""
    params = DuplicateParams(people=300, duplicates=80, seed=11)
    first, second = generate_people(params), generate_people(params)
    assert first == second
    assert len(first.records) == 380
    assert first.people == 300
    assert len(first.changes_of) == 80
    assert all(first.person_of[d] for d in first.changes_of)
    assert all(r.postcode is None or r.postcode[:1] in "SWDBC" for r in first.records)
    assert generate_people(replace(params, seed=12)) != first

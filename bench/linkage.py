"""Benchmark: person linkage with Splink against planted duplicates (known truth).

Generates seeded synthetic people with noisy duplicate records
(``safehold.synth.duplicates``), trains a model on them, finds the matches and prints
pairwise precision and recall at the link threshold (linked automatically) and at the
review threshold (linked or queued for a person), the people the confident pairs make
(clusters) against the true number, the training and prediction times, and the time
``match_incoming`` takes to score one incoming person against all the others. A baseline
runs in the same process: exact agreement on given name, family name and date of birth.

    .venv/bin/python bench/linkage.py [--people 5000] [--duplicates 1000] [--seed 0]
                                      [--blocking standard|wide] [--incoming 100] [--json]
    .venv/bin/python bench/linkage.py --print-default-model --people 20000 --duplicates 4000
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from safehold.people.linkage import (
    HOLD_GIVEN_NAMES_DIFFER,
    Blocking,
    LinkageModel,
    LinkageParams,
    MatchPair,
    PersonRecord,
    cluster_pairs,
    default_model,
    find_matches,
    match_incoming,
    train_model,
)
from safehold.synth.duplicates import DuplicateParams, SyntheticPeople, generate_people

Pair = tuple[str, str]


def precision_recall(found: Iterable[Pair], truth: frozenset[Pair]) -> dict[str, float | int]:
    """Return pairwise precision, recall and counts of ``found`` against ``truth``."""
    found_set = set(found)
    true_positives = len(found_set & truth)
    return {
        "pairs": len(found_set),
        "true_positives": true_positives,
        "precision": round(true_positives / len(found_set), 4) if found_set else 1.0,
        "recall": round(true_positives / len(truth), 4) if truth else 1.0,
    }


def pairs_of(matches: Iterable[MatchPair]) -> set[Pair]:
    """Return the (smaller id, larger id) pairs of some matches."""
    return {(min(m.left_id, m.right_id), max(m.left_id, m.right_id)) for m in matches}


def pairs_in_clusters(clusters: Iterable[frozenset[str]]) -> set[Pair]:
    """Return every pair of records that share a cluster."""
    return {(a, b) for c in clusters for a, b in combinations(sorted(c), 2)}


def exact_baseline(records: Iterable[PersonRecord]) -> set[Pair]:
    """Pair records that agree exactly on given name, family name and date of birth."""
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for r in records:
        if r.given_name and r.family_name and r.date_of_birth:
            groups[(r.given_name, r.family_name, r.date_of_birth)].append(r.id)
    return {(a, b) for ids in groups.values() for a, b in combinations(sorted(ids), 2)}


def default_model_literal(model: LinkageModel) -> str:
    """Render a trained model's m and u as the ``_DEFAULT_M_U`` literal of linkage.py."""
    lines = ["_DEFAULT_M_U: dict[str, tuple[tuple[float, float], ...]] = {"]
    for comparison in model.settings()["comparisons"]:
        levels = [
            (round(level["m_probability"], 4), float(f"{level['u_probability']:.3g}"))
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level")
        ]
        lines.append(f'    "{comparison["output_column_name"]}": {tuple(levels)},')
    lines.append("}")
    prior = model.settings()["probability_two_random_records_match"]
    lines.append(f"_DEFAULT_PROBABILITY_TWO_RECORDS_MATCH = {prior:.3g}")
    return "\n".join(lines)


def time_incoming(
    people: SyntheticPeople, params: LinkageParams, model: LinkageModel, count: int, seed: int
) -> dict[str, float | int]:
    """Time match_incoming for ``count`` duplicates against all other records."""
    duplicates = sorted(people.changes_of)
    chosen = random.Random(seed).sample(duplicates, k=min(count, len(duplicates)))
    by_id = {r.id: r for r in people.records}
    match_incoming(by_id[chosen[0]], people.records, params, model)  # warm the caches
    seconds: list[float] = []
    found = confident = 0
    for record_id in chosen:
        started = time.perf_counter()
        matches = match_incoming(by_id[record_id], people.records, params, model)
        seconds.append(time.perf_counter() - started)
        same_person = {
            other
            for other, person in people.person_of.items()
            if person == people.person_of[record_id] and other != record_id
        }
        found += bool(same_person & {m.right_id for m in matches})
        confident += bool(
            same_person & {m.right_id for m in matches if m.band.value == "confident"}
        )
    seconds.sort()
    return {
        "incoming": len(chosen),
        "held": len(people.records) - 1,
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(seconds[int(0.95 * (len(seconds) - 1))] * 1000, 1),
        "found_share": round(found / len(chosen), 4),
        "found_confident_share": round(confident / len(chosen), 4),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the benchmark and return its figures."""
    people = generate_people(
        DuplicateParams(people=args.people, duplicates=args.duplicates, seed=args.seed)
    )
    truth = people.true_pairs()
    params = LinkageParams(seed=args.seed, blocking=Blocking(args.blocking))

    started = time.perf_counter()
    model = train_model(people.records, params)
    train_s = time.perf_counter() - started

    started = time.perf_counter()
    result = find_matches(people.records, params, model=model)
    predict_s = time.perf_counter() - started
    clusters = result.clusters()

    held = [m for m in result.uncertain if m.hold_reason == HOLD_GIVEN_NAMES_DIFFER]
    started = time.perf_counter()
    baseline = exact_baseline(people.records)
    baseline_s = time.perf_counter() - started

    untrained = find_matches(people.records, params, model=default_model())

    figures: dict[str, Any] = {
        "records": len(people.records),
        "people": people.people,
        "true_pairs": len(truth),
        "blocking": params.blocking.value,
        "link_threshold": params.link_threshold,
        "review_threshold": params.review_threshold,
        "train_s": round(train_s, 3),
        "predict_s": round(predict_s, 3),
        "trained": {
            "at_link_threshold": precision_recall(pairs_of(result.confident), truth),
            "at_review_threshold": precision_recall(
                pairs_of(result.confident + result.uncertain), truth
            ),
            "at_link_threshold_without_hold": precision_recall(
                pairs_of(result.confident + held), truth
            ),
            "held_given_names_differ": precision_recall(pairs_of(held), truth),
            "clusters": len(clusters),
            "cluster_pairs": precision_recall(pairs_in_clusters(clusters), truth),
        },
        "default_model": {
            "at_link_threshold": precision_recall(pairs_of(untrained.confident), truth),
            "at_review_threshold": precision_recall(
                pairs_of(untrained.confident + untrained.uncertain), truth
            ),
        },
        "baseline_exact_name_dob": {
            **precision_recall(baseline, truth),
            "clusters": len(cluster_pairs(baseline, (r.id for r in people.records))),
            "seconds": round(baseline_s, 4),
        },
        "match_incoming": time_incoming(people, params, model, args.incoming, args.seed),
        "python": platform.python_version(),
    }
    if args.print_default_model:
        figures["default_model_literal"] = default_model_literal(model)
    return figures


def report(figures: dict[str, Any]) -> str:
    """Format the figures for a person to read."""

    def line(name: str, pr: dict[str, Any]) -> str:
        return (
            f"  {name:<38} precision {pr['precision']:.4f}  recall {pr['recall']:.4f}"
            f"  ({pr['pairs']} pairs)"
        )

    trained, default, base = (
        figures["trained"],
        figures["default_model"],
        figures["baseline_exact_name_dob"],
    )
    incoming = figures["match_incoming"]
    out = [
        (
            f"{figures['records']} records of {figures['people']} people; "
            f"{figures['true_pairs']} true duplicate pairs; blocking {figures['blocking']}"
        ),
        f"training {figures['train_s']:.2f} s, prediction {figures['predict_s']:.2f} s",
        "Splink, trained on these records:",
        line(f"at link threshold {figures['link_threshold']}", trained["at_link_threshold"]),
        line(f"at review threshold {figures['review_threshold']}", trained["at_review_threshold"]),
        line("at link threshold, no given-name hold", trained["at_link_threshold_without_hold"]),
        line("held: given names differ", trained["held_given_names_differ"]),
        line(f"in clusters ({trained['clusters']} people)", trained["cluster_pairs"]),
        "Splink, default model (no training):",
        line("at link threshold", default["at_link_threshold"]),
        line("at review threshold", default["at_review_threshold"]),
        "Baseline, exact given name + family name + date of birth:",
        line(f"exact ({base['clusters']} people)", base),
        (
            "ratio of recall at link threshold to baseline: "
            f"{trained['at_link_threshold']['recall'] / max(base['recall'], 1e-9):.2f}x"
        ),
        (
            f"match_incoming against {incoming['held']} held people: median "
            f"{incoming['median_ms']} ms, p95 {incoming['p95_ms']} ms; the planted duplicate "
            f"found for {incoming['found_share']:.1%} of {incoming['incoming']} "
            f"({incoming['found_confident_share']:.1%} confidently)"
        ),
    ]
    if "default_model_literal" in figures:
        out += ["", figures["default_model_literal"]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--duplicates", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--blocking", choices=[b.value for b in Blocking], default="standard")
    parser.add_argument("--incoming", type=int, default=100, help="match_incoming calls timed")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--print-default-model",
        action="store_true",
        help="also print the trained m/u as the _DEFAULT_M_U literal of linkage.py",
    )
    args = parser.parse_args(argv)
    figures = run(args)
    print(json.dumps(figures, indent=2) if args.json else report(figures))


if __name__ == "__main__":
    main()

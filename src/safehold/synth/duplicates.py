"""Synthetic people with planted duplicate records, and the truth about them.

A force's records name the same person many times, never quite the same way: a
letter transposed or dropped, a nickname, the day and month of birth swapped, a
birth date a day out, a postcode missing or from an old address, a surname changed
on marriage. This module invents people in households (partners and children share
a surname and a postcode; a few children are twins, sharing a birthday too: the
hard cases for linkage) and then writes extra, noisy records of some of them, so
that linkage can be measured against a known truth.

Names come from :mod:`safehold.synth.names`; postcodes are invented in the shape of
those of Staffordshire (ST, WS, DE, B and CW areas) and belong to no one.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from itertools import combinations

from safehold.people.linkage_records import PersonRecord
from safehold.synth.names import SURNAMES, random_name

__all__ = [
    "REFERENCE_DATE",
    "Change",
    "DuplicateParams",
    "SyntheticPeople",
    "generate_people",
    "random_postcode",
]

REFERENCE_DATE = date(2026, 1, 1)


class Change(StrEnum):
    """One way a duplicate record differs from the person's first record."""

    GIVEN_NAME_TYPO = "given_name_typo"
    FAMILY_NAME_TYPO = "family_name_typo"
    NICKNAME = "nickname"
    DOB_DAY_MONTH_SWAPPED = "dob_day_month_swapped"
    DOB_DAY_OUT = "dob_day_out"
    DOB_MISSING = "dob_missing"
    POSTCODE_MISSING = "postcode_missing"
    POSTCODE_CHANGED = "postcode_changed"
    SURNAME_ON_MARRIAGE = "surname_on_marriage"


# How often each change is picked for a duplicate, relative to the others.
_CHANGE_WEIGHTS: dict[Change, float] = {
    Change.GIVEN_NAME_TYPO: 3.0,
    Change.FAMILY_NAME_TYPO: 3.0,
    Change.NICKNAME: 2.0,
    Change.DOB_DAY_MONTH_SWAPPED: 1.0,
    Change.DOB_DAY_OUT: 1.5,
    Change.DOB_MISSING: 0.3,
    Change.POSTCODE_MISSING: 2.0,
    Change.POSTCODE_CHANGED: 2.0,
    Change.SURNAME_ON_MARRIAGE: 1.0,
}

# The informal or formal forms a record may use instead of the name in names.py.
_NICKNAMES: dict[str, tuple[str, ...]] = {
    "Abigail": ("Abby", "Abbie"), "Alex": ("Alexander",), "Amanda": ("Mandy",),
    "Amelia": ("Millie",), "Andrew": ("Andy", "Drew"), "Anthony": ("Tony",),
    "Ben": ("Benjamin",), "Bethany": ("Beth",), "Beth": ("Bethany",),
    "Charlie": ("Charles",), "Chris": ("Christopher",), "Daniel": ("Dan", "Danny"),
    "David": ("Dave",), "Eleanor": ("Ellie",), "Elizabeth": ("Liz", "Lizzie"),
    "Gemma": ("Gem",), "Harry": ("Henry",), "Isabel": ("Izzy", "Isabelle"),
    "James": ("Jim", "Jimmy", "Jamie"), "Jamie": ("James",), "Jennifer": ("Jen", "Jenny"),
    "Jessica": ("Jess",), "Joanne": ("Jo",), "Joe": ("Joseph",), "John": ("Johnny",),
    "Joshua": ("Josh",), "Katie": ("Kate", "Katherine"), "Louise": ("Lou",),
    "Matthew": ("Matt",), "Megan": ("Meg",), "Melissa": ("Mel",),
    "Michael": ("Mike", "Mick"), "Nicholas": ("Nick",), "Nicola": ("Nicky", "Nikki"),
    "Oliver": ("Ollie",), "Olivia": ("Liv",), "Patrick": ("Pat", "Paddy"),
    "Peter": ("Pete",), "Philip": ("Phil",), "Rebecca": ("Becky", "Becca"),
    "Richard": ("Rich", "Rick"), "Robert": ("Rob", "Bob", "Robbie"),
    "Samantha": ("Sam",), "Samuel": ("Sam",), "Stephanie": ("Steph",),
    "Stephen": ("Steve",), "Susan": ("Sue",), "Thomas": ("Tom", "Tommy"),
    "Tony": ("Anthony",), "Victoria": ("Vicky", "Vicki"), "William": ("Will", "Bill"),
    "Zoe": ("Zoey",),
}  # fmt: skip

# Postcode districts in and around Staffordshire, weighted roughly by population.
_POSTCODE_DISTRICTS: tuple[tuple[str, tuple[int, ...], float], ...] = (
    ("ST", tuple(range(1, 22)), 0.55),
    ("WS", (7, 11, 12, 13, 14, 15), 0.18),
    ("DE", (6, 13, 14, 15), 0.12),
    ("B", (77, 78, 79), 0.08),
    ("CW", (3, 12), 0.07),
)
# The letters a postcode's unit may use (C, I, K, M, O and V never appear there).
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True, slots=True)
class DuplicateParams:
    """How many people, how many duplicate records, and how noisy they are.

    Parameters
    ----------
    people
        Distinct people, each with one clean record.
    duplicates
        Extra records of some of those people (a person may have several).
    seed
        Same seed, same records.
    changes
        The kinds of change a duplicate may carry; an empty tuple makes exact copies.
    max_changes
        Each duplicate carries between 1 and this many changes.
    exact_copy_rate
        Share of duplicates that are exact copies apart from their id.
    twin_rate
        Chance that a child in a household has a twin (same surname, postcode and
        birthday, another given name): a different person that looks alike.
    """

    people: int = 5000
    duplicates: int = 1000
    seed: int = 0
    changes: tuple[Change, ...] = tuple(Change)
    max_changes: int = 2
    exact_copy_rate: float = 0.1
    twin_rate: float = 0.02

    def __post_init__(self) -> None:
        if self.people < 0 or self.duplicates < 0:
            raise ValueError(
                f"people ({self.people}) and duplicates ({self.duplicates}) must be 0 or more"
            )
        if self.duplicates and not self.people:
            raise ValueError("duplicates need people to copy; give people > 0")
        if self.max_changes < 1:
            raise ValueError(f"max_changes must be at least 1, not {self.max_changes}")
        for name in ("exact_copy_rate", "twin_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value}")
        unknown = [c for c in self.changes if not isinstance(c, Change)]
        if unknown:
            raise ValueError(f"unknown change(s) {unknown}; use members of Change")


@dataclass(frozen=True, slots=True)
class SyntheticPeople:
    """Records in shuffled order, and who each one really is.

    ``person_of`` maps every record id to its person's key; ``changes_of`` maps each
    duplicate record id to the changes it carries (empty for an exact copy).
    """

    records: tuple[PersonRecord, ...]
    person_of: Mapping[str, str]
    changes_of: Mapping[str, tuple[Change, ...]] = field(repr=False)

    @property
    def people(self) -> int:
        """Return how many distinct people the records describe."""
        return len(set(self.person_of.values()))

    def true_pairs(self) -> frozenset[tuple[str, str]]:
        """Return every pair of record ids (smaller first) that are one person."""
        by_person: dict[str, list[str]] = {}
        for record_id, person in self.person_of.items():
            by_person.setdefault(person, []).append(record_id)
        return frozenset(
            (a, b) if a < b else (b, a)
            for ids in by_person.values()
            for a, b in combinations(sorted(ids), 2)
        )


def random_postcode(rng: random.Random) -> str:
    """Return an invented postcode shaped like Staffordshire's, e.g. ``ST4 7QB``."""
    area, districts, _ = rng.choices(
        _POSTCODE_DISTRICTS, weights=[w for *_, w in _POSTCODE_DISTRICTS]
    )[0]
    unit = "".join(rng.choice(_UNIT_LETTERS) for _ in range(2))
    return f"{area}{rng.choice(districts)} {rng.randrange(10)}{unit}"


@dataclass(slots=True)
class _Person:
    key: str
    sex: str
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str


def _birth_date(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    earliest = today.replace(year=today.year - max_age - 1) + timedelta(days=1)
    latest = today.replace(year=today.year - min_age)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def _households(rng: random.Random, count: int, today: date, twin_rate: float) -> list[_Person]:
    people: list[_Person] = []

    def add(sex: str, given: str, family: str, dob: date, postcode: str) -> None:
        people.append(_Person(f"person-{len(people) + 1:06d}", sex, given, family, dob, postcode))

    while len(people) < count:
        postcode = random_postcode(rng)
        sex = rng.choice("FM")
        given, family = random_name(rng, sex)
        add(sex, given, family, _birth_date(rng, today, 18, 85), postcode)
        if len(people) < count and rng.random() < 0.5:  # a partner
            partner_sex = "M" if sex == "F" else "F"
            partner_given, partner_family = random_name(rng, partner_sex)
            if rng.random() < 0.6:
                partner_family = family
            add(
                partner_sex,
                partner_given,
                partner_family,
                _birth_date(rng, today, 18, 85),
                postcode,
            )
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            if len(people) >= count:
                break
            child_sex = rng.choice("FM")
            child_given, _ = random_name(rng, child_sex)
            dob = _birth_date(rng, today, 0, 17)
            add(child_sex, child_given, family, dob, postcode)
            if len(people) < count and rng.random() < twin_rate:
                twin_sex = rng.choice("FM")
                twin_given = child_given
                while twin_given == child_given:
                    twin_given, _ = random_name(rng, twin_sex)
                add(twin_sex, twin_given, family, dob, postcode)
    return people


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("transpose", "drop", "double"))
    if kind == "transpose":
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        return swapped if swapped != word else word[:i] + word[i + 1 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _apply(
    rng: random.Random, person: _Person, change: Change, record: PersonRecord
) -> tuple[PersonRecord, Change]:
    """Return the record with one change made, and the change actually made."""
    if change is Change.NICKNAME and person.given_name not in _NICKNAMES:
        change = Change.GIVEN_NAME_TYPO
    dob = person.date_of_birth
    if change is Change.DOB_DAY_MONTH_SWAPPED and not (dob.day <= 12 and dob.day != dob.month):
        change = Change.DOB_DAY_OUT
    if change is Change.SURNAME_ON_MARRIAGE and (person.sex != "F" or dob.year > 2008):
        change = Change.FAMILY_NAME_TYPO

    if change is Change.GIVEN_NAME_TYPO:
        record = replace(record, given_name=_typo(rng, record.given_name or person.given_name))
    elif change is Change.FAMILY_NAME_TYPO:
        record = replace(record, family_name=_typo(rng, record.family_name or person.family_name))
    elif change is Change.NICKNAME:
        record = replace(record, given_name=rng.choice(_NICKNAMES[person.given_name]))
    elif change is Change.DOB_DAY_MONTH_SWAPPED:
        record = replace(record, date_of_birth=dob.replace(month=dob.day, day=dob.month))
    elif change is Change.DOB_DAY_OUT:
        record = replace(record, date_of_birth=dob + timedelta(days=rng.choice((-1, 1))))
    elif change is Change.DOB_MISSING:
        record = replace(record, date_of_birth=None)
    elif change is Change.POSTCODE_MISSING:
        record = replace(record, postcode=None)
    elif change is Change.POSTCODE_CHANGED:
        record = replace(record, postcode=random_postcode(rng))
    elif change is Change.SURNAME_ON_MARRIAGE:
        new_surname = person.family_name
        while new_surname == person.family_name:
            new_surname = rng.choice(SURNAMES)
        record = replace(record, family_name=new_surname)
    return record, change


def generate_people(
    params: DuplicateParams | None = None, *, today: date = REFERENCE_DATE
) -> SyntheticPeople:
    """Invent people in households and plant noisy duplicate records of some.

    Parameters
    ----------
    params
        Sizes, seed and noise; defaults to ``DuplicateParams()``.
    today
        Ages are worked out from this date.

    Returns
    -------
    SyntheticPeople
        ``params.people + params.duplicates`` records, shuffled, with ids
        ``R000001``... and the truth.
    """
    params = params or DuplicateParams()
    rng = random.Random(params.seed)
    people = _households(rng, params.people, today, params.twin_rate)

    # (person key, record with a provisional id, changes or None for the first record)
    drafts: list[tuple[str, PersonRecord, tuple[Change, ...] | None]] = [
        (p.key, _first_record(p), None) for p in people
    ]
    # A minority of people turn up again and again (repeat victims, prolific
    # suspects), so duplicates are drawn from a third of them.
    repeaters = rng.sample(people, k=max(1, len(people) // 3)) if people else []
    weights = [_CHANGE_WEIGHTS[c] for c in params.changes]
    for _ in range(params.duplicates):
        person = rng.choice(repeaters)
        record = _first_record(person)
        made: list[Change] = []
        if params.changes and rng.random() >= params.exact_copy_rate:
            wanted = rng.choices(
                params.changes, weights=weights, k=rng.randint(1, params.max_changes)
            )
            for change in dict.fromkeys(wanted):
                record, done = _apply(rng, person, change, record)
                made.append(done)
        drafts.append((person.key, record, tuple(dict.fromkeys(made))))
    rng.shuffle(drafts)

    records: list[PersonRecord] = []
    person_of: dict[str, str] = {}
    changes_of: dict[str, tuple[Change, ...]] = {}
    for number, (key, record, changes) in enumerate(drafts, start=1):
        record_id = f"R{number:06d}"
        records.append(replace(record, id=record_id))
        person_of[record_id] = key
        if changes is not None:
            changes_of[record_id] = changes
    return SyntheticPeople(tuple(records), person_of, changes_of)


def _first_record(person: _Person) -> PersonRecord:
    return PersonRecord(
        id=person.key,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        postcode=person.postcode,
        sex=person.sex,
    )

"""Synthetic people placed at real street points, with invented names and postcodes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from safehold.people.models import Address, Location, Person, PersonAddress, Sex

from .geography import StreetPoint, nearest_station
from .names import random_name

# Postcode areas that cover each district (the inward parts are invented).
POSTCODE_DISTRICTS: dict[str, tuple[str, ...]] = {
    "Stoke-on-Trent": ("ST1", "ST2", "ST3", "ST4", "ST6"),
    "Newcastle-under-Lyme": ("ST5", "ST7"),
    "Stafford": ("ST16", "ST17", "ST18", "ST15"),
    "East Staffordshire": ("DE13", "DE14", "DE15", "ST14"),
    "Cannock Chase": ("WS11", "WS12", "WS15"),
    "Lichfield": ("WS13", "WS14", "WS7"),
    "South Staffordshire": ("WV5", "WV8", "WV9", "ST19"),
    "Tamworth": ("B77", "B78", "B79"),
    "Staffordshire Moorlands": ("ST13", "ST10", "ST8"),
}
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def invented_postcode(rng: random.Random, district: str) -> str:
    outward = rng.choice(POSTCODE_DISTRICTS.get(district, ("ST1",)))
    return (
        f"{outward} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    )


@dataclass
class PeopleFactory:
    """Makes unsaved people with homes; ``flush`` bulk-inserts them in order."""

    rng: random.Random
    points: tuple[StreetPoint, ...]
    today: date
    prefix: str = "P"

    def __post_init__(self) -> None:
        self._people: list[Person] = []
        self._locations: list[Location] = []
        self._addresses: list[Address] = []
        self._links: list[tuple[int, int, str, date, date | None]] = []
        self._index: dict[int, int] = {}  # id(person) -> position in _people
        self._homes: dict[int, tuple[int, date, int]] = {}  # person -> (address, since, link)
        self._next = Person.objects.count() + 1

    def person(
        self, *, sex: str | None = None, age_range: tuple[int, int] = (18, 70), addresses: int = 1
    ) -> Person:
        rng = self.rng
        sex = sex or rng.choice("FM")
        given, family = random_name(rng, sex)
        age_days = rng.randint(age_range[0] * 365, age_range[1] * 365 + 364)
        person = Person(
            reference=f"{self.prefix}{self._next:07d}",
            given_name=given,
            family_name=family,
            date_of_birth=self.today - timedelta(days=age_days),
            sex=Sex.FEMALE if sex == "F" else Sex.MALE,
        )
        self._next += 1
        self._people.append(person)
        p_index = len(self._people) - 1
        self._index[id(person)] = p_index
        start = self.today - timedelta(days=rng.randint(30, 365 * 8))
        for k in range(addresses):
            a_index = self.new_address()
            # Older addresses first, each ending when the next starts.
            span_start = start - timedelta(days=(addresses - 1 - k) * rng.randint(200, 900))
            end = None if k == addresses - 1 else span_start + timedelta(days=rng.randint(150, 800))
            if end is not None and end >= start:
                end = start - timedelta(days=1)
            kind = "home" if end is None else "previous"
            self._links.append((p_index, a_index, kind, span_start, end))
            if end is None:
                self._homes[p_index] = (a_index, span_start, len(self._links) - 1)
        return person

    def new_address(self) -> int:
        point = self.rng.choice(self.points)
        station = nearest_station(point.lat, point.lon)
        self._locations.append(Location(lat=point.lat, lon=point.lon, description=point.street))
        self._addresses.append(
            Address(
                line1=f"{self.rng.randint(1, 240)} {point.street}",
                town=station.town,
                postcode=invented_postcode(self.rng, point.district),
            )
        )
        return len(self._addresses) - 1

    def share_home(self, person: Person, with_person: Person) -> None:
        """Give ``person`` the current home of ``with_person`` (same household)."""
        address, since, _ = self._homes[self._index[id(with_person)]]
        i = self._index[id(person)]
        link = self._homes[i][2]
        self._links[link] = (i, address, "home", since, None)
        self._homes[i] = (address, since, link)

    def flush(self) -> list[Person]:
        Location.objects.bulk_create(self._locations, batch_size=2000)
        for address, location in zip(self._addresses, self._locations, strict=True):
            address.location = location
        Address.objects.bulk_create(self._addresses, batch_size=2000)
        Person.objects.bulk_create(self._people, batch_size=2000)
        PersonAddress.objects.bulk_create(
            [
                PersonAddress(
                    person=self._people[p],
                    address=self._addresses[a],
                    kind=kind,
                    valid_from=start,
                    valid_to=end,
                )
                for p, a, kind, start, end in self._links
            ],
            batch_size=2000,
        )
        people = self._people
        self._people, self._locations, self._addresses, self._links = [], [], [], []
        self._index, self._homes = {}, {}
        return people

    def home_location(self, person: Person) -> Location:
        """The (unsaved until flush) location of the person's current home."""
        return self._locations[self._homes[self._index[id(person)]][0]]


def current_home(person: Person) -> Address | None:
    link = person.addresses.filter(valid_to__isnull=True).select_related("address").first()
    return link.address if link else None

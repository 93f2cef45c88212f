"""Factories for test data: synthetic people, staff and stations only."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from safehold.accounts.models import Station, Team, User
from safehold.accounts.roles import Rank, Role
from safehold.offenders.models import Offender
from safehold.people.models import Address, Location, Person, PersonAddress


class StationFactory(DjangoModelFactory[Station]):
    class Meta:
        model = Station
        django_get_or_create = ("code",)

    code = "HAN"
    name = "Hanley Police Station"
    town = "Hanley"
    district = "Stoke-on-Trent"
    lat = 53.0244
    lon = -2.1741


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = "MOSOVO North"
    station = factory.SubFactory(StationFactory)
    function = "offender_management"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.OFFENDER_MANAGER.value
    rank = Rank.CONSTABLE
    station = factory.SubFactory(StationFactory)
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password("correct-horse-battery")


class LocationFactory(DjangoModelFactory[Location]):
    class Meta:
        model = Location

    lat = factory.Sequence(lambda n: 52.80 + (n % 50) * 0.004)
    lon = factory.Sequence(lambda n: -2.12 + (n % 37) * 0.005)
    description = "Test Street"


class AddressFactory(DjangoModelFactory[Address]):
    class Meta:
        model = Address

    line1 = factory.Sequence(lambda n: f"{n % 200 + 1} Test Street")
    town = "Stafford"
    postcode = "ST16 9ZZ"
    location = factory.SubFactory(LocationFactory)


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"T{n:07d}")
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    # Adults, born 1960-2004 whatever the sequence has reached (it used to drift past 2008
    # after ~280 people, making a later test's suspect a minor); tests wanting a child say so.
    date_of_birth = factory.Sequence(
        lambda n: date(1960, 1, 1) + timedelta(days=(n * 37) % (365 * 44))
    )
    sex = "M"

    @factory.post_generation
    def home(self, create: bool, extracted: Address | None, **kwargs: object) -> None:
        if not create:
            return
        PersonAddress.objects.create(
            person=self,
            address=extracted or AddressFactory(),
            kind="home",
            valid_from=date(2020, 1, 1),
        )


class OffenderFactory(DjangoModelFactory[Offender]):
    class Meta:
        model = Offender

    person = factory.SubFactory(PersonFactory)
    register_reference = factory.Sequence(lambda n: f"STF-T{n:06d}")
    status = "managed"
    risk_level = "high"
    registered_on = date(2019, 5, 1)
    station = factory.SubFactory(StationFactory)
    last_risk_assessment_on = date(2026, 1, 10)
    last_notification_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))

"""Merging a confirmed duplicate person, undoing it, and the access log of both (issue 9.9)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db.models import UniqueConstraint
from django.test import Client
from tests.conftest import give_justification
from tests.demand.factories import make_incident as make_call
from tests.factories import OffenderFactory, PersonFactory
from tests.safeguarding.factories import make_action, make_dash, make_incident

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.audit.models import AccessLogEntry, AccessLogPerson, Operation
from safehold.demand.models import Involvement
from safehold.errors import Conflict, Forbidden
from safehold.people.merging import (
    Rule,
    UnhandledRelation,
    merge_people,
    relation_key,
    relations_to_person,
    rule_for,
    undo_merge,
)
from safehold.people.models import Alias, Person, PersonAddress
from safehold.safeguarding.models import Incident, MatchStatus, Party, PersonMatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def sergeant(make_user: Callable[..., User]) -> User:
    return make_user(Role.PRIORITIES_LEAD, username="ds.merger", rank=Rank.SERGEANT)


def _pointing_at(person: Person) -> dict[str, int]:
    """How many rows of every relation (found generically) point at ``person``."""
    out = {}
    for relation in relations_to_person():
        if rule_for(relation) == Rule.KEEP:
            continue
        manager = relation.related_model._base_manager
        out[relation_key(relation)] = manager.filter(**{relation.field.attname: person.pk}).count()
    return out


def _retired_with_everything() -> Person:
    """A person held by a row of every kind of record the force keeps today."""
    retired = PersonFactory(given_name="Jon", family_name="Smyth")
    Alias.objects.create(person=retired, family_name="Smith")
    incident = make_incident(victim=retired)
    make_dash(incident)
    make_action(incident)
    make_incident(suspect=retired)
    party = Party.objects.filter(incident=incident).first()
    assert party is not None
    PersonMatch.objects.create(
        party=party,
        candidate=retired,
        probability=0.7,
        match_weight=3.0,
        model_version="test",
        status=MatchStatus.PENDING,
    )
    call = make_call()
    Involvement.objects.create(incident=call, person=retired, role="subject")
    OffenderFactory(person=retired)
    other = PersonFactory()
    other.merged_into = retired
    other.save()
    return retired


def test_every_relation_to_a_person_in_every_app_has_a_merge_rule() -> None:
    """A foreign key to Person added anywhere is either moved by a merge or fails here."""
    declared = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is Person
    }
    found = {relation_key(r) for r in relations_to_person()}
    assert declared == found
    for relation in relations_to_person():
        rule_for(relation)  # raises UnhandledRelation for a relation nobody decided
    # Hidden relations (related_name="+") are among them.
    assert {"safeguarding.Incident.victim", "safeguarding.PersonMatch.candidate"} <= found
    assert rule_for(Person._meta.get_field("offender")) == Rule.ONE_PER_PERSON  # type: ignore[arg-type]


def test_a_foreign_key_in_a_unique_constraint_has_no_default_rule() -> None:
    """Moving it could break the constraint: someone must write its rule first."""
    meta = SimpleNamespace(
        label="demo.OnePerPerson",
        unique_together=[],
        constraints=[UniqueConstraint(fields=["person", "kind"], name="one_per_person_kind")],
    )
    relation = SimpleNamespace(
        related_model=SimpleNamespace(_meta=meta),
        field=SimpleNamespace(name="person", one_to_one=False, unique=False),
    )
    with pytest.raises(UnhandledRelation, match=r"demo\.OnePerPerson\.person"):
        rule_for(relation)  # type: ignore[arg-type]


def test_a_merge_moves_every_relation_in_one_go_and_logs_a_combination(sergeant: User) -> None:
    survivor = PersonFactory(given_name="John", family_name="Smyth")
    retired = _retired_with_everything()
    before = _pointing_at(retired)
    assert sum(before.values()) >= 12
    survivor_before = _pointing_at(survivor)

    merge = merge_people(
        sergeant, survivor_id=survivor.pk, retired_id=retired.pk, reason="Same PNC id"
    )

    assert sum(_pointing_at(retired).values()) == 0
    after = _pointing_at(survivor)
    for key, count in before.items():
        # The retired name becomes an alias; the retired record itself points at the survivor.
        extra = 1 if key in ("people.Alias.person", "people.Person.merged_into") else 0
        assert after[key] == survivor_before[key] + count + extra, key
    retired.refresh_from_db()
    assert retired.merged_into_id == survivor.pk
    assert merge.rows_moved == sum(before.values())
    entry = AccessLogEntry.objects.get(operation=Operation.COMBINATION)
    assert entry.record_type == "person_merge"
    assert entry.person_id == survivor.pk
    assert entry.detail["survivor"] == survivor.pk
    assert entry.detail["retired"] == retired.pk
    assert entry.username == sergeant.username
    assert set(AccessLogPerson.objects.filter(entry=entry).values_list("person_id", flat=True)) == {
        survivor.pk,
        retired.pk,
    }


def test_undoing_a_merge_moves_exactly_the_moved_rows_back_and_is_logged(sergeant: User) -> None:
    survivor = PersonFactory(given_name="John", family_name="Smyth")
    retired = _retired_with_everything()
    before_retired, before_survivor = _pointing_at(retired), _pointing_at(survivor)
    merge_people(sergeant, survivor_id=survivor.pk, retired_id=retired.pk, reason="Same PNC id")
    later = make_incident(victim=survivor)  # recorded after the merge: stays with the survivor

    merge = undo_merge(sergeant, retired_id=retired.pk, reason="Twins: different PNC ids")

    assert _pointing_at(retired) == before_retired
    now_survivor = _pointing_at(survivor)
    assert (
        now_survivor["safeguarding.Incident.victim"]
        == before_survivor["safeguarding.Incident.victim"] + 1
    )
    assert Incident.objects.get(pk=later.pk).victim_id == survivor.pk
    assert not Alias.objects.filter(person=survivor, family_name="Smyth", given_name="Jon")
    retired.refresh_from_db()
    assert retired.merged_into_id is None
    assert merge.undone_at is not None
    entry = AccessLogEntry.objects.filter(operation=Operation.ALTERATION).first()
    assert entry is not None
    assert entry.record_type == "person_merge"
    assert entry.detail["retired"] == retired.pk
    assert entry.detail["undone"] is True
    assert entry.detail["moved_back"]["safeguarding.Incident.victim"] == 1


def test_two_register_records_are_refused_and_nothing_moves(sergeant: User) -> None:
    survivor, retired = OffenderFactory().person, OffenderFactory().person
    make_incident(victim=retired)
    with pytest.raises(Conflict) as refused:
        merge_people(sergeant, survivor_id=survivor.pk, retired_id=retired.pk, reason="same")
    assert refused.value.code == "both_have_one"
    assert Party.objects.filter(person=retired).count() == 1
    assert not AccessLogEntry.objects.filter(operation=Operation.COMBINATION).exists()


def test_only_a_supervisor_with_the_capability_may_merge(make_user: Callable[..., User]) -> None:
    a, b = PersonFactory(), PersonFactory()
    constable = make_user(Role.SAFEGUARDING_OFFICER, rank=Rank.CONSTABLE)
    manager = make_user(Role.OFFENDER_MANAGER, rank=Rank.SERGEANT)
    for user in (constable, manager):
        with pytest.raises(Forbidden):
            merge_people(user, survivor_id=a.pk, retired_id=b.pk, reason="same")
    assert Person.objects.current().count() == 2


def _client(user: User, *people: Person) -> Client:
    client = Client()
    client.force_login(user)
    give_justification(client, "list", "people")
    for person in people:
        give_justification(client, "person", person.pk)
    return client


def test_the_pages_merge_hide_the_retired_record_and_undo(sergeant: User) -> None:
    survivor = PersonFactory(given_name="Johnathan", family_name="Quellor")
    retired = PersonFactory(given_name="Jon", family_name="Quellar")
    PersonAddress.objects.filter(person=retired).delete()
    client = _client(sergeant, survivor, retired)
    response = client.post(
        f"/people/{survivor.pk}/merge/", {"retired": retired.reference, "reason": "Same person"}
    )
    assert response.status_code == 302
    # Searches never show the retired record: its name and reference find the survivor.
    for query in ("Quellar", retired.reference, "Quellor"):
        listed = list(client.get("/people/", {"q": query}).context["listing"].page)
        assert retired not in listed, query
    assert list(client.get("/people/", {"q": "Quellar"}).context["listing"].page) == [survivor]
    # Opening the retired record says where it went.
    opened = client.get(f"/people/{retired.pk}/", follow=True)
    assert opened.redirect_chain[-1][0] == f"/people/{survivor.pk}/"
    assert f"Record {retired.reference} was merged into this person" in opened.content.decode()
    assert b'data-testid="merged-records"' in opened.content
    # Undo from the survivor's page.
    undone = client.post(f"/people/{retired.pk}/unmerge/", {"reason": "Not the same"})
    assert undone.status_code == 302
    assert list(client.get("/people/", {"q": "Quellar"}).context["listing"].page) == [retired]


def test_a_constable_is_told_why_the_merge_is_refused(make_user: Callable[..., User]) -> None:
    constable = make_user(Role.SAFEGUARDING_OFFICER, rank=Rank.CONSTABLE)
    a, b = PersonFactory(), PersonFactory()
    client = _client(constable, a)
    response = client.post(f"/people/{a.pk}/merge/", {"retired": b.reference, "reason": "same"})
    assert response.status_code == 200
    assert "sergeant or above" in response.content.decode()
    assert Person.objects.current().count() == 2

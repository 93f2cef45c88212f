"""Merging a confirmed duplicate person into the one who survives, and undoing it.

Every relation to a person, in every context, is found through Django's model metadata
(``Person._meta.get_fields(include_hidden=True)``), never listed by hand, so a foreign key
added tomorrow moves with the rest. :func:`rule_for` says what a merge does with each
relation; a relation it cannot handle safely (a many-to-many, or a foreign key inside a
unique constraint) raises :class:`UnhandledRelation`, and ``tests/people/test_merging.py``
fails until someone writes its rule here.

A merge moves, in one transaction, every row that points at the retired person to the
survivor, records exactly which rows moved (:class:`~.models.PersonMerge`), adds the
retired record's name as an alias of the survivor, marks the retired record
``merged_into`` the survivor, lets other contexts tidy what the move left behind (their
:mod:`~.merge_hooks`: a pending identity match between the two people is closed), and logs
a *combination* (DPA 2018 s.62) naming both ids. Undoing moves exactly those rows back,
gives the hooks back what they changed, removes the alias and logs an *alteration*.
"""

from __future__ import annotations

from enum import StrEnum

from django.apps import apps
from django.db import models, transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.core_models import touch
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound

from .merge_hooks import HOOKS, MergeEvent
from .models import Alias, Person, PersonMerge


class Rule(StrEnum):
    MOVE = "move"  # every row moves to the survivor
    ONE_PER_PERSON = "one_per_person"  # moves unless the survivor already has one (refused)
    KEEP = "keep"  # stays: the record of the merge itself


# Relations that stay where they are, with the reason.
KEEP = {
    "people.PersonMerge.survivor": "the merge record names both people",
    "people.PersonMerge.retired": "the merge record names both people",
}


class UnhandledRelation(Exception):
    """A relation to Person whose merge rule nobody has written (see the module doc)."""


def relation_key(relation: models.ForeignObjectRel) -> str:
    return f"{relation.related_model._meta.label}.{relation.field.name}"


def relations_to_person() -> list[models.ForeignObjectRel]:
    """Every relation from any model to Person, hidden ones (``related_name="+"``) too."""
    return [
        f
        for f in Person._meta.get_fields(include_hidden=True)
        if isinstance(f, models.ForeignObjectRel)
    ]


def _in_unique_constraint(relation: models.ForeignObjectRel) -> bool:
    meta, name = relation.related_model._meta, relation.field.name
    together = [set(group) for group in meta.unique_together]
    together += [set(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint)]
    return any(name in group for group in together)


def rule_for(relation: models.ForeignObjectRel) -> Rule:
    """What a merge does with ``relation`` (raises :class:`UnhandledRelation`)."""
    key = relation_key(relation)
    if key in KEEP:
        return Rule.KEEP
    if isinstance(relation, models.ManyToManyRel):
        raise UnhandledRelation(f"{key}: a many-to-many to Person needs a merge rule")
    if relation.field.one_to_one or relation.field.unique:
        return Rule.ONE_PER_PERSON
    if _in_unique_constraint(relation):
        raise UnhandledRelation(f"{key}: a foreign key in a unique constraint needs a merge rule")
    return Rule.MOVE


def _check_actor(actor: User) -> None:
    if not actor.can(Capability.MERGE_PEOPLE):
        raise Forbidden("Your role cannot merge person records", code="cannot_merge")
    if not actor.rank_enum.is_supervisor:
        raise Forbidden(
            "Merging person records needs a sergeant or above", code="supervisor_required"
        )


def _locked(*ids: int) -> dict[int, Person]:
    people = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=ids)}
    for pk in ids:
        if pk not in people:
            raise NotFound(f"No person {pk}")
    return people


def _event(
    survivor: Person,
    retired: Person,
    moved: dict[str, list[int | str]],
    actor: User,
    clock: Clock,
) -> MergeEvent:
    return MergeEvent(
        survivor_id=survivor.pk,
        survivor_reference=survivor.reference,
        retired_id=retired.pk,
        retired_reference=retired.reference,
        moved=moved,
        actor=actor,
        at=clock.now(),
    )


def merge_people(
    actor: User,
    *,
    survivor_id: int,
    retired_id: int,
    reason: str,
    clock: Clock = SYSTEM_CLOCK,
) -> PersonMerge:
    """Merge the duplicate ``retired_id`` into ``survivor_id`` (see the module doc)."""
    _check_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why these records are the same person", field="reason")
    if survivor_id == retired_id:
        raise InvalidInput("Choose two different people to merge", field="retired")
    with transaction.atomic():
        people = _locked(survivor_id, retired_id)
        survivor, retired = people[survivor_id], people[retired_id]
        for person in (survivor, retired):
            if person.merged_into_id is not None:
                raise Conflict(
                    f"{person.reference} was already merged into person {person.merged_into_id}",
                    code="already_merged",
                    field="retired" if person is retired else "survivor",
                )
        moved: dict[str, list[int | str]] = {}
        for relation in relations_to_person():
            rule = rule_for(relation)
            if rule == Rule.KEEP:
                continue
            manager = relation.related_model._base_manager
            column = relation.field.attname
            ids = list(manager.filter(**{column: retired.pk}).values_list("pk", flat=True))
            if not ids:
                continue
            key = relation_key(relation)
            if rule == Rule.ONE_PER_PERSON and manager.filter(**{column: survivor.pk}).exists():
                raise Conflict(
                    f"Both people have a {relation.related_model._meta.verbose_name} "
                    f"({key}): resolve that record by hand before merging",
                    code="both_have_one",
                )
            manager.filter(pk__in=ids).update(**{column: survivor.pk})
            moved[key] = [pk if isinstance(pk, int) else str(pk) for pk in ids]
        alias = None
        if (retired.given_name, retired.family_name) != (survivor.given_name, survivor.family_name):
            alias = Alias.objects.create(
                person=survivor,
                given_name=retired.given_name,
                family_name=retired.family_name,
                date_of_birth=retired.date_of_birth,
                created_by=actor,
            )
        retired.merged_into = survivor
        touch(retired, actor, ["merged_into"])
        event = _event(survivor, retired, moved, actor, clock)
        resolved = {key: ids for key, hook in HOOKS.items() if (ids := hook.merge(event))}
        merge = PersonMerge.objects.create(
            survivor=survivor,
            retired=retired,
            merged_at=clock.now(),
            merged_by=actor,
            reason=reason,
            moved=moved,
            resolved=resolved,
            alias_added=alias.pk if alias else None,
        )
        record(
            actor,
            Operation.COMBINATION,
            "person_merge",
            merge.pk,
            person_id=survivor.pk,
            justification=Justification("record_keeping", reason),
            detail={
                "survivor": survivor.pk,
                "survivor_reference": survivor.reference,
                "retired": retired.pk,
                "retired_reference": retired.reference,
                "moved": {key: len(ids) for key, ids in moved.items()},
                "resolved": {key: len(ids) for key, ids in resolved.items()},
            },
            people=[survivor.pk, retired.pk],
            clock=clock,
        )
    return merge


def undo_merge(
    actor: User, *, retired_id: int, reason: str, clock: Clock = SYSTEM_CLOCK
) -> PersonMerge:
    """Undo the merge that retired ``retired_id``: exactly the rows it moved move back.

    Rows recorded against the survivor after the merge stay with the survivor.
    """
    _check_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the merge was wrong", field="reason")
    with transaction.atomic():
        merge = (
            PersonMerge.objects.select_for_update()
            .filter(retired_id=retired_id, undone_at__isnull=True)
            .first()
        )
        if merge is None:
            raise NotFound(f"Person {retired_id} has no merge to undo")
        people = _locked(merge.survivor_id, merge.retired_id)
        survivor, retired = people[merge.survivor_id], people[merge.retired_id]
        if survivor.merged_into_id is not None:
            raise Conflict(
                f"{survivor.reference} has since been merged into person "
                f"{survivor.merged_into_id}: undo that merge first",
                code="merged_again",
            )
        back: dict[str, int] = {}
        for key, ids in merge.moved.items():
            label, field_name = key.rsplit(".", 1)
            model = apps.get_model(label)
            column = model._meta.get_field(field_name).attname
            back[key] = model._base_manager.filter(pk__in=ids, **{column: survivor.pk}).update(
                **{column: retired.pk}
            )
        event = _event(survivor, retired, merge.moved, actor, clock)
        for key, ids in merge.resolved.items():
            back[key] = HOOKS[key].undo(event, ids)
        if merge.alias_added is not None:
            Alias.objects.filter(pk=merge.alias_added, person=survivor).delete()
        retired.merged_into = None
        touch(retired, actor, ["merged_into"])
        merge.undone_at, merge.undone_by, merge.undo_reason = clock.now(), actor, reason
        merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        record(
            actor,
            Operation.ALTERATION,
            "person_merge",
            merge.pk,
            person_id=retired.pk,
            justification=Justification("record_keeping", reason),
            detail={
                "undone": True,
                "survivor": survivor.pk,
                "retired": retired.pk,
                "moved_back": back,
            },
            people=[survivor.pk, retired.pk],
            clock=clock,
        )
    return merge

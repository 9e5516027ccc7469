"""Everything held about one person, found through the models' own relations, and its deletion.

No app is queried by hand: `record_graph` follows every foreign key in the project back to the person.
A row belongs to the person's record when it points at the person, or at a row that belongs, with
on_delete=CASCADE (so a new app's rows are found the day it is added); merged duplicates of the person
belong too (they are the same person). A row outside the record that points into it with PROTECT (or
RESTRICT, or a database constraint without a cascade) stops the deletion: a case file audit, for
instance, is the council's evidence and is not deleted with the child. `blockers` names those.

Inside the record, the apps protect their own rows from each other (an assessment protects its episode;
a child protection plan and its first conference protect each other): `erase` says how it deletes them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from safehold.people.models import Person

_STOPPING = (models.PROTECT, models.RESTRICT)


def _foreign_keys():
    """(model, field) for every concrete foreign key (and one-to-one) in the project."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if (f.many_to_one or f.one_to_one) and f.related_model is not None:
                yield model, f


def _stops(f) -> bool:
    on_delete = f.remote_field.on_delete
    return on_delete in _STOPPING or (on_delete is models.DO_NOTHING and f.db_constraint)


@dataclass
class RecordGraph:
    person: Person
    # The rows of the person's record, by model: what a subject access bundle shows and a disposal deletes.
    owned: dict[type[models.Model], set[int]] = field(default_factory=dict)
    # Rows outside the record that point into it and stop its deletion, by (model, field name).
    blocking: dict[tuple[type[models.Model], str], set[int]] = field(default_factory=dict)

    @property
    def people(self) -> set[int]:
        """The person and their merged duplicates."""
        return self.owned.get(Person, set())

    def rows(self, model) -> models.QuerySet:
        return model._base_manager.filter(pk__in=sorted(self.owned.get(model, ())))

    def counts(self) -> dict[str, int]:
        return {m._meta.label_lower: len(pks) for m, pks in sorted(self.owned.items(), key=lambda i: i[0]._meta.label)
                if pks}


def record_graph(person: Person) -> RecordGraph:
    graph = RecordGraph(person=person)
    owned: dict[type[models.Model], set[int]] = defaultdict(set)
    people = {person.pk}
    frontier = set(people)
    while frontier:  # merged duplicates, and anything merged into them
        frontier = set(Person._base_manager.filter(merged_into__in=frontier).values_list("pk", flat=True)) - people
        people |= frontier
    owned[Person] = people
    cascading = [(m, f) for m, f in _foreign_keys() if f.remote_field.on_delete is models.CASCADE]
    new: dict[type[models.Model], set[int]] = {Person: set(people)}
    while new:
        found: dict[type[models.Model], set[int]] = defaultdict(set)
        for model, f in cascading:
            target = f.related_model._meta.concrete_model
            if new.get(target):
                pks = set(model._base_manager.filter(**{f"{f.attname}__in": sorted(new[target])})
                          .values_list("pk", flat=True))
                found[model] |= pks - owned[model]
        new = {m: pks for m, pks in found.items() if pks}
        for m, pks in new.items():
            owned[m] |= pks
    graph.owned = {m: pks for m, pks in owned.items() if pks}
    for model, f in _foreign_keys():
        target = f.related_model._meta.concrete_model
        if not _stops(f) or not graph.owned.get(target):
            continue
        if model is Person and f.name == "merged_into":
            continue  # duplicates merged into the person are in the record
        outside = set(model._base_manager.filter(**{f"{f.attname}__in": sorted(graph.owned[target])})
                      .exclude(pk__in=sorted(graph.owned.get(model, ()))).values_list("pk", flat=True))
        if outside:
            graph.blocking[(model, f.name)] = outside
    return graph


def blockers(graph: RecordGraph) -> list[str]:
    """What stops the deletion, in words: the kind of record, its app, how many, and the field."""
    out = []
    for (model, field_name), pks in sorted(graph.blocking.items(), key=lambda i: i[0][0]._meta.label):
        meta = model._meta
        noun = meta.verbose_name if len(pks) == 1 else meta.verbose_name_plural
        ids = ", ".join(str(pk) for pk in sorted(pks)[:10]) + (" ..." if len(pks) > 10 else "")
        one = len(pks) == 1
        out.append(f"{len(pks)} {noun} in {meta.app_config.verbose_name} ({meta.label}.{field_name}, ID {ids}) "
                   f"refer{'s' if one else ''} to this record and {'is' if one else 'are'} kept: the record cannot "
                   f"be deleted while {'it is' if one else 'they are'}")
    return out


class ErasureBlocked(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def erase(graph: RecordGraph) -> dict[str, int]:
    """Delete every row of the person's record (call inside the caller's transaction, after the checks).
    Returns the rows deleted by model. Refuses, deleting nothing, when a row outside the record stops it.

    Django's collector cannot do this: it refuses to delete a row that another row of the same record
    protects, even when both are going, and the record's protections loop (a child protection plan and its
    first conference), which clearing a link cannot break without breaking the apps' own constraints. The
    record's rows are known exactly (`record_graph`), so each table's rows are deleted directly; the
    database's foreign keys are deferred to the end of the transaction, and are checked here, before it
    ends, so a row left pointing at a deleted one undoes the whole deletion."""
    if graph.blocking:
        raise ErasureBlocked(blockers(graph))
    owned = graph.owned
    deleted: dict[str, int] = {}
    with transaction.atomic():
        connection = transaction.get_connection()
        # Rows outside the record that point into it with SET_NULL (or SET_DEFAULT, SET(...)) keep their row.
        touched = set()
        for model, f in _foreign_keys():
            target = f.related_model._meta.concrete_model
            on_delete = f.remote_field.on_delete
            if not owned.get(target) or on_delete in (models.CASCADE, models.DO_NOTHING) or _stops(f):
                continue
            outside = model._base_manager.filter(**{f"{f.attname}__in": sorted(owned[target])}).exclude(
                pk__in=sorted(owned.get(model, ())))
            if on_delete is models.SET_NULL:
                value = None
            elif on_delete is models.SET_DEFAULT:
                value = f.get_default()
            else:  # models.SET(value or callable)
                value = on_delete.deconstruct()[1][0]
                value = value() if callable(value) else value
            if outside.update(**{f.attname: value}):
                touched.add(model)
        for model, pks in owned.items():
            if pks:
                n = model._base_manager.filter(pk__in=sorted(pks))._raw_delete(connection.alias)
                deleted[model._meta.label_lower] = n
        # Every table that can point at a deleted row: nothing may dangle (deferred constraints, checked now).
        tables = {m._meta.db_table for m, f in _foreign_keys()
                  if f.related_model._meta.concrete_model in owned and f.db_constraint}
        connection.check_constraints(table_names=sorted(tables | {m._meta.db_table for m in touched}))
    return deleted

"""Optimistic locking: detect concurrent edits instead of overwriting them (security.md B5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone

if TYPE_CHECKING:
    from .models import VersionedModel

V = TypeVar("V", bound="VersionedModel")


@dataclass
class EditConflict(Exception):
    """Someone else saved the record after this editor loaded it."""

    current: models.Model
    changed_fields: dict[str, tuple[Any, Any]]

    def __str__(self) -> str:
        return "This record was changed by someone else after you opened it."


def save_if_unchanged(
    instance: models.Model, *, expected_version: int, fields: list[str], theirs: dict[str, Any] | None = None,
    version_field: str = "version",
) -> None:
    """Write `fields` of `instance` only if the stored version is still `expected_version`.

    One UPDATE ... WHERE version = expected, so two concurrent saves cannot both succeed. On a
    conflict raises EditConflict with the stored record and the fields it differs in. A part of a
    record with a version of its own (an assessment's autosaved draft) names it in `version_field`.
    """
    model = type(instance)
    values = {f: getattr(instance, f) for f in fields}
    if any(f.name == "updated_at" for f in model._meta.fields):
        values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, **{version_field: expected_version}).update(
        **{version_field: F(version_field) + 1}, **values
    )
    if updated == 0:
        current = model._default_manager.get(pk=instance.pk)
        changed = {}
        for f in fields:
            stored = getattr(current, f)
            mine = (theirs or {}).get(f, getattr(instance, f))
            if stored != mine:
                changed[f] = (stored, mine)
        raise EditConflict(current=current, changed_fields=changed)
    setattr(instance, version_field, expected_version + 1)
    # An UPDATE sends no signal of its own: those listening for a record's saves (the DfE rules checked on save,
    # returns/receivers.py) hear of this one as of any other save.
    post_save.send(sender=model, instance=instance, created=False, update_fields=frozenset(fields), raw=False,
                   using=model._default_manager.db)


def lock_if_unchanged(model: type[V], pk: Any, *, expected_version: int | None, theirs_field: str = "",
                      mine: Any = None, select_related: tuple[str, ...] = ()) -> V:
    """The row locked for update (only that table's row: PostgreSQL refuses FOR UPDATE on the nullable side of an
    outer join), or EditConflict when its version is no longer `expected_version` (None: no check). A page older
    than the last change is told so before anything else is checked. `theirs_field` names the field to report as
    changed, with `mine` the editor's value of it."""
    current = model._default_manager.select_for_update(of=("self",)).select_related(*select_related).get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        changed = {theirs_field: (getattr(current, theirs_field), mine)} if theirs_field else {}
        raise EditConflict(current=current, changed_fields=changed)
    return current

"""A subject access bundle: everything held about a person, for the information governance officer to
review and send (UK GDPR Art. 15).

The bundle is built from the record's own registries, not app by app: the person (identity, names,
addresses, relationships) from the people app's selectors, what is open now from the record page's
involvement registry, the chronology from its chronology selector, and every other app's rows from the
relation graph that disposal uses too (governance/erasure.py). So what a subject is sent and what a
disposal deletes are the same set of rows, and a new app's records appear in both without a change here.
(The record page's panels are summaries with actions, not everything held, so the bundle does not use them.)

Other people named in it are third parties (UK GDPR Art. 15(4), DPA 2018 Sch. 2 para 16): every other
person on the record (family members, other children and adults) is marked "[third party: consider
redaction]" beside their name, in the record's fields and wherever their name appears in free text.
Professionals (members of staff, named practitioners) are not marked. A third party whose record is
restricted is never named: the bundle says "[restricted third party: name withheld]" instead.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from safehold.people import selectors as people_selectors
from safehold.people.chronology import event_label
from safehold.people.models import Address, ChronologyEntry, Disability, Person, PersonName, Relationship
from safehold.people.record_panels import involvement_of

from .erasure import record_graph

THIRD_PARTY = "[third party: consider redaction]"
WITHHELD = "[restricted third party: name withheld]"

# Shown in their own sections, or not the person's record (the request register itself, search keys).
_OWN_SECTIONS = {Person, PersonName, Address, Disability, Relationship, ChronologyEntry}
_SKIPPED_APPS = {"governance"}
_SKIPPED_FIELDS = {"id", "version", "search_name", "forename_key", "surname_key", "merged_into", "created_at",
                   "updated_at"}


def _mark(text: str) -> SafeString:
    return format_html('<strong class="sh-third-party">{}</strong>', text)


class Names:
    """Renders people and free text with third parties marked and restricted third parties withheld."""

    def __init__(self, subject_ids: set[int], others: list[Person]):
        self.subject_ids = subject_ids
        self.others = {p.pk: p for p in others if p.pk not in subject_ids}
        self.marked: set[int] = set()
        self.withheld: set[int] = set()
        subject_forenames = set(Person.objects.filter(pk__in=subject_ids).values_list("forename", flat=True)) | set(
            PersonName.objects.filter(person_id__in=subject_ids).values_list("forename", flat=True))
        names: dict[str, tuple[int, bool]] = {}  # a name as written -> (person, restricted)

        def add(name: str, pk: int, restricted: bool) -> None:
            name = " ".join(name.split())
            if len(name) < 3:
                return
            held = names.get(name)
            names[name] = (pk, restricted or bool(held and held[1]))

        aliases = PersonName.objects.filter(person_id__in=list(self.others))
        for p in self.others.values():
            add(p.full_name, p.pk, p.is_restricted)
            if p.forename not in subject_forenames:
                add(p.forename, p.pk, p.is_restricted)
        for alias in aliases:
            other = self.others[alias.person_id]
            add(f"{alias.forename} {alias.surname}", other.pk, other.is_restricted)
            if alias.forename and alias.forename not in subject_forenames:
                add(alias.forename, other.pk, other.is_restricted)
        self._names = names
        longest_first = sorted(names, key=len, reverse=True)
        self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in longest_first) + r")(?!\w)") \
            if names else None

    def person(self, p: Person | None) -> SafeString:
        if p is None:
            return mark_safe("")  # nosec B308 B703: a constant
        if p.pk in self.subject_ids:
            return conditional_escape(p.full_name)
        if p.is_restricted:
            self.withheld.add(p.pk)
            return _mark(WITHHELD)
        self.marked.add(p.pk)
        return format_html("{} {}", p.full_name, _mark(THIRD_PARTY))

    def text(self, value: str) -> SafeString:
        """`value` escaped, each third party's name marked (or withheld), line breaks kept."""
        value = str(value)
        if not self._pattern:
            return _lines(conditional_escape(value))
        out, last = [], 0
        for m in self._pattern.finditer(value):
            pk, restricted = self._names[m.group(1)]
            out.append(conditional_escape(value[last:m.start()]))
            if restricted:
                self.withheld.add(pk)
                out.append(_mark(WITHHELD))
            else:
                self.marked.add(pk)
                out.append(format_html("{} {}", m.group(1), _mark(THIRD_PARTY)))
            last = m.end()
        out.append(conditional_escape(value[last:]))
        return _lines(mark_safe("".join(out)))  # nosec B308 B703: every piece escaped above


def _lines(html: str) -> SafeString:
    return mark_safe(html.replace("\r\n", "\n").replace("\n", "<br>"))  # nosec B308 B703: escaped by the caller


def _date(value) -> str:
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%-d %b %Y %H:%M}" if timezone.is_aware(value) else f"{value:%-d %b %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%-d %b %Y}"
    return ""


@dataclass
class Row:
    title: SafeString
    fields: list[tuple[str, SafeString]]


@dataclass
class Kind:
    label: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Service:
    label: str
    kinds: list[Kind] = field(default_factory=list)


class _Renderer:
    """A model row as (field label, value) pairs, with people and text through `Names`."""

    def __init__(self, names: Names, subject_ids: set[int]):
        self.names = names
        self.subject_ids = subject_ids
        self.user_model = get_user_model()
        self._targets: dict[tuple[type, object], models.Model | None] = {}

    def _target(self, f, pk):
        key = (f.related_model, pk)
        if key not in self._targets:
            self._targets[key] = f.related_model._base_manager.filter(pk=pk).first()
        return self._targets[key]

    def value(self, obj: models.Model, f) -> SafeString | None:
        raw = getattr(obj, f.attname)
        if raw is None or raw == "" or raw == [] or raw == {}:
            return None
        if f.is_relation:
            target = self._target(f, raw)
            if target is None:
                return None
            if isinstance(target, Person):
                return None if target.pk in self.subject_ids else self.names.person(target)
            if isinstance(target, self.user_model):
                return conditional_escape(target.get_full_name() or target.username)  # staff: not redacted
            return self.names.text(str(target))
        if f.choices:
            return self.names.text(getattr(obj, f"get_{f.name}_display")())
        if isinstance(f, models.BooleanField):
            return mark_safe("Yes" if raw else "No")  # nosec B308 B703: constants
        if isinstance(f, (models.DateField, models.DateTimeField)):
            return conditional_escape(_date(raw))
        if isinstance(f, models.JSONField):
            if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
                return self.names.text(", ".join(raw))
            return self.names.text(json.dumps(raw, ensure_ascii=False, indent=1, default=str))
        if isinstance(f, (models.BinaryField, models.FileField)):
            return conditional_escape(f"A file is held ({len(raw) if isinstance(raw, bytes) else 'stored'} bytes): "
                                      "attach it to the reply")
        return self.names.text(str(raw))

    def row(self, obj: models.Model) -> Row:
        fields = []
        for f in obj._meta.concrete_fields:
            if f.name in _SKIPPED_FIELDS or f.primary_key:
                continue
            shown = self.value(obj, f)
            if shown is not None:
                fields.append((str(f.verbose_name).capitalize(), shown))
        title = format_html("{}: {}", str(obj._meta.verbose_name).capitalize(), self.names.text(str(obj)))
        return Row(title=title, fields=fields)


def build(person: Person) -> dict:
    """The bundle's content for `person` (call after the access is logged: services.sar_bundle)."""
    graph = record_graph(person)
    subject_ids = graph.people
    relationships = people_selectors.relationships_of(person)
    # Everyone else the record names: relatives, the household, and people other rows point at.
    other_ids = {r.person.pk for r in relationships}
    other_ids |= {p.pk for p in people_selectors.household_of(person)}
    for model, pks in [*graph.owned.items(), *((m, p) for (m, _f), p in graph.blocking.items())]:
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is Person:
                other_ids |= set(model._base_manager.filter(pk__in=sorted(pks)).exclude(**{f"{f.attname}__in":
                                 sorted(subject_ids)}).exclude(**{f"{f.attname}__isnull": True})
                                 .values_list(f.attname, flat=True))
    others = list(Person.objects.filter(pk__in=sorted(other_ids - subject_ids)))
    names = Names(subject_ids, others)
    render = _Renderer(names, subject_ids)

    identity = render.row(person).fields
    other_names = [render.row(n) for n in PersonName.objects.filter(person_id__in=subject_ids)]
    addresses = [render.row(a) for a in Address.objects.filter(person_id__in=subject_ids)]
    disabilities = [d.get_code_display() for d in Disability.objects.filter(person_id__in=subject_ids)]
    relations = [{
        "label": r.label,
        "who": names.person(r.person),
        "parental_responsibility": r.relationship.parental_responsibility,
        "start_date": r.relationship.start_date, "end_date": r.relationship.end_date,
    } for r in relationships]
    chronology = [{
        "occurred_on": e.occurred_on, "type": event_label(e.event_type), "summary": names.text(e.summary),
        "recorded_by": (e.recorded_by.get_full_name() or e.recorded_by.username) if e.recorded_by else "",
    } for e in ChronologyEntry.objects.filter(person_id__in=subject_ids).select_related("recorded_by")]

    services: list[Service] = []
    order = {cfg.label: n for n, cfg in enumerate(apps.get_app_configs())}
    # The record's rows, and rows outside it that are about the person (a case file audit of their record).
    shown: dict[type[models.Model], set[int]] = {m: set(pks) for m, pks in graph.owned.items()}
    for (model, _field), pks in graph.blocking.items():
        shown.setdefault(model, set()).update(pks)
    by_app: dict[str, list[type[models.Model]]] = {}
    for model in shown:
        meta = model._meta
        if model in _OWN_SECTIONS or meta.auto_created or meta.app_label in _SKIPPED_APPS:
            continue
        by_app.setdefault(meta.app_label, []).append(model)
    for label in sorted(by_app, key=lambda a: order.get(a, 999)):
        service = Service(label=apps.get_app_config(label).verbose_name)
        for model in sorted(by_app[label], key=lambda m: str(m._meta.verbose_name_plural)):
            kind = Kind(label=str(model._meta.verbose_name_plural).capitalize())
            kind.rows = [render.row(obj) for obj in model._base_manager.filter(pk__in=sorted(shown[model]))
                         .order_by("pk")]
            service.kinds.append(kind)
        services.append(service)
    return {
        "person": person,
        "identity": identity,
        "other_names": other_names,
        "addresses": addresses,
        "disabilities": disabilities,
        # What each app says is open now, from the record page's registry (people.record_panels).
        "involvement": [names.text(line) for line in involvement_of(person)],
        "relationships": relations,
        "chronology": chronology,
        "services": services,
        "third_parties": len(names.marked),
        "withheld": len(names.withheld),
        "counts": graph.counts(),
        "council": settings.SAFEHOLD_LA_NAME,
        "generated_at": timezone.now(),
    }

"""Reading people: search, duplicate checks, the record page, household and chronology.

Every read of a person's record goes through `person_get_for_view`, which fetches, checks the
policy and writes the access log in one call: no audit, no view (security.md B4.6).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from rapidfuzz import fuzz

from safehold.accounts.policy import AccessDecision, Perm, decide_person_access, has_perm, visible_q
from safehold.audit.services import audit_access

from .models import Address, ChronologyEntry, Person, PersonName, Relationship
from .validators import fold, name_key, normalise_nhs_number, normalise_postcode


class RecordNotOpen(Exception):
    """The user may not open this record now; the decision says why and whether break-glass is offered."""

    def __init__(self, person: Person, decision: AccessDecision):
        super().__init__(decision.basis)
        self.person = person
        self.decision = decision


def person_get_for_view(*, fetched_by, pk: int, view: str = "record") -> tuple[Person, AccessDecision]:
    """Fetch a person and check access in one call; log the view (or the refusal)."""
    person = Person.objects.filter(pk=pk).first()
    if not has_perm(fetched_by, Perm.PERSON_VIEW):
        # A role with no record access learns nothing about existence, but the attempt is logged.
        if person is not None:
            audit_access(user=fetched_by, person_id=person.pk, view=view, basis="no_permission")
        raise Http404("No such record")
    if person is None or person.merged_into_id:
        # A merged duplicate is a tombstone: only its record page redirects to the survivor.
        raise Http404("No such record")
    decision = decide_person_access(fetched_by, person)
    audit_access(user=fetched_by, person_id=person.pk, view=view, basis=decision.basis,
                 break_glass_id=decision.break_glass.pk if decision.break_glass else None)
    if not decision.allowed:
        raise RecordNotOpen(person, decision)
    return person, decision


@dataclass
class SearchResult:
    person: Person
    score: int
    matched_on: list[str] = field(default_factory=list)
    can_open: bool = True

    @property
    def masked(self) -> bool:
        """A restricted record the searcher cannot open: shown only as "restricted record"."""
        return self.person.is_restricted and not self.can_open


def _name_candidates(name: str) -> Q:
    tokens = fold(name).split()
    keys = {name_key(t) for t in tokens if t}
    q = Q()
    for key in keys:
        q |= Q(surname_key=key) | Q(forename_key=key)
    for t in tokens:
        if len(t) >= 3:
            q |= Q(search_name__contains=t)
    alias_ids = PersonName.objects.filter(
        Q(surname_key__in=keys) | Q(search_name__contains=fold(name))
    ).values("person_id")
    return q | Q(pk__in=alias_ids)


def _name_score(query: str, person: Person, aliases: list[str]) -> int:
    """0-100: the whole name compared in any word order, or each word typed against its closest word
    in the name (so "Olivr" finds Oliver, and "Hartly Amelia" finds Amelia Hartley)."""
    target = fold(query)
    q_tokens = target.split()
    best = 0.0
    for name in [person.search_name, *aliases]:
        n_tokens = name.split() or [""]
        per_word = sum(max(fuzz.ratio(q, n) for n in n_tokens) for q in q_tokens) / max(1, len(q_tokens))
        best = max(best, fuzz.token_sort_ratio(target, name), per_word)
    return int(best)


def person_search(
    *, fetched_by, name: str = "", dob: dt.date | None = None, identifier: str = "", postcode: str = "",
    address: str = "", kind: str = "", limit: int = 50,
) -> list[SearchResult]:
    """Find people by name (tolerant of spelling), date of birth, any identifier, or address.

    Restricted records the searcher cannot open come back masked, so a duplicate is never created
    for want of knowing the child is known; out-of-scope records come back openable by break-glass.
    """
    if not has_perm(fetched_by, Perm.PERSON_SEARCH):
        return []
    if not any([name.strip(), dob, identifier.strip(), postcode.strip(), address.strip()]):
        return []
    qs = Person.objects.filter(merged_into__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if identifier.strip():
        ident = identifier.strip().upper()
        nhs = normalise_nhs_number(ident)
        qs = qs.filter(Q(person_id__iexact=ident) | Q(upn=ident) | Q(former_upn=ident) | Q(common_child_id=nhs))
    if dob:
        qs = qs.filter(Q(dob=dob) | Q(expected_dob=dob))
    if postcode.strip() or address.strip():
        addr = Address.objects.all()
        if postcode.strip():
            pc = normalise_postcode(postcode)
            addr = addr.filter(postcode__startswith=pc) if len(pc) < 6 else addr.filter(postcode=pc)
        if address.strip():
            addr = addr.filter(Q(line1__icontains=address.strip()) | Q(town__icontains=address.strip()))
        qs = qs.filter(pk__in=addr.values("person_id"))
    if name.strip():
        qs = qs.filter(_name_candidates(name))
    candidates = list(qs.order_by()[:2000])
    aliases: dict[int, list[str]] = {}
    if name.strip() and candidates:
        for pid, sn in PersonName.objects.filter(person_id__in=[p.pk for p in candidates]).values_list(
            "person_id", "search_name"
        ):
            aliases.setdefault(pid, []).append(sn)
    results = []
    for person in candidates:
        matched = []
        score = 100
        if name.strip():
            score = _name_score(name, person, aliases.get(person.pk, []))
            if score < 70:
                continue
            matched.append("name")
        if dob:
            matched.append("date of birth")
        if identifier.strip():
            matched.append("identifier")
        if postcode.strip() or address.strip():
            matched.append("address")
        results.append(SearchResult(person=person, score=score, matched_on=matched))
    results.sort(key=lambda r: (-r.score, r.person.surname, r.person.forename))
    results = results[:limit]
    openable = set(
        Person.objects.filter(pk__in=[r.person.pk for r in results]).filter(visible_q(fetched_by)).values_list(
            "pk", flat=True
        )
    )
    for r in results:
        r.can_open = r.person.pk in openable
    return results


def possible_duplicates(
    *, forename: str, surname: str, dob: dt.date | None = None, upn: str = "", nhs_number: str = "",
    exclude_pk: int | None = None,
) -> list[tuple[Person, int, list[str]]]:
    """People who may be the one about to be created: same identifier, or a close name with the
    same date of birth (or a very close name when no date is known)."""
    found: dict[int, tuple[Person, int, list[str]]] = {}
    base = Person.objects.filter(merged_into__isnull=True)
    if exclude_pk:
        base = base.exclude(pk=exclude_pk)
    ident_q = Q()
    if upn:
        ident_q |= Q(upn=upn.strip().upper())
    if nhs_number:
        ident_q |= Q(common_child_id=normalise_nhs_number(nhs_number))
    if ident_q:
        for p in base.filter(ident_q):
            found[p.pk] = (p, 100, ["identifier"])
    full = f"{forename} {surname}"
    qs = base.filter(_name_candidates(full))
    if dob:
        qs = qs.filter(Q(dob=dob) | Q(expected_dob=dob))
    for p in qs[:500]:
        score = _name_score(full, p, [])
        threshold = 75 if dob else 92
        if score >= threshold and p.pk not in found:
            found[p.pk] = (p, score, ["name", "date of birth"] if dob else ["name"])
    return sorted(found.values(), key=lambda t: -t[1])[:10]


@dataclass
class RelatedPerson:
    person: Person
    label: str
    relationship: Relationship
    current: bool


def merged_ids(person_pk: int) -> list[int]:
    """The record and every duplicate merged into it: their history is one history."""
    return [person_pk, *Person.objects.filter(merged_into_id=person_pk).values_list("pk", flat=True)]


def relationships_of(person: Person) -> list[RelatedPerson]:
    out = []
    for rel in Relationship.objects.filter(person=person).select_related("related"):
        out.append(RelatedPerson(rel.related, rel.get_type_display(), rel, rel.end_date is None))
    for rel in Relationship.objects.filter(related=person).select_related("person"):
        out.append(RelatedPerson(rel.person, Relationship.INVERSE[rel.type], rel, rel.end_date is None))
    return sorted(out, key=lambda r: (not r.current, r.label, r.person.surname))


def current_address(person: Person) -> Address | None:
    return person.addresses.filter(end_date__isnull=True, address_type=Address.Type.HOME).first() or (
        person.addresses.filter(end_date__isnull=True).first()
    )


def household_of(person: Person) -> list[Person]:
    """Others living at the person's current address now (same first line and postcode)."""
    addr = current_address(person)
    if addr is None:
        return []
    ids = Address.objects.filter(
        end_date__isnull=True, postcode=addr.postcode, line1__iexact=addr.line1
    ).exclude(person=person).values("person_id")
    return list(Person.objects.filter(pk__in=ids, merged_into__isnull=True).order_by("-kind", "dob"))


def chronology_of(person: Person, *, event_types: list[str] | None = None) -> list[ChronologyEntry]:
    qs = ChronologyEntry.objects.filter(person=person).select_related("recorded_by")
    if event_types:
        qs = qs.filter(event_type__in=event_types)
    return list(qs)


# --- People in lists ----------------------------------------------------------------------------------
# Every list of people on any page masks a restricted record the reader may not open (issue 15.2):
# selectors that list people take `fetched_by` and call mask_restricted; templates render names with
# "web/_person_name.html", which shows "Restricted record" and the person ID for a masked one.

@dataclass(slots=True)
class ChildRef:
    """A child in a list: enough to name and link them, without loading the whole record."""

    FIELDS: ClassVar[tuple[str, ...]] = ("id", "person_id", "forename", "surname", "is_restricted")
    pk: int
    person_id: str
    forename: str
    surname: str
    is_restricted: bool
    masked: bool = False  # a restricted record the reader may not open: no name shown (set by the caller)

    @property
    def full_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def href(self) -> str:
        return _detail_url_template().replace("987654321", str(self.pk))


@functools.cache
def _detail_url_template() -> str:
    return reverse("people:detail", args=[987654321])


def mask_restricted(children: Iterable, user) -> None:
    """Set `masked` on each child (ChildRef or Person) that is a restricted record `user` may not
    open now (no grant, no live break-glass): lists show their person ID only. One query."""
    children = [c for c in children if c is not None]
    restricted = {c.pk for c in children if c.is_restricted}
    visible = set(Person.objects.filter(pk__in=restricted).filter(visible_q(user)).values_list("pk", flat=True)) \
        if restricted else set()
    for c in children:
        c.masked = c.is_restricted and c.pk not in visible

"""Reading the front door: the previous-involvement check, the queue awaiting a decision, and a
partner's own submissions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from safehold.accounts.policy import decide_person_access, in_scope_q, visible_q
from safehold.audit.services import audit_access
from safehold.casework.models import StatutoryWork
from safehold.child_protection.models import CPPlan
from safehold.family_help.models import CINEpisode
from safehold.people.models import Person, Relationship
from safehold.people.selectors import relationships_of
from safehold.timescales import due_dates

from .models import Contact
from .services import CONTACT_DECISION

SIBLING_TYPES = (Relationship.Type.SIBLING, Relationship.Type.HALF_SIBLING)


@dataclass
class Involvement:
    """One child's history with children's services, for the front door check."""

    person: Person
    relation: str  # "This child", "Sibling", "Half-sibling"
    masked: bool = False  # a sibling's record the user may not open: shown without its history
    contacts: list = field(default_factory=list)
    referrals: list = field(default_factory=list)
    plans: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.contacts or self.referrals or self.plans)


def siblings_of(person: Person) -> list[tuple[Person, str]]:
    """Brothers, sisters and half-siblings recorded in either direction (one row each)."""
    seen: dict[int, tuple[Person, str]] = {}
    for rel in relationships_of(person):
        if rel.relationship.type in SIBLING_TYPES and rel.person.merged_into_id is None and rel.person.pk not in seen:
            seen[rel.person.pk] = (rel.person, rel.relationship.get_type_display())
    return sorted(seen.values(), key=lambda t: (t[0].dob or dt.date.min, t[0].surname))


def previous_involvement(person: Person, *, fetched_by=None, exclude_contact: Contact | None = None) -> list[Involvement]:
    """Contacts (with decisions), referrals (episodes of need) and child protection plans for the
    child and their siblings, for one screen. With `fetched_by`, a sibling's history is shown only
    if that user may open the sibling's record, and each sibling shown is written to the access log."""
    rows = [Involvement(person=person, relation="This child")]
    for sibling, label in siblings_of(person):
        masked = False
        if fetched_by is not None:
            decision = decide_person_access(fetched_by, sibling)
            audit_access(user=fetched_by, person_id=sibling.pk, view="front_door_previous_involvement",
                         basis=decision.basis,
                         break_glass_id=decision.break_glass.pk if decision.break_glass else None)
            masked = not decision.allowed
        rows.append(Involvement(person=sibling, relation=label, masked=masked))
    shown = {r.person.pk: r for r in rows if not r.masked}
    contacts = Contact.objects.filter(person_id__in=shown).select_related("decided_by").order_by("-received_at")
    if exclude_contact is not None:
        contacts = contacts.exclude(pk=exclude_contact.pk)
    for c in contacts:
        shown[c.person_id].contacts.append(c)
    for episode in CINEpisode.objects.filter(person_id__in=shown).order_by("-referral_date", "-id"):
        shown[episode.person_id].referrals.append(episode)
    for plan in CPPlan.objects.filter(person_id__in=shown).order_by("-start_date", "-id"):
        shown[plan.person_id].plans.append(plan)
    return rows


def _due_on_subquery():
    return Subquery(
        StatutoryWork.objects.filter(
            source_type=Contact._meta.label_lower, source_id=Cast(OuterRef("pk"), CharField()),
            rule_code=CONTACT_DECISION,
        ).order_by("-id").values("due_on")[:1]
    )


def _scoped(qs, fetched_by):
    """Contacts about children in the user's scope (restricted ones are masked by the caller), and
    contacts not yet linked to any child."""
    if fetched_by is None:
        return qs
    return qs.filter(Q(person__isnull=True) | Q(person__in=Person.objects.filter(in_scope_q(fetched_by)).values("pk")))


def contacts_awaiting_decision(*, fetched_by=None, today: dt.date | None = None) -> list[Contact]:
    """The front door queue: contacts with no decision, oldest first, each with `due_on` (from its
    statutory work row) and `is_overdue`. A partner's contact not yet linked to a child has no work
    row yet; its due date is worked out from its receipt by the timescales engine."""
    today = today or timezone.localdate()
    qs = _scoped(Contact.objects.filter(decision=""), fetched_by)
    contacts = list(qs.annotate(due_on=_due_on_subquery()).select_related("person", "submitted_by")
                    .order_by("received_at", "id"))
    unlinked = [c for c in contacts if c.due_on is None]
    dues = due_dates(CONTACT_DECISION, [timezone.localtime(c.received_at).date() for c in unlinked]) \
        if unlinked else {}
    for c in contacts:
        if c.due_on is None:
            c.due_on = dues[timezone.localtime(c.received_at).date()]
        c.is_overdue = c.due_on < today
    _mark_openable(contacts, fetched_by)
    return contacts


def contacts_recently_decided(*, fetched_by=None, days: int = 14, limit: int = 50) -> list[Contact]:
    since = timezone.now() - dt.timedelta(days=days)
    qs = _scoped(Contact.objects.filter(decided_at__gte=since), fetched_by)
    contacts = list(qs.select_related("person", "decided_by").order_by("-decided_at", "-id")[:limit])
    _mark_openable(contacts, fetched_by)
    return contacts


def _mark_openable(contacts: list[Contact], fetched_by) -> None:
    """`can_open`: whether the child's name may be shown (a restricted record shows as restricted)."""
    ids = {c.person_id for c in contacts if c.person_id}
    openable = set(Person.objects.filter(pk__in=ids).filter(visible_q(fetched_by)).values_list("pk", flat=True)) \
        if fetched_by is not None else ids
    for c in contacts:
        c.can_open = c.person_id is None or c.person_id in openable


def contacts_submitted_by(user):
    """A partner's own submissions, newest first (never anyone else's)."""
    return Contact.objects.filter(submitted_by=user).order_by("-received_at", "-id")


def contacts_of(person: Person) -> list[Contact]:
    return list(Contact.objects.filter(person=person).select_related("decided_by").order_by("-received_at", "-id"))


def decision_work(contact: Contact) -> StatutoryWork | None:
    return StatutoryWork.objects.filter(source_type=Contact._meta.label_lower, source_id=str(contact.pk),
                                        rule_code=CONTACT_DECISION).order_by("-id").first()

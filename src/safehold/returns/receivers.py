"""Check the child's record against the DfE rules when a worker saves something a rule reads (issue 16.2).

The domain apps do not know about the returns: this module listens for saves and deletions of the records the
census and the SSDA903 are built from and, once the change is committed, refreshes that child's findings
(returns/record.py). Only during a web request (CheckOnSaveMiddleware): imports, the seed and scripts load in
bulk and are checked by the nightly `safehold returns check`."""

from __future__ import annotations

import contextvars
import logging
import threading

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from .record import refresh_together, years_to_check

logger = logging.getLogger(__name__)
CHECKING = contextvars.ContextVar("safehold_check_on_save", default=False)
_pending = threading.local()

# The records each return reads (returns/cin.py and returns/ssda903.py build()).
CIN_MODELS = ["family_help.CINEpisode", "family_help.Assessment", "family_help.CINPlan",
              "child_protection.Section47Enquiry", "child_protection.CPPlan",
              "child_protection.ChildProtectionConference", "people.Disability"]
SSDA903_MODELS = ["children_in_care.CareEpisode", "children_in_care.Placement", "children_in_care.UASCStatus",
                  "children_in_care.AdoptionMilestones", "children_in_care.DeprivationOfLibertyOrder",
                  "care_planning.CLAReview", "care_planning.MissingEpisode", "care_leavers.BirthdayCheckIn"]
BOTH = ["people.Person"]
# The child's own details the returns read (returns/cin.py and returns/ssda903.py; test_record_findings checks
# the list against them): a save of a person that changes none of these (a name, a language, a restriction) is
# not checked.
PERSON_FIELDS = ("kind", "person_id", "sex", "ethnicity", "dob", "expected_dob", "death_date", "upn", "former_upn",
                 "upn_unknown", "is_uasc", "merged_into_id")


def _person_id(instance) -> int | None:
    if instance._meta.label == "people.Person":
        return instance.pk
    person_id = getattr(instance, "person_id", None)
    if person_id is None and getattr(instance, "episode_id", None):
        person_id = getattr(instance.episode, "person_id", None)
    return person_id


def _queue(person_id: int, collections: tuple[str, ...]) -> None:
    pending = getattr(_pending, "people", None)
    if pending is None:
        pending = _pending.people = {}
    # Each save asks; the first callback after the commit does the work for all of them (a rolled-back
    # transaction's children are checked by the next commit: a check of an unchanged record changes nothing).
    transaction.on_commit(_run)
    pending.setdefault(person_id, set()).update(collections)


def _run() -> None:
    pending, _pending.people = getattr(_pending, "people", None) or {}, None
    if not pending:
        return
    try:  # child by child: each child's check reruns only the rules that read what changed (record.ChildCheck)
        refresh_together([(collection, year, [person_id]) for year in years_to_check()
                          for person_id, collections in sorted(pending.items()) for collection in sorted(collections)])
    except Exception:  # the worker's save stands; the nightly check will catch up
        logger.exception("Checking the record against the DfE rules failed for %s", sorted(pending))


def _person_before(sender, instance, **kwargs) -> None:
    """Note what a person's return fields were before the save, to tell whether the save changed any."""
    if CHECKING.get() and not kwargs.get("raw") and instance.pk:
        instance._returns_fields_before = sender.objects.filter(pk=instance.pk).values_list(
            *PERSON_FIELDS).first()


def _returns_fields_unchanged(instance) -> bool:
    before = instance.__dict__.pop("_returns_fields_before", None)  # once: a later save notes its own
    return before is not None and tuple(getattr(instance, f) for f in PERSON_FIELDS) == tuple(before)


def _receiver(collections: tuple[str, ...]):
    def receive(sender, instance, **kwargs):
        if not CHECKING.get() or kwargs.get("raw"):
            return
        if kwargs.get("signal") is post_save and _returns_fields_unchanged(instance):
            return  # a person saved with nothing the returns read changed
        person_id = _person_id(instance)
        if person_id:
            _queue(person_id, collections)
    return receive


_cin, _903, _both = _receiver(("cin",)), _receiver(("ssda903",)), _receiver(("cin", "ssda903"))


def connect() -> None:
    for labels, receiver in ((CIN_MODELS, _cin), (SSDA903_MODELS, _903), (BOTH, _both)):
        for label in labels:
            model = apps.get_model(label)
            post_save.connect(receiver, sender=model, dispatch_uid=f"returns-check-{label}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"returns-check-delete-{label}")
    pre_save.connect(_person_before, sender=apps.get_model("people.Person"), dispatch_uid="returns-check-person")


class CheckOnSaveMiddleware:
    """Turns on the check on save for the length of a web request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = CHECKING.set(request.method == "POST")
        try:
            return self.get_response(request)
        finally:
            CHECKING.reset(token)

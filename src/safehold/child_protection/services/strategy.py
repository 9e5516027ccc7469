"""Strategy discussions with the agencies who took part (WT2023 ch.2; the MACPT membership in
families-first.md section 6). A decision to start a section 47 enquiry starts one (section47.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.validation import add_error as _add
from safehold.core.validation import d, local_date
from safehold.people.chronology import record_event

from ..codes import RECOMMENDED_AGENCIES, REQUIRED_AGENCIES, Agency
from ..models import Section47Enquiry, StrategyDiscussion, StrategyParticipant
from ._common import _check_date
from .section47 import _s47_start

Decision = StrategyDiscussion.Decision


def missing_agencies(participants: Iterable[dict], agencies=REQUIRED_AGENCIES) -> list[Agency]:
    """The agencies in `agencies` with nobody who took part in the discussion."""
    present = {p.get("agency") for p in participants if p.get("attended", True) and (p.get("name") or "").strip()}
    return [a for a in agencies if a not in present]


_AGENCY_IN_A_SENTENCE = {Agency.SOCIAL_CARE: "children's social care", Agency.POLICE: "the police",
                         Agency.HEALTH: "health", Agency.EDUCATION: "education", Agency.OTHER: "another agency"}


def _agency_list(agencies: list[Agency]) -> str:
    labels = [_AGENCY_IN_A_SENTENCE[Agency(a)] for a in agencies]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


@transaction.atomic
def strategy_discussion_record(*, by, episode, held_at: dt.datetime, decision: str, rationale: str, chaired_by,
                               participants: list[dict], s47_start_date: dt.date | None = None
                               ) -> StrategyDiscussion:
    """Record a strategy discussion and its decision. A decision to start a section 47 enquiry
    starts one (S47ActualStartDate, by default the discussion's date) and the ICPC clock: the
    initial conference is due 15 working days after the discussion (timescales.md ICPC; census
    InitialCPCtarget)."""
    _require(by, Perm.CASEWORK_RECORD)
    person = episode.person
    errors: dict[str, list[str]] = {}
    if held_at is None:
        _add(errors, "held_on", "Enter the date of the strategy discussion")
    else:
        if held_at > timezone.now():
            _add(errors, "held_on", "The strategy discussion must be today or in the past")
        else:
            _check_date(errors, "held_on", local_date(held_at), episode, "The strategy discussion")
    if decision not in Decision.values:
        _add(errors, "decision", "Choose what the strategy discussion decided")
    if not (rationale or "").strip():
        _add(errors, "rationale", "Enter the reasons for the decision")
    if chaired_by is None:
        _add(errors, "chaired_by", "Choose who chaired the strategy discussion")
    for p in participants:
        if (p.get("name") or "").strip() and p.get("agency") not in Agency.values:
            _add(errors, "participants", f"Choose the agency of {p['name'].strip()}")
    missing = missing_agencies(participants)
    if missing:
        # WT2023 ch.2 and the MACPT minimum membership (families-first.md section 6).
        _add(errors, "participants",
             f"A strategy discussion needs someone who took part from {_agency_list(missing)}: "
             f"add who took part from {'that agency' if len(missing) == 1 else 'each of these agencies'}")
    enquiry_start = None
    if decision == Decision.START_S47 and held_at is not None:
        strategy_date = local_date(held_at)
        enquiry_start = s47_start_date or strategy_date
        if enquiry_start < strategy_date:
            _add(errors, "s47_start_date",
                 f"The section 47 enquiry cannot start before the strategy discussion ({d(strategy_date)})")
        else:
            _check_date(errors, "s47_start_date", enquiry_start, episode, "The section 47 enquiry start date")
        # Rules 8839/8890: only one open section 47 enquiry.
        open_s47 = Section47Enquiry.objects.select_for_update().filter(
            person=person, icpc_held_on__isnull=True, icpc_not_required=False).first()
        if open_s47:
            _add(errors, "decision",
                 f"There is already an open section 47 enquiry (started {d(open_s47.start_date)}): record its "
                 "outcome or its initial conference first")
    elif s47_start_date and decision != Decision.START_S47:
        _add(errors, "s47_start_date", "Only give a section 47 start date when the discussion starts an enquiry")
    if errors:
        raise ValidationError(errors)

    discussion = StrategyDiscussion.objects.create(
        episode=episode, person=person, held_at=held_at, decision=decision, rationale=rationale.strip(),
        chaired_by=chaired_by, recorded_by=by)
    for p in participants:
        if (p.get("name") or "").strip():
            StrategyParticipant.objects.create(discussion=discussion, name=p["name"].strip()[:120],
                                               agency=p["agency"], role=(p.get("role") or "").strip()[:120],
                                               attended=bool(p.get("attended", True)))
    audit_change(actor=by, action=AuditAction.STRATEGY_DISCUSSION_RECORD, instance=discussion, person_id=person.pk,
                 after={**snapshot(discussion), "participants": [
                     {"name": p.name, "agency": p.agency, "attended": p.attended}
                     for p in discussion.participants.all()]})
    agencies = sorted({p.get_agency_display() for p in discussion.participants.all() if p.attended})
    record_event(person=person, event_type="strategy_discussion", occurred=held_at,
                 summary=f"Strategy discussion ({', '.join(agencies)}): {discussion.get_decision_display()}",
                 source=discussion, recorded_by=by)
    if decision == Decision.START_S47:
        _s47_start(by=by, discussion=discussion, start_date=enquiry_start)
    return discussion


def strategy_warnings(discussion: StrategyDiscussion) -> list[str]:
    """Recommended but not required: a person with education experience (MACPT membership,
    families-first.md section 6)."""
    participants = [{"name": p.name, "agency": p.agency, "attended": p.attended} for p in discussion.participants.all()]
    missing = missing_agencies(participants, RECOMMENDED_AGENCIES)
    if missing:
        return [f"No one from {_agency_list(missing)} took part. A multi-agency child protection team "
                "should include a person with education experience."]
    return []

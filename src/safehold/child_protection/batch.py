"""Loading strategy discussions, section 47 enquiries, conferences and child protection plans in bulk (issue
17.3; the pattern is `people/batch.py`). The rules these rows keep are `child_protection/rules.py`, checked by
the importer first; a return carries less than the record does (no strategy discussion, no enquiry outcome,
no reason a plan ended), and what an imported row holds in their place is said here, once."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from safehold.people.batch import ChronologyBatch

from .models import ChildProtectionConference, CPPlan, Section47Enquiry, StrategyDiscussion

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.family_help.models import CINEpisode
    from safehold.people.models import Person

ENDED_UNRECORDED = "Ended (the census does not record why; imported)"


def imported_discussion(episode: CINEpisode, person: Person, *, day: dt.date, rationale: str, by: User) -> StrategyDiscussion:
    """The strategy discussion a return implies but does not record (unsaved), dated 9am on `day`."""
    return StrategyDiscussion(episode=episode, person=person,
                              held_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                              decision="start_s47", chaired_by=by, recorded_by=by, rationale=rationale)


def discussions_add(discussions: list[StrategyDiscussion]) -> None:
    StrategyDiscussion.objects.bulk_create(discussions, batch_size=2000)


def imported_enquiry(episode: CINEpisode, person: Person, *, start: dt.date, icpc_target: dt.date | None = None,
                     icpc_not_required: bool = False, icpc: dt.date | None = None, by: User,
                     discussion: StrategyDiscussion | None = None) -> Section47Enquiry:
    """A section 47 enquiry a return reports (unsaved). The census holds neither its end date nor its outcome:
    they stay blank."""
    return Section47Enquiry(episode=episode, person=person, strategy_discussion=discussion, start_date=start,
                            initial_cpc_target=icpc_target or start, icpc_not_required=icpc_not_required,
                            icpc_held_on=icpc, recorded_by=by)


def enquiry_concluded_since(enquiry: Section47Enquiry, *, icpc: dt.date | None, icpc_not_required: bool) -> None:
    enquiry.icpc_held_on, enquiry.icpc_not_required = icpc, icpc_not_required
    enquiry.save(update_fields=["icpc_held_on", "icpc_not_required"])


def enquiries_add(enquiries: list[Section47Enquiry], *, chronology: ChronologyBatch | None = None) -> None:
    Section47Enquiry.objects.bulk_create(enquiries, batch_size=2000)
    if chronology is not None:
        for s in enquiries:
            chronology.note(s.person, s.start_date, "section_47", "Section 47 enquiry started (imported)", s)


def imported_initial_conference(enquiry: Section47Enquiry, *, plan_category: str | None,
                                by: User) -> ChildProtectionConference:
    """The initial conference an enquiry's ICPC date records (unsaved): a plan if one started that day."""
    assert enquiry.icpc_held_on is not None, "only an enquiry whose conference was held has one to import"
    return ChildProtectionConference(person=enquiry.person, episode=enquiry.episode, kind="initial", enquiry=enquiry,
                                     held_on=enquiry.icpc_held_on, chaired_by=by, recorded_by=by,
                                     outcome="plan" if plan_category is not None else "no_plan",
                                     category=plan_category or "")


def imported_review(plan: CPPlan, *, day: dt.date, by: User) -> ChildProtectionConference:
    return ChildProtectionConference(person=plan.person, episode=plan.episode, kind="review", plan=plan, held_on=day,
                                     chaired_by=by, outcome="plan_continues", recorded_by=by)


def conferences_add(conferences: list[ChildProtectionConference], *,
                    chronology: ChronologyBatch | None = None) -> None:
    ChildProtectionConference.objects.bulk_create(conferences, batch_size=2000)
    if chronology is not None:
        for c in conferences:
            if c.kind == "initial":
                chronology.note(c.person, c.held_on, "icpc", "Initial child protection conference (imported)", c)


def imported_plan(episode: CINEpisode, person: Person, *, initial_conference: ChildProtectionConference, start: dt.date,
                  end: dt.date | None, initial_category: str, latest_category: str, previous_plans: int, by: User) -> CPPlan:
    return CPPlan(episode=episode, person=person, initial_conference=initial_conference, start_date=start,
                  end_date=end, initial_category=initial_category, latest_category=latest_category,
                  lead_practitioner=by, number_of_previous_plans=previous_plans, ended_by=by if end else None,
                  recorded_by=by, end_reason=ENDED_UNRECORDED if end else "")


def plan_ended_since(plan: CPPlan, *, end: dt.date, latest_category: str, by: User) -> None:
    plan.end_date, plan.ended_by, plan.end_reason, plan.latest_category = end, by, ENDED_UNRECORDED, latest_category
    plan.save(update_fields=["end_date", "ended_by", "end_reason", "latest_category"])


def plans_add(plans: list[CPPlan], *, chronology: ChronologyBatch | None = None) -> None:
    CPPlan.objects.bulk_create(plans, batch_size=2000)
    if chronology is not None:
        for plan in plans:
            chronology.note(plan.person, plan.start_date, "cp_plan_start",
                            f"Child protection plan started ({plan.initial_category}, imported)", plan)
            if plan.end_date:
                chronology.note(plan.person, plan.end_date, "cp_plan_end", "Child protection plan ended (imported)",
                                plan)

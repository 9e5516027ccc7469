"""Loading episodes of need, assessments and child in need plans in bulk (issue 17.3; the pattern is
`people/batch.py`). The rules these rows must keep are `family_help/rules.py`, checked by the importer
before it loads a child; what an imported row holds that a return cannot give (who recorded it, who signed
it off) is said here, once."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from safehold.people.batch import ChronologyBatch

from .models import Assessment, CINEpisode, CINPlan

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.people.models import Person


def imported_episode(person: Person, *, referral_date: dt.date, source: str, need: str, nfa: bool,
                     closure_date: dt.date | None, closure_reason: str, by: User) -> CINEpisode:
    """An episode of need a return reports (unsaved); a closed one is taken as signed off by the import."""
    return CINEpisode(person=person, referral_date=referral_date, referral_source=source, primary_need=need,
                      referral_nfa=nfa, closure_date=closure_date, closure_reason=closure_reason,
                      closure_signed_off_by=by if closure_date else None, recorded_by=by)


def episode_closed_since(episode: CINEpisode, *, closure_date: dt.date, closure_reason: str, by: User) -> None:
    """The return knows the episode has closed since the record had it (unsaved: `episodes_close`)."""
    episode.closure_date, episode.closure_reason, episode.closure_signed_off_by = closure_date, closure_reason, by


def episodes_close(episodes: list[CINEpisode]) -> None:
    CINEpisode.objects.bulk_update(episodes, ["closure_date", "closure_reason", "closure_signed_off_by"])


def episodes_add(episodes: list[CINEpisode], *, chronology: ChronologyBatch | None = None, what: str = "") -> None:
    """Write new episodes; with `chronology`, note each referral (`what`: from which return) and closure."""
    CINEpisode.objects.bulk_create(episodes, batch_size=2000)
    if chronology is None:
        return
    for ep in episodes:
        chronology.note(ep.person, ep.referral_date, "referral", f"Referral (imported{what})", ep)
        if ep.closure_date:
            chronology.note(ep.person, ep.closure_date, "closure", f"Episode closed ({ep.closure_reason}, imported)", ep)


def imported_assessment(episode: CINEpisode, person: Person, *, start: dt.date, authorised: dt.date | None, by: User,
                        factors: list[str] | None = None) -> Assessment:
    """An assessment a return reports (unsaved): the import leads it and, if it ended, authorised it."""
    return Assessment(episode=episode, person=person, start_date=start, authorised_date=authorised,
                      factors=factors if factors is not None else [], lead_worker=by,
                      authorised_by=by if authorised else None, recorded_by=by)


def assessment_authorised_since(assessment: Assessment, *, authorised: dt.date, factors: list[str], by: User) -> None:
    """The return knows the assessment was authorised since the record had it."""
    assessment.authorised_date, assessment.factors, assessment.authorised_by = authorised, factors, by
    assessment.save(update_fields=["authorised_date", "factors", "authorised_by"])


def assessments_add(assessments: list[Assessment], *, chronology: ChronologyBatch | None = None) -> None:
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    if chronology is not None:
        for a in assessments:
            chronology.note(a.person, a.start_date, "assessment_started", "Assessment started (imported)", a)


def imported_cin_plan(episode: CINEpisode, person: Person, *, start: dt.date, end: dt.date | None, by: User) -> CINPlan:
    return CINPlan(episode=episode, person=person, start_date=start, end_date=end, lead_practitioner=by,
                   recorded_by=by)


def cin_plan_ended_since(plan: CINPlan, *, end: dt.date) -> None:
    plan.end_date = end
    plan.save(update_fields=["end_date"])


def cin_plans_add(plans: list[CINPlan], *, chronology: ChronologyBatch | None = None) -> None:
    CINPlan.objects.bulk_create(plans, batch_size=2000)
    if chronology is not None:
        for c in plans:
            chronology.note(c.person, c.start_date, "cin_plan", "Child in need plan started (imported)", c)

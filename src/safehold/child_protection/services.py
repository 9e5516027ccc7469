"""Multi-agency child protection services: strategy discussions, section 47 enquiries, conferences,
plans, core groups and visits. Each service checks the permission and the rules (raising
ValidationError keyed by form field), writes the change, its audit row and chronology entry, and
raises, completes or cancels the statutory work the event implies (timescales.md rule codes), in
one transaction.

Rules cited are the CIN census validation rules (../shared/domain/cin-census.md 2.3) and the
timescales in ../shared/domain/timescales.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import FieldError, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import Allocation, Visit
from safehold.casework.signoff import sign_off_open
from safehold.casework.signoff_kinds import visit_title
from safehold.casework.work import open_work_for, work_cancel, work_complete, work_complete_for, work_raise
from safehold.core.concurrency import EditConflict, save_if_unchanged
from safehold.people.chronology import record_event
from safehold.timescales import due_date

from .codes import RECOMMENDED_AGENCIES, REQUIRED_AGENCIES, Agency, CategoryOfAbuse
from .models import (
    ChildProtectionConference,
    CoreGroupMeeting,
    CPPlan,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)

log = logging.getLogger(__name__)

Decision = StrategyDiscussion.Decision
Outcome = ChildProtectionConference.Outcome
PLAN_CONTEXT = CPPlan._meta.label_lower  # "child_protection.cpplan": casework.Visit.context_type


def d(day: dt.date) -> str:
    """A date as people write it in messages: 3/2/2026."""
    return f"{day.day}/{day.month}/{day.year}"


def _require(user, perm: Perm) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied(f"Your role cannot do this ({perm.value})")


def _local(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_date(errors: dict, field: str, when: dt.date | None, episode, what: str) -> None:
    """Not in the future, and inside the episode of need: on or after its referral date (rules
    1104/1105/2889/4015) and not after its closure (rule 8565: no activity after closure)."""
    if when is None:
        return
    if when > timezone.localdate():
        _add(errors, field, f"{what} must be today or in the past")
    if when < episode.referral_date:
        _add(errors, field, f"{what} must be on or after the referral date ({d(episode.referral_date)})")
    if episode.closure_date and when > episode.closure_date:
        _add(errors, field, f"{what} must be on or before the date the episode closed ({d(episode.closure_date)})")


def _require_category(errors: dict, field: str, category: str, *, required: bool) -> None:
    if category and category not in CategoryOfAbuse.values:
        _add(errors, field, "Choose a category of abuse from the list")
    elif required and not category:
        _add(errors, field, "Choose the category of abuse")


def missing_agencies(participants: Iterable[dict], agencies=REQUIRED_AGENCIES) -> list[Agency]:
    """The agencies in `agencies` with nobody who took part in the discussion."""
    present = {p.get("agency") for p in participants if p.get("attended", True) and (p.get("name") or "").strip()}
    return [a for a in agencies if a not in present]


_AGENCY_IN_A_SENTENCE = {Agency.SOCIAL_CARE: "children's social care", Agency.POLICE: "the police",
                         Agency.HEALTH: "health", Agency.EDUCATION: "education", Agency.OTHER: "another agency"}


def _agency_list(agencies: list[Agency]) -> str:
    labels = [_AGENCY_IN_A_SENTENCE[Agency(a)] for a in agencies]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


# --- Strategy discussion and section 47 ------------------------------------------------------------

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
            _check_date(errors, "held_on", _local(held_at), episode, "The strategy discussion")
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
        strategy_date = _local(held_at)
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
    audit_change(actor=by, action="strategy_discussion.record", instance=discussion, person_id=person.pk,
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


def _s47_start(*, by, discussion: StrategyDiscussion, start_date: dt.date) -> Section47Enquiry:
    strategy_date = _local(discussion.held_at)
    # Census InitialCPCtarget: 15 working days from the strategy discussion (timescales.md ICPC).
    target = due_date("ICPC", strategy_date)
    enquiry = Section47Enquiry.objects.create(
        episode=discussion.episode, person=discussion.person, strategy_discussion=discussion,
        start_date=start_date, initial_cpc_target=target, recorded_by=by)
    audit_change(actor=by, action="section47.start", instance=enquiry, person_id=discussion.person_id)
    record_event(person=discussion.person, event_type="section_47", occurred=start_date,
                 summary=f"Section 47 enquiry started; initial conference due by {d(target)}",
                 source=enquiry, recorded_by=by)
    work_raise(person=discussion.person, rule_code="ICPC", start=strategy_date, source=enquiry,
               title="Initial child protection conference")
    return enquiry


@transaction.atomic
def section47_complete(*, by, enquiry: Section47Enquiry, end_date: dt.date, outcome: str, conference_needed: bool,
                       expected_version: int | None = None, findings: str = "") -> Section47Enquiry:
    """Record the end and outcome of a section 47 enquiry, and whether an initial conference is
    needed (census ICPCnotRequired). No conference needed: the ICPC work is no longer needed."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if enquiry.end_date:
        _add(errors, "end_date", f"This enquiry's outcome was already recorded on {d(enquiry.end_date)}")
    if end_date is None:
        _add(errors, "end_date", "Enter the date the enquiry ended")
    else:
        strategy_date = _local(enquiry.strategy_discussion.held_at)
        if end_date < enquiry.start_date:
            _add(errors, "end_date", f"The enquiry cannot end before it started ({d(enquiry.start_date)})")
        elif end_date < strategy_date:
            _add(errors, "end_date", f"The enquiry cannot end before the strategy discussion ({d(strategy_date)})")
        _check_date(errors, "end_date", end_date, enquiry.episode, "The date the enquiry ended")
    if outcome not in Section47Enquiry.Outcome.values:
        _add(errors, "outcome", "Choose the outcome of the enquiry")
    if conference_needed is None:
        _add(errors, "conference_needed", "Say whether an initial child protection conference is needed")
    if errors:
        raise ValidationError(errors)
    before = snapshot(enquiry, ["end_date", "outcome", "icpc_not_required", "findings"])
    enquiry.end_date, enquiry.outcome = end_date, outcome
    enquiry.icpc_not_required = not conference_needed
    enquiry.completed_by = by
    enquiry.findings = (findings or "").replace("\r\n", "\n").strip()
    fields = ["end_date", "outcome", "icpc_not_required", "completed_by", "findings"]
    if expected_version is not None:
        save_if_unchanged(enquiry, expected_version=expected_version, fields=fields)
    else:
        enquiry.version += 1
        enquiry.save(update_fields=[*fields, "version", "updated_at"])
    audit_change(actor=by, action="section47.complete", instance=enquiry, before=before,
                 after=snapshot(enquiry, ["end_date", "outcome", "icpc_not_required"]), person_id=enquiry.person_id)
    summary = f"Section 47 enquiry completed: {enquiry.get_outcome_display().lower()}; "
    summary += "initial conference needed" if conference_needed else "no initial conference needed"
    record_event(person=enquiry.person, event_type="section_47", occurred=end_date, summary=summary,
                 source=enquiry, recorded_by=by)
    if not conference_needed:
        work_cancel(source=enquiry, rule_code="ICPC",
                    reason="The section 47 enquiry concluded that no initial conference was needed")
    return enquiry


# --- Conferences ----------------------------------------------------------------------------------

def _check_conference_day(errors: dict, held_on: dt.date) -> None:
    # Rule 8875: the date of a child protection conference cannot be a weekend.
    if held_on.weekday() >= 5:
        _add(errors, "held_on", f"A conference cannot be held at a weekend ({held_on:%A} {d(held_on)})")


@transaction.atomic
def conference_initial_record(*, by, enquiry: Section47Enquiry, held_on: dt.date, chaired_by, outcome: str,
                              category: str = "", lead_practitioner=None, notes: str = "") -> ChildProtectionConference:
    """Record an initial child protection conference. Stops the ICPC clock (on time if held by the
    InitialCPCtarget). A decision for a plan starts the plan on the conference date (rule 2885)."""
    _require(by, Perm.CONFERENCE_RECORD)
    enquiry = Section47Enquiry.objects.select_for_update(of=("self",)).select_related(
        "strategy_discussion", "episode", "person").get(pk=enquiry.pk)
    errors: dict[str, list[str]] = {}
    if enquiry.icpc_held_on:
        _add(errors, "held_on", f"The initial conference for this enquiry was held on {d(enquiry.icpc_held_on)}")
    elif enquiry.icpc_not_required:
        _add(errors, "held_on", "This enquiry concluded that no initial conference was needed")
    elif not enquiry.end_date:
        _add(errors, "held_on", "Record the outcome of the section 47 enquiry before its initial conference")
    if held_on is None:
        _add(errors, "held_on", "Enter the date of the conference")
    else:
        strategy_date = _local(enquiry.strategy_discussion.held_at)
        if held_on < strategy_date:
            _add(errors, "held_on",
                 f"The conference date must be on or after the strategy discussion ({d(strategy_date)})")
        elif held_on < enquiry.start_date:  # rule 8615
            _add(errors, "held_on",
                 "The conference date must be on or after the start of the section 47 enquiry "
                 f"({d(enquiry.start_date)})")
        elif enquiry.end_date and held_on < enquiry.end_date:
            _add(errors, "held_on",
                 "The conference date must be on or after the end of the section 47 enquiry "
                 f"({d(enquiry.end_date)})")
        _check_conference_day(errors, held_on)
        _check_date(errors, "held_on", held_on, enquiry.episode, "The conference date")
    if chaired_by is None:
        _add(errors, "chaired_by", "Choose who chaired the conference")
    if outcome not in (Outcome.PLAN, Outcome.NO_PLAN):
        _add(errors, "outcome", "Choose whether the conference decided on a child protection plan")
    if outcome == Outcome.PLAN:
        _require_category(errors, "category", category, required=True)
        if lead_practitioner is None:
            _add(errors, "lead_practitioner", "Choose the lead child protection practitioner")
        if held_on is not None:
            _check_no_plan_overlap(errors, enquiry.person, held_on)
    elif category:
        _add(errors, "category", "Only give a category of abuse when the child is to have a plan")
    if errors:
        raise ValidationError(errors)

    conference = ChildProtectionConference.objects.create(
        person=enquiry.person, episode=enquiry.episode, kind=ChildProtectionConference.Kind.INITIAL,
        enquiry=enquiry, held_on=held_on, chaired_by=chaired_by, outcome=outcome,
        category=category if outcome == Outcome.PLAN else "", notes=(notes or "").strip(), recorded_by=by)
    before = snapshot(enquiry, ["icpc_held_on"])
    enquiry.icpc_held_on = held_on  # census DateOfInitialCPC, at the Section47 level (rule 2884)
    enquiry.version += 1
    enquiry.save(update_fields=["icpc_held_on", "version", "updated_at"])
    audit_change(actor=by, action="cp_conference.initial", instance=conference, person_id=enquiry.person_id)
    audit_change(actor=by, action="section47.icpc", instance=enquiry, before=before,
                 after=snapshot(enquiry, ["icpc_held_on"]), person_id=enquiry.person_id)
    work = work_complete_for(source=enquiry, rule_code="ICPC", done=held_on, by_event=conference)
    timing = ""
    if work is not None:
        timing = " (on time)" if work.on_time else f" (late: due by {d(work.due_on)})"
    record_event(person=enquiry.person, event_type="icpc", occurred=held_on,
                 summary=f"Initial child protection conference{timing}: {conference.get_outcome_display().lower()}",
                 source=conference, recorded_by=by)
    if outcome == Outcome.PLAN:
        plan = _plan_start(by=by, conference=conference, category=category, lead_practitioner=lead_practitioner)
        conference.plan = plan
        conference.save(update_fields=["plan", "updated_at"])
    return conference


def _check_no_plan_overlap(errors: dict, person, start: dt.date) -> None:
    # Rules 8935 (only one open plan) and 8940 (plans must not overlap).
    open_plan = CPPlan.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if open_plan:
        _add(errors, "outcome",
             f"The child already has a child protection plan from {d(open_plan.start_date)}: record a review "
             "conference for that plan instead")
        return
    overlapping = CPPlan.objects.filter(person=person, start_date__lte=start, end_date__gt=start).first() or \
        CPPlan.objects.filter(person=person, start_date__gt=start).first()
    if overlapping:
        _add(errors, "held_on",
             f"A plan starting on {d(start)} would overlap the plan from {d(overlapping.start_date)} "
             f"to {d(overlapping.end_date)}")


def _plan_start(*, by, conference: ChildProtectionConference, category: str, lead_practitioner) -> CPPlan:
    person, start = conference.person, conference.held_on  # rule 2885: the plan starts on the ICPC date
    # Rule 8730 NumberOfPreviousCPP: this child's earlier plans.
    previous = CPPlan.objects.filter(person=person, start_date__lt=start).count()
    plan = CPPlan.objects.create(
        episode=conference.episode, person=person, initial_conference=conference, start_date=start,
        initial_category=category, latest_category=category, lead_practitioner=lead_practitioner,
        number_of_previous_plans=previous, recorded_by=by)
    audit_change(actor=by, action="cp_plan.start", instance=plan, person_id=person.pk)
    _lcpp_allocate(by=by, plan=plan)
    ended_cin = _end_open_cin_plan(by=by, person=person, cp_start=start)
    summary = (f"Child protection plan started: {plan.get_initial_category_display()}; lead child protection "
               f"practitioner {lead_practitioner}")
    if previous:
        summary += f"; second or later plan ({previous} previous)"
    if ended_cin:
        summary += f". The child in need plan from {d(ended_cin[0])} ended on {d(ended_cin[1])}"
    record_event(person=person, event_type="cp_plan_start", occurred=start, summary=summary, source=plan,
                 recorded_by=by)
    # timescales.md: RCPC_FIRST and CORE_GROUP_FIRST from the ICPC; CP_VISIT from the plan start.
    work_raise(person=person, rule_code="RCPC_FIRST", start=start, source=plan,
               title="First review child protection conference")
    work_raise(person=person, rule_code="CORE_GROUP_FIRST", start=start, source=plan,
               title="First core group meeting")
    work_raise(person=person, rule_code="CP_VISIT", start=start, source=plan, title="Child protection visit")
    return plan


def _lcpp_allocate(*, by, plan: CPPlan) -> None:
    """The LCPP holds the case beside the Family Help lead practitioner (families-first.md section 6)."""
    lead = plan.lead_practitioner
    team = lead.team
    if team is None:
        holder = Allocation.objects.filter(person=plan.person, ended_on__isnull=True).select_related("team").first()
        team = holder.team if holder else None
    if team is None:
        return
    current = Allocation.objects.select_for_update().filter(
        person=plan.person, role=Allocation.Role.LEAD_CP_PRACTITIONER, ended_on__isnull=True).first()
    if current and current.worker_id == lead.pk:
        return
    if current:
        before = snapshot(current, ["ended_on", "end_reason"])
        current.ended_on = max(current.started_on, plan.start_date - dt.timedelta(days=1))
        current.end_reason = "A new child protection plan started"
        current.save(update_fields=["ended_on", "end_reason", "updated_at"])
        audit_change(actor=by, action="allocation.end", instance=current, before=before,
                     after=snapshot(current, ["ended_on", "end_reason"]), person_id=plan.person_id)
    allocation = Allocation.objects.create(person=plan.person, team=team, worker=lead,
                                           role=Allocation.Role.LEAD_CP_PRACTITIONER, started_on=plan.start_date)
    audit_change(actor=by, action="allocation.start", instance=allocation, person_id=plan.person_id)


def _lcpp_release(*, by, plan: CPPlan, on: dt.date) -> None:
    current = Allocation.objects.filter(person=plan.person, role=Allocation.Role.LEAD_CP_PRACTITIONER,
                                        ended_on__isnull=True).first()
    if current is None:
        return
    before = snapshot(current, ["ended_on", "end_reason"])
    current.ended_on = max(current.started_on, on)
    current.end_reason = "The child protection plan ended"
    current.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit_change(actor=by, action="allocation.end", instance=current, before=before,
                 after=snapshot(current, ["ended_on", "end_reason"]), person_id=plan.person_id)


def _end_open_cin_plan(*, by, person, cp_start: dt.date) -> tuple[dt.date, dt.date] | None:
    """Rules 4001/4003: a CIN plan must not be open alongside a CP plan. End the child's open CIN
    plan (family_help.CINPlan, if that app has it) the day before the CP plan starts.
    Returns (CIN plan start, end) when one was ended."""
    try:
        from django.apps import apps

        CINPlan = apps.get_model("family_help", "CINPlan")
    except (ImportError, LookupError):
        return None
    try:
        cin_plan = CINPlan.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    except FieldError:  # pragma: no cover - depends on the family_help app's field names
        log.warning("family_help.CINPlan has no person/end_date fields: CIN plan left open")
        return None
    if cin_plan is None:
        return None
    start = getattr(cin_plan, "start_date", None)
    end = cp_start - dt.timedelta(days=1)
    if start and end < start:
        end = start
    before = snapshot(cin_plan, ["end_date"])
    fields = {"end_date": end}
    names = {f.name for f in CINPlan._meta.get_fields()}
    for name, value in (("end_reason", "A child protection plan started"),):
        if name in names:
            fields[name] = value
    if "version" in names:
        fields["version"] = F("version") + 1
    if "updated_at" in names:
        fields["updated_at"] = timezone.now()
    CINPlan.objects.filter(pk=cin_plan.pk).update(**fields)
    cin_plan.refresh_from_db()
    audit_change(actor=by, action="cin_plan.end", instance=cin_plan, before=before,
                 after=snapshot(cin_plan, ["end_date"]), person_id=person.pk,
                 reason="A child protection plan started (CIN census rules 4001/4003)")
    work_cancel(source=cin_plan, reason="A child protection plan started")
    return (start or end), end


def _open_plan_locked(plan: CPPlan) -> CPPlan:
    return CPPlan.objects.select_for_update(of=("self",)).select_related("episode", "person").get(pk=plan.pk)


def _last_review_on(plan: CPPlan) -> dt.date | None:
    return plan.conferences.filter(kind=ChildProtectionConference.Kind.REVIEW).aggregate(m=Max("held_on"))["m"]


@transaction.atomic
def conference_review_record(*, by, plan: CPPlan, held_on: dt.date, chaired_by, outcome: str, category: str = "",
                             end_reason: str = "", notes: str = "") -> ChildProtectionConference:
    """Record a review child protection conference. Stops the RCPC clock; the plan continues (next
    review within 6 months, timescales.md RCPC_NEXT) or ends on the conference date."""
    _require(by, Perm.CONFERENCE_RECORD)
    plan = _open_plan_locked(plan)
    errors: dict[str, list[str]] = {}
    if not plan.is_open:
        _add(errors, "held_on", f"This plan ended on {d(plan.end_date)}")
    if held_on is None:
        _add(errors, "held_on", "Enter the date of the conference")
    else:
        last_review = _last_review_on(plan)
        if held_on <= plan.start_date:  # rule 8841: a review is after the plan start
            _add(errors, "held_on",
                 "The review conference must be after the initial conference that started the plan "
                 f"({d(plan.start_date)})")
        elif last_review and held_on <= last_review:
            _add(errors, "held_on", f"The review conference must be after the last review ({d(last_review)})")
        _check_conference_day(errors, held_on)
        _check_date(errors, "held_on", held_on, plan.episode, "The conference date")
    if chaired_by is None:
        _add(errors, "chaired_by", "Choose who chaired the conference")
    if outcome not in (Outcome.PLAN_CONTINUES, Outcome.PLAN_ENDS):
        _add(errors, "outcome", "Choose whether the plan continues or ends")
    _require_category(errors, "category", category, required=False)
    if outcome == Outcome.PLAN_ENDS:
        if not (end_reason or "").strip():
            _add(errors, "end_reason", "Enter why the plan is ending")
        elif held_on is not None:
            _check_end_after_activity(errors, plan, held_on, field="held_on")
    if errors:
        raise ValidationError(errors)

    conference = ChildProtectionConference.objects.create(
        person=plan.person, episode=plan.episode, kind=ChildProtectionConference.Kind.REVIEW, plan=plan,
        held_on=held_on, chaired_by=chaired_by, outcome=outcome, category=category, notes=(notes or "").strip(),
        recorded_by=by)
    audit_change(actor=by, action="cp_conference.review", instance=conference, person_id=plan.person_id)
    timing = ""
    for work in open_work_for(source=plan).filter(rule_code__in=["RCPC_FIRST", "RCPC_NEXT"]):
        work_complete(work=work, done=held_on, by_event=conference)
        timing = " (on time)" if work.on_time else f" (late: due by {d(work.due_on)})"
    if category and category != plan.latest_category:
        before = snapshot(plan, ["latest_category"])
        plan.latest_category = category
        plan.version += 1
        plan.save(update_fields=["latest_category", "version", "updated_at"])
        audit_change(actor=by, action="cp_plan.category", instance=plan, before=before,
                     after=snapshot(plan, ["latest_category"]), person_id=plan.person_id)
    summary = f"Review child protection conference{timing}: {conference.get_outcome_display().lower()}"
    if category:
        summary += f"; category {CategoryOfAbuse(category).label.lower()}"
    record_event(person=plan.person, event_type="rcpc", occurred=held_on, summary=summary, source=conference,
                 recorded_by=by)
    if outcome == Outcome.PLAN_CONTINUES:
        work_raise(person=plan.person, rule_code="RCPC_NEXT", start=held_on, source=plan,
                   title="Review child protection conference")
    else:
        _plan_close(by=by, plan=plan, end_date=held_on, end_reason=end_reason.strip())
    return conference


# --- The plan: end, core groups, visits ----------------------------------------------------------

def _last_activity(plan: CPPlan) -> tuple[dt.date, str] | None:
    """The latest review conference, core group or visit recorded in the plan."""
    candidates = []
    review = _last_review_on(plan)
    if review:
        candidates.append((review, "review conference"))
    core = plan.core_groups.aggregate(m=Max("held_on"))["m"]
    if core:
        candidates.append((core, "core group meeting"))
    visit = Visit.objects.filter(context_type=PLAN_CONTEXT, context_id=str(plan.pk)).aggregate(m=Max("visited_on"))["m"]
    if visit:
        candidates.append((visit, "visit"))
    return max(candidates) if candidates else None


def _check_end_after_activity(errors: dict, plan: CPPlan, end_date: dt.date, *, field: str) -> None:
    last = _last_activity(plan)
    if last and end_date < last[0]:
        _add(errors, field, f"The plan cannot end before its last {last[1]} ({d(last[0])})")


@transaction.atomic
def cp_plan_end(*, by, plan: CPPlan, end_date: dt.date, end_reason: str, latest_category: str = "",
                expected_version: int | None = None) -> CPPlan:
    """End a child protection plan (CPPendDate) with its reason; the latest category of abuse may be
    updated. Open work for the plan (reviews, core group, visits) is no longer needed."""
    _require(by, Perm.CONFERENCE_RECORD)
    plan = _open_plan_locked(plan)
    if expected_version is not None and plan.version != expected_version:
        raise EditConflict(current=plan, changed_fields={})
    errors: dict[str, list[str]] = {}
    if not plan.is_open:
        _add(errors, "end_date", f"This plan already ended on {d(plan.end_date)}")
    if end_date is None:
        _add(errors, "end_date", "Enter the date the plan ended")
    else:
        if end_date < plan.start_date:  # rule 8925
            _add(errors, "end_date", f"The plan end date must be after the plan started ({d(plan.start_date)})")
        elif end_date == plan.start_date:  # rule 8840
            _add(errors, "end_date", f"A child protection plan cannot start and end on the same day ({d(end_date)})")
        else:
            _check_end_after_activity(errors, plan, end_date, field="end_date")
        _check_date(errors, "end_date", end_date, plan.episode, "The plan end date")
    if not (end_reason or "").strip():
        _add(errors, "end_reason", "Enter why the plan is ending")
    _require_category(errors, "latest_category", latest_category, required=False)
    if errors:
        raise ValidationError(errors)
    _plan_close(by=by, plan=plan, end_date=end_date, end_reason=end_reason.strip(), latest_category=latest_category)
    return plan


def _plan_close(*, by, plan: CPPlan, end_date: dt.date, end_reason: str, latest_category: str = "") -> None:
    before = snapshot(plan, ["end_date", "end_reason", "latest_category"])
    if latest_category:
        plan.latest_category = latest_category
    plan.end_date, plan.end_reason, plan.ended_by = end_date, end_reason, by
    plan.version += 1
    plan.save(update_fields=["end_date", "end_reason", "ended_by", "latest_category", "version", "updated_at"])
    audit_change(actor=by, action="cp_plan.end", instance=plan, before=before,
                 after=snapshot(plan, ["end_date", "end_reason", "latest_category"]), person_id=plan.person_id)
    work_cancel(source=plan, reason="The child protection plan ended")
    _lcpp_release(by=by, plan=plan, on=end_date)
    from .selectors import lasting_over_two_years

    summary = f"Child protection plan ended ({plan.get_latest_category_display().lower()}): {end_reason}"
    if lasting_over_two_years(plan, end_date):
        summary = "Child protection plan ended after two years or more: " + summary.split(": ", 1)[1]
    record_event(person=plan.person, event_type="cp_plan_end", occurred=end_date, summary=summary, source=plan,
                 recorded_by=by)


def _check_in_plan(errors: dict, field: str, plan: CPPlan, when: dt.date, what: str) -> None:
    if when < plan.start_date:
        _add(errors, field, f"{what} must be on or after the plan started ({d(plan.start_date)})")
    if plan.end_date and when > plan.end_date:
        _add(errors, field, f"{what} must be on or before the plan ended ({d(plan.end_date)})")
    _check_date(errors, field, when, plan.episode, what)


@transaction.atomic
def core_group_record(*, by, plan: CPPlan, held_on: dt.date, attendees: str, notes: str = "") -> CoreGroupMeeting:
    """Record a core group meeting; the first stops the CORE_GROUP_FIRST clock (timescales.md, local)."""
    _require(by, Perm.CASEWORK_RECORD)
    plan = _open_plan_locked(plan)
    errors: dict[str, list[str]] = {}
    if held_on is None:
        _add(errors, "held_on", "Enter the date of the meeting")
    else:
        _check_in_plan(errors, "held_on", plan, held_on, "The meeting date")
    if not (attendees or "").strip():
        _add(errors, "attendees", "Enter who attended the meeting")
    if errors:
        raise ValidationError(errors)
    meeting = CoreGroupMeeting.objects.create(plan=plan, person=plan.person, held_on=held_on,
                                              attendees=attendees.strip(), notes=(notes or "").strip(), recorded_by=by)
    audit_change(actor=by, action="core_group.record", instance=meeting, person_id=plan.person_id)
    work = work_complete_for(source=plan, rule_code="CORE_GROUP_FIRST", done=held_on, by_event=meeting)
    summary = "Core group meeting"
    if work is not None:
        summary = "First core group meeting" + (" (on time)" if work.on_time else f" (late: due by {d(work.due_on)})")
    record_event(person=plan.person, event_type="core_group", occurred=held_on, summary=summary, source=meeting,
                 recorded_by=by)
    return meeting


@transaction.atomic
def cp_visit_record(*, by, plan: CPPlan, visited_on: dt.date, child_seen: bool, child_seen_alone: bool,
                    childs_words: str = "", notes: str = "", visited_by=None) -> Visit:
    """Record a child protection visit (casework.Visit, kind "cp"): who visited, when, whether the
    child was seen and seen alone, and the child's words (Annex A lists 4 and 7). A visit at which
    the child was seen stops the CP_VISIT clock and starts the next (10 working days, a local
    standard in timescales.md); a visit without seeing the child leaves the visit due."""
    _require(by, Perm.CASEWORK_RECORD)
    plan = _open_plan_locked(plan)
    visited_by = visited_by or by
    errors: dict[str, list[str]] = {}
    if not plan.is_open:
        _add(errors, "visited_on", f"This plan ended on {d(plan.end_date)}")
    if visited_on is None:
        _add(errors, "visited_on", "Enter the date of the visit")
    else:
        _check_in_plan(errors, "visited_on", plan, visited_on, "The visit date")
    if child_seen is None:
        _add(errors, "child_seen", "Say whether the child was seen")
    if child_seen_alone and not child_seen:
        _add(errors, "child_seen_alone", "The child cannot have been seen alone if they were not seen")
    if errors:
        raise ValidationError(errors)
    previous_latest = Visit.objects.filter(context_type=PLAN_CONTEXT, context_id=str(plan.pk),
                                           child_seen=True).aggregate(m=Max("visited_on"))["m"]
    visit = Visit.objects.create(
        person=plan.person, kind=Visit.Kind.CP, visited_on=visited_on, visited_by=visited_by,
        child_seen=bool(child_seen), child_seen_alone=bool(child_seen_alone), childs_words=(childs_words or "").strip(),
        notes=(notes or "").strip(), context_type=PLAN_CONTEXT, context_id=str(plan.pk), recorded_by=by)
    audit_change(actor=by, action="cp_visit.record", instance=visit, person_id=plan.person_id)
    sign_off_open(by=by, record=visit, kind="visit", person=visit.person, title=visit_title(visit))
    timing = ""
    if child_seen and (previous_latest is None or visited_on > previous_latest):
        # A later visit than any before stops the clock and starts the next one; a visit recorded
        # late, dated before the last one, changes nothing that is due.
        work = work_complete_for(source=plan, rule_code="CP_VISIT", done=visited_on, by_event=visit)
        if work is not None and not work.on_time:
            timing = f" (late: due by {d(work.due_on)})"
        work_cancel(source=plan, rule_code="CP_VISIT", reason="Superseded by a later visit")
        work_raise(person=plan.person, rule_code="CP_VISIT", start=visited_on, source=plan,
                   title="Child protection visit")
    if not child_seen:
        seen = "child not seen"
    elif child_seen_alone:
        seen = "child seen alone"
    else:
        seen = "child seen, not alone"
    summary = f"Child protection visit by {visited_by}{timing}: {seen}"
    if visit.childs_words:
        summary += " (child's words recorded)"
    record_event(person=plan.person, event_type="cp_visit", occurred=visited_on, summary=summary, source=visit,
                 recorded_by=by)
    return visit


__all__ = [
    "conference_initial_record",
    "conference_review_record",
    "core_group_record",
    "cp_plan_end",
    "cp_visit_record",
    "missing_agencies",
    "section47_complete",
    "strategy_discussion_record",
    "strategy_warnings",
]


# --- The plan's outcomes, actions and contingency (issue 14.6) ------------------------------------------------

def _open_plan_for_content(plan):
    from .models import CPPlan

    plan = CPPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.end_date is not None:
        raise ValidationError({"outcome": [f"This plan ended on {d(plan.end_date)}"]})
    return plan


@transaction.atomic
def plan_outcome_add(*, by, plan, outcome: str):
    from .models import PlanOutcome

    _require(by, Perm.CASEWORK_RECORD)
    plan = _open_plan_for_content(plan)
    if not (outcome or "").strip():
        raise ValidationError({"outcome": ["Write the outcome for the child, as the conference agreed it"]})
    number = (plan.outcomes.aggregate(n=Max("number"))["n"] or 0) + 1
    made = PlanOutcome.objects.create(plan=plan, number=number, outcome=outcome.strip()[:400], recorded_by=by)
    audit_change(actor=by, action="cp_plan.outcome_add", instance=made, person_id=plan.person_id)
    return made


@transaction.atomic
def plan_action_add(*, by, outcome, action: str, owner: str, owner_agency: str, due_on: dt.date | None):
    from .models import PlanAction

    _require(by, Perm.CASEWORK_RECORD)
    _open_plan_for_content(outcome.plan)
    errors: dict[str, list[str]] = {}
    if not (action or "").strip():
        _add(errors, "action", "Say what will be done")
    if not (owner or "").strip():
        _add(errors, "owner", "Say who will do it")
    if owner_agency not in dict(PlanAction._meta.get_field("owner_agency").choices):
        _add(errors, "owner_agency", "Choose their agency or role")
    if due_on is None:
        _add(errors, "due_on", "Enter the date it will be done by")
    if errors:
        raise ValidationError(errors)
    made = PlanAction.objects.create(outcome=outcome, action=action.strip()[:400], owner=owner.strip()[:120],
                                     owner_agency=owner_agency, due_on=due_on, recorded_by=by)
    audit_change(actor=by, action="cp_plan.action_add", instance=made, person_id=outcome.plan.person_id)
    return made


@transaction.atomic
def plan_action_done(*, by, action, done_on: dt.date):
    _require(by, Perm.CASEWORK_RECORD)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": ["The date it was done must be today or in the past"]})
    before = snapshot(action, ["done_on"])
    action.done_on = done_on
    action.save(update_fields=["done_on", "updated_at"])
    audit_change(actor=by, action="cp_plan.action_done", instance=action, before=before,
                 after=snapshot(action, ["done_on"]), person_id=action.outcome.plan.person_id)
    return action


@transaction.atomic
def plan_contingency_save(*, by, plan, text: str, expected_version: int):
    _require(by, Perm.CASEWORK_RECORD)
    if not (text or "").strip():
        raise ValidationError({"contingency": ["Write what will happen if the plan is not working or the risk grows"]})
    before = snapshot(plan, ["contingency"])
    plan.contingency = text.replace("\r\n", "\n").strip()
    save_if_unchanged(plan, expected_version=expected_version, fields=["contingency"])
    audit_change(actor=by, action="cp_plan.contingency", instance=plan, before=before,
                 after=snapshot(plan, ["contingency"]), person_id=plan.person_id)
    return plan

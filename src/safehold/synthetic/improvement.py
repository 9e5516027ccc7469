"""The synthetic county's improvement loop (issue 13.8), like the brief's council: a 2021 inspection
graded good in every area with areas for improvement in the use of timescales and in practice with disabled
children, and its plan (completed); a 2025 inspection graded requires improvement overall (care leavers
good) with areas for improvement in oversight, supervision and decision-making, delays in assessment, the
initial response, and the use of unregistered provision; its plan in progress with two scrutiny reports
already presented; three audit rounds (one themed on disabled children); last year's self-evaluation and
this year's in draft. Everything goes through the services, as a council's officers would, then the dates
are set to when it happened."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from safehold.accounts.models import Role, User
from safehold.improvement import services
from safehold.improvement.models import (
    AuditAction,
    AuditRound,
    AuditTool,
    CaseAudit,
    EngagementMeeting,
    Grade,
    PlanAction,
    PlanArea,
    ProgressUpdate,
    ScrutinyReport,
    SelfEvaluationArea,
)

D = dt.date

INSPECTION_2021 = dict(
    kind="standard", on_site_from=D(2021, 11, 8), on_site_to=D(2021, 11, 19), published_on=D(2022, 1, 7),
    lead_inspector="Synthetic Inspector (HMI)", report_url="https://reports.ofsted.gov.uk/",
    summary="Children's services are good. Leaders know their service well.",
    grades={"overall": "good", "leaders": "good", "help_protection": "good", "in_care_and_leavers": "good"},
    strengths=["Leaders have a clear and accurate understanding of the quality of practice.",
               "Children in care live in stable homes and are well supported by their social workers."],
    improvements=["The use of timescales to plan and review children's progress, so that children do not "
                  "experience delay.",
                  "The quality of practice with disabled children, including the assessment of their communication "
                  "needs and direct work to understand their views."])

INSPECTION_2025 = dict(
    kind="standard", on_site_from=D(2025, 2, 3), on_site_to=D(2025, 2, 14), published_on=D(2025, 3, 28),
    lead_inspector="Synthetic Inspector (HMI)", report_url="https://reports.ofsted.gov.uk/",
    summary="Children's services require improvement to be good. Care leavers are well supported.",
    grades={"overall": "requires_improvement", "leaders": "requires_improvement",
            "help_protection": "requires_improvement", "in_care": "requires_improvement", "care_leavers": "good"},
    strengths=["Care leavers have trusting relationships with their personal advisers.",
               "The front door is well staffed and partners know how to raise concerns."],
    improvements=["Management oversight, supervision and decision-making, so that children's plans progress "
                  "without drift.",
                  "The timeliness of assessments of children's needs.",
                  "The robustness of the initial response to contacts and referrals, including strategy "
                  "discussions.",
                  "The use of unregistered provision for children in care."])

# (area number, measure, target)
PLAN_2025_MEASURES = [(1, "OV_OVERSIGHT", 90), (1, "OV_SUPERVISION", 90), (2, "HP_ASSESS_45WD", 85),
                      (2, "HP_ASSESS_DAYS", 35), (3, "FD_DECIDED_1WD", 95), (3, "HP_ICPC_15WD", 85),
                      (4, "CIC_UNREGISTERED_NOW", 0), (4, "CIC_UNREGISTERED_YEAR", 0)]
OUTCOMES_2025 = [
    "Every child's plan is overseen by a manager who records the rationale for decisions, and every worker is "
    "supervised at least monthly.",
    "Children's needs are assessed without delay: 85% of assessments within 45 working days.",
    "Every contact gets a robust decision within one working day, and strategy discussions include police, "
    "health and education.",
    "No child lives in unregistered provision, and any placement that is unavoidable is authorised by a director "
    "and ends within weeks.",
]
# (area, text, starts, due, [(milestone, due)], [(date, status, completed, note)], override)
ACTIONS_2025 = [
    (1, "Introduce a practice standard for management oversight, with the rationale recorded on every case",
     D(2025, 4, 1), D(2025, 7, 31), [("Standard agreed at practice board", D(2025, 5, 30))],
     [(D(2025, 5, 30), "in_progress", None, "Standard agreed at practice board; briefings booked for all teams."),
      (D(2025, 7, 25), "completed", D(2025, 7, 25), "Standard live; oversight recorded in Safehold on every case.")], ""),
    (1, "Monthly reflective supervision for every social worker, recorded and measured",
     D(2025, 4, 1), D(2026, 9, 30), [("Supervision policy refreshed", D(2025, 6, 30)),
                                     ("Every team at 90% supervised on time", D(2026, 3, 31))],
     [(D(2025, 6, 27), "in_progress", None, "Policy refreshed; supervision recorded in Safehold from July."),
      (D(2026, 4, 2), "in_progress", None, "Five of eight teams at 90%; two teams carry vacancies.")], ""),
    (2, "Weekly assessment clinics in every Family Help team, led by the team manager",
     D(2025, 4, 14), D(2025, 10, 31), [("Clinics running in all teams", D(2025, 6, 30))],
     [(D(2025, 6, 30), "in_progress", None, "Clinics running in six of eight teams."),
      (D(2025, 10, 20), "completed", D(2025, 10, 17), "Clinics running in every team; overdue assessments halved.")], ""),
    (2, "Recruit to all vacant Family Help social worker posts",
     D(2025, 5, 1), D(2026, 6, 30), [("Recruitment campaign launched", D(2025, 9, 1))],
     [(D(2025, 9, 5), "in_progress", None, "Campaign launched; 6 of 11 posts offered."),
      (D(2026, 3, 6), "in_progress", None, "9 of 11 posts filled; two offers withdrawn, re-advertised."),
      (D(2026, 7, 3), "in_progress", None, "10 of 11 posts filled; the last is at offer stage.")],
     ("amber", "Ten of eleven posts are filled and the last is at offer; the improvement board agreed a new date "
               "of 30 September 2026 on 3 July 2026.")),
    (3, "A police, health and education presence at every strategy discussion, by agreement with partners",
     D(2025, 4, 1), D(2025, 12, 31), [("Protocol signed by the safeguarding partners", D(2025, 9, 30))],
     [(D(2025, 9, 26), "in_progress", None, "Protocol signed by all three partners."),
      (D(2026, 1, 9), "completed", D(2026, 1, 9), "Audit of 40 strategy discussions: partners present in 38.")], ""),
    (3, "Front door decisions within one working day, with a manager's rationale on every decision",
     D(2025, 4, 1), D(2026, 3, 31), [("Routing rules live in Safehold", D(2025, 11, 30))],
     [(D(2025, 12, 1), "in_progress", None, "Routing live; 91% decided within one working day in November.")], ""),
    (4, "No placement in unregistered provision without a director's authorisation and a weekly review",
     D(2025, 4, 1), D(2025, 6, 30), [],
     [(D(2025, 6, 20), "completed", D(2025, 6, 20), "The placement guard is live: it refuses such a placement "
                                                    "unless a director authorises it.")], ""),
    (4, "Commission two registered children's homes for children with complex needs",
     D(2025, 6, 1), D(2026, 9, 30), [("Providers chosen", D(2025, 12, 31)), ("First home registered", D(2026, 5, 31))],
     [(D(2026, 1, 16), "in_progress", None, "Two providers chosen; registration applications submitted to Ofsted.")], ""),
]
ACTIONS_2021 = [
    (1, "Timescales for every statutory step shown to workers and managers, with overdue work escalated",
     D(2022, 2, 1), D(2022, 9, 30), "Timescales live in the case record and on team dashboards."),
    (1, "Quarterly audit of the use of timescales in children's plans", D(2022, 3, 1), D(2023, 3, 31),
     "Four quarterly audits done; timescales used well in 84% of plans."),
    (2, "Training for every social worker on communicating with disabled children", D(2022, 2, 1), D(2022, 12, 31),
     "All social workers trained; the disabled children's team leads a practice forum."),
    (2, "Assessments of disabled children include their communication needs", D(2022, 3, 1), D(2023, 2, 28),
     "The assessment form asks for communication needs; audit shows 88% recorded."),
]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _backdate(model, pk, day: dt.date, field: str = "created_at") -> None:
    model.objects.filter(pk=pk).update(**{field: timezone.make_aware(dt.datetime.combine(day, dt.time(10)))})


def seed_improvement(*, seed: int, as_of: dt.date) -> dict[str, int]:
    """The whole loop, as it would stand on `as_of`. Nothing is made that would lie after `as_of`."""
    if as_of < D(2026, 1, 1):
        return {}
    rng = random.Random(seed * 13 + 5)
    leader, quality = _user("leader"), _user("quality.lead")
    service_manager = _user("service.manager")

    i2021 = services.inspection_record(by=leader, **INSPECTION_2021)
    i2025 = services.inspection_record(by=leader, **INSPECTION_2025)
    EngagementMeeting.objects.create(held_on=D(2024, 3, 12), notes="Annual engagement meeting: self-evaluation 2024 discussed.")
    EngagementMeeting.objects.create(held_on=D(2026, 3, 10), notes="Annual engagement meeting: progress since the "
                                                                   "2025 inspection and the self-evaluation 2025.")

    # The 2021 plan: every action completed in 2022-23.
    p2021 = services.plan_create(by=leader, title="Improvement plan 2022: timescales and disabled children",
                                 inspection=i2021, owner=leader, shared_with_ofsted_on=D(2022, 2, 25))
    for area in p2021.areas.all():
        area.outcome = ("Children's plans progress within timescales." if area.number == 1 else
                        "Disabled children's views shape their plans.")
        area.save(update_fields=["outcome"])
        _backdate(PlanArea, area.pk, D(2022, 2, 14))
    for number, text, starts, due, note in ACTIONS_2021:
        area = p2021.areas.get(number=number)
        action = services.action_add(by=leader, area=area, text=text, owner=service_manager, starts_on=starts,
                                     due_on=due)
        done = due - dt.timedelta(days=rng.randrange(3, 40))
        _progress(action, leader, [(starts + dt.timedelta(days=60), "in_progress", None, "Under way."),
                                   (done, "completed", done, note)])
        _backdate(PlanAction, action.pk, D(2022, 2, 14))

    # The 2025 plan, in progress.
    p2025 = services.plan_create(by=leader, title="Improvement plan 2025", inspection=i2025, owner=leader,
                                 shared_with_ofsted_on=D(2025, 5, 9))
    for area in p2025.areas.all():
        area.outcome = OUTCOMES_2025[area.number - 1]
        area.lead = service_manager if area.number in (2, 3) else leader
        area.save(update_fields=["outcome", "lead"])
        _backdate(PlanArea, area.pk, D(2025, 4, 25))
    for number, code, target in PLAN_2025_MEASURES:
        services.area_measure_add(by=leader, area=p2025.areas.get(number=number), code=code, target=target)
    for number, text, starts, due, milestones, updates, override in ACTIONS_2025:
        area = p2025.areas.get(number=number)
        action = services.action_add(by=leader, area=area, text=text, owner=area.lead, starts_on=starts, due_on=due,
                                     milestones=milestones)
        _backdate(PlanAction, action.pk, D(2025, 4, 25))
        _progress(action, leader, [u for u in updates if u[0] <= as_of], override)

    # Two reports already presented to the committee (each frozen as it stood on its meeting date).
    summaries = {
        D(2025, 9, 16): "Since the inspection in February we have agreed the plan with Ofsted, put a new standard "
                        "for management oversight in place, and started weekly assessment clinics. No child now "
                        "lives in unregistered provision without a director's authorisation. Recruitment to "
                        "vacant social worker posts is slower than we planned.",
        D(2026, 3, 17): "Assessments are quicker: clinics run in every team. Police, health and education now join "
                        "strategy discussions. Supervision is late in the two teams with vacancies, and the plan "
                        "for that is set out below. Two registered children's homes are being commissioned.",
    }
    reports = 0
    for meeting, summary in summaries.items():
        if meeting > as_of:
            continue
        report = services.report_create(by=leader, plan=p2025, meeting_on=meeting, summary=summary)
        services.report_present(by=leader, report=report)
        ScrutinyReport.objects.filter(pk=report.pk).update(
            presented_at=timezone.make_aware(dt.datetime.combine(meeting, dt.time(18))))
        reports += 1
    # The next one, in draft.
    services.report_create(by=leader, plan=p2025, meeting_on=as_of + dt.timedelta(days=40),
                           summary="Draft for the next meeting.")

    rounds, audits = _audits(rng, quality, as_of)
    _self_evaluations(leader, as_of, p2025)
    return {"inspections": 2, "plans": 2, "scrutiny_reports": reports, "audit_rounds": rounds, "case_audits": audits}


def _progress(action: PlanAction, by: User, updates, override=""):
    for n, (on, status, completed, note) in enumerate(updates):
        last = n == len(updates) - 1
        action.refresh_from_db()
        rag, reason = override if (override and last) else ("", "")
        services.action_update(by=by, action=action, expected_version=action.version, on=on, status=status,
                               completed_on=completed, note=note, rag_override=rag, override_reason=reason,
                               milestones_done=[m.pk for m in action.milestones.filter(
                                   due_on__lte=on - dt.timedelta(days=7))])
    ProgressUpdate.objects.filter(action=action).update(recorded_at=timezone.now())


GRADE_WEIGHTS = {  # the share of each grade by round: practice improving round on round
    0: [2, 38, 45, 15], 1: [2, 43, 43, 12], 2: [5, 50, 38, 7],
}
ROUNDS = [(330, "general", "Practice audit, all teams", "random", 24),
          (200, "disabled_children", "Themed audit: disabled children", "random", 16),
          (60, "oversight", "Themed audit: management oversight and supervision", "stratified", 2)]


def _audits(rng: random.Random, quality: User, as_of: dt.date) -> tuple[int, int]:
    auditors = list(User.objects.filter(is_active=True).filter(
        Q(role=Role.TEAM_MANAGER) | Q(username__in=["service.manager", "iro"])).order_by("username"))
    tool = AuditTool.objects.get(name="Case file audit").current
    grades = [g.value for g in Grade]
    made = 0
    for index, (days_ago, theme, name, sampling, size) in enumerate(ROUNDS):
        on = as_of - dt.timedelta(days=days_ago)
        try:
            audit_round = services.round_plan(by=quality, name=f"{name}, {on:%B %Y}", theme=theme, tool_version=tool,
                                              sampling=sampling, sample_size=size, seed=1000 + index, on=on,
                                              due_on=on + dt.timedelta(days=28), moderation_percent=20,
                                              auditors=auditors)
        except ValidationError:  # a small county may have no child matching a theme on that date
            continue
        latest = index == len(ROUNDS) - 1
        for audit in audit_round.audits.select_related("auditor", "round__tool_version"):
            grade = rng.choices(grades, weights=GRADE_WEIGHTS[index])[0]
            answers = {}
            for s, section in enumerate(tool.sections):
                for q, _question in enumerate(section["questions"]):
                    good = grades.index(grade) <= 1
                    answer = rng.choices(["yes", "partly", "no"], weights=[6, 3, 1] if good else [3, 3, 4])[0]
                    answers[f"{s}.{q}"] = {"answer": answer, "note": ""}
            section_grades = {str(s): grades[min(3, max(0, grades.index(grade) + rng.choice([-1, 0, 0, 0, 1])))]
                              for s in range(len(tool.sections))}
            actions = [("Record the manager's rationale for the plan's next steps on the case record",
                        max(as_of, timezone.localdate()) + dt.timedelta(days=rng.randrange(10, 30)))] if latest and grade in (
                Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE) else []
            services.audit_save(by=audit.auditor, audit=audit, expected_version=audit.version, answers=answers,
                                section_grades=section_grades, grade=grade,
                                strengths="The child's voice is clear and the worker knows the family well.",
                                must_change="" if grade in (Grade.OUTSTANDING, Grade.GOOD) else
                                "Plans need clear timescales and recorded management oversight.",
                                actions=actions, submit=True)
            CaseAudit.objects.filter(pk=audit.pk).update(
                submitted_at=timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=rng.randrange(3, 25)),
                                                                     dt.time(15))))
            made += 1
        for audit in audit_round.audits.filter(to_moderate=True).select_related("round"):
            moderated = audit.grade if rng.random() < 0.75 else grades[min(3, grades.index(audit.grade) + 1)]
            services.audit_moderate(by=quality, audit=audit, grade=moderated,
                                    reason="" if moderated == audit.grade else
                                    "The plan has no timescales; the impact on the child is not yet evident.")
        if not latest:
            services.round_close(by=quality, audit_round=audit_round)
            AuditAction.objects.filter(audit__round=audit_round).update(done_on=on + dt.timedelta(days=30))
        AuditRound.objects.filter(pk=audit_round.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(on, dt.time(9))))
    return AuditRound.objects.count(), made


def _self_evaluations(leader: User, as_of: dt.date, plan) -> None:
    last = services.self_evaluation_start(by=leader, year=as_of.year - 1, as_at=D(as_of.year - 1, 12, 31)
                                          if as_of.year - 1 < as_of.year else as_of)
    words = {
        "leaders": ("requires_improvement", "Leaders know where practice is not yet good enough, from audits and the "
                    "measures; the plan is on track in most areas.", "A stable leadership team; a clear plan.",
                    "Supervision in two teams; recruitment."),
        "help_protection": ("requires_improvement", "Assessments are timelier; strategy discussions are now "
                            "multi-agency.", "The front door decides quickly.", "Drift in some child protection plans."),
        "in_care": ("requires_improvement", "Children in care are visited on time; placement sufficiency is the "
                    "main risk.", "No child in unregistered provision without authorisation.",
                    "Stability for older children."),
        "care_leavers": ("good", "Care leavers are in touch and most are in suitable accommodation.",
                         "Personal advisers know their young people well.", "Education, employment and training."),
    }
    for entry in SelfEvaluationArea.objects.filter(self_evaluation=last).select_related("area"):
        grade, quality, strengths, development = words.get(entry.area.code, ("requires_improvement", "", "", ""))
        services.self_evaluation_area_save(by=leader, entry=entry, expected_version=entry.version, grade=grade,
                                           quality_of_practice=quality, strengths=strengths,
                                           areas_for_development=development)
    entry = SelfEvaluationArea.objects.filter(self_evaluation=last, area__code="help_protection").first()
    if entry:
        services.evidence_add(by=leader, entry=entry, statement="quality", measure_code="HP_ASSESS_45WD")
    services.self_evaluation_finalise(by=leader, sef=last)
    # This year's, in draft: started from last year's words, with a grade moved and new evidence.
    this = services.self_evaluation_start(by=leader, year=as_of.year, as_at=as_of)
    for entry in SelfEvaluationArea.objects.filter(self_evaluation=this).select_related("area"):
        if entry.area.code == "help_protection":
            services.self_evaluation_area_save(
                by=leader, entry=entry, expected_version=entry.version, grade="good",
                quality_of_practice="Assessments are timely in every team and strategy discussions are multi-agency; "
                                    "audits show practice with disabled children is now good.",
                strengths=entry.strengths, areas_for_development=entry.areas_for_development)
            entry.refresh_from_db()
            services.evidence_add(by=leader, entry=entry, statement="quality", measure_code="HP_ASSESS_45WD")
            services.evidence_add(by=leader, entry=entry, statement="strength", measure_code="FD_DECIDED_1WD")
            disabled = AuditRound.objects.filter(theme="disabled_children").first()
            if disabled:
                services.evidence_add(by=leader, entry=entry, statement="strength", audit_round=disabled,
                                      note="Most audits of disabled children's cases graded good")
        if entry.area.code == "leaders":
            action = PlanAction.objects.filter(area__plan=plan, area__number=1).order_by("id").last()
            if action:
                services.evidence_add(by=leader, entry=entry, statement="development", action=action,
                                      note="Supervision on time in five of eight teams")

"""Writes for inspection and improvement. Each is one transaction with its audit row (style.md A4.2);
input errors are raised together, named by field (core.validation)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.models import Role, User
from safehold.accounts.policy import Perm, has_perm, require
from safehold.audit.actions import AuditAction as AuditLogAction  # not .models.AuditAction, a case audit's
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import StatutoryWork
from safehold.casework.work import holder_of, work_complete
from safehold.core.concurrency import EditConflict, save_if_unchanged
from safehold.core.validation import add_error, raise_if_errors
from safehold.people.models import Person
from safehold.performance.definitions import get as measure_get

from . import documents, rules, selectors
from .models import (
    ActionEvidence,
    AuditAction,
    AuditReply,
    AuditRound,
    AuditTool,
    AuditToolVersion,
    CaseAudit,
    EngagementMeeting,
    Evidence,
    Finding,
    Grade,
    ImprovementPlan,
    Inspection,
    InspectionGrade,
    JudgementArea,
    Milestone,
    Moderation,
    PlanAction,
    PlanArea,
    PlanMeasure,
    ProgressUpdate,
    ScrutinyReport,
    SelfEvaluation,
    SelfEvaluationArea,
)
from .policy import may_mark_action_done, may_reply, may_update_action

AUDIT_ACTION_RULE = "AUDIT_ACTION"  # the code of an audit's action in "My work" (casework.StatutoryWork)


def _conflict(exc: EditConflict) -> ValidationError:
    return ValidationError(f"{exc} Nothing you entered was saved: open it again to see their change, then "
                           "make yours.")


def _save(instance, *, expected_version: int | None, fields: list[str]) -> None:
    if expected_version is None:
        instance.save()
        return
    try:
        save_if_unchanged(instance, expected_version=expected_version, fields=fields)
    except EditConflict as exc:
        raise _conflict(exc) from exc


# --- Inspections ----------------------------------------------------------------------------------------


def _numbered(lines: Iterable[str]) -> list[str]:
    return [line.strip() for line in lines if line and line.strip()]


@transaction.atomic
def inspection_record(*, by, kind: str, on_site_from: dt.date | None, on_site_to: dt.date | None,
                      published_on: dt.date | None = None, lead_inspector: str = "", report_url: str = "",
                      summary: str = "", grades: dict[str, str] | None = None, strengths: Iterable[str] = (),
                      improvements: Iterable[str] = (), priorities: Iterable[str] = ()) -> Inspection:
    """Record an inspection or visit with its grades and findings (kept verbatim, numbered in order)."""
    require(by, Perm.INSPECTION_RECORD)
    errors: dict[str, list[str]] = {}
    grades = {k: v for k, v in (grades or {}).items() if v}
    if kind not in Inspection.Kind.values:
        add_error(errors, "kind", "Choose the type of inspection")
    if on_site_from is None:
        add_error(errors, "on_site_from", "Enter the first day on site")
    if on_site_to is None:
        add_error(errors, "on_site_to", "Enter the last day on site")
    if on_site_from and on_site_to and on_site_to < on_site_from:
        add_error(errors, "on_site_to", "The last day on site must be on or after the first")
    if published_on and on_site_to and published_on < on_site_to:
        add_error(errors, "published_on", "The report cannot be published before the inspection ends")
    if on_site_from and kind in Inspection.GRADED_KINDS:
        in_force = [a for a in JudgementArea.objects.all() if a.in_force_on(on_site_from)]
        for area in in_force:
            if area.code not in grades:
                add_error(errors, f"grade_{area.code}", f"Enter the grade for {area.short_name.lower()}")
        for code in grades:
            if code not in {a.code for a in in_force}:
                add_error(errors, f"grade_{code}", "That judgement was not graded on these dates")
    elif grades:
        add_error(errors, "kind", "Only standard and short inspections are graded: leave the grades empty")
    for code, grade in grades.items():
        if grade not in Grade.values:
            add_error(errors, f"grade_{code}", "Choose a grade")
    raise_if_errors(errors)
    inspection = Inspection.objects.create(kind=kind, on_site_from=on_site_from, on_site_to=on_site_to,
                                           published_on=published_on, lead_inspector=lead_inspector,
                                           report_url=report_url, summary=summary, recorded_by=by)
    areas = {a.code: a for a in JudgementArea.objects.filter(code__in=grades)}
    InspectionGrade.objects.bulk_create(InspectionGrade(inspection=inspection, area=areas[c], grade=g)
                                        for c, g in grades.items())
    for kind_, lines in ((Finding.Kind.STRENGTH, strengths), (Finding.Kind.AREA_FOR_IMPROVEMENT, improvements),
                         (Finding.Kind.PRIORITY_ACTION, priorities)):
        Finding.objects.bulk_create(Finding(inspection=inspection, kind=kind_, number=n, text=text)
                                    for n, text in enumerate(_numbered(lines), start=1))
    audit_change(actor=by, action=AuditLogAction.INSPECTION_RECORD, instance=inspection,
                 after={**snapshot(inspection), "grades": grades})
    return inspection


@transaction.atomic
def engagement_record(*, by, held_on: dt.date | None, notes: str = "") -> EngagementMeeting:
    require(by, Perm.INSPECTION_RECORD, Perm.SELF_EVALUATION_EDIT)
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the meeting"})
    meeting = EngagementMeeting.objects.create(held_on=held_on, notes=notes)
    audit_change(actor=by, action=AuditLogAction.ENGAGEMENT_MEETING_RECORD, instance=meeting)
    return meeting


# --- Audit tools and rounds --------------------------------------------------------------------------


def parse_tool(text: str) -> list[dict]:
    """The tool as the council writes it: a line starting "## " begins a section; every other line is a
    question of that section. Errors name the line."""
    sections: list[dict] = []
    errors = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                errors.append(f"Line {n}: a section needs a title after ##")
                continue
            sections.append({"title": title, "questions": []})
        elif not sections:
            errors.append(f"Line {n}: start with a section heading (## Title) before the first question")
        else:
            sections[-1]["questions"].append(line[:300])
    for s in sections:
        if not s["questions"]:
            errors.append(f"Section '{s['title']}' has no questions")
    if not sections and not errors:
        errors.append("Write at least one section with its questions")
    if errors:
        raise ValidationError({"text": errors})
    return sections


def tool_text(version: AuditToolVersion) -> str:
    return "\n\n".join("## " + s["title"] + "\n" + "\n".join(s["questions"]) for s in version.sections)


@transaction.atomic
def tool_version_new(*, by, tool: AuditTool, text: str) -> AuditToolVersion:
    """A new version of the tool. Audits already done keep the version they were done on."""
    require(by, Perm.AUDIT_ROUND_MANAGE)
    sections = parse_tool(text)
    current = tool.current
    if current and current.sections == sections:
        raise ValidationError({"text": "Nothing has changed since version %d" % current.number})
    version = AuditToolVersion.objects.create(tool=tool, number=(current.number + 1) if current else 1,
                                              sections=sections, made_by=by)
    audit_change(actor=by, action=AuditLogAction.AUDIT_TOOL_VERSION, instance=version)
    return version


@transaction.atomic
def round_plan(*, by, name: str, theme: str, tool_version: AuditToolVersion | None, sampling: str,
               sample_size: int | None, seed: int | None, due_on: dt.date | None, moderation_percent: int,
               auditors: list, on: dt.date | None = None) -> AuditRound:
    """Plan a round: draw the sample from the record (reproducible from its seed), assign each child to an
    auditor who neither holds the case nor works in the team that does, and pick the share to moderate."""
    require(by, Perm.AUDIT_ROUND_MANAGE)
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not name.strip():
        add_error(errors, "name", "Enter a name for the round")
    if theme not in AuditRound.Theme.values:
        add_error(errors, "theme", "Choose a theme")
    if sampling not in AuditRound.Sampling.values:
        add_error(errors, "sampling", "Choose how to draw the sample")
    if sampling != AuditRound.Sampling.EVERY and not sample_size:
        add_error(errors, "sample_size", "Enter how many children to audit")
    if tool_version is None:
        add_error(errors, "tool_version", "Choose the audit tool")
    if due_on is None or due_on < on:
        add_error(errors, "due_on", "Enter a date, today or later, by which the audits are due")
    if not 0 <= moderation_percent <= 100:
        add_error(errors, "moderation_percent", "Enter a share between 0 and 100")
    auditor_rows = [rules.Auditor(u.pk, u.team_id, u.get_full_name() or u.username) for u in auditors
                    if has_perm(u, Perm.AUDIT_CONDUCT)]
    if not auditor_rows:
        add_error(errors, "auditors", "Choose at least one auditor")
    raise_if_errors(errors)
    seed = seed if seed is not None else int(timezone.now().timestamp()) % 1_000_000
    candidates = selectors.audit_candidates(theme, on)
    if not candidates:
        raise ValidationError({"theme": "No child with an open case matches this theme today"})
    sample = rules.draw_sample(candidates, method=sampling, size=sample_size or 0, seed=seed)
    try:
        assigned = rules.assign_auditors(sample, auditor_rows)
    except rules.NoAuditor as exc:
        child = Person.objects.filter(pk=exc.person_id).values_list("person_id", flat=True).first()
        raise ValidationError({"auditors": f"No auditor chosen may audit child {child}: each holds the case or "
                                           "works in the team that does. Add an auditor from another team."}) from exc
    audit_round = AuditRound.objects.create(
        name=name.strip(), theme=theme, tool_version=tool_version, sampling=sampling,
        sample_size=sample_size or len(sample), seed=seed, sampled_on=on, due_on=due_on,
        moderation_percent=moderation_percent, planned_by=by)
    CaseAudit.objects.bulk_create(CaseAudit(round=audit_round, person_id=c.person_id, team_id=c.team_id,
                                            worker_id=c.worker_id, auditor_id=assigned[c.person_id])
                                  for c in sample)
    ids = list(audit_round.audits.values_list("id", flat=True))
    chosen = rules.to_moderate(ids, moderation_percent, seed)
    CaseAudit.objects.filter(pk__in=chosen).update(to_moderate=True)
    audit_change(actor=by, action=AuditLogAction.AUDIT_ROUND_PLAN, instance=audit_round,
                 after={**snapshot(audit_round), "children": len(sample)})
    return audit_round


@transaction.atomic
def round_close(*, by, audit_round: AuditRound) -> AuditRound:
    require(by, Perm.AUDIT_ROUND_MANAGE)
    before = snapshot(audit_round)
    audit_round.status = AuditRound.Status.CLOSED
    audit_round.save(update_fields=["status", "updated_at"])
    audit_change(actor=by, action=AuditLogAction.AUDIT_ROUND_CLOSE, instance=audit_round, before=before,
                 after=snapshot(audit_round))
    return audit_round


def _audit_answer_problems(errors: dict, sections: list[dict], answers: dict[str, dict],
                           section_grades: dict[str, str], submit: bool) -> dict[str, dict]:
    """The answers to keep, keyed "section.question", each checked; to submit, every question answered and
    every section graded."""
    clean_answers = {}
    for s, section in enumerate(sections):
        for q, question in enumerate(section["questions"]):
            key = f"{s}.{q}"
            given = answers.get(key) or {}
            answer = given.get("answer", "")
            if answer and answer not in rules.ANSWERS:
                add_error(errors, f"answer_{s}_{q}", "Choose yes, partly, no or not applicable")
            elif not answer and submit:
                add_error(errors, f"answer_{s}_{q}", f"Answer question {s + 1}.{q + 1}: {question}")
            clean_answers[key] = {"answer": answer, "note": (given.get("note") or "")[:2000]}
        sg = section_grades.get(str(s), "")
        if sg and sg not in Grade.values:
            add_error(errors, f"section_grade_{s}", "Choose a grade")
        elif not sg and submit:
            add_error(errors, f"section_grade_{s}", f"Grade the section '{section['title']}'")
    return clean_answers


def _audit_summary_problems(errors: dict, grade: str, strengths: str, must_change: str,
                            actions: list[tuple[str, dt.date | None]], submit: bool) -> None:
    """The overall grade, what works and what must change, and the actions (each with a date, today or
    later, to submit)."""
    if grade and grade not in Grade.values:
        add_error(errors, "grade", "Choose a grade")
    if submit:
        if not grade:
            add_error(errors, "grade", "Choose the overall grade")
        if not strengths.strip():
            add_error(errors, "strengths", "Say what is working well")
        if not must_change.strip() and grade in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE):
            add_error(errors, "must_change", "Say what must change: the grade is below good")
    today = timezone.localdate()
    for n, (text, due) in enumerate(actions, start=1):
        if (text.strip() and due is None and submit) or (due and due < today):
            add_error(errors, f"action_due_{n}", f"Enter a date, today or later, for action {n}")
        if due and not text.strip():
            add_error(errors, f"action_text_{n}", f"Say what action {n} is")


@transaction.atomic
def audit_save(*, by, audit: CaseAudit, expected_version: int, answers: dict[str, dict], section_grades: dict[str, str],
               grade: str, strengths: str, must_change: str, actions: list[tuple[str, dt.date | None]],
               submit: bool) -> CaseAudit:
    """Save an audit as the auditor goes, or submit it. Submitting needs every question answered, a grade
    for each section and overall, and raises each action as work in the worker's "My work". A saved draft
    keeps its actions under answers["_actions"] until it is submitted (they are not raised before)."""
    if audit.auditor_id != by.pk or not has_perm(by, Perm.AUDIT_CONDUCT):
        raise PermissionDenied("Only the assigned auditor may complete this audit")
    if audit.status != CaseAudit.Status.ASSIGNED:
        raise ValidationError("This audit has been submitted and can no longer be changed")
    sections = audit.round.tool_version.sections
    errors: dict[str, list[str]] = {}
    clean_answers = _audit_answer_problems(errors, sections, answers, section_grades, submit)
    _audit_summary_problems(errors, grade, strengths, must_change, actions, submit)
    raise_if_errors(errors)
    before = snapshot(audit, ["grade", "status", "strengths", "must_change"])
    if not submit:
        clean_answers["_actions"] = [{"text": text.strip(), "due": due.isoformat() if due else ""}
                                     for text, due in actions if text.strip() or due]
    audit.answers = clean_answers
    audit.section_grades = {str(s): section_grades.get(str(s), "") for s in range(len(sections))}
    audit.grade, audit.strengths, audit.must_change = grade, strengths.strip(), must_change.strip()
    fields = ["answers", "section_grades", "grade", "strengths", "must_change"]
    if submit:
        audit.status = CaseAudit.Status.SUBMITTED
        audit.submitted_at = timezone.now()
        fields += ["status", "submitted_at"]
    _save(audit, expected_version=expected_version, fields=fields)
    if submit:
        for text, due in actions:
            if text.strip():
                _audit_action_raise(audit, text.strip(), due)
    audit_change(actor=by, action=AuditLogAction.CASE_AUDIT_SUBMIT if submit else AuditLogAction.CASE_AUDIT_SAVE, instance=audit,
                 before=before, after=snapshot(audit, ["grade", "status", "strengths", "must_change"]),
                 person_id=audit.person_id)
    return audit


def _audit_action_raise(audit: CaseAudit, text: str, due: dt.date) -> AuditAction:
    """The action lands in "My work" of whoever holds the case now (else the worker audited, else the
    team's manager)."""
    team, worker = holder_of(audit.person)
    worker = worker or audit.worker
    team = team or audit.team
    if worker is None and team is not None:
        worker = User.objects.filter(team=team, role=Role.TEAM_MANAGER, is_active=True).first()
    if worker is None:
        worker = audit.auditor
    action = AuditAction.objects.create(audit=audit, text=text, worker=worker, due_on=due)
    action.work = StatutoryWork.objects.create(
        person=audit.person, rule_code=AUDIT_ACTION_RULE, title=f"Audit action: {text[:170]}",
        source_type="improvement.auditaction", source_id=str(action.pk), started_on=timezone.localdate(),
        due_on=due, team=team, worker=worker)
    action.save(update_fields=["work"])
    return action


@transaction.atomic
def audit_action_done(*, by, action: AuditAction, on: dt.date | None = None) -> AuditAction:
    audit = action.audit
    if not may_mark_action_done(by, action):
        raise PermissionDenied("Only the worker or their manager may mark this action done")
    if action.done_on:
        raise ValidationError("This action is already done")
    on = on or timezone.localdate()
    action.done_on = on
    action.save(update_fields=["done_on"])
    if action.work_id and action.work.status == action.work.Status.OPEN:
        work_complete(work=action.work, done=on, by_event=action)
    audit_change(actor=by, action=AuditLogAction.AUDIT_ACTION_DONE, instance=action, after={"done_on": on.isoformat()},
                 person_id=audit.person_id)
    return action


@transaction.atomic
def audit_reply(*, by, audit: CaseAudit, text: str) -> AuditReply:
    if audit.status == CaseAudit.Status.ASSIGNED:
        raise ValidationError({"text": "The audit has not been submitted yet"})
    if not may_reply(by, audit):
        raise PermissionDenied("Only the worker, their manager and the auditor may reply")
    if not text.strip():
        raise ValidationError({"text": "Write your reply"})
    reply = AuditReply.objects.create(audit=audit, author=by, text=text.strip())
    audit_change(actor=by, action=AuditLogAction.CASE_AUDIT_REPLY, instance=reply, person_id=audit.person_id)
    return reply


@transaction.atomic
def audit_moderate(*, by, audit: CaseAudit, grade: str, reason: str) -> Moderation:
    """A moderator reviews an audit; a changed grade needs a reason. The final grade is the moderator's."""
    require(by, Perm.AUDIT_MODERATE)
    if audit.auditor_id == by.pk:
        raise PermissionDenied("You cannot moderate your own audit")
    if audit.status != CaseAudit.Status.SUBMITTED:
        raise ValidationError("Only a submitted audit that is not yet moderated can be moderated")
    errors: dict[str, list[str]] = {}
    if grade not in Grade.values:
        add_error(errors, "grade", "Choose the grade you give")
    agrees = grade == audit.grade
    if grade and not agrees and not reason.strip():
        add_error(errors, "reason", "Say why you changed the grade")
    raise_if_errors(errors)
    moderation = Moderation.objects.create(audit=audit, moderator=by, grade=grade, agrees=agrees,
                                           reason=reason.strip())
    CaseAudit.objects.filter(pk=audit.pk).update(status=CaseAudit.Status.MODERATED)
    audit.status = CaseAudit.Status.MODERATED
    audit_change(actor=by, action=AuditLogAction.CASE_AUDIT_MODERATE, instance=moderation, person_id=audit.person_id,
                 after={"auditor_grade": audit.grade, "moderated_grade": grade, "agrees": agrees},
                 reason=reason.strip())
    return moderation


# --- Self-evaluation ----------------------------------------------------------------------------------


@transaction.atomic
def self_evaluation_start(*, by, year: int, as_at: dt.date | None) -> SelfEvaluation:
    """This year's self-evaluation, one entry per judgement area in force on `as_at`, starting from last
    year's words (a draft to rewrite, not a copy to keep)."""
    require(by, Perm.SELF_EVALUATION_EDIT)
    errors: dict[str, list[str]] = {}
    if SelfEvaluation.objects.filter(year=year).exists():
        add_error(errors, "year", f"There is already a self-evaluation for {year}")
    if as_at is None:
        add_error(errors, "as_at", "Enter the date its evidence is read at")
    raise_if_errors(errors)
    sef = SelfEvaluation.objects.create(year=year, as_at=as_at)
    previous = SelfEvaluation.objects.filter(year__lt=year).order_by("-year").first()
    before = {e.area_id: e for e in previous.areas.all()} if previous else {}
    for area in JudgementArea.objects.all():
        if not area.in_force_on(as_at) or area.is_overall:
            continue
        prior = before.get(area.pk)
        SelfEvaluationArea.objects.create(
            self_evaluation=sef, area=area, grade=prior.grade if prior else "",
            quality_of_practice=prior.quality_of_practice if prior else "",
            strengths=prior.strengths if prior else "", areas_for_development=prior.areas_for_development if prior else "")
    audit_change(actor=by, action=AuditLogAction.SELF_EVALUATION_START, instance=sef)
    return sef


def _draft(sef: SelfEvaluation) -> None:
    if sef.status != SelfEvaluation.Status.DRAFT:
        raise ValidationError("This self-evaluation is final and can no longer be changed")


@transaction.atomic
def self_evaluation_area_save(*, by, entry: SelfEvaluationArea, expected_version: int, grade: str,
                              quality_of_practice: str, strengths: str, areas_for_development: str) -> SelfEvaluationArea:
    require(by, Perm.SELF_EVALUATION_EDIT)
    _draft(entry.self_evaluation)
    if grade and grade not in Grade.values:
        raise ValidationError({"grade": "Choose a grade"})
    before = snapshot(entry, ["grade", "quality_of_practice", "strengths", "areas_for_development"])
    entry.grade, entry.quality_of_practice = grade, quality_of_practice.strip()
    entry.strengths, entry.areas_for_development = strengths.strip(), areas_for_development.strip()
    _save(entry, expected_version=expected_version,
          fields=["grade", "quality_of_practice", "strengths", "areas_for_development"])
    audit_change(actor=by, action=AuditLogAction.SELF_EVALUATION_AREA, instance=entry, before=before,
                 after=snapshot(entry, ["grade", "quality_of_practice", "strengths", "areas_for_development"]))
    return entry


@transaction.atomic
def evidence_add(*, by, entry: SelfEvaluationArea, statement: str, measure_code: str = "",
                 audit_round: AuditRound | None = None, action: PlanAction | None = None, note: str = "") -> Evidence:
    """Evidence for a statement: a measure (its value as at the self-evaluation's date is kept), an audit
    round, or an action of the plan."""
    require(by, Perm.SELF_EVALUATION_EDIT)
    _draft(entry.self_evaluation)
    errors: dict[str, list[str]] = {}
    if statement not in Evidence.Statement.values:
        add_error(errors, "statement", "Choose the statement this is evidence for")
    given = [x for x in (measure_code, audit_round, action) if x]
    if len(given) != 1:
        add_error(errors, "measure_code", "Choose one measure, one audit round or one action")
    if measure_code and measure_get(measure_code) is None:
        add_error(errors, "measure_code", "Choose a measure from the list")
    raise_if_errors(errors)
    value = selectors.measure_value_on(measure_code, entry.self_evaluation.as_at) if measure_code else None
    evidence = Evidence.objects.create(entry=entry, statement=statement, measure_code=measure_code,
                                       measure_value=value, audit_round=audit_round, action=action, note=note.strip())
    audit_change(actor=by, action=AuditLogAction.SELF_EVALUATION_EVIDENCE, instance=evidence)
    return evidence


@transaction.atomic
def evidence_remove(*, by, evidence: Evidence) -> None:
    require(by, Perm.SELF_EVALUATION_EDIT)
    _draft(evidence.entry.self_evaluation)
    audit_change(actor=by, action=AuditLogAction.SELF_EVALUATION_EVIDENCE_REMOVE, instance=evidence, before=snapshot(evidence),
                 after=None)
    evidence.delete()


@transaction.atomic
def self_evaluation_finalise(*, by, sef: SelfEvaluation) -> SelfEvaluation:
    require(by, Perm.SELF_EVALUATION_EDIT)
    _draft(sef)
    missing = [e.area.short_name for e in sef.areas.select_related("area") if not e.grade]
    if missing:
        raise ValidationError("Give our grade for every area first: " + ", ".join(missing))
    sef.status = SelfEvaluation.Status.FINAL
    sef.finalised_at = timezone.now()
    sef.save(update_fields=["status", "finalised_at", "updated_at"])
    audit_change(actor=by, action=AuditLogAction.SELF_EVALUATION_FINALISE, instance=sef)
    return sef


# --- The improvement action plan --------------------------------------------------------------------


def _may_manage_plan(by) -> None:
    require(by, Perm.PLAN_MANAGE)


@transaction.atomic
def plan_create(*, by, title: str, inspection: Inspection | None, owner, shared_with_ofsted_on=None) -> ImprovementPlan:
    """A plan; from an inspection, one area for each area for improvement (and priority action) in its
    report, verbatim, led by the plan's owner until someone else is named."""
    _may_manage_plan(by)
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the plan"})
    plan = ImprovementPlan.objects.create(title=title.strip(), inspection=inspection, owner=owner,
                                          shared_with_ofsted_on=shared_with_ofsted_on)
    if inspection is not None:
        findings = inspection.findings.exclude(kind=Finding.Kind.STRENGTH).order_by("-kind", "number")
        for n, finding in enumerate(findings, start=1):
            PlanArea.objects.create(plan=plan, number=n, source=PlanArea.Source.INSPECTION, finding=finding,
                                    title=finding.text, outcome="", lead=owner)
    audit_change(actor=by, action=AuditLogAction.PLAN_CREATE, instance=plan)
    return plan


@transaction.atomic
def area_add(*, by, plan: ImprovementPlan, title: str, outcome: str, source: str, lead) -> PlanArea:
    _may_manage_plan(by)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        add_error(errors, "title", "Enter the area for improvement")
    if source not in PlanArea.Source.values:
        add_error(errors, "source", "Choose where this area comes from")
    raise_if_errors(errors)
    number = (plan.areas.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    area = PlanArea.objects.create(plan=plan, number=number, source=source, title=title.strip(),
                                   outcome=outcome.strip(), lead=lead)
    audit_change(actor=by, action=AuditLogAction.PLAN_AREA_ADD, instance=area)
    return area


@transaction.atomic
def area_edit(*, by, area: PlanArea, outcome: str, lead) -> PlanArea:
    _may_manage_plan(by)
    before = snapshot(area, ["outcome", "lead_id"])
    area.outcome, area.lead = outcome.strip(), lead
    area.save(update_fields=["outcome", "lead", "updated_at"])
    audit_change(actor=by, action=AuditLogAction.PLAN_AREA_EDIT, instance=area, before=before,
                 after=snapshot(area, ["outcome", "lead_id"]))
    return area


def baseline_date(plan: ImprovementPlan) -> dt.date:
    """A measure's baseline is its figure at the month end before the inspection began (what the inspectors
    saw); for a plan with no inspection, the month end before the plan was made."""
    start = plan.inspection.on_site_from if plan.inspection else timezone.localtime(plan.created_at).date()
    return start.replace(day=1) - dt.timedelta(days=1)


@transaction.atomic
def area_measure_add(*, by, area: PlanArea, code: str, target: float | None) -> PlanMeasure:
    _may_manage_plan(by)
    errors: dict[str, list[str]] = {}
    if measure_get(code) is None:
        add_error(errors, "code", "Choose a measure from the list")
    elif area.measures.filter(code=code).exists():
        add_error(errors, "code", "This measure is already linked to the area")
    if target is None:
        add_error(errors, "target", "Enter the target")
    raise_if_errors(errors)
    day = baseline_date(area.plan)
    pm = PlanMeasure.objects.create(area=area, code=code, baseline=selectors.measure_value_on(code, day),
                                    baseline_on=day, target=target)
    audit_change(actor=by, action=AuditLogAction.PLAN_MEASURE_ADD, instance=pm)
    return pm


@transaction.atomic
def action_add(*, by, area: PlanArea, text: str, owner, starts_on: dt.date | None, due_on: dt.date | None,
               milestones: list[tuple[str, dt.date | None]] = ()) -> PlanAction:
    _may_manage_plan(by)
    errors: dict[str, list[str]] = {}
    if not text.strip():
        add_error(errors, "text", "Say what the action is")
    if owner is None:
        add_error(errors, "owner", "Choose who owns the action")
    if starts_on is None:
        add_error(errors, "starts_on", "Enter the start date")
    if due_on is None:
        add_error(errors, "due_on", "Enter the due date")
    if starts_on and due_on and due_on < starts_on:
        add_error(errors, "due_on", "The due date must be on or after the start date")
    for n, (m_text, m_due) in enumerate(milestones, start=1):
        if m_text.strip() and m_due is None:
            add_error(errors, f"milestone_due_{n}", f"Enter the date of milestone {n}")
    raise_if_errors(errors)
    count = area.actions.count() + 1
    action = PlanAction.objects.create(area=area, number=f"{area.number}.{count}", text=text.strip(), owner=owner,
                                       starts_on=starts_on, due_on=due_on)
    Milestone.objects.bulk_create(Milestone(action=action, text=t.strip(), due_on=d)
                                  for t, d in milestones if t.strip())
    audit_change(actor=by, action=AuditLogAction.PLAN_ACTION_ADD, instance=action)
    return action


@transaction.atomic
def action_update(*, by, action: PlanAction, expected_version: int, on: dt.date | None, status: str,
                  completed_on: dt.date | None, note: str, rag_override: str = "", override_reason: str = "",
                  milestones_done: Iterable[int] = ()) -> ProgressUpdate:
    """A dated progress update: the action's status (and any RAG override, with its reason) from `on`. The
    update is kept, so the plan as it stood on any date can be shown."""
    if not may_update_action(by, action):
        raise PermissionDenied("Only the action's owner or the plan's managers may update it")
    today = timezone.localdate()
    on = on or today
    errors: dict[str, list[str]] = {}
    if on > today:
        add_error(errors, "on", "The update's date must be today or in the past")
    latest = action.updates.order_by("-on", "-id").first()
    if latest and on < latest.on:
        add_error(errors, "on", f"An update dated {latest.on:%-d %B %Y} is already recorded: date this one on or after it")
    if status not in PlanAction.Status.values:
        add_error(errors, "status", "Choose the status")
    if status == PlanAction.Status.COMPLETED and completed_on is None:
        add_error(errors, "completed_on", "Enter the date it was completed")
    if completed_on and completed_on > on:
        add_error(errors, "completed_on", "It cannot be completed after the update's date")
    if not note.strip():
        add_error(errors, "note", "Say what has happened since the last update")
    if rag_override and rag_override not in (rules.RED, rules.AMBER, rules.GREEN):
        add_error(errors, "rag_override", "Choose red, amber or green")
    if rag_override and not override_reason.strip():
        add_error(errors, "override_reason", "Say why you set the status yourself")
    raise_if_errors(errors)
    before = snapshot(action, ["status", "completed_on", "rag_override", "override_reason"])
    action.status = status
    action.completed_on = completed_on if status == PlanAction.Status.COMPLETED else None
    action.rag_override, action.override_reason = rag_override, override_reason.strip() if rag_override else ""
    action.override_by = by if rag_override else None
    _save(action, expected_version=expected_version,
          fields=["status", "completed_on", "rag_override", "override_reason", "override_by"])
    Milestone.objects.filter(action=action, pk__in=list(milestones_done), done_on__isnull=True).update(done_on=on)
    update = ProgressUpdate.objects.create(action=action, on=on, by=by, status=status,
                                           completed_on=action.completed_on, rag_override=action.rag_override,
                                           override_reason=action.override_reason, note=note.strip())
    audit_change(actor=by, action=AuditLogAction.PLAN_ACTION_UPDATE, instance=action, before=before,
                 after=snapshot(action, ["status", "completed_on", "rag_override", "override_reason"]),
                 reason=override_reason.strip())
    return update


@transaction.atomic
def action_evidence_add(*, by, action: PlanAction, description: str, link: str = "",
                        audit_round: AuditRound | None = None) -> ActionEvidence | None:
    if not may_update_action(by, action):
        raise PermissionDenied("Only the action's owner or the plan's managers may add evidence")
    if audit_round is not None:
        action.audit_rounds.add(audit_round)
        audit_change(actor=by, action=AuditLogAction.PLAN_ACTION_AUDIT_ROUND, instance=action, after={"audit_round": audit_round.pk})
        if not description.strip():
            return None
    if not description.strip():
        raise ValidationError({"description": "Describe the evidence"})
    evidence = ActionEvidence.objects.create(action=action, description=description.strip(), link=link,
                                             added_by=by, added_on=timezone.localdate())
    audit_change(actor=by, action=AuditLogAction.PLAN_ACTION_EVIDENCE, instance=evidence)
    return evidence


# --- The scrutiny committee report -------------------------------------------------------------------


@transaction.atomic
def report_create(*, by, plan: ImprovementPlan, meeting_on: dt.date | None, summary: str = "") -> ScrutinyReport:
    _may_manage_plan(by)
    if meeting_on is None:
        raise ValidationError({"meeting_on": "Enter the date of the committee meeting"})
    if plan.reports.filter(meeting_on=meeting_on).exists():
        raise ValidationError({"meeting_on": "There is already a report for that meeting"})
    report = ScrutinyReport.objects.create(plan=plan, meeting_on=meeting_on, summary=summary.strip())
    audit_change(actor=by, action=AuditLogAction.SCRUTINY_REPORT_CREATE, instance=report)
    return report


def _presented(report: ScrutinyReport) -> None:
    if report.status == ScrutinyReport.Status.PRESENTED:
        raise ValidationError("This report was presented to the committee and cannot change.")


@transaction.atomic
def report_summary_save(*, by, report: ScrutinyReport, summary: str) -> ScrutinyReport:
    _may_manage_plan(by)
    _presented(report)
    before = snapshot(report, ["summary"])
    report.summary = summary.strip()
    report.save(update_fields=["summary", "updated_at"])
    audit_change(actor=by, action=AuditLogAction.SCRUTINY_REPORT_SUMMARY, instance=report, before=before,
                 after=snapshot(report, ["summary"]))
    return report


@transaction.atomic
def report_present(*, by, report: ScrutinyReport) -> ScrutinyReport:
    """Mark the report as presented: its content and PDF are frozen as they are now, with a digest of the
    PDF, and never change after."""
    _may_manage_plan(by)
    report = ScrutinyReport.objects.select_for_update().get(pk=report.pk)
    _presented(report)
    if not report.summary.strip():
        raise ValidationError({"summary": "Write the summary for councillors before the report is presented"})
    content = documents.report_content(report)
    pdf = documents.report_pdf(report, content, presented=True)
    ScrutinyReport.objects.filter(pk=report.pk).update(
        status=ScrutinyReport.Status.PRESENTED, content=content, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
        presented_at=timezone.now(), presented_by=by)
    report.refresh_from_db()
    audit_change(actor=by, action=AuditLogAction.SCRUTINY_REPORT_PRESENT, instance=report,
                 after={"meeting_on": report.meeting_on.isoformat(), "sha256": report.sha256})
    return report

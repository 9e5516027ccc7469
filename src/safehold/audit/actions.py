"""Every action the audit log records (issue 17.4, after LITE's AuditType): one member per action, its
value exactly the code stored in AuditEvent.action, its label the words the audit page shows for it.

The values never change: the audit log is a hash chain over the stored rows, and old rows must still
read. A new action is a new member (with its label); renaming one would orphan every row already
written under the old code, so an action that is no longer written stays here. Rows whose code is not a
member (written before this list, or by a test) are still read: audit.wording.action_name words them
from their code, as it did for every row before.

ACTION_PAYLOAD is the small schema of what each action carries: the keys its `after` must hold. It is
what every call site passes today (a dict of its own, or a snapshot of named fields); an action not
listed records a snapshot of the whole instance, or an `after` whose keys depend on what changed.
audit_change checks it when SAFEHOLD_AUDIT_CHECK_PAYLOAD is on (the test settings; DEBUG otherwise), never
in production, so a missing key fails a test rather than a social worker's save."""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    """What was done, by area (the app that writes it). Labels are the audit page's words."""

    # accounts
    AUTH_SIGN_IN = "auth.sign_in", "Auth: sign in"
    AUTH_SIGN_IN_FAILED = "auth.sign_in_failed", "Auth: sign in failed"
    AUTH_SIGN_OUT = "auth.sign_out", "Auth: sign out"
    AUTH_TWO_STEP_FAILED = "auth.two_step_failed", "Auth: two step failed"
    AUTH_TWO_STEP_VERIFIED = "auth.two_step_verified", "Auth: two step verified"
    STAFF_IMPORTED_MAPPED = "staff.imported_mapped", "Staff: imported mapped"
    STAFF_SWE_FROM_IMPORT = "staff.swe_from_import", "Staff: swe from import"
    TWO_STEP_ENROL = "two_step.enrol", "Two step: enrol"
    TWO_STEP_REMOVE = "two_step.remove", "Two step: remove"
    TWO_STEP_RESET = "two_step.reset", "Two step: reset"

    # audit
    AUDIT_READ = "audit.read", "Audit: read"

    # care_leavers
    CARE_LEAVER_ACCOMMODATION_END = "care_leaver_accommodation.end", "Care leaver accommodation: ended"
    CARE_LEAVER_ACCOMMODATION_START = "care_leaver_accommodation.start", "Care leaver accommodation: started"
    CARE_LEAVER_CHECK_IN_RECORD = "care_leaver_check_in.record", "Care leaver check in: recorded"
    CARE_LEAVER_CONTACT_RECORD = "care_leaver_contact.record", "Care leaver contact: recorded"
    CARE_LEAVER_STATUS_CONFIRM = "care_leaver_status.confirm", "Care leaver status: confirm"
    CARE_LEAVER_STATUS_END = "care_leaver_status.end", "Care leaver status: ended"
    CARE_LEAVER_STATUS_START = "care_leaver_status.start", "Care leaver status: started"
    PATHWAY_PLAN_REVIEW = "pathway_plan.review", "Pathway plan: reviewed"
    PATHWAY_PLAN_START = "pathway_plan.start", "Pathway plan: started"

    # care_planning (dental_check, education_plan and iro_contact are written as f"{event_type}.record")
    CARE_PLAN_RECORD = "care_plan.record", "Care plan: recorded"
    CLA_REVIEW_RECORD = "cla_review.record", "Cla review: recorded"
    CLA_VISIT_RECORD = "cla_visit.record", "Cla visit: recorded"
    DENTAL_CHECK_RECORD = "dental_check.record", "Dental check: recorded"
    EDUCATION_PLAN_RECORD = "education_plan.record", "Education plan: recorded"
    HEALTH_ASSESSMENT_RECORD = "health_assessment.record", "Health assessment: recorded"
    IRO_CONTACT_RECORD = "iro_contact.record", "Iro contact: recorded"
    MISSING_EPISODE_RECORD = "missing_episode.record", "Missing episode: recorded"
    MISSING_EPISODE_UPDATE = "missing_episode.update", "Missing episode: changed"
    OUTCOMES_RECORD = "outcomes.record", "Outcomes: recorded"
    OUTCOMES_UPDATE = "outcomes.update", "Outcomes: changed"

    # casefile
    CASE_NOTE_CORRECT = "case_note.correct", "Case note: corrected"
    CASE_NOTE_RECORD = "case_note.record", "Case note: recorded"
    CASE_NOTE_TEMPLATE_SAVE = "case_note_template.save", "Case note template: saved"
    DOCUMENT_REFUSED = "document.refused", "Document: refused"
    DOCUMENT_UPLOAD = "document.upload", "Document: uploaded"
    LETTER_TEMPLATE_SAVE = "letter_template.save", "Letter template: saved"
    RECORD_PRINT = "record.print", "Record: print"

    # casework
    ALLOCATION_END = "allocation.end", "Allocation: ended"
    ALLOCATION_START = "allocation.start", "Allocation: started"
    SIGN_OFF_AUTHORISE = "sign_off.authorise", "Sign off: authorised"
    SIGN_OFF_RETURN = "sign_off.return", "Sign off: returned for changes"
    SIGN_OFF_SUBMIT = "sign_off.submit", "Sign off: submitted for sign-off"

    # child_protection
    CIN_PLAN_END = "cin_plan.end", "Cin plan: ended"
    CORE_GROUP_RECORD = "core_group.record", "Core group: recorded"
    CP_CONFERENCE_INITIAL = "cp_conference.initial", "Cp conference: initial"
    CP_CONFERENCE_REVIEW = "cp_conference.review", "Cp conference: reviewed"
    CP_PLAN_ACTION_ADD = "cp_plan.action_add", "Cp plan: action add"
    CP_PLAN_ACTION_DONE = "cp_plan.action_done", "Cp plan: action done"
    CP_PLAN_CATEGORY = "cp_plan.category", "Cp plan: category"
    CP_PLAN_CONTINGENCY = "cp_plan.contingency", "Cp plan: contingency"
    CP_PLAN_END = "cp_plan.end", "Cp plan: ended"
    CP_PLAN_OUTCOME_ADD = "cp_plan.outcome_add", "Cp plan: outcome add"
    CP_PLAN_START = "cp_plan.start", "Cp plan: started"
    CP_VISIT_RECORD = "cp_visit.record", "Cp visit: recorded"
    SECTION47_COMPLETE = "section47.complete", "Section47: complete"
    SECTION47_ICPC = "section47.icpc", "Section47: icpc"
    SECTION47_START = "section47.start", "Section47: started"
    STRATEGY_DISCUSSION_RECORD = "strategy_discussion.record", "Strategy discussion: recorded"

    # children_in_care
    ADOPTION_UPDATE = "adoption.update", "Adoption: changed"
    CARE_EPISODE_END = "care_episode.end", "Care episode: ended"
    CARE_EPISODE_LEGAL_STATUS = "care_episode.legal_status", "Care episode: legal status"
    CARE_EPISODE_PLACEMENT = "care_episode.placement", "Care episode: placement"
    CARE_EPISODE_START = "care_episode.start", "Care episode: started"
    DOLO_RECORD = "dolo.record", "Dolo: recorded"
    DOLO_UPDATE = "dolo.update", "Dolo: changed"
    PERIOD_OF_CARE_END = "period_of_care.end", "Period of care: ended"
    PERIOD_OF_CARE_START = "period_of_care.start", "Period of care: started"
    PLACEMENT_END = "placement.end", "Placement: ended"
    PLACEMENT_START = "placement.start", "Placement: started"
    PLACEMENT_UNREGISTERED_AUTHORISED = (
        "placement.unregistered_authorised", "Placement: unregistered authorised"
    )
    PLACEMENT_UNREGISTERED_REFUSED = "placement.unregistered_refused", "Placement: unregistered refused"
    PLACEMENT_REQUEST_AUTHORISE = "placement_request.authorise", "Placement request: authorised"
    PLACEMENT_REQUEST_DECLINE = "placement_request.decline", "Placement request: declined"
    PLACEMENT_REQUEST_MAKE = "placement_request.make", "Placement request: made"
    PROVIDER_CREATE = "provider.create", "Provider: created"
    PROVIDER_UPDATE = "provider.update", "Provider: changed"
    UASC_UPDATE = "uasc.update", "Uasc: changed"
    UNREGISTERED_AUTHORISATION_ACTION_ADD = (
        "unregistered_authorisation.action_add", "Unregistered authorisation: action add"
    )
    UNREGISTERED_AUTHORISATION_UPDATE = (
        "unregistered_authorisation.update", "Unregistered authorisation: changed"
    )

    # family_help
    ASSESSMENT_AUTHORISE = "assessment.authorise", "Assessment: authorised"
    ASSESSMENT_DRAFT_SAVE = "assessment.draft_save", "Assessment: draft saved"
    ASSESSMENT_START = "assessment.start", "Assessment: started"
    CIN_EPISODE_CLOSE = "cin_episode.close", "Cin episode: closed"
    CIN_EPISODE_OPEN = "cin_episode.open", "Cin episode: opened"
    CIN_EPISODE_PRIMARY_NEED = "cin_episode.primary_need", "Cin episode: primary need"
    CIN_EPISODE_REQUEST_CLOSURE = "cin_episode.request_closure", "Cin episode: request closure"
    CIN_PLAN_START = "cin_plan.start", "Cin plan: started"
    EARLY_HELP_CLOSE = "early_help.close", "Early help: closed"
    EARLY_HELP_OPEN = "early_help.open", "Early help: opened"
    PLAN_REVIEW_RECORD = "plan_review.record", "Plan review: recorded"
    PRE_PROCEEDINGS_RECORD = "pre_proceedings.record", "Pre proceedings: recorded"
    PRE_PROCEEDINGS_UPDATE = "pre_proceedings.update", "Pre proceedings: changed"
    VISIT_RECORD = "visit.record", "Visit: recorded"

    # front_door
    CONTACT_DECIDE = "contact.decide", "Contact: decided"
    CONTACT_LINK = "contact.link", "Contact: link"
    CONTACT_RECORD = "contact.record", "Contact: recorded"
    CONTACT_SUBMIT = "contact.submit", "Contact: submitted for sign-off"
    PARTNER_TOKEN_CREATE = "partner_token.create", "Partner token: created"
    PARTNER_TOKEN_REVOKE = "partner_token.revoke", "Partner token: revoked"
    PARTNER_TOKEN_ROTATE = "partner_token.rotate", "Partner token: rotate"

    # governance
    RETENTION_DISPOSE = "retention.dispose", "Retention: dispose"
    RETENTION_DUE = "retention.due", "Retention: due"
    RETENTION_HOLD = "retention.hold", "Retention: hold"
    RETENTION_HOLD_LIFT = "retention.hold_lift", "Retention: hold lift"
    RETENTION_PROPOSE = "retention.propose", "Retention: propose"
    RETENTION_WITHDRAW = "retention.withdraw", "Retention: withdraw"
    SAR_DOWNLOAD = "sar.download", "Sar: downloaded"
    SAR_RECORD = "sar.record", "Sar: recorded"
    SAR_SENT = "sar.sent", "Sar: sent"

    # improvement
    AUDIT_ACTION_DONE = "audit_action.done", "Audit action: done"
    AUDIT_ROUND_CLOSE = "audit_round.close", "Audit round: closed"
    AUDIT_ROUND_PLAN = "audit_round.plan", "Audit round: plan"
    AUDIT_TOOL_VERSION = "audit_tool.version", "Audit tool: version"
    CASE_AUDIT_MODERATE = "case_audit.moderate", "Case audit: moderate"
    CASE_AUDIT_REPLY = "case_audit.reply", "Case audit: reply"
    CASE_AUDIT_SAVE = "case_audit.save", "Case audit: saved"
    CASE_AUDIT_SUBMIT = "case_audit.submit", "Case audit: submitted for sign-off"
    ENGAGEMENT_MEETING_RECORD = "engagement_meeting.record", "Engagement meeting: recorded"
    INSPECTION_RECORD = "inspection.record", "Inspection: recorded"
    PLAN_ACTION_ADD = "plan.action_add", "Plan: action add"
    PLAN_ACTION_AUDIT_ROUND = "plan.action_audit_round", "Plan: action audit round"
    PLAN_ACTION_EVIDENCE = "plan.action_evidence", "Plan: action evidence"
    PLAN_ACTION_UPDATE = "plan.action_update", "Plan: action update"
    PLAN_AREA_ADD = "plan.area_add", "Plan: area add"
    PLAN_AREA_EDIT = "plan.area_edit", "Plan: area edit"
    PLAN_CREATE = "plan.create", "Plan: created"
    PLAN_DOWNLOAD = "plan.download", "Plan: downloaded"
    PLAN_MEASURE_ADD = "plan.measure_add", "Plan: measure add"
    SCRUTINY_REPORT_CREATE = "scrutiny_report.create", "Scrutiny report: created"
    SCRUTINY_REPORT_DOWNLOAD = "scrutiny_report.download", "Scrutiny report: downloaded"
    SCRUTINY_REPORT_PRESENT = "scrutiny_report.present", "Scrutiny report: present"
    SCRUTINY_REPORT_SUMMARY = "scrutiny_report.summary", "Scrutiny report: summary"
    SELF_EVALUATION_AREA = "self_evaluation.area", "Self evaluation: area"
    SELF_EVALUATION_EVIDENCE = "self_evaluation.evidence", "Self evaluation: evidence"
    SELF_EVALUATION_EVIDENCE_REMOVE = "self_evaluation.evidence_remove", "Self evaluation: evidence remove"
    SELF_EVALUATION_FINALISE = "self_evaluation.finalise", "Self evaluation: finalise"
    SELF_EVALUATION_START = "self_evaluation.start", "Self evaluation: started"

    # meetings
    MEETING_BOOK = "meeting.book", "Meeting: booked"
    MEETING_CANCEL = "meeting.cancel", "Meeting: cancelled"
    MEETING_HELD = "meeting.held", "Meeting: held"

    # oversight
    OVERSIGHT_RECORD = "oversight.record", "Oversight: recorded"
    OVERSIGHT_ACTION_COMPLETE = "oversight_action.complete", "Oversight action: complete"
    OVERSIGHT_ACTION_CREATE = "oversight_action.create", "Oversight action: created"
    SUPERVISION_RECORD = "supervision.record", "Supervision: recorded"
    SUPERVISION_CASE_RECORD = "supervision_case.record", "Supervision case: recorded"

    # people
    ACCESS_GRANT_CREATE = "access_grant.create", "Access grant: created"
    ACCESS_GRANT_REVOKE = "access_grant.revoke", "Access grant: revoked"
    ADDRESS_ADD = "address.add", "Address: add"
    ADDRESS_END = "address.end", "Address: ended"
    BREAK_GLASS_OPEN = "break_glass.open", "Break glass: opened"
    BREAK_GLASS_REFUSED = "break_glass.refused", "Break glass: refused"
    PERSON_CREATE = "person.create", "Person: created"
    PERSON_MERGE = "person.merge", "Person: merged"
    PERSON_MERGED_AWAY = "person.merged_away", "Person: merged away"
    PERSON_RESTRICT = "person.restrict", "Person: restricted"
    PERSON_UNRESTRICT = "person.unrestrict", "Person: unrestrict"
    PERSON_UPDATE = "person.update", "Person: changed"
    PERSON_NAME_ADD = "person_name.add", "Person name: add"
    RELATIONSHIP_ADD = "relationship.add", "Relationship: add"

    # performance
    COMPARATORS_LOAD = "comparators.load", "Comparators: load"
    MEASURE_DOWNLOAD_LIST = "measure.download_list", "Measure: download list"
    MEASURE_TARGET = "measure.target", "Measure: target"
    NEIGHBOURS_SET = "neighbours.set", "Neighbours: set"
    POPULATION_SET = "population.set", "Population: set"

    # returns
    IMPORT_ANNEX_A = "import.annex_a", "Import: annex a"
    IMPORT_CIN = "import.cin", "Import: cin"
    IMPORT_SSDA903 = "import.ssda903", "Import: ssda903"
    RETURN_DOWNLOAD = "return.download", "Return: downloaded"
    RETURN_FILE_EXPIRE = "return.file_expire", "Return: file expire"
    RETURN_RUN = "return.run", "Return: run"

    # synthetic
    SEED_COUNTY = "seed.county", "Seed: county"

    # timescales
    TIMESCALES_RULE_VERSION_CREATE = "timescales.rule_version.create", "Timescales: rule version.create"
    TIMESCALES_RULE_VERSION_DELETE = "timescales.rule_version.delete", "Timescales: rule version.delete"


# The keys an action's `after` must carry (see the module's docstring).
ACTION_PAYLOAD: dict[str, frozenset[str]] = {
    AuditAction.STAFF_IMPORTED_MAPPED: frozenset({"allocations_moved", "mapped_to"}),
    AuditAction.STAFF_SWE_FROM_IMPORT: frozenset({"swe_registration"}),
    AuditAction.TWO_STEP_ENROL: frozenset({"two_step"}),
    AuditAction.TWO_STEP_REMOVE: frozenset({"two_step"}),
    AuditAction.TWO_STEP_RESET: frozenset({"two_step"}),
    AuditAction.CARE_LEAVER_ACCOMMODATION_END: frozenset({"end_date"}),
    AuditAction.CARE_LEAVER_STATUS_END: frozenset({"end_date"}),
    AuditAction.DOCUMENT_REFUSED: frozenset({"name", "size"}),
    AuditAction.RECORD_PRINT: frozenset({"kind"}),
    AuditAction.ALLOCATION_END: frozenset({"end_reason", "ended_on"}),
    AuditAction.SIGN_OFF_AUTHORISE: frozenset({"state"}),
    AuditAction.SIGN_OFF_RETURN: frozenset({"state"}),
    AuditAction.SIGN_OFF_SUBMIT: frozenset({"record", "state", "team"}),
    AuditAction.CIN_PLAN_END: frozenset({"end_date"}),
    AuditAction.CP_PLAN_ACTION_DONE: frozenset({"done_on"}),
    AuditAction.CP_PLAN_CATEGORY: frozenset({"latest_category"}),
    AuditAction.CP_PLAN_CONTINGENCY: frozenset({"contingency"}),
    AuditAction.CP_PLAN_END: frozenset({"end_date", "end_reason", "latest_category"}),
    AuditAction.SECTION47_COMPLETE: frozenset({"end_date", "icpc_not_required", "outcome"}),
    AuditAction.SECTION47_ICPC: frozenset({"icpc_held_on"}),
    AuditAction.STRATEGY_DISCUSSION_RECORD: frozenset({"participants"}),
    AuditAction.CARE_EPISODE_END: frozenset({"end_date", "reason_ended"}),
    AuditAction.CARE_EPISODE_LEGAL_STATUS: frozenset({"legal_status", "reason_new_episode"}),
    AuditAction.CARE_EPISODE_PLACEMENT: frozenset({"legal_status", "placement_id", "reason_new_episode"}),
    AuditAction.PERIOD_OF_CARE_END: frozenset({"end_date", "reason_ended"}),
    AuditAction.PLACEMENT_END: frozenset({"change_reason", "end_date"}),
    AuditAction.PLACEMENT_UNREGISTERED_REFUSED: frozenset({"concerns", "placement_type", "provider_id"}),
    AuditAction.PLACEMENT_REQUEST_AUTHORISE: frozenset({"placement", "state"}),
    AuditAction.PLACEMENT_REQUEST_DECLINE: frozenset({"state"}),
    AuditAction.ASSESSMENT_DRAFT_SAVE: frozenset({
        "draft_chars", "draft_saved_by", "draft_text_changed", "draft_text_changed_at", "draft_version"
    }),
    AuditAction.CIN_EPISODE_PRIMARY_NEED: frozenset({"primary_need"}),
    AuditAction.CIN_EPISODE_REQUEST_CLOSURE: frozenset({"closure_request_note", "closure_requested_reason"}),
    AuditAction.PARTNER_TOKEN_CREATE: frozenset({"expires_at", "user"}),
    AuditAction.PARTNER_TOKEN_REVOKE: frozenset({"revoked_at"}),
    AuditAction.PARTNER_TOKEN_ROTATE: frozenset({"expires_at"}),
    AuditAction.RETENTION_DISPOSE: frozenset({
        "approved_by", "approved_on", "found_due_on", "merged_duplicates", "proposed_by", "proposed_on",
        "rows_deleted", "rule", "rule_date", "rule_source", "subject_person_id", "subject_pk"
    }),
    AuditAction.RETENTION_DUE: frozenset({"rule", "rule_date"}),
    AuditAction.RETENTION_HOLD_LIFT: frozenset({"lifted_at", "lifted_by"}),
    AuditAction.RETENTION_PROPOSE: frozenset({"rule", "rule_date", "status"}),
    AuditAction.RETENTION_WITHDRAW: frozenset({"reason", "status"}),
    AuditAction.SAR_DOWNLOAD: frozenset({"format", "third_parties_marked", "third_parties_withheld"}),
    AuditAction.SAR_SENT: frozenset({"sent_on", "status"}),
    AuditAction.AUDIT_ACTION_DONE: frozenset({"done_on"}),
    AuditAction.AUDIT_ROUND_PLAN: frozenset({"children"}),
    AuditAction.CASE_AUDIT_MODERATE: frozenset({"agrees", "auditor_grade", "moderated_grade"}),
    AuditAction.CASE_AUDIT_SAVE: frozenset({"grade", "must_change", "status", "strengths"}),
    AuditAction.CASE_AUDIT_SUBMIT: frozenset({"grade", "must_change", "status", "strengths"}),
    AuditAction.INSPECTION_RECORD: frozenset({"grades"}),
    AuditAction.PLAN_ACTION_AUDIT_ROUND: frozenset({"audit_round"}),
    AuditAction.PLAN_ACTION_UPDATE: frozenset({"completed_on", "override_reason", "rag_override", "status"}),
    AuditAction.PLAN_AREA_EDIT: frozenset({"lead_id", "outcome"}),
    AuditAction.PLAN_DOWNLOAD: frozenset({"format"}),
    AuditAction.SCRUTINY_REPORT_DOWNLOAD: frozenset({"format"}),
    AuditAction.SCRUTINY_REPORT_PRESENT: frozenset({"meeting_on", "sha256"}),
    AuditAction.SCRUTINY_REPORT_SUMMARY: frozenset({"summary"}),
    AuditAction.SELF_EVALUATION_AREA: frozenset({
        "areas_for_development", "grade", "quality_of_practice", "strengths"
    }),
    AuditAction.MEETING_BOOK: frozenset({"invitees", "kind", "scheduled_at"}),
    AuditAction.MEETING_HELD: frozenset({"attended", "held_on", "invited"}),
    AuditAction.OVERSIGHT_ACTION_COMPLETE: frozenset({"completed_by_id", "completed_on"}),
    AuditAction.ACCESS_GRANT_REVOKE: frozenset({"revoked_at"}),
    AuditAction.ADDRESS_END: frozenset({"end_date"}),
    AuditAction.BREAK_GLASS_REFUSED: frozenset({"reason_code"}),
    AuditAction.PERSON_MERGE: frozenset({"common_child_id", "dob", "former_upn", "is_restricted", "upn"}),
    AuditAction.PERSON_MERGED_AWAY: frozenset({"merged_into", "moved"}),
    AuditAction.PERSON_RESTRICT: frozenset({"is_restricted", "restriction_reason"}),
    AuditAction.PERSON_UNRESTRICT: frozenset({"is_restricted", "restriction_reason"}),
    AuditAction.COMPARATORS_LOAD: frozenset({"figures", "file", "source"}),
    AuditAction.MEASURE_DOWNLOAD_LIST: frozenset({"as_at", "group", "measure", "part", "rows"}),
    AuditAction.MEASURE_TARGET: frozenset({"amber_margin", "target"}),
    AuditAction.NEIGHBOURS_SET: frozenset({"areas"}),
    AuditAction.POPULATION_SET: frozenset({"children", "year"}),
    AuditAction.RETURN_DOWNLOAD: frozenset({"kind", "period_end"}),
    AuditAction.RETURN_FILE_EXPIRE: frozenset({"file"}),
    AuditAction.RETURN_RUN: frozenset({"kind", "period_end"}),
    AuditAction.SEED_COUNTY: frozenset({"adults", "as_of", "children", "seed"}),
}


def audit_action(action: AuditAction | str) -> str:
    """The stored code of `action`: a member, or (for one release) a string that is one's value. An
    unknown action is refused, so a misspelt code fails in a test rather than writing a row no page
    can word."""
    try:
        return AuditAction(action).value
    except ValueError:
        raise ValueError(f"Unknown audit action {action!r}: add it to safehold.audit.actions.AuditAction"
                         ) from None


def payload_missing(action: str, after: dict | None) -> frozenset[str]:
    """The keys ACTION_PAYLOAD asks of `action` that `after` lacks (none when it asks nothing)."""
    required = ACTION_PAYLOAD.get(action)
    if not required or after is None:
        return frozenset()
    return required - after.keys()

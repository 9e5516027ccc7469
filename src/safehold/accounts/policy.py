"""The one access policy. Every view and selector asks this module; nothing else decides access.

Two questions, as in security.md B4:
1. What may this role do at all? A permission set per role (function-level access).
2. Which children's records may this user open? A record scope per role (data-level access),
   then the restriction rule: a restricted record opens only for someone with an explicit grant or a
   live break-glass access with a recorded reason, whatever their scope.
Rules are re-read on every request (ASVS 8.3.2): nothing here is cached.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import BreakGlassAccess, RecordAccessGrant, Role

if TYPE_CHECKING:
    from safehold.people.models import Person

    from .models import User


class Perm(enum.StrEnum):
    PERSON_SEARCH = "person:search"
    PERSON_VIEW = "person:view"
    PERSON_EDIT = "person:edit"
    PERSON_MERGE = "person:merge"
    RECORD_RESTRICT = "record:restrict"
    RECORD_BREAK_GLASS = "record:break_glass"
    CASE_ALLOCATE = "case:allocate"
    RECORD_HISTORY = "record:history"
    AUDIT_READ = "audit:read"
    REPORTS_VIEW = "reports:view"
    # The statutory returns are the council's, not a team's: running and downloading them (every child
    # in the county, restricted records included) is a permission of its own, for the performance
    # analysts and leaders, not every manager's (issue 15.3).
    RETURNS_RUN = "returns:run"
    # Performance measures (issue 12): the figures and their drill-downs (names still follow the record
    # policy), and setting the council's targets.
    MEASURES_VIEW = "measures:view"
    MEASURES_TARGET = "measures:target"
    USERS_MANAGE = "users:manage"
    # Inspection and improvement (issue 13): reading the inspection record, plan, self-evaluation and
    # audit reports; recording inspections; owning the plan and the self-evaluation; running audit rounds,
    # conducting audits and moderating them.
    IMPROVEMENT_VIEW = "improvement:view"
    INSPECTION_RECORD = "improvement:inspection"
    PLAN_MANAGE = "improvement:plan"
    SELF_EVALUATION_EDIT = "improvement:self_evaluation"
    AUDIT_ROUND_MANAGE = "audits:manage"
    AUDIT_CONDUCT = "audits:conduct"
    AUDIT_MODERATE = "audits:moderate"
    # Information governance (issue 15): a subject access request's bundle (everything held about a person,
    # whatever its restriction or team, for the information governance officer to review and send), and the
    # retention review (propose or approve the disposal of a record past its retention date; two different
    # people must sign off).
    GOVERNANCE_SAR = "governance:sar"
    GOVERNANCE_RETENTION = "governance:retention"
    # Help and protection (issue 3)
    CONTACT_SUBMIT = "contact:submit"  # a partner agency submits a contact and sees its own
    CONTACT_RECORD = "contact:record"  # record a contact at the front door
    CONTACT_DECIDE = "contact:decide"  # the front door decision, with its rationale
    CASEWORK_RECORD = "casework:record"  # referrals, assessments, plans, visits, strategy discussions ...
    CASEWORK_SIGN_OFF = "casework:sign_off"  # authorise an assessment, sign off a closure or step-down
    CONFERENCE_RECORD = "conference:record"  # chair and record child protection conferences
    OVERSIGHT_RECORD = "oversight:record"  # management oversight and supervision
    WORKLIST_TEAM = "worklist:team"  # a team's work, caseloads and oversight gaps
    WORKLIST_SERVICE = "worklist:service"  # every team in a service rolled up
    # Children in care (issue 4)
    PROVIDER_MANAGE = "provider:manage"  # add and edit the provider register
    PLACEMENT_REGISTER_VIEW = "placement:register"  # the live register of unregistered placements
    # Authorise a placement the unregistered provision guard refuses (children_in_care/services/unregistered.py).
    # Not in any role's set: only a director (User.is_director) with a role in DIRECTOR_ROLES holds it.
    PLACEMENT_AUTHORISE_UNREGISTERED = "placement:authorise_unregistered"


class Scope(enum.StrEnum):
    NONE = "none"  # no children's records at all
    TEAM = "team"  # children allocated to me or my team, their family, and people I recorded
    SERVICE = "service"  # the same for every team in my service area
    ALL = "all"  # every child on the record (still subject to restriction)


P = Perm
_CASEWORK = {P.PERSON_SEARCH, P.PERSON_VIEW, P.PERSON_EDIT, P.RECORD_BREAK_GLASS, P.CONTACT_RECORD,
             P.CASEWORK_RECORD}
_MANAGER = _CASEWORK | {P.PERSON_MERGE, P.RECORD_RESTRICT, P.CASE_ALLOCATE, P.RECORD_HISTORY, P.REPORTS_VIEW,
                        P.CONTACT_DECIDE, P.CASEWORK_SIGN_OFF, P.OVERSIGHT_RECORD, P.WORKLIST_TEAM,
                        P.CONFERENCE_RECORD, P.PROVIDER_MANAGE, P.PLACEMENT_REGISTER_VIEW, P.MEASURES_VIEW}

# Leaders and service managers own the plan and the self-evaluation; the quality assurance lead runs
# audit rounds and moderation; auditors are experienced practitioners and managers (issue 13, Roles).
_OWNS_IMPROVEMENT = {P.IMPROVEMENT_VIEW, P.PLAN_MANAGE, P.SELF_EVALUATION_EDIT, P.AUDIT_CONDUCT}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.SOCIAL_WORKER: frozenset(_CASEWORK | {P.AUDIT_CONDUCT}),
    Role.TEAM_MANAGER: frozenset(_MANAGER | {P.AUDIT_CONDUCT, P.IMPROVEMENT_VIEW}),
    Role.SERVICE_MANAGER: frozenset(_MANAGER | _OWNS_IMPROVEMENT | {P.AUDIT_READ, P.WORKLIST_SERVICE,
                                                                    P.MEASURES_TARGET}),
    Role.IRO: frozenset({P.PERSON_SEARCH, P.PERSON_VIEW, P.RECORD_BREAK_GLASS, P.CONFERENCE_RECORD,
                         P.AUDIT_CONDUCT}),
    # Front door practitioners record contacts and make the front door decision (WT2023 ch.2).
    Role.FRONT_DOOR: frozenset(_CASEWORK | {P.CONTACT_DECIDE}),
    Role.ANALYST: frozenset({P.PERSON_SEARCH, P.PERSON_VIEW, P.REPORTS_VIEW, P.RETURNS_RUN, P.MEASURES_VIEW,
                             P.MEASURES_TARGET, P.IMPROVEMENT_VIEW}),
    Role.PARTNER: frozenset({P.CONTACT_SUBMIT}),
    Role.ADMIN: frozenset({P.AUDIT_READ, P.USERS_MANAGE, P.RECORD_HISTORY, P.RECORD_RESTRICT, P.GOVERNANCE_SAR,
                           P.GOVERNANCE_RETENTION}),
    Role.LEADER: frozenset({P.PERSON_SEARCH, P.PERSON_VIEW, P.REPORTS_VIEW, P.RETURNS_RUN, P.WORKLIST_TEAM,
                            P.WORKLIST_SERVICE, P.MEASURES_VIEW, P.MEASURES_TARGET,
                            P.PLACEMENT_REGISTER_VIEW, P.INSPECTION_RECORD, P.GOVERNANCE_RETENTION}
                           | _OWNS_IMPROVEMENT),
    Role.QUALITY_ASSURANCE: frozenset({P.PERSON_SEARCH, P.PERSON_VIEW, P.REPORTS_VIEW, P.MEASURES_VIEW,
                                       P.IMPROVEMENT_VIEW, P.INSPECTION_RECORD, P.AUDIT_ROUND_MANAGE,
                                       P.AUDIT_CONDUCT, P.AUDIT_MODERATE}),
}

# Director-level permissions. Placing a child in unregistered provision, or a child under 16 in other
# arrangements, is a decision for the DCS or an assistant director (unregistered-provision.md 5,
# suggested flags 2: "DCS/AD sign-off"). A role cannot carry it: a user holds it only when flagged
# `is_director` AND their role is a service manager (an assistant director who also records casework)
# or a leader. A director flag on any other role grants nothing.
DIRECTOR_ROLES = frozenset({Role.SERVICE_MANAGER, Role.LEADER})
DIRECTOR_PERMISSIONS = frozenset({P.PLACEMENT_AUTHORISE_UNREGISTERED})

ROLE_SCOPE: dict[str, Scope] = {
    Role.SOCIAL_WORKER: Scope.TEAM,
    Role.TEAM_MANAGER: Scope.TEAM,
    Role.SERVICE_MANAGER: Scope.SERVICE,
    # Chairs and reviewing officers work across the county; the front door checks previous
    # involvement for any child; analysts fix return errors on any record; leaders read all.
    Role.IRO: Scope.ALL,
    Role.FRONT_DOOR: Scope.ALL,
    Role.ANALYST: Scope.ALL,
    Role.PARTNER: Scope.NONE,
    Role.ADMIN: Scope.NONE,
    Role.LEADER: Scope.ALL,
    Role.QUALITY_ASSURANCE: Scope.ALL,  # audits read case files in every team
}


def has_perm(user: User, perm: Perm) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if perm in DIRECTOR_PERMISSIONS:
        return bool(getattr(user, "is_director", False)) and user.role in DIRECTOR_ROLES
    return perm in ROLE_PERMISSIONS.get(user.role, frozenset())


def scope_of(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope.NONE
    return ROLE_SCOPE.get(user.role, Scope.NONE)


# How a user reaches a child's record, beyond the people they put on it themselves: the apps that hold
# cases (casework: the children a team holds and their family) and that open records for another reason
# (improvement: the case audits an auditor is doing) register here in AppConfig.ready, as apps register
# their panels in people/record_panels.py, so the policy imports no app above accounts.
ScopeReach = Callable[["User", "Scope"], Q]


@dataclass(frozen=True)
class Reach:
    """Another way a user opens a record in any team: `basis` names it in the access log, `perm` is
    the permission it needs to decide a single record, `q(user)` filters Person to the records it opens."""

    basis: str
    perm: Perm
    q: Callable[["User"], Q]


_SCOPE_REACH: list[ScopeReach] = []
_OTHER_REACH: list[Reach] = []


def register_scope_reach(reach: ScopeReach) -> None:
    """`reach(user, scope)`: a filter on Person for the records a TEAM or SERVICE scope covers."""
    if reach not in _SCOPE_REACH:
        _SCOPE_REACH.append(reach)


def register_reach(*, basis: str, perm: Perm, q: Callable[[User], Q]) -> None:
    if all(r.basis != basis for r in _OTHER_REACH):
        _OTHER_REACH.append(Reach(basis, perm, q))


def in_scope_q(user: User) -> Q:
    """A filter on Person for the children this user's scope covers (ignoring restriction): those the
    registered reaches cover (casework: the children held in the scope and their family), and the
    people the user put on the record."""
    scope = scope_of(user)
    if scope is Scope.ALL:
        return Q()
    if scope is Scope.NONE:
        return Q(pk__in=[])
    reach = Q()
    for scope_reach in _SCOPE_REACH:
        reach |= scope_reach(user, scope)
    return reach | Q(recorded_by=user)


def visible_q(user: User) -> Q:
    """Children this user may open now: in scope and not restricted, or restricted with a grant or live break-glass."""
    if not has_perm(user, Perm.PERSON_VIEW):
        return Q(pk__in=[])
    now = timezone.now()
    granted = Exists(RecordAccessGrant.objects.filter(person=OuterRef("pk"), user=user, revoked_at__isnull=True))
    glass = Exists(BreakGlassAccess.objects.filter(person=OuterRef("pk"), user=user, expires_at__gt=now))
    reach = in_scope_q(user)
    if scope_of(user) is not Scope.ALL:  # Q() | X is X alone: a county-wide reader needs nothing added
        for other in _OTHER_REACH:
            reach |= other.q(user)
    return (reach & Q(is_restricted=False)) | Q(granted) | Q(glass)


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    # scope | grant | break_glass | restricted | out_of_scope | no_permission
    basis: str
    break_glass: BreakGlassAccess | None = None
    can_break_glass: bool = False


def decide_person_access(user: User, person: Person) -> AccessDecision:
    """May `user` open `person`'s record now, and on what basis?"""
    if not has_perm(user, Perm.PERSON_VIEW):
        return AccessDecision(False, "no_permission")
    now = timezone.now()
    if RecordAccessGrant.objects.filter(person=person, user=user, revoked_at__isnull=True).exists():
        return AccessDecision(True, "grant")
    glass = BreakGlassAccess.objects.filter(person=person, user=user, expires_at__gt=now).first()
    can_glass = has_perm(user, Perm.RECORD_BREAK_GLASS)
    if person.is_restricted:
        if glass:
            return AccessDecision(True, "break_glass", glass)
        return AccessDecision(False, "restricted", can_break_glass=can_glass)
    people = person._meta.model._default_manager  # the person model, without importing people (a layer up)
    if people.filter(Q(pk=person.pk) & in_scope_q(user)).exists():
        return AccessDecision(True, "scope")
    for other in _OTHER_REACH:
        if has_perm(user, other.perm) and people.filter(Q(pk=person.pk) & other.q(user)).exists():
            return AccessDecision(True, other.basis)
    if glass:
        return AccessDecision(True, "break_glass", glass)
    return AccessDecision(False, "out_of_scope", can_break_glass=can_glass)


def permission_matrix() -> list[tuple[str, str, list[str]]]:
    """(role label, scope, permissions) rows, for the documentation of the access rules (ASVS 8.1.1)."""
    return [
        (Role(role).label, ROLE_SCOPE[role].value, sorted(p.value for p in perms))
        for role, perms in ROLE_PERMISSIONS.items()
    ]


def require(user: User, *perms: Perm) -> None:
    """PermissionDenied unless `user` holds at least one of `perms`: the first line of a service."""
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied(f"Your role cannot do this ({', '.join(p.value for p in perms)})")

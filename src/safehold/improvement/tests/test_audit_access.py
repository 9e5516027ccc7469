"""Opening a record through a case file audit follows the access policy (issue 13.3): an auditor from
another team opens the child's record while the audit is theirs to do, on the basis "audit", and not after
it is submitted; a restricted record still needs a grant or break-glass; county-wide readers are unchanged."""

import pytest

from safehold.accounts.models import Role
from safehold.accounts.policy import decide_person_access, visible_q
from safehold.accounts.tests.factories import UserFactory
from safehold.improvement.models import CaseAudit
from safehold.improvement.tests.factories import CaseAuditFactory
from safehold.people.models import Person


@pytest.fixture
def audit(db, other_child, users):
    auditor = UserFactory(username="tm_elsewhere", role=Role.TEAM_MANAGER, team=None)
    return CaseAuditFactory(round__planned_by=users["quality_assurance"], person=other_child, auditor=auditor)


def _visible(user, person) -> bool:
    return Person.objects.filter(visible_q(user)).filter(pk=person.pk).exists()


def test_the_auditor_opens_the_record_while_the_audit_is_theirs(audit, other_child):
    decision = decide_person_access(audit.auditor, other_child)
    assert (decision.allowed, decision.basis) == (True, "audit")
    assert _visible(audit.auditor, other_child)
    audit.status = CaseAudit.Status.SUBMITTED
    audit.save()
    assert not decide_person_access(audit.auditor, other_child).allowed
    assert not _visible(audit.auditor, other_child)


def test_a_restricted_record_is_not_opened_by_an_audit(audit, other_child):
    other_child.is_restricted = True
    other_child.save()
    assert decide_person_access(audit.auditor, other_child).basis == "restricted"
    assert not _visible(audit.auditor, other_child)


def test_county_wide_readers_still_see_every_child(audit, other_child, child, users):
    for role in ("leader", "quality_assurance", "analyst"):
        assert _visible(users[role], other_child) and _visible(users[role], child), role
    assert not _visible(users["social_worker"], other_child)

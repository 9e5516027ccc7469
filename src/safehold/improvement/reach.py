"""The case audits an auditor is doing now open the case file they audit, whatever their team, until
the audit is submitted (issue 13.3: "opening the record through it follows the access policy"); a
restricted record still needs a grant or break-glass. Registered with accounts.policy in
ImprovementConfig.ready."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from .models import CaseAudit


def auditing_reach(user) -> Q:
    return Q(Exists(CaseAudit.objects.filter(auditor=user, status=CaseAudit.Status.ASSIGNED, person=OuterRef("pk"))))

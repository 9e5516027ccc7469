"""The sign-off panel on a child's record page: the child's work not yet signed off (issue 14.2)."""

from safehold.accounts.policy import Perm, has_perm

from .selectors import sign_offs_of


def sign_off_panel(request, person) -> dict | None:
    rows = sign_offs_of(person)
    if not rows:
        return None
    return {"rows": rows, "can_record": has_perm(request.user, Perm.CASEWORK_RECORD)}

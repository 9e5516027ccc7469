"""Staff records a return names (issue 17.3; the pattern is `people/batch.py`): the SSDA903's SW_IDs are Social
Work England numbers, matched to accounts or kept as imported staff records for an administrator to map."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Role, User

UNKNOWN_STAFF_NAME = "Not known"


def social_workers_by_registration(sw_ids: Iterable[str]) -> tuple[dict[str, User], int]:
    """The staff record for each SW_ID: an account with that Social Work England number (a real one before an
    imported one; an imported one mapped to an account gives that account), else a new staff record without
    a login (inactive, no usable password), marked imported. Returns them and how many were made."""
    found: dict[str, User] = {}
    for user in (User.objects.filter(swe_registration__in=list(sw_ids)).select_related("mapped_to")
                 .order_by("imported", "pk")):
        found.setdefault(user.swe_registration, user.mapped_to or user)
    made = 0
    for sw_id in sorted(set(sw_ids) - set(found)):
        user = User(username=f"imported-sw-{sw_id.lower()}", first_name=UNKNOWN_STAFF_NAME, last_name=sw_id,
                    role=Role.SOCIAL_WORKER, is_active=False, imported=True, swe_registration=sw_id,
                    job_title="Social worker (imported from the SSDA903)")
        user.set_unusable_password()
        user.save()
        found[sw_id] = user
        made += 1
    return found, made

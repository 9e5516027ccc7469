"""View helpers that apply accounts.policy, in one import for the views of the apps above people:
the function-level checks (accounts/access.py) and opening a person's record (people/access.py)."""

from safehold.accounts.access import forbidden, require_any_perm, require_perm
from safehold.people.access import open_for, open_person, person_url_guard

__all__ = ["forbidden", "open_for", "open_person", "person_url_guard", "require_any_perm", "require_perm"]

"""Children in care services, one module per area (as Zulip's zerver/actions/<area>.py):

- periods.py       a child becomes looked after (period_start) and leaves care (period_end)
- placements.py    a change of placement (placement_change); the PLACE code checked against the year
                   and the register (placement_types_for); the placement written with its provider's values
- legal_status.py  which legal statuses fit the child's age (legal_status_errors); a change of legal
                   status inside a period (legal_status_change)
- episodes.py      the open period, placement and 903 episode, and ending an episode (shared by the above)
- unregistered.py  THE UNREGISTERED PROVISION GUARD (guard_findings, guard_concerns, guard_message, a
                   director's Authorisation, UnregisteredPlacementRefused and the audit of a refusal), and
                   the live register's changes (authorisation_update, authorisation_action_add)
- providers.py     the provider register (provider_create, provider_update)
- dolo.py          deprivation of liberty orders (dolo_record, dolo_update) and the placements they rule out
- uasc.py          UASC status (uasc_update)
- adoption.py      adoption milestones and the adopters (adoption_update)

Reads live in ../selectors.py (home_postcode, episode_of_need_on are re-exported here for old callers).

Each service checks the permission (accounts.policy.require) and the rules (raising ValidationError keyed
by form field), writes the change with its audit row and chronology entry, in one transaction. Rules cite
../shared/domain/ssda903.md (903 rule numbers) and ../shared/domain/unregistered-provision.md.

The care_planning app is told when a period starts, a placement starts, a legal status changes and a
period ends (care_planning.services): it raises the reviews, visits and health work those events start.
The care_leavers app is told when a period starts and ends, and opens the young person's care leaver
record. Neither imports this package, so the dependency runs one way.

Callers keep `from safehold.children_in_care import services; services.period_start(...)`: every entry
point is re-exported below. A test that patches a name patches it where it is looked up, in its module
(e.g. `safehold.children_in_care.services.periods.care_planning`)."""

from __future__ import annotations

from safehold.core.validation import d

from ..selectors import episode_of_need_on, home_postcode
from .adoption import ADOPTERS_FIELDS, ADOPTION_ORDER, adoption_update
from .dolo import dolo_record, dolo_update
from .legal_status import legal_status_change, legal_status_errors
from .periods import LEAVING_REASON_CHOICES, NO_LATER_EPISODE, period_end, period_start
from .placements import placement_change, placement_types_for
from .providers import PROVIDER_FIELDS, provider_create, provider_update
from .uasc import uasc_update
from .unregistered import (
    DEFAULT_UNDER_16_BAN_FROM,
    DIRECTOR_NEEDED,
    LAW_REGISTRATION,
    LAW_UNDER_16,
    SUPPORTED_ACCOMMODATION,
    SUPPORTED_ACCOMMODATION_REGISTRATION_FROM,
    Authorisation,
    UnregisteredPlacementRefused,
    authorisation_action_add,
    authorisation_update,
    guard_concerns,
    guard_findings,
    guard_message,
    under_16_ban_from,
)

__all__ = [
    "ADOPTERS_FIELDS",
    "ADOPTION_ORDER",
    "DEFAULT_UNDER_16_BAN_FROM",
    "DIRECTOR_NEEDED",
    "LAW_REGISTRATION",
    "LAW_UNDER_16",
    "LEAVING_REASON_CHOICES",
    "NO_LATER_EPISODE",
    "PROVIDER_FIELDS",
    "SUPPORTED_ACCOMMODATION",
    "SUPPORTED_ACCOMMODATION_REGISTRATION_FROM",
    "Authorisation",
    "UnregisteredPlacementRefused",
    "adoption_update",
    "authorisation_action_add",
    "authorisation_update",
    "d",
    "dolo_record",
    "dolo_update",
    "episode_of_need_on",
    "guard_concerns",
    "guard_findings",
    "guard_message",
    "home_postcode",
    "legal_status_change",
    "legal_status_errors",
    "period_end",
    "period_start",
    "placement_change",
    "placement_types_for",
    "provider_create",
    "provider_update",
    "uasc_update",
    "under_16_ban_from",
]

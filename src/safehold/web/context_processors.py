from django.conf import settings
from django.urls import reverse

import safehold
from safehold.accounts.policy import Perm, has_perm
from safehold.notifications.selectors import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"la_name": settings.SAFEHOLD_LA_NAME, "safehold_version": safehold.__version__}
    items = [("Home", reverse("home"), True)]
    items.append(("My work", reverse("worklists:my_work"),
                  has_perm(user, Perm.CASEWORK_RECORD) or has_perm(user, Perm.CONFERENCE_RECORD)))
    # Managers may read the chair's worklist too (they hold CONFERENCE_RECORD); the menu offers it to chairs.
    items.append(("Chairing", reverse("worklists:chair"), user.role == "iro" and has_perm(user, Perm.CONFERENCE_RECORD)))
    items.append(("Sign-off", reverse("casework:sign_off_list"),
                  has_perm(user, Perm.CASEWORK_RECORD) or has_perm(user, Perm.CASEWORK_SIGN_OFF)))
    items.append(("Front door", reverse("front_door:queue"), has_perm(user, Perm.CONTACT_DECIDE)))
    items.append(("My team", reverse("worklists:team"), has_perm(user, Perm.WORKLIST_TEAM)))
    items.append(("Service", reverse("worklists:service"), has_perm(user, Perm.WORKLIST_SERVICE)))
    items.append(("Contacts you made", reverse("front_door:partner_contacts"), has_perm(user, Perm.CONTACT_SUBMIT)))
    items.append(("Care leavers", reverse("care_leavers:caseload"),
                  has_perm(user, Perm.CASEWORK_RECORD) or has_perm(user, Perm.WORKLIST_TEAM)))
    items.append(("Unregistered placements", reverse("children_in_care:unregistered_register"),
                  has_perm(user, Perm.PLACEMENT_REGISTER_VIEW)))
    items.append(("Measures", reverse("performance:index"), has_perm(user, Perm.MEASURES_VIEW)))
    items.append(("Workforce", reverse("workforce:index"), has_perm(user, Perm.MEASURES_VIEW)))
    items.append(("Returns", reverse("returns:index"), has_perm(user, Perm.RETURNS_RUN)))
    items.append(("Improvement", reverse("improvement:index"), has_perm(user, Perm.IMPROVEMENT_VIEW)))
    items.append(("Audits", reverse("improvement:my_audits"), has_perm(user, Perm.AUDIT_CONDUCT)
                  and not has_perm(user, Perm.IMPROVEMENT_VIEW)))
    items.append(("Find a person", reverse("people:search"), has_perm(user, Perm.PERSON_SEARCH)))
    items.append(("Add a person", reverse("people:create"), has_perm(user, Perm.PERSON_EDIT)))
    items.append(("Audit", reverse("audit:index"), has_perm(user, Perm.AUDIT_READ)))
    items.append(("Information governance", reverse("governance:index"),
                  has_perm(user, Perm.GOVERNANCE_SAR) or has_perm(user, Perm.GOVERNANCE_RETENTION)))
    items.append(("Users and teams", reverse("accounts_users"), has_perm(user, Perm.USERS_MANAGE)))
    path = request.path
    allowed = [(label, url) for label, url, ok in items if ok]
    # The one active item is the longest link the current page sits under.
    under = [url for _label, url in allowed if (path == url if url == "/" else path.startswith(url))]
    current = max(under, key=len) if under else None
    nav = [{"label": label, "url": url, "active": url == current} for label, url in allowed]

    return {"nav_items": nav, "la_name": settings.SAFEHOLD_LA_NAME, "safehold_version": safehold.__version__,
            "notifications_unread": unread_count(user)}

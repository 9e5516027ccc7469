from django.conf import settings
from django.urls import reverse

import safehold
from safehold.accounts.policy import Perm, has_perm


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"la_name": settings.SAFEHOLD_LA_NAME, "safehold_version": safehold.__version__}
    items = [("Home", reverse("home"), True)]
    items.append(("Find a person", reverse("people:search"), has_perm(user, Perm.PERSON_SEARCH)))
    items.append(("Add a person", reverse("people:create"), has_perm(user, Perm.PERSON_EDIT)))
    items.append(("Audit", reverse("audit:index"), has_perm(user, Perm.AUDIT_READ)))
    items.append(("Users and teams", reverse("accounts_users"), has_perm(user, Perm.USERS_MANAGE)))
    path = request.path
    nav = []
    for label, url, allowed in items:
        if allowed:
            active = path == url if url == "/" else path.startswith(url)
            nav.append({"label": label, "url": url, "active": active})
    return {"nav_items": nav, "la_name": settings.SAFEHOLD_LA_NAME, "safehold_version": safehold.__version__}

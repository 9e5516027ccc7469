from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("safehold.web.urls")),
    path("accounts/", include("safehold.accounts.urls")),
    path("people/", include("safehold.people.urls")),
    path("casework/", include("safehold.casework.urls")),
    path("front-door/", include("safehold.front_door.urls")),
    path("family-help/", include("safehold.family_help.urls")),
    path("child-protection/", include("safehold.child_protection.urls")),
    path("children-in-care/", include("safehold.children_in_care.urls")),
    path("care-planning/", include("safehold.care_planning.urls")),
    path("care-leavers/", include("safehold.care_leavers.urls")),
    path("returns/", include("safehold.returns.urls")),
    path("oversight/", include("safehold.oversight.urls")),
    path("work/", include("safehold.worklists.urls")),
    path("measures/", include("safehold.performance.urls")),
    path("workforce/", include("safehold.workforce.urls")),
    path("improvement/", include("safehold.improvement.urls")),
    path("audit/", include("safehold.governance.audit_urls")),
    path("governance/", include("safehold.governance.urls")),
    path("notifications/", include("safehold.notifications.urls")),
    path("casefile/", include("safehold.casefile.urls")),
    path("meetings/", include("safehold.meetings.urls")),
    path(settings.SAFEHOLD_ADMIN_URL, admin.site.urls),
]

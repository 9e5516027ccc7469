from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("safehold.web.urls")),
    path("accounts/", include("safehold.accounts.urls")),
    path("people/", include("safehold.people.urls")),
    path("casework/", include("safehold.casework.urls")),
    path("audit/", include("safehold.audit.urls")),
    path(settings.SAFEHOLD_ADMIN_URL, admin.site.urls),
]

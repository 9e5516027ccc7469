"""Users and teams, for the system administrator."""

from django.shortcuts import render

from .models import Team, User
from .policy import Perm, permission_matrix
from safehold.web.access import require_perm


@require_perm(Perm.USERS_MANAGE)
def users(request):
    return render(request, "accounts/users.html", {
        "teams": Team.objects.select_related("service").prefetch_related("members"),
        "users": User.objects.select_related("team").order_by("role", "last_name"),
        "matrix": permission_matrix(),
    })

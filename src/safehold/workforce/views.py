"""The workforce page: the establishment by team, who fills each post, vacancies, starters and leavers
with their reasons, and the census rates."""

from django.shortcuts import render
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.web.access import require_perm

from . import selectors


@require_perm(Perm.MEASURES_VIEW)
def index(request):
    """Team managers see the establishment and the rates; why named people left (HR information) is for
    service managers, analysts and leaders (MEASURES_TARGET)."""
    day = timezone.localdate()
    return render(request, "workforce/index.html", {
        "day": day, "figures": selectors.figures_on(day), "teams": selectors.establishment_on(day),
        "can_see_leavers": has_perm(request.user, Perm.MEASURES_TARGET), **selectors.movements(day)})

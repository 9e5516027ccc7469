"""The workforce page: the establishment by team, who fills each post, vacancies, starters and leavers
with their reasons, and the census rates."""

from django.shortcuts import render
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.web.access import require_perm

from . import selectors


@require_perm(Perm.MEASURES_VIEW)
def index(request):
    day = timezone.localdate()
    return render(request, "workforce/index.html", {
        "day": day, "figures": selectors.figures_on(day), "teams": selectors.establishment_on(day),
        **selectors.movements(day)})

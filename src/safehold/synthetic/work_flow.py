"""The day's work in flight for the demo logins (issue 14.2 to 14.4): visits waiting for the team manager's
sign-off and one returned to the social worker; a chair (IRO) allocated to every child whose conference or
review is due, the demo IRO among them; and the reminders and notifications those make. Made through the
services, so the notifications are the ones a real day would make. Synthetic data only."""

from __future__ import annotations

import datetime as dt
import random

from safehold.accounts.models import Role, Team, User
from safehold.casework.models import CHAIRED_RULES, Allocation, StatutoryWork, Visit
from safehold.casework.signoff import sign_off_open, sign_off_return, sign_off_submit
from safehold.casework.signoff_kinds import visit_title
from safehold.worklists.services import chair_reminders

RETURN_REASON = "Record where the visit took place and who else was there, then resubmit."


def seed_work_flow(*, seed: int, as_of: dt.date) -> dict[str, int]:
    rng = random.Random(seed * 7 + 3)
    made = {"sign_offs": 0, "chairs": 0, "reminders": 0}
    sw = User.objects.filter(username="social.worker").first()
    tm = User.objects.filter(username="team.manager").first()
    if sw and tm:
        visits = list(Visit.objects.filter(person__allocations__worker=sw, person__allocations__ended_on__isnull=True,
                                           visited_on__lte=as_of)
                      .select_related("person").order_by("-visited_on", "-pk").distinct()[:4])
        for n, visit in enumerate(visits):
            sign_off = sign_off_open(by=sw, record=visit, kind="visit", person=visit.person, title=visit_title(visit))
            if n < 3:  # three waiting with Tara, the fourth still a draft
                sign_off = sign_off_submit(by=sw, sign_off=sign_off, expected_version=sign_off.version)
            if n == 2:  # one of them she returned
                sign_off_return(by=tm, sign_off=sign_off, expected_version=sign_off.version, reason=RETURN_REASON)
            made["sign_offs"] += 1

    # Chairs: every child with a conference or review due has an independent chair.
    reviewing = Team.objects.filter(kind=Team.Kind.REVIEWING).first()
    chairs = list(User.objects.filter(role=Role.IRO, is_active=True).order_by("username"))
    if reviewing and chairs:
        chaired = set(Allocation.objects.filter(role=Allocation.Role.IRO, ended_on__isnull=True)
                      .values_list("person_id", flat=True))
        children = sorted(set(StatutoryWork.objects.filter(status=StatutoryWork.Status.OPEN, rule_code__in=CHAIRED_RULES)
                              .values_list("person_id", flat=True)) - chaired)
        # Most have a chair; a few wait for one (the chair's page lists them).
        rows = [Allocation(person_id=pk, team=reviewing, worker=chairs[n % len(chairs)], role=Allocation.Role.IRO,
                           started_on=as_of - dt.timedelta(days=rng.randint(7, 200)))
                for n, pk in enumerate(children) if rng.random() < 0.92]
        Allocation.objects.bulk_create(rows, batch_size=2000)
        made["chairs"] = len(rows)
        made["reminders"] = chair_reminders(on=as_of, days=10)
    return made

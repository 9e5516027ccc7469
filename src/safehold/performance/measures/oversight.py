"""Oversight and workforce measures: management oversight within the local standard, supervision,
caseloads, unallocated cases and the agency share. (Vacancy and turnover need the establishment, which
the workforce records will bring.)"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Max, Q

from safehold.accounts.models import Role, User
from safehold.casework.models import Allocation
from safehold.oversight.models import ManagementOversight, Supervision
from safehold.oversight.selectors import due_functions
from safehold.workforce.models import Appointment
from safehold.workforce.selectors import appointments_on, figures_on

from ..definitions import Area, Good, Measure, Period, Row, Unit, register, year_before

CASE_HOLDING = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR)
SUPERVISED = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR, Role.IRO)
WORKER_CUTS = ("team",)

def _open_allocations(as_at: dt.date):
    return (Allocation.objects.filter(role=Allocation.Role.ALLOCATED_WORKER, started_on__lte=as_at)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_at)))


def _within_standard(rule: str, subjects: list[tuple[int, int | None, int | None]], last: dict, as_at: dt.date,
                     what: str) -> list[Row]:
    """One row per (subject, team, worker): in the numerator when the next `rule` event after the latest
    one (`last`) is not yet overdue on `as_at`. The council's version of the rule is read once."""
    next_due = due_functions(rule)[rule]
    rows = []
    for pk, team_id, worker_id in subjects:
        seen = last.get(pk)
        due = next_due(seen) if seen else None
        rows.append(Row(pk, bool(due and due >= as_at), team_id=team_id, worker_id=worker_id,
                        extra=f"last {what} {seen:%-d %b %Y}, next due {due:%-d %b %Y}" if seen
                        else f"no {what} recorded"))
    return rows


def _oversight(as_at: dt.date) -> list[Row]:
    held = list(_open_allocations(as_at).values_list("person_id", "team_id", "worker_id"))
    last = dict(ManagementOversight.objects.filter(person_id__in=[h[0] for h in held], occurred_on__lte=as_at)
                .values("person_id").annotate(last=Max("occurred_on")).values_list("person_id", "last"))
    return _within_standard("MANAGEMENT_OVERSIGHT", held, last, as_at, "management oversight")


register(Measure(
    code="OV_OVERSIGHT", area=Area.OVERSIGHT, name="Cases with management oversight within the local standard",
    definition="Children whose case a team holds on the date whose latest management oversight is within the "
               "council's local standard (the next is not yet overdue).",
    numerator="cases with oversight up to date", denominator="cases held by a team on the date",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.AT_DATE, headline=True,
    source="../shared/domain/timescales.md MANAGEMENT_OVERSIGHT (local standard)",
    rows=_oversight))


def _workers(as_at: dt.date, roles) -> list[tuple[int, int | None, bool]]:
    """The workers in post: today's active accounts (the establishment's starters and leavers, once
    recorded, will date this; until then a past date reads today's staff)."""
    return list(User.objects.filter(role__in=list(roles), is_active=True)
                .values_list("pk", "team_id", "is_agency_worker"))


def _supervised(as_at: dt.date) -> list[Row]:
    workers = _workers(as_at, SUPERVISED)
    last = dict(Supervision.objects.filter(worker_id__in=[w[0] for w in workers], held_on__lte=as_at)
                .values("worker_id").annotate(last=Max("held_on")).values_list("worker_id", "last"))
    return _within_standard("SUPERVISION", [(pk, team_id, pk) for pk, team_id, _agency in workers], last, as_at,
                            "supervision")


register(Measure(
    code="OV_SUPERVISION", area=Area.OVERSIGHT, name="Workers supervised on time",
    definition="Practitioners and managers whose latest supervision is within the council's supervision "
               "standard on the date (the next supervision is not yet overdue).",
    numerator="workers whose supervision is up to date", denominator="case-holding workers and reviewing officers",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.AT_DATE, subject="worker", cuts=WORKER_CUTS, headline=True,
    source="../shared/domain/timescales.md SUPERVISION (local standard)",
    rows=_supervised))


def _caseloads(as_at: dt.date) -> list[Row]:
    counts = Counter(_open_allocations(as_at).filter(worker__isnull=False).values_list("worker_id", flat=True))
    teams = dict(User.objects.filter(pk__in=list(counts)).values_list("pk", "team_id"))
    return [Row(pk, True, value=n, team_id=teams.get(pk), worker_id=pk, extra=f"{n} children")
            for pk, n in counts.items()]


register(Measure(
    code="OV_CASELOAD", area=Area.OVERSIGHT, name="Average caseload",
    definition="The mean number of children allocated to each worker who holds cases, on the date.",
    numerator="children allocated, added up", denominator="workers holding one or more cases",
    good=Good.LOW, unit=Unit.AVERAGE, period=Period.AT_DATE, subject="worker", cuts=WORKER_CUTS, headline=True,
    source="../shared/domain/measures.md: caseload (children's social work workforce census: cases per "
           "case-holding worker)",
    rows=_caseloads))


def _unallocated(as_at: dt.date) -> list[Row]:
    return [Row(pk, True, team_id=team_id, extra=f"held by the team since {since:%-d %b %Y}")
            for pk, team_id, since in _open_allocations(as_at).filter(worker__isnull=True)
            .values_list("person_id", "team_id", "started_on")]


register(Measure(
    code="OV_UNALLOCATED", area=Area.OVERSIGHT, name="Unallocated cases",
    definition="Children whose case a team holds on the date with no allocated worker.",
    numerator="children without a worker", denominator="(a count)",
    good=Good.LOW, unit=Unit.COUNT, period=Period.AT_DATE, decimals=0, headline=True,
    source="Ofsted ILACS: children waiting for allocation (../shared/domain/ilacs-and-annex-a.md)",
    rows=_unallocated))


def _appointment_row(a, in_numerator: bool, extra: str, **kw) -> Row:
    """A worker's appointment as a row of the workforce measures, weighted by its FTE (CSWW counts FTE)."""
    return Row(a.worker.user_id or -a.worker_id, in_numerator, team_id=(a.post.team_id if a.post else a.team_id),
               weight=float(a.fte), label=str(a.worker), extra=extra, **kw)


def _own_in_post(appointments) -> list[Row]:
    """The council's own workers in post: the denominator of the vacancy rate and of turnover."""
    return [_appointment_row(a, False, f"in post, {float(a.fte):.2f} FTE") for a in appointments
            if not a.worker.agency]


def _agency_rate(as_at: dt.date) -> list[Row]:
    return [_appointment_row(a, a.worker.agency, f"{'agency' if a.worker.agency else 'employed'}, "
                                                 f"{float(a.fte):.2f} FTE, {a.get_org_role_display()}")
            for a in appointments_on(as_at)]


register(Measure(
    code="OV_AGENCY", area=Area.OVERSIGHT, name="Agency social workers (FTE rate)",
    definition="Agency social workers' FTE on the date as a share of all children and family social workers' FTE "
               "(agency and the council's own), from the workforce records.",
    numerator="agency FTE", denominator="agency FTE and the council's own FTE",
    good=Good.LOW, unit=Unit.PERCENT, period=Period.AT_DATE, subject="worker", cuts=WORKER_CUTS, headline=True,
    source="../shared/domain/measures.md: agency rate (children's social work workforce census: agency FTE / "
           "(agency + LA FTE))",
    agrees_with="CSWW: NoAgencyFTE against the FTE of the council's CSWWWorker records at 30 September",
    rows=_agency_rate))


def _vacancy_rate(as_at: dt.date) -> list[Row]:
    return _own_in_post(appointments_on(as_at)) + [
        Row(-post.pk, True, team_id=post.team_id, weight=float(gap), label=f"Vacant: {post}",
            extra=f"{float(gap):.2f} FTE vacant") for post, gap in figures_on(as_at).vacant_posts]


register(Measure(
    code="OV_VACANCY_RATE", area=Area.OVERSIGHT, name="Social worker vacancy rate",
    definition="Established social worker FTE not filled by the council's own worker on the date (a post covered "
               "by an agency worker is vacant), as a share of vacancies and the council's own FTE.",
    numerator="vacant FTE", denominator="vacant FTE and the council's own FTE",
    good=Good.LOW, unit=Unit.PERCENT, period=Period.AT_DATE, subject="worker", cuts=WORKER_CUTS, headline=True,
    source="../shared/domain/measures.md: vacancy rate (CSWW: FTE vacancies / (vacancies + FTE filled))",
    agrees_with="CSWW: NumberOfVacancies at 30 September",
    rows=_vacancy_rate))


def _turnover(as_at: dt.date) -> list[Row]:
    appointments = list(appointments_on(as_at))
    rows = _own_in_post(appointments)
    in_post = {a.worker_id for a in appointments}
    leavers = {}
    for a in (Appointment.objects.filter(end_date__gte=year_before(as_at), end_date__lt=as_at, worker__agency=False)
              .select_related("worker", "post").order_by("end_date")):
        if a.worker_id not in in_post:  # a worker who moved post has not left
            leavers[a.worker_id] = a
    # Turnover's denominator is the FTE in post on the date; the leavers are counted against it.
    rows += [_appointment_row(a, True, f"left {a.end_date:%-d %b %Y}: "
                                       f"{a.get_reason_leave_display() or 'reason not recorded'}", in_denominator=False)
             for a in leavers.values()]
    return rows


register(Measure(
    code="OV_TURNOVER", area=Area.OVERSIGHT, name="Social worker turnover",
    definition="The FTE of the council's own social workers who left in the 12 months to the date, as a share of "
               "its social workers' FTE on the date.",
    numerator="FTE of leavers in the year", denominator="FTE in post on the date",
    good=Good.LOW, unit=Unit.PERCENT, period=Period.ROLLING_12, subject="worker", cuts=WORKER_CUTS,
    source="../shared/domain/measures.md: turnover (CSWW: leavers FTE / FTE at 30 September)",
    rows=_turnover))

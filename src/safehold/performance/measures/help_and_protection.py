"""Help and protection measures: assessments, the child protection journey, plans and visits, and the
rates of children in need and on plans per 10,000 children."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from safehold.casework.models import StatutoryWork, Visit
from safehold.child_protection.models import CPPlan
from safehold.family_help.models import CINEpisode
from safehold.timescales.engine import working_days_between

from ..definitions import Area, Good, Measure, Period, Row, Unit, register, year_before
from .common import with_holders, work_rows

register(Measure(
    code="HP_ASSESS_45WD", area=Area.HELP_AND_PROTECTION, name="Assessments completed within 45 working days",
    definition="Family Help assessments completed (authorised) in the period within 45 working days of the "
               "referral.",
    numerator="assessments completed within 45 working days", denominator="assessments completed in the period",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12, headline=True,
    source="../shared/domain/timescales.md ASSESSMENT; ../shared/domain/measures.md (CIN statistics)",
    agrees_with="CIN census: assessments with an AssessmentAuthorisationDate in the year, within 45 working days",
    rows=lambda as_at: work_rows(["ASSESSMENT"], as_at, basis="completed")))


def _average_working_days(rule_code: str):
    def rows(as_at: dt.date) -> list[Row]:
        start = year_before(as_at)
        out = []
        for person_id, team_id, worker_id, started, done in StatutoryWork.objects.filter(
                rule_code=rule_code, status=StatutoryWork.Status.DONE, completed_on__gte=start,
                completed_on__lte=as_at).values_list("person_id", "team_id", "worker_id", "started_on",
                                                     "completed_on"):
            days = working_days_between(started, done) if done >= started else 0
            out.append(Row(person_id, True, value=days, team_id=team_id, worker_id=worker_id,
                           extra=f"{started:%-d %b %Y} to {done:%-d %b %Y}: {days} working days"))
        return out
    return rows


register(Measure(
    code="HP_ASSESS_DAYS", area=Area.HELP_AND_PROTECTION, name="Average working days to complete an assessment",
    definition="The mean number of working days from referral to the assessment's completion, for "
               "assessments completed in the period.",
    numerator="working days, added up", denominator="assessments completed in the period",
    good=Good.LOW, unit=Unit.AVERAGE, period=Period.ROLLING_12,
    source="../shared/domain/timescales.md ASSESSMENT (45 working days from referral)",
    rows=_average_working_days("ASSESSMENT")))

register(Measure(
    code="HP_ICPC_15WD", area=Area.HELP_AND_PROTECTION,
    name="Initial conferences within 15 working days of the strategy discussion",
    definition="Initial child protection conferences held in the period within 15 working days of the "
               "strategy discussion that started the section 47 enquiry.",
    numerator="conferences held within 15 working days", denominator="initial conferences held in the period",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12, headline=True,
    source="../shared/domain/timescales.md ICPC; ../shared/domain/measures.md",
    rows=lambda as_at: work_rows(["ICPC"], as_at, basis="completed")))

register(Measure(
    code="HP_STRATEGY_TO_ICPC_DAYS", area=Area.HELP_AND_PROTECTION,
    name="Average working days from strategy discussion to initial conference",
    definition="The mean number of working days from the strategy discussion, through the section 47 enquiry, "
               "to the initial child protection conference, for conferences held in the period.",
    numerator="working days, added up", denominator="initial conferences held in the period",
    good=Good.LOW, unit=Unit.AVERAGE, period=Period.ROLLING_12,
    source="../shared/domain/timescales.md ICPC (15 working days from the strategy discussion)",
    rows=_average_working_days("ICPC")))

register(Measure(
    code="HP_RCPC_ON_TIME", area=Area.HELP_AND_PROTECTION, name="Review conferences on time",
    definition="Child protection review conferences that fell due in the period (3 months after the initial "
               "conference, then every 6 months) held by their due date.",
    numerator="reviews held on time", denominator="reviews due in the period",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12,
    source="../shared/domain/timescales.md RCPC_FIRST, RCPC_NEXT; ../shared/domain/measures.md (CP reviews on time)",
    rows=lambda as_at: work_rows(["RCPC_FIRST", "RCPC_NEXT"], as_at, basis="due")))


def _plans_two_years(as_at: dt.date) -> list[Row]:
    rows = []
    for person_id, start, end in CPPlan.objects.filter(end_date__gte=year_before(as_at), end_date__lte=as_at) \
            .values_list("person_id", "start_date", "end_date"):
        # A plan that ends on its second anniversary has lasted two years.
        rows.append(Row(person_id, end >= start + relativedelta(years=2),
                        extra=f"{start:%-d %b %Y} to {end:%-d %b %Y}"))
    return with_holders(rows, as_at)


register(Measure(
    code="HP_CP_TWO_YEARS", area=Area.HELP_AND_PROTECTION, name="Plans that lasted two years or more",
    definition="Child protection plans that ended in the period and had lasted two years or more (a plan "
               "ending on its second anniversary counts).",
    numerator="plans ended that lasted two years or more", denominator="plans that ended in the period",
    good=Good.LOW, unit=Unit.PERCENT, period=Period.ROLLING_12,
    source="../shared/domain/measures.md: CP plans lasting 2+ years (CIN statistics)",
    agrees_with="CIN census: plans with a CPPendDate in the year, two years or more after CPPstartDate",
    rows=_plans_two_years))


def _second_plans(within_years: int | None):
    def rows(as_at: dt.date) -> list[Row]:
        start = year_before(as_at)
        plans = list(CPPlan.objects.filter(start_date__lte=as_at, person__cp_plans__start_date__gte=start,
                                           person__cp_plans__start_date__lte=as_at)
                     .distinct().order_by("person_id", "start_date").values_list("person_id", "start_date", "end_date"))
        by_person: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
        for person_id, s, e in plans:
            by_person.setdefault(person_id, []).append((s, e))
        out = []
        for person_id, spans in by_person.items():
            for i, (s, _e) in enumerate(spans):
                if not (start <= s <= as_at):
                    continue
                earlier = [(ps, pe) for ps, pe in spans[:i] if ps < s]
                if within_years is not None:
                    earlier = [(ps, pe) for ps, pe in earlier
                               if pe is not None and pe >= s - relativedelta(years=within_years)]
                out.append(Row(person_id, bool(earlier), extra=f"plan from {s:%-d %b %Y}" + (
                    f", previous from {earlier[-1][0]:%-d %b %Y}" if earlier else "")))
        return with_holders(out, as_at)
    return rows


register(Measure(
    code="HP_CP_SECOND_EVER", area=Area.HELP_AND_PROTECTION, name="Second or subsequent plans (ever)",
    definition="Child protection plans starting in the period for a child who had a plan before, at any time.",
    numerator="plans started for a child with an earlier plan", denominator="plans started in the period",
    good=Good.NEITHER, unit=Unit.PERCENT, period=Period.ROLLING_12, headline=True,
    source="../shared/domain/measures.md: second or subsequent CP plan (LG Inform metric 100)",
    agrees_with="CIN census: CPPstartDate in the year with an earlier plan for the same child",
    rows=_second_plans(None)))

register(Measure(
    code="HP_CP_SECOND_2Y", area=Area.HELP_AND_PROTECTION, name="Second plans within two years of the last",
    definition="Child protection plans starting in the period for a child whose previous plan ended within "
               "the two years before.",
    numerator="plans started within two years of the end of an earlier plan",
    denominator="plans started in the period",
    good=Good.LOW, unit=Unit.PERCENT, period=Period.ROLLING_12,
    source="../shared/domain/measures.md: second or subsequent CP plan",
    rows=_second_plans(2)))


def _open_on(model, start_field: str, end_field: str):
    def rows(as_at: dt.date) -> list[Row]:
        ids = set(model.objects.filter(**{f"{start_field}__lte": as_at})
                  .filter(Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gt": as_at}))
                  .values_list("person_id", flat=True))
        return with_holders([Row(pk, True) for pk in ids], as_at)
    return rows


register(Measure(
    code="HP_CIN_RATE", area=Area.HELP_AND_PROTECTION, name="Children in need per 10,000 children",
    definition="Children with an open episode of need (including those on plans and in care) on the date, per "
               "10,000 children aged 0 to 17 in the council's area (the mid-year population estimate).",
    numerator="children in need on the date", denominator="children aged 0 to 17 (mid-year estimate)",
    good=Good.NEITHER, unit=Unit.RATE, period=Period.AT_DATE, cuts=(),
    source="DfE Characteristics of children in need: rate per 10,000 children",
    agrees_with="CIN census: children with an open CINdetails episode at 31 March",
    rows=_open_on(CINEpisode, "referral_date", "closure_date")))

register(Measure(
    code="HP_CP_RATE", area=Area.HELP_AND_PROTECTION, name="Children on child protection plans per 10,000",
    definition="Children on a child protection plan on the date, per 10,000 children aged 0 to 17.",
    numerator="children on a plan on the date", denominator="children aged 0 to 17 (mid-year estimate)",
    good=Good.NEITHER, unit=Unit.RATE, period=Period.AT_DATE, headline=True, cuts=(),
    source="DfE Characteristics of children in need: CP plans per 10,000 children",
    agrees_with="CIN census: ChildProtectionPlans open at 31 March",
    rows=_open_on(CPPlan, "start_date", "end_date")))

register(Measure(
    code="HP_CP_VISITS", area=Area.HELP_AND_PROTECTION, name="Visits to children on plans within timescale",
    definition="Child protection visits that fell due in the period (every 10 working days, the local "
               "standard) made by their due date.",
    numerator="visits made on time", denominator="visits due in the period",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12,
    source="../shared/domain/timescales.md CP_VISIT (local standard)",
    rows=lambda as_at: work_rows(["CP_VISIT"], as_at, basis="due")))


def _seen_alone(kind: str):
    def rows(as_at: dt.date) -> list[Row]:
        out = [Row(person_id, alone, extra=f"visited {day:%-d %b %Y}" + ("" if seen else ", child not seen"))
               for person_id, day, seen, alone in Visit.objects.filter(
                   kind=kind, visited_on__gte=year_before(as_at), visited_on__lte=as_at)
               .values_list("person_id", "visited_on", "child_seen", "child_seen_alone")]
        return with_holders(out, as_at)
    return rows


register(Measure(
    code="HP_CP_SEEN_ALONE", area=Area.HELP_AND_PROTECTION, name="Children on plans seen alone at visits",
    definition="Child protection visits in the period at which the child was seen alone.",
    numerator="visits where the child was seen alone", denominator="child protection visits in the period",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12,
    source="Annex A list 7 (../shared/domain/ilacs-and-annex-a.md): child seen alone",
    rows=_seen_alone(Visit.Kind.CP)))

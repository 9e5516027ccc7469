"""Front door measures: decisions within a working day, conversion to referral, re-referrals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from safehold.family_help.models import CINEpisode
from safehold.front_door.models import REFERRAL_DECISIONS, Contact

from ..definitions import Area, Good, Measure, Period, Row, Unit, register, year_before
from .common import with_holders, work_rows


def _decided_in_a_day(as_at: dt.date) -> list[Row]:
    return work_rows(["CONTACT_DECISION"], as_at, basis="due")


register(Measure(
    code="FD_DECIDED_1WD", area=Area.FRONT_DOOR, name="Contacts decided within one working day",
    definition="Contacts whose front door decision fell due in the period, decided by the end of the next "
               "working day after receipt (England's bank holidays excluded).",
    numerator="contacts decided on or before the due date",
    denominator="contacts whose decision fell due in the period (decided or not)",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12, headline=True,
    source="../shared/domain/timescales.md CONTACT_DECISION (Working Together 2023 ch.2: a decision within "
           "one working day)",
    rows=_decided_in_a_day))


def _conversion(as_at: dt.date) -> list[Row]:
    start = year_before(as_at)
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(as_at + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = [Row(person_id, decision in REFERRAL_DECISIONS, extra=label)
            for person_id, decision, label in (
                (p, d, dict(Contact._meta.get_field("decision").choices).get(d, d))
                for p, d in Contact.objects.filter(decided_at__gte=lo, decided_at__lt=hi, person__isnull=False)
                .values_list("person_id", "decision"))]
    return with_holders(rows, as_at)


register(Measure(
    code="FD_CONVERSION", area=Area.FRONT_DOOR, name="Contacts that became referrals",
    definition="Of the contacts decided in the period, those the front door referred for a Family Help "
               "assessment or an immediate strategy discussion.",
    numerator="contacts decided as a referral", denominator="contacts decided in the period",
    good=Good.NEITHER, unit=Unit.PERCENT, period=Period.ROLLING_12,
    source="Annex A list 1 and 2 (../shared/domain/ilacs-and-annex-a.md): contacts and their outcome",
    rows=_conversion))


def _rereferrals(as_at: dt.date) -> list[Row]:
    start = year_before(as_at)
    referrals = list(CINEpisode.objects.filter(referral_date__lte=as_at,
                                               referral_date__gte=start - relativedelta(months=12))
                     .order_by("person_id", "referral_date").values_list("person_id", "referral_date"))
    earlier: dict[int, list[dt.date]] = defaultdict(list)
    rows = []
    for person_id, day in referrals:
        if day >= start:
            previous = [d for d in earlier[person_id] if d >= day - relativedelta(months=12) and d < day]
            rows.append(Row(person_id, bool(previous), extra=f"referred {day:%-d %b %Y}" + (
                f", previous {previous[-1]:%-d %b %Y}" if previous else "")))
        earlier[person_id].append(day)
    return with_holders(rows, as_at)


register(Measure(
    code="FD_REREFERRAL", area=Area.FRONT_DOOR, name="Re-referrals within 12 months",
    definition="Referrals in the period made within 12 months of a previous referral of the same child.",
    numerator="referrals within 12 months of the child's previous referral",
    denominator="referrals in the period",
    good=Good.LOW, unit=Unit.PERCENT, period=Period.ROLLING_12, headline=True,
    source="../shared/domain/measures.md: re-referral rate (DfE Children in need, a focus on re-referrals)",
    agrees_with="CIN census: referrals in the year whose ReferralDate falls within 12 months of an earlier one",
    rows=_rereferrals))

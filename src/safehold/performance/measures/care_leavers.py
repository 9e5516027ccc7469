"""Care leavers measures from the birthday check-ins (SSDA903 OC3): in touch, suitable accommodation,
and in education, employment or training, cut by the OC3 age bands 17-18, 19-21 and 22-25."""

from __future__ import annotations

import datetime as dt

from safehold.care_leavers.models import BirthdayCheckIn

from ..definitions import Area, Good, Measure, Period, Row, Unit, register, year_before
from .common import with_holders

EET = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}
CUTS = ("team", "oc3_band", "sex", "ethnicity", "disability", "uasc")


def _check_ins(test):
    def rows(as_at: dt.date) -> list[Row]:
        out = []
        for person_id, age, in_touch, activity, accommodation in BirthdayCheckIn.objects.filter(
                birthday__gte=year_before(as_at), birthday__lte=as_at).exclude(in_touch="DIED").values_list(
                "person_id", "age", "in_touch", "activity", "accommodation"):
            row = Row(person_id, test(in_touch, activity, accommodation), value=age,
                      extra=f"at {age}: {in_touch}, {activity}, {accommodation}")
            out.append(row)
        return with_holders(out, as_at)
    return rows


_SOURCE = "../shared/domain/ssda903.md OC3 (IN_TOUCH, ACTIV, ACCOM); ../shared/domain/measures.md"
register(Measure(
    code="CL_IN_TOUCH", area=Area.CARE_LEAVERS, name="Care leavers in touch",
    definition="Care leavers whose birthday check-in (17 to 21, to 25 for those who asked for support) fell in "
               "the period and who were in touch with the council.",
    numerator="in touch (IN_TOUCH YES)", denominator="check-ins in the period (those who died left out)",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12, headline=True, source=_SOURCE, cuts=CUTS,
    agrees_with="SSDA903 OC3: IN_TOUCH for young people whose birthday fell in the year",
    rows=_check_ins(lambda touch, activity, accom: touch == "YES")))

register(Measure(
    code="CL_SUITABLE_ACCOMMODATION", area=Area.CARE_LEAVERS, name="Care leavers in suitable accommodation",
    definition="Care leavers whose birthday check-in fell in the period and whose accommodation was suitable.",
    numerator="accommodation suitable (ACCOM ending 1)", denominator="check-ins in the period",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12, headline=True, source=_SOURCE, cuts=CUTS,
    rows=_check_ins(lambda touch, activity, accom: accom.endswith("1"))))

register(Measure(
    code="CL_EET", area=Area.CARE_LEAVERS, name="Care leavers in education, employment or training",
    definition="Care leavers whose birthday check-in fell in the period and who were in education, employment "
               "or training.",
    numerator="in education, employment or training (ACTIV F1-F5, P1-P5)", denominator="check-ins in the period",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12, headline=True, source=_SOURCE, cuts=CUTS,
    rows=_check_ins(lambda touch, activity, accom: activity in EET)))

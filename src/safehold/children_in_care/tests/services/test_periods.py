"""Tests of children_in_care/services/periods.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.audit.models import AuditEvent
from safehold.children_in_care import services
from safehold.children_in_care.models import (
    CareEpisode,
    PeriodOfCare,
    Placement,
    UnregisteredPlacementAuthorisation,
)
from safehold.people.models import ChronologyEntry
from safehold.people.tests.factories import PersonFactory

from ..helpers import (
    START,
    home_address,
    looked_after,
    provider,
    unregistered_home,
)
from .support import episodes, errors_of

pytestmark = pytest.mark.django_db


def test_period_start_creates_period_placement_and_an_s_episode(child, sw):
    home_address(child)
    period = looked_after(child, sw)
    placement = Placement.objects.get(person=child)
    assert period.start_date == START and period.is_open
    assert (placement.placement_type, placement.provider_code, placement.home_postcode) == ("U6", "PR1", "SH1 4AB")
    assert placement.distance_miles is not None and placement.distance_miles > 0
    assert episodes(child) == [("S", "C2", "U6", START, None, "")]
    assert ChronologyEntry.objects.filter(person=child, event_type="became_looked_after").exists()
    assert AuditEvent.objects.filter(action="period_of_care.start", person_id=child.pk).exists()


def test_coming_into_care_opens_an_episode_of_need_only_when_none_covers_the_day(child, sw):
    from safehold.family_help.models import CINEpisode
    from safehold.family_help.services import referral_open

    looked_after(child, sw, start=START, referral_source="6")
    episode = CINEpisode.objects.get(person=child)
    assert (episode.referral_date, episode.referral_source, episode.primary_need) == (START, "6", "N1")
    other = PersonFactory(dob=dt.date(2015, 1, 1))
    referral_open(by=sw, person=other, referral_date=START - dt.timedelta(days=40), source="2A")
    looked_after(other, sw, start=START, referral_source="6")
    assert list(CINEpisode.objects.filter(person=other).values_list("referral_source", flat=True)) == ["2A"]


def test_distance_is_blank_when_the_postcode_is_not_in_the_table(child, sw):
    home_address(child, postcode="ZZ9 9ZZ")
    looked_after(child, sw)
    assert Placement.objects.get(person=child).distance_miles is None


def test_placed_with_parents_needs_no_provider(child, sw):
    services.period_start(by=sw, person=child, start_date=START, legal_status="C1", category_of_need="N1",
                          placement_type="P1")
    assert Placement.objects.get(person=child).provider_code == "PR0"


@pytest.mark.parametrize("dob,status,message", [
    (dt.date(2016, 1, 1), "J1", "at least 10"),
    (dt.date(2006, 1, 1), "V2", "aged 18 or over"),
    (dt.date(2025, 3, 1), "C1", "not yet born"),
    (dt.date(2007, 6, 1), "C2", "s31(3)"),
])
def test_legal_status_must_fit_the_childs_age(sw, dob, status, message):
    child = PersonFactory(dob=dob)
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, legal_status=status)
    assert message in " ".join(errors_of(exc)["legal_status"])
    assert not PeriodOfCare.objects.filter(person=child).exists()


def test_youth_justice_status_for_a_child_of_ten(sw):
    child = PersonFactory(dob=dt.date(2014, 1, 1))
    looked_after(child, sw, legal_status="J1")
    assert CareEpisode.objects.get(person=child).legal_status == "J1"


def test_a_second_open_period_is_refused(child, sw):
    looked_after(child, sw)
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, start=START + dt.timedelta(days=3))
    assert "already looked after" in errors_of(exc)["start_date"][0]


def test_a_social_worker_without_casework_cannot_place(child, users):
    with pytest.raises(PermissionDenied):
        looked_after(child, users["analyst"])


def test_leaving_care_refuses_x1_and_dates_before_the_start(child, sw):
    looked_after(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.period_end(by=sw, person=child, end_date=START - dt.timedelta(days=1), reason="X1")
    assert "X1 means the child stays looked after" in errors_of(exc)["reason"][0]
    assert "on or after" in errors_of(exc)["end_date"][0]


def test_no_period_after_died(child, sw):
    looked_after(child, sw)
    services.period_end(by=sw, person=child, end_date=START + dt.timedelta(days=2), reason="E2")
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, start=START + dt.timedelta(days=30))
    assert "rule 437" in errors_of(exc)["start_date"][0]


def test_new_period_cannot_start_inside_an_earlier_one(child, sw):
    looked_after(child, sw)
    services.period_end(by=sw, person=child, end_date=START + dt.timedelta(days=20), reason="E4A")
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, start=START + dt.timedelta(days=10))
    assert "inside the period of care" in errors_of(exc)["start_date"][0]


def test_short_break_is_its_own_period(child, sw):
    looked_after(child, sw, legal_status="V3")
    with pytest.raises(ValidationError) as exc:
        services.legal_status_change(by=sw, person=child, start_date=START + dt.timedelta(days=1), legal_status="C2")
    assert "short break" in errors_of(exc)["legal_status"][0]
    services.period_end(by=sw, person=child, end_date=START + dt.timedelta(days=2), reason="E13")
    looked_after(child, sw, legal_status="V3", start=START + dt.timedelta(days=14))
    assert PeriodOfCare.objects.filter(person=child).count() == 2


def test_coming_into_care_starts_the_care_planning_clocks_and_leaving_stops_them(child, sw):
    from safehold.casework.models import StatutoryWork

    looked_after(child, sw)
    open_codes = set(StatutoryWork.objects.filter(person=child, status="open").values_list("rule_code", flat=True))
    assert {"CLA_REVIEW_FIRST", "CLA_VISIT_FIRST", "HEALTH_ASSESSMENT_INITIAL"} <= open_codes
    services.period_end(by=sw, person=child, end_date=START + dt.timedelta(days=2), reason="E4A")
    assert not StatutoryWork.objects.filter(person=child, status="open", rule_code__startswith="CLA_").exists()


def test_unregistered_childrens_home_is_refused_and_the_attempt_audited(child, sw):
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, carer=unregistered_home())
    text = " ".join(errors_of(exc)["provider"])
    assert "not registered with Ofsted" in text
    assert "Care Standards Act 2000 s1(2)" in text and "s11" in text
    assert "Only a director" in text
    assert not PeriodOfCare.objects.filter(person=child).exists()
    attempt = AuditEvent.objects.get(action="placement.unregistered_refused", person_id=child.pk)
    assert attempt.actor == sw


@pytest.mark.parametrize("kwargs,finding", [
    ({"checked": None}, "No one has recorded checking"),
    ({"urn": ""}, "no Ofsted unique reference number"),
    ({"deregistered_on": START - dt.timedelta(days=1)}, "deregistered or closed"),
])
def test_registered_home_still_refused_when_not_checked_without_urn_or_deregistered(child, sw, kwargs, finding):
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, carer=provider(**kwargs))
    assert finding in " ".join(errors_of(exc)["provider"])


def test_registered_childrens_home_goes_ahead(child, sw):
    looked_after(child, sw, carer=provider())
    assert not UnregisteredPlacementAuthorisation.objects.exists()


def test_supported_accommodation_for_a_16_year_old_with_complete_application_goes_ahead(sw):
    child = PersonFactory(dob=START.replace(year=START.year - 16) - dt.timedelta(days=30))
    k3 = provider(name="Stepping Stones 2", placement_type="K3", urn="", status="applied")
    looked_after(child, sw, carer=k3)
    assert Placement.objects.get(person=child).placement_type == "K3"


def test_under_16_ban_date_is_a_setting(sw, settings):
    settings.CHILDREN_IN_CARE_UNDER_16_BAN_FROM = START + dt.timedelta(days=1)
    child = PersonFactory(dob=START.replace(year=START.year - 15))
    looked_after(child, sw, carer=provider(name="SA", placement_type="K3", urn="2000002"))


def test_director_must_give_reason_plan_and_target_date(child, boss):
    with pytest.raises(ValidationError) as exc:
        looked_after(child, boss, carer=unregistered_home())
    errors = errors_of(exc)
    assert {"authorisation_reason", "plan_to_end", "target_end_date", "provider"} <= set(errors)


def test_dolo_refused_while_the_child_is_placed_with_parents_and_overlaps_refused(child, sw):
    services.period_start(by=sw, person=child, start_date=START, legal_status="C1", category_of_need="N1",
                          placement_type="P1")
    with pytest.raises(ValidationError) as exc:
        services.dolo_record(by=sw, person=child, start_date=START + dt.timedelta(days=1), court="High Court")
    assert "rule 710" in errors_of(exc)["start_date"][0]


def test_previous_permanence_follows_the_903_rules(child, sw):
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, previous_permanence="P2")
    assert set(errors_of(exc)) == {"previous_permanence_la", "previous_permanence_date"}
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, previous_permanence="Z1", previous_permanence_la="999")
    assert "rule 635" in errors_of(exc)["previous_permanence"][0]
    with pytest.raises(ValidationError) as exc:
        looked_after(child, sw, previous_permanence="P2", previous_permanence_la="999",
                     previous_permanence_date=START.strftime("%d/%m/%Y"))
    assert "rule 632" in errors_of(exc)["previous_permanence_date"][0]
    period = looked_after(child, sw, previous_permanence="P2", previous_permanence_la="999",
                          previous_permanence_date="ZZ/06/2019")
    assert (period.previous_permanence, period.previous_permanence_date) == ("P2", "ZZ/06/2019")

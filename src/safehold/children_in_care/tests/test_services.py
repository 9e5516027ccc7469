"""Children in care services: the 903 episode sequence, the age and date rules, and the
unregistered provision guard. Synthetic data only."""

import datetime as dt
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.audit.models import AuditEvent
from safehold.children_in_care import selectors, services
from safehold.children_in_care.models import (
    CareEpisode,
    PeriodOfCare,
    Placement,
    UnregisteredPlacementAuthorisation,
)
from safehold.people.models import ChronologyEntry
from safehold.people.tests.factories import PersonFactory

from .helpers import (
    START,
    authorisation,
    director,
    foster,
    home_address,
    looked_after,
    provider,
    unregistered_home,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(users):
    return users["social_worker"]


@pytest.fixture
def boss(users):
    return director(service=users["service_manager"].service)


def episodes(child):
    return [(e.reason_new_episode, e.legal_status, e.placement.placement_type, e.start_date, e.end_date,
             e.reason_ended) for e in CareEpisode.objects.filter(person=child).select_related("placement")]


def errors_of(exc) -> dict:
    return exc.value.message_dict


# --- Becoming looked after -----------------------------------------------------------------------------

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


# --- The 903 episode sequence -----------------------------------------------------------------------------

def test_episode_sequence_s_l_p_t_and_left_care(child, sw):
    looked_after(child, sw, legal_status="V2")
    d1, d2, d3, d4 = (START + dt.timedelta(days=n) for n in (10, 20, 30, 40))
    services.legal_status_change(by=sw, person=child, start_date=d1, legal_status="C1")
    services.placement_change(by=sw, person=child, start_date=d2, provider=foster("Carer 2"), change_reason="CARPL")
    services.placement_change(by=sw, person=child, start_date=d3, provider=foster("Carer 2", "U4"),
                              change_reason="CARPL", same_carer=True)
    services.period_end(by=sw, person=child, end_date=d4, reason="E4A")
    assert episodes(child) == [
        ("S", "V2", "U6", START, d1, "X1"),
        ("L", "C1", "U6", d1, d2, "X1"),
        ("P", "C1", "U6", d2, d3, "X1"),
        ("T", "C1", "U4", d3, d4, "E4A"),
    ]
    # Rule 433: every episode after the first starts on the day the previous one ended.
    rows = list(CareEpisode.objects.filter(person=child))
    assert all(a.end_date == b.start_date for a, b in pairwise(rows))
    period = PeriodOfCare.objects.get(person=child)
    assert (period.end_date, period.reason_ended) == (d4, "E4A")
    assert not Placement.objects.filter(person=child, end_date__isnull=True).exists()
    assert Placement.objects.get(person=child, start_date=START).change_reason == "CARPL"  # ended by the move
    assert ChronologyEntry.objects.filter(person=child, event_type="left_care").exists()


def test_placement_and_legal_status_on_the_same_day_is_one_b_or_u_episode(child, sw):
    looked_after(child, sw, legal_status="C1")
    d1, d2 = START + dt.timedelta(days=5), START + dt.timedelta(days=9)
    services.placement_change(by=sw, person=child, start_date=d1, provider=foster("Carer 2"), change_reason="CARPL",
                              legal_status="C2")
    services.placement_change(by=sw, person=child, start_date=d2, provider=foster("Carer 2", "U4"),
                              change_reason="CARPL", same_carer=True, legal_status="E1")
    assert [e[:2] for e in episodes(child)] == [("S", "C1"), ("B", "C2"), ("U", "E1")]


def test_legal_status_change_on_the_day_of_a_move_turns_p_into_b(child, sw):
    looked_after(child, sw, legal_status="C1")
    d1 = START + dt.timedelta(days=5)
    services.placement_change(by=sw, person=child, start_date=d1, provider=foster("Carer 2"), change_reason="CARPL")
    services.legal_status_change(by=sw, person=child, start_date=d1, legal_status="C2")
    assert [e[:2] for e in episodes(child)] == [("S", "C1"), ("B", "C2")]


def test_reason_for_a_move_required_except_for_temporary_placements(child, sw):
    looked_after(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=3),
                                  provider=foster("Carer 2"))
    assert "rule 226" in errors_of(exc)["change_reason"][0]
    services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=3), placement_type="T3")
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=6),
                                  provider=foster("Carer 3"), change_reason="CARPL")
    assert "Leave the reason blank" in errors_of(exc)["change_reason"][0]


def test_overlapping_placement_is_refused_on_the_date_field(child, sw):
    looked_after(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START - dt.timedelta(days=1),
                                  provider=foster("Carer 2"), change_reason="CARPL")
    assert "must not overlap" in errors_of(exc)["start_date"][0]


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


# --- The unregistered provision guard ----------------------------------------------------------------------

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


def test_supported_accommodation_for_a_15_year_old_refused_even_if_registered(sw):
    child = PersonFactory(dob=START.replace(year=START.year - 15) - dt.timedelta(days=30))
    looked_after(child, sw)
    k3 = provider(name="Stepping Stones Supported Living 1", placement_type="K3", urn="2000001")
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=3), provider=k3,
                                  change_reason="CARPL")
    text = " ".join(errors_of(exc)["provider"])
    assert "under 16" in text and "(Amendment) Regulations 2021" in text
    assert Placement.objects.filter(person=child).count() == 1


def test_supported_accommodation_for_a_16_year_old_with_complete_application_goes_ahead(sw):
    child = PersonFactory(dob=START.replace(year=START.year - 16) - dt.timedelta(days=30))
    k3 = provider(name="Stepping Stones 2", placement_type="K3", urn="", status="applied")
    looked_after(child, sw, carer=k3)
    assert Placement.objects.get(person=child).placement_type == "K3"


def test_under_16_ban_date_is_a_setting(sw, settings):
    settings.CHILDREN_IN_CARE_UNDER_16_BAN_FROM = START + dt.timedelta(days=1)
    child = PersonFactory(dob=START.replace(year=START.year - 15))
    looked_after(child, sw, carer=provider(name="SA", placement_type="K3", urn="2000002"))


def test_social_worker_cannot_authorise_even_with_the_reasons(child, sw):
    with pytest.raises(ValidationError):
        looked_after(child, sw, carer=unregistered_home(), authorisation=authorisation())
    assert not UnregisteredPlacementAuthorisation.objects.exists()


def test_director_flag_only_counts_for_service_managers_and_leaders(child, users):
    from safehold.accounts.policy import Perm, has_perm

    sw = users["social_worker"]
    sw.is_director = True
    assert not has_perm(sw, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
    assert not has_perm(users["service_manager"], Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
    assert has_perm(director(), Perm.PLACEMENT_AUTHORISE_UNREGISTERED)


def test_director_must_give_reason_plan_and_target_date(child, boss):
    with pytest.raises(ValidationError) as exc:
        looked_after(child, boss, carer=unregistered_home())
    errors = errors_of(exc)
    assert {"authorisation_reason", "plan_to_end", "target_end_date", "provider"} <= set(errors)


def test_director_authorises_and_the_placement_is_on_the_register(child, boss, users):
    looked_after(child, boss, carer=unregistered_home(), authorisation=authorisation())
    auth = UnregisteredPlacementAuthorisation.objects.get()
    assert auth.authorised_by == boss and auth.person == child
    assert "not registered with Ofsted" in auth.concerns
    assert list(selectors.unregistered_placements(on=START + dt.timedelta(days=3))) == [auth]
    assert list(selectors.unregistered_placements(on=START - dt.timedelta(days=1))) == []
    assert list(selectors.unregistered_placements(on=START, fetched_by=users["leader"])) == [auth]
    assert ChronologyEntry.objects.filter(person=child, event_type="unregistered_authorised").exists()
    # Off the register once the child moves on.
    services.placement_change(by=users["social_worker"], person=child, start_date=START + dt.timedelta(days=10),
                              provider=provider(), change_reason="CARPL")
    assert list(selectors.unregistered_placements(on=START + dt.timedelta(days=11))) == []


def test_register_updates_and_actions(child, boss, users):
    looked_after(child, boss, carer=unregistered_home(), authorisation=authorisation())
    auth = UnregisteredPlacementAuthorisation.objects.get()
    services.authorisation_update(by=users["team_manager"], authorisation=auth, expected_version=auth.version,
                                  ofsted_notified_on=START, registration_application="applied",
                                  plan_to_end="Move to Oak House", target_end_date=START + dt.timedelta(days=14))
    services.authorisation_action_add(by=boss, authorisation=auth, action="Chase Ofsted application",
                                      owner="Placements team", due_date=START + dt.timedelta(days=7))
    auth.refresh_from_db()
    assert auth.ofsted_notified_on == START and auth.actions.count() == 1
    with pytest.raises(PermissionDenied):
        services.authorisation_action_add(by=users["social_worker"], authorisation=auth, action="x", owner="y",
                                          due_date=START)


# --- DoLO, UASC, adoption ------------------------------------------------------------------------------

def test_dolo_forbids_k1_p1_r5_k3_placements(child, sw):
    looked_after(child, sw)
    services.dolo_record(by=sw, person=child, start_date=START + dt.timedelta(days=1), court="High Court")
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=3), placement_type="P1",
                                  change_reason="CARPL")
    assert "rule 710" in errors_of(exc)["placement_type"][0]


def test_dolo_refused_while_the_child_is_placed_with_parents_and_overlaps_refused(child, sw):
    services.period_start(by=sw, person=child, start_date=START, legal_status="C1", category_of_need="N1",
                          placement_type="P1")
    with pytest.raises(ValidationError) as exc:
        services.dolo_record(by=sw, person=child, start_date=START + dt.timedelta(days=1), court="High Court")
    assert "rule 710" in errors_of(exc)["start_date"][0]


def test_dolo_dates_and_leaving_care_with_an_open_dolo(child, sw):
    looked_after(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.dolo_record(by=sw, person=child, start_date=START, end_date=START - dt.timedelta(days=1), court="")
    assert {"end_date", "court"} <= set(errors_of(exc))
    order = services.dolo_record(by=sw, person=child, start_date=START, court="High Court")
    with pytest.raises(ValidationError) as exc:
        services.dolo_record(by=sw, person=child, start_date=START + dt.timedelta(days=5), court="High Court")
    assert "overlap" in errors_of(exc)["start_date"][0]
    with pytest.raises(ValidationError) as exc:
        services.period_end(by=sw, person=child, end_date=START + dt.timedelta(days=9), reason="E4A")
    assert "still open" in errors_of(exc)["end_date"][0]
    services.dolo_update(by=sw, order=order, expected_version=order.version, start_date=START, court="High Court",
                         end_date=START + dt.timedelta(days=9))
    services.period_end(by=sw, person=child, end_date=START + dt.timedelta(days=9), reason="E4A")


def test_uasc_ceased_after_18th_birthday_refused(sw):
    child = PersonFactory(dob=dt.date(2008, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.uasc_update(by=sw, person=child, is_uasc=True, ceased_on=dt.date(2026, 3, 2))
    assert "rule 304" in errors_of(exc)["ceased_on"][0]
    status = services.uasc_update(by=sw, person=child, is_uasc=True, ceased_on=dt.date(2026, 3, 1))
    assert status.ceased_on == dt.date(2026, 3, 1)


def test_adoption_dates_in_order_and_reason_with_decision(child, sw):
    with pytest.raises(ValidationError) as exc:
        services.adoption_update(by=sw, person=child, should_be_placed_on=dt.date(2024, 5, 1),
                                 placement_order_on=dt.date(2024, 4, 1), no_longer_placed_on=dt.date(2024, 9, 1))
    errors = errors_of(exc)
    assert "on or after the date of the decision" in errors["placement_order_on"][0]
    assert "rule 119" in errors["no_longer_reason"][0]
    record = services.adoption_update(by=sw, person=child, should_be_placed_on=dt.date(2024, 5, 1),
                                      placement_order_on=dt.date(2024, 6, 1), matched_on=dt.date(2024, 9, 1),
                                      placed_on=dt.date(2024, 10, 1))
    assert record.placed_on == dt.date(2024, 10, 1)


def test_an_adoption_order_needs_the_adopters_and_their_legal_status_must_fit(child, sw):
    dates = {"should_be_placed_on": dt.date(2024, 5, 1), "matched_on": dt.date(2024, 9, 1),
             "placed_on": dt.date(2024, 10, 1), "adopted_on": dt.date(2025, 2, 3)}
    with pytest.raises(ValidationError) as exc:
        services.adoption_update(by=sw, person=child, **dates)
    errors = errors_of(exc)
    assert {"by_former_foster_carers", "adopters_sex", "adopters_legal_status"} <= set(errors)
    assert "rule 601" in errors["adopters_sex"][0]
    with pytest.raises(ValidationError) as exc:  # a married couple of different sexes is not two women
        services.adoption_update(by=sw, person=child, by_former_foster_carers=False, adopters_sex="FF",
                                 adopters_legal_status="L11", **dates)
    assert "needs a male and female couple" in errors_of(exc)["adopters_legal_status"][0]
    record = services.adoption_update(by=sw, person=child, by_former_foster_carers=False, adopters_sex="FF",
                                      adopters_legal_status="L2", **dates)
    assert (record.by_former_foster_carers, record.adopters_sex, record.adopters_legal_status) == (False, "FF", "L2")


# --- Providers and stability -----------------------------------------------------------------------------

def test_provider_register_rules(users):
    tm = users["team_manager"]
    with pytest.raises(ValidationError) as exc:
        services.provider_create(by=tm, name="Elm House", placement_type="K2", provider_code="PR3", urn="",
                                 registration_status="registered", registration_checked_on=None)
    errors = errors_of(exc)
    assert "rule 529" in errors["provider_code"][0]
    assert {"urn", "registration_checked_on"} <= set(errors)
    p = services.provider_create(by=tm, name="Elm House", placement_type="K2", provider_code="PR4", urn="sc100002",
                                 registration_status="registered", registration_checked_on=START, postcode="nf1 2ab")
    assert (p.urn, p.postcode) == ("SC100002", "NF1 2AB")
    with pytest.raises(PermissionDenied):
        services.provider_create(by=users["social_worker"], name="X", placement_type="U6",
                                 provider_code="PR1", registration_status="not_required")


def test_placement_moves_and_children_with_three_or_more(child, sw, users):
    looked_after(child, sw)
    for n, code in ((10, "U4"), (20, "U5"), (30, "U6")):
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=n),
                                  provider=foster(f"Carer {n}", code), change_reason="CARPL")
    until = START + dt.timedelta(days=40)
    assert selectors.placement_moves(person=child, until=until) == 4
    assert selectors.placement_moves(person=child, since=START + dt.timedelta(days=25), until=until) == 2
    many = list(selectors.children_with_many_placements(fetched_by=users["leader"], until=until))
    assert many == [child] and many[0].placement_count == 4
    assert list(selectors.children_with_many_placements(fetched_by=users["partner"], until=until)) == []


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


def test_a_provider_postcode_must_be_a_postcode(users):
    """Issue 15.5: a postcode "=1+2" typed on the register would reach the 903 and Annex A as a formula."""
    import pytest as _pytest
    from django.core.exceptions import ValidationError as _VE

    with _pytest.raises(_VE) as exc:
        services.provider_create(by=users["team_manager"], name="Hostile House", placement_type="K2",
                                 provider_code="PR4", urn="SC100009", registration_status="registered",
                                 registration_checked_on=dt.date(2025, 1, 1), postcode="=1+2")
    assert list(exc.value.message_dict) == ["postcode"]
    with _pytest.raises(_VE) as exc:
        services.provider_create(by=users["team_manager"], name="Hostile House", placement_type="K2",
                                 provider_code="PR4", urn="=1+2", registration_status="registered",
                                 registration_checked_on=dt.date(2025, 1, 1), postcode="NR1 1AA")
    assert "urn" in exc.value.message_dict
    provider = services.provider_create(by=users["team_manager"], name="Fine House", placement_type="K2",
                                        provider_code="PR4", urn="SC100010", registration_status="registered",
                                        registration_checked_on=dt.date(2025, 1, 1), postcode="nr1 1aa")
    assert provider.postcode == "NR1 1AA"

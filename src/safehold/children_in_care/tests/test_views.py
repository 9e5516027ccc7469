"""Children in care pages: happy paths, errors shown on their fields with nothing saved, the guard's
refusal for a social worker and a director's authorisation, the panel, the registers, and
concurrent edits detected."""

import datetime as dt

import pytest
from django.urls import reverse

from safehold.children_in_care import services
from safehold.children_in_care.models import (
    AdoptionMilestones,
    CareEpisode,
    DeprivationOfLibertyOrder,
    PeriodOfCare,
    Placement,
    Provider,
    UASCStatus,
    UnregisteredPlacementAuthorisation,
)
from safehold.family_help.models import CINEpisode

from .helpers import START, authorisation, director, foster, looked_after, provider, unregistered_home

pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def boss(users):
    return director(service=users["service_manager"].service)


def url(name, *args):
    return reverse(f"children_in_care:{name}", args=args)


def test_period_start_page_then_panel(child, sw, login):
    client = login(sw)
    carer = foster()
    assert client.get(url("period_start", child.pk)).status_code == 200
    form = {**date_fields("start_date", START), "legal_status": "C2", "category_of_need": "N1", "provider": carer.pk}
    body = client.post(url("period_start", child.pk), form).content.decode()
    assert 'href="#id_referral_source"' in body  # no episode of need open: the census would miss the child
    response = client.post(url("period_start", child.pk), {**form, "referral_source": "6"})
    assert response.status_code == 302
    assert CareEpisode.objects.get(person=child).reason_new_episode == "S"
    episode = CINEpisode.objects.get(person=child)
    assert (episode.referral_date, episode.referral_source, episode.primary_need) == (START, "6", "N1")
    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="panel-children_in_care-heading"' in page
    assert "C2 Full care order" in page and 'id="cic-episodes"' in page
    assert "Change the placement" in page


def test_period_start_errors_are_on_their_fields(child, sw, login):
    response = login(sw).post(url("period_start", child.pk), {**date_fields("start_date", START),
                                                               "legal_status": "J1", "category_of_need": "N1",
                                                               "referral_source": "6", "placement_type": "P1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and 'href="#id_legal_status"' in body
    assert "at least 10" in body
    assert not PeriodOfCare.objects.exists()


def test_social_worker_sees_the_refusal_and_that_a_director_must_authorise(child, sw, login):
    home = unregistered_home()
    response = login(sw).post(url("period_start", child.pk), {**date_fields("start_date", START),
                                                               "legal_status": "C2", "category_of_need": "N1",
                                                               "referral_source": "6", "provider": home.pk,
                                                               "authorisation_reason": "x"})
    body = response.content.decode()
    assert 'href="#id_provider"' in body
    assert "Care Standards Act 2000 s1(2)" in body and "Only a director" in body
    assert "authorisation_reason" not in body  # the authorisation questions are for directors only
    assert not PeriodOfCare.objects.exists()


def test_director_authorises_on_the_form_and_the_register_shows_it(child, boss, users, login):
    home = unregistered_home()
    client = login(boss)
    assert 'id="director-authorisation"' in client.get(url("period_start", child.pk)).content.decode()
    response = client.post(url("period_start", child.pk), {
        **date_fields("start_date", START), "legal_status": "C2", "category_of_need": "N1", "provider": home.pk,
        "referral_source": "6", "authorisation_reason": "No registered home would take him", "plan_to_end": "Search daily",
        **date_fields("target_end_date", START + dt.timedelta(days=28)), "registration_application": "applied"})
    assert response.status_code == 302
    auth = UnregisteredPlacementAuthorisation.objects.get()
    assert auth.registration_application == "applied" and auth.authorised_by == boss
    page = login(users["leader"]).get(url("unregistered_register")).content.decode()
    assert child.full_name in page and home.name in page and "Ofsted must be" in page


def test_authorisation_page_records_ofsted_and_actions_and_detects_conflicts(child, boss, users, login):
    looked_after(child, boss, carer=unregistered_home(), authorisation=authorisation())
    auth = UnregisteredPlacementAuthorisation.objects.get()
    client = login(users["team_manager"])
    assert client.get(url("authorisation_edit", auth.pk)).status_code == 200
    response = client.post(url("authorisation_edit", auth.pk), {
        "form": "action", "action-action": "Chase Ofsted", "action-owner": "Placements team",
        **date_fields("action-due_date", START + dt.timedelta(days=3))})
    assert response.status_code == 302 and auth.actions.count() == 1
    form = {"form": "authorisation", "version": auth.version, **date_fields("ofsted_notified_on", START),
            "registration_application": "applied", "plan_to_end": "Move to Oak House",
            **date_fields("target_end_date", START + dt.timedelta(days=20))}
    assert client.post(url("authorisation_edit", auth.pk), form).status_code == 302
    response = client.post(url("authorisation_edit", auth.pk), form)  # the same, stale, version again
    assert "Someone else changed this authorisation" in response.content.decode()


def test_legal_status_and_placement_change_pages(child, sw, login):
    looked_after(child, sw)
    client = login(sw)
    assert client.get(url("legal_status_change", child.pk)).status_code == 200
    response = client.post(url("legal_status_change", child.pk), {**date_fields("start_date", START),
                                                                    "legal_status": "C1"})
    assert response.status_code == 302
    placement = Placement.objects.get(person=child)
    response = client.post(url("placement_change", child.pk), {
        "version": placement.version, **date_fields("start_date", START + dt.timedelta(days=3)),
        "provider": foster("Carer 2").pk})
    body = response.content.decode()
    assert 'href="#id_change_reason"' in body and "rule 226" in body
    response = client.post(url("placement_change", child.pk), {
        "version": placement.version, **date_fields("start_date", START + dt.timedelta(days=3)),
        "provider": foster("Carer 2").pk, "change_reason": "CARPL"})
    assert response.status_code == 302
    assert [e.reason_new_episode for e in CareEpisode.objects.filter(person=child)] == ["S", "P"]


def test_placement_change_detects_a_concurrent_move(child, sw, users, login):
    looked_after(child, sw)
    placement = Placement.objects.get(person=child)
    stale = placement.version
    placement.intended_until_18 = True
    from safehold.core.concurrency import save_if_unchanged

    save_if_unchanged(placement, expected_version=stale, fields=["intended_until_18"])  # someone else's edit
    response = login(sw).post(url("placement_change", child.pk), {
        "version": stale, **date_fields("start_date", START + dt.timedelta(days=3)),
        "provider": foster("Carer 2").pk, "change_reason": "CARPL"})
    assert response.status_code == 200
    assert "Someone else changed this placement" in response.content.decode()
    assert Placement.objects.filter(person=child).count() == 1


def test_period_end_page(child, sw, login):
    period = looked_after(child, sw)
    client = login(sw)
    response = client.post(url("period_end", child.pk), {"version": period.version,
                                                          **date_fields("end_date", START), "reason": "X1"})
    assert 'href="#id_reason"' in response.content.decode()
    response = client.post(url("period_end", child.pk), {"version": period.version,
                                                          **date_fields("end_date", START + dt.timedelta(days=5)),
                                                          "reason": "E4A"})
    assert response.status_code == 302
    assert PeriodOfCare.objects.get().reason_ended == "E4A"


def test_dolo_uasc_and_adoption_pages(child, sw, login):
    client = login(sw)
    response = client.post(url("dolo_new", child.pk), {**date_fields("start_date", START), "court": "High Court"})
    assert response.status_code == 302
    order = DeprivationOfLibertyOrder.objects.get()
    assert client.get(url("dolo_edit", child.pk, order.pk)).status_code == 200
    response = client.post(url("uasc_edit", child.pk), {"is_uasc": "on", **date_fields("ceased_on", START)})
    assert response.status_code == 302 and UASCStatus.objects.get().is_uasc
    response = client.post(url("adoption_edit", child.pk), {**date_fields("should_be_placed_on", START),
                                                             **date_fields("placement_order_on",
                                                                           START - dt.timedelta(days=1))})
    body = response.content.decode()
    assert 'href="#id_placement_order_on"' in body and not AdoptionMilestones.objects.exists()


def test_adoption_page_records_the_adopters(child, sw, login):
    client = login(sw)
    form = {**date_fields("should_be_placed_on", START), **date_fields("adopted_on", START + dt.timedelta(days=200)),
            "adopters_sex": "MF", "adopters_legal_status": "L11"}
    body = client.post(url("adoption_edit", child.pk), form).content.decode()
    assert 'href="#id_by_former_foster_carers"' in body and 'href="#id_matched_on"' in body  # rules 601, 151
    assert not AdoptionMilestones.objects.exists()
    form.update(date_fields("matched_on", START + dt.timedelta(days=30)))
    response = client.post(url("adoption_edit", child.pk), {**form, "by_former_foster_carers": "True"})
    assert response.status_code == 302
    record = AdoptionMilestones.objects.get()
    assert (record.by_former_foster_carers, record.adopters_sex, record.adopters_legal_status) == (True, "MF", "L11")
    page = client.get(url("adoption_edit", child.pk)).content.decode()
    assert 'type="radio" value="True" checked>' in page and 'value="False" checked' not in page


def test_adoption_concurrent_edit_is_detected(child, sw, login):
    record = services.adoption_update(by=sw, person=child, should_be_placed_on=START)
    stale = record.version
    services.adoption_update(by=sw, person=child, expected_version=stale, should_be_placed_on=START,
                             matched_on=START + dt.timedelta(days=30))
    response = login(sw).post(url("adoption_edit", child.pk), {"version": stale,
                                                                **date_fields("should_be_placed_on", START)})
    assert "Someone else changed this adoption record" in response.content.decode()
    assert AdoptionMilestones.objects.get().matched_on == START + dt.timedelta(days=30)


def test_provider_register_pages(users, login):
    client = login(users["team_manager"])
    response = client.post(url("provider_new"), {"name": "Elm House", "placement_type": "K2", "provider_code": "PR4",
                                                 "registration_status": "registered"})
    body = response.content.decode()
    assert 'href="#id_urn"' in body and not Provider.objects.exists()
    response = client.post(url("provider_new"), {"name": "Elm House", "placement_type": "K2", "provider_code": "PR4",
                                                 "registration_status": "registered", "urn": "SC100009",
                                                 **date_fields("registration_checked_on", START), "is_active": "on"})
    assert response.status_code == 302
    p = Provider.objects.get()
    assert "Elm House" in client.get(url("provider_list")).content.decode()
    stale = {"version": p.version, "name": "Elm House 2", "placement_type": "K2", "provider_code": "PR4",
             "registration_status": "registered", "urn": "SC100009",
             **date_fields("registration_checked_on", START), "is_active": "on"}
    assert client.post(url("provider_edit", p.pk), stale).status_code == 302
    response = client.post(url("provider_edit", p.pk), {**stale, "name": "Elm House 3"})
    assert "Someone else changed this provider" in response.content.decode()
    assert Provider.objects.get().name == "Elm House 2"


def test_panel_shows_distance_unknown(child, sw, login):
    looked_after(child, sw, carer=provider())
    page = login(sw).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Not known: the distance could not be worked out" in page


def test_panel_warns_when_a_dolo_child_is_not_in_k2_z12_z13(child, sw, login):
    import django.utils.timezone as tz

    today = tz.localdate()
    looked_after(child, sw, start=today - dt.timedelta(days=10))
    services.dolo_record(by=sw, person=child, start_date=today - dt.timedelta(days=5), court="High Court")
    page = login(sw).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "rule 709 expects K2, Z12 or Z13" in page


def test_register_link_in_navigation_for_leaders_only(users, login):
    assert "Unregistered placements" in login(users["leader"]).get(reverse("home")).content.decode()
    assert "Unregistered placements" not in login(users["social_worker"]).get(reverse("home")).content.decode()

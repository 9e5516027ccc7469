"""Care leaver pages: the record panel, each form's happy path, errors on their fields with nothing
saved, and the caseload page with its filter."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.tests.factories import UserFactory
from safehold.care_leavers import selectors, services
from safehold.care_leavers.models import (
    BirthdayCheckIn,
    CareLeaverAccommodation,
    CareLeaverStatus,
    KeepingInTouchContact,
    PathwayPlan,
)
from safehold.casework.models import Allocation

from .helpers import left_care_at_18

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def url(name, *args):
    return reverse(f"care_leavers:{name}", args=args)


@pytest.fixture
def leaver(child, users):
    left_care_at_18(child, users["team_manager"])
    return child


def record(client, person) -> str:
    return client.get(reverse("people:detail", args=[person.pk])).content.decode()


def test_panel_shows_the_unconfirmed_category_no_plan_and_the_check_in_due(leaver, sw, login):
    page = record(login(sw), leaver)
    assert 'id="panel-care_leavers-heading"' in page
    assert "Former relevant child since" in page
    assert "has not been confirmed" in page and 'id="cl-no-plan"' in page
    assert f"{url('check_in_record', leaver.pk)}?age=18" in page
    assert "Confirm the category" in page
    # A social worker cannot allocate: no link to assign the adviser.
    assert url("personal_adviser_assign", leaver.pk) not in page


def test_panel_is_hidden_for_a_child_with_nothing_to_show(child, sw, login):
    assert 'id="panel-care_leavers-heading"' not in record(login(sw), child)


def test_confirm_the_category(leaver, sw, login):
    client = login(sw)
    page = client.get(url("eligibility_set", leaver.pk)).content.decode()
    assert "Suggested from the periods of care: Former relevant child" in page
    response = client.post(url("eligibility_set", leaver.pk), {
        "eligibility": "former_relevant", **date_fields("start_date", selectors.birthday(leaver.dob, 18)),
        "support_requested_to_25": "on"})
    assert response.status_code == 302
    s = CareLeaverStatus.objects.get(person=leaver)
    assert s.confirmed and s.support_requested_to_25
    assert "asked for support to 25" in record(client, leaver)


def test_category_errors_are_shown_on_their_fields(leaver, sw, login):
    response = login(sw).post(url("eligibility_set", leaver.pk), {"eligibility": "qualifying",
                                                                   **date_fields("start_date", TODAY)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and 'href="#id_reason"' in body
    assert "enter why you chose qualifying care leaver" in body
    assert CareLeaverStatus.objects.get(person=leaver).eligibility == "former_relevant"


def test_manager_assigns_a_personal_adviser(leaver, users, login):
    tm = users["team_manager"]
    adviser = UserFactory(username="pa_view", first_name="Pat", last_name="Morgan", team=tm.team)
    client = login(tm)
    assert client.get(url("personal_adviser_assign", leaver.pk)).status_code == 200
    response = client.post(url("personal_adviser_assign", leaver.pk), {"worker": adviser.pk,
                                                                       **date_fields("started_on", TODAY)})
    assert response.status_code == 302
    assert Allocation.objects.get(person=leaver, role="personal_adviser").worker == adviser
    assert "Pat Morgan" in record(client, leaver)


def test_pathway_plan_then_review_pages(leaver, sw, login):
    client = login(sw)
    assert "Record the pathway plan" in client.get(url("pathway_plan", leaver.pk)).content.decode()
    made = TODAY - dt.timedelta(days=30)
    client.post(url("pathway_plan", leaver.pk), {**date_fields("start_date", made), "summary": "College, flat"})
    assert PathwayPlan.objects.filter(person=leaver).exists()
    page = client.get(url("pathway_plan", leaver.pk)).content.decode()
    assert "Record a pathway plan review" in page
    response = client.post(url("pathway_plan", leaver.pk), {**date_fields("review_date", TODAY),
                                                             "summary": "Stays at college",
                                                             "young_person_views": "Wants to learn to drive"})
    assert response.status_code == 302
    panel = record(client, leaver)
    due = selectors.add_months(TODAY, 6)
    assert f'<span id="cl-review-due">{due:%-d %b %Y}</span>' in panel


def test_review_errors_are_shown_and_nothing_saved(leaver, sw, login):
    client = login(sw)
    services.pathway_plan_start(by=sw, person=leaver, start_date=TODAY - dt.timedelta(days=5), summary="Plan")
    response = client.post(url("pathway_plan", leaver.pk), {**date_fields("review_date", TODAY - dt.timedelta(
        days=10)), "summary": ""})
    body = response.content.decode()
    assert "There is a problem" in body and 'href="#id_review_date"' in body and 'href="#id_summary"' in body
    assert "on or after the day the plan was made" in body
    assert not leaver.pathway_plan_reviews.exists()


def test_contact_page_and_the_in_accommodation_error(leaver, sw, login):
    client = login(sw)
    response = client.post(url("contact_record", leaver.pk), {**date_fields("contact_date", TODAY),
                                                              "method": "phone", "in_accommodation": "on",
                                                              "by_personal_adviser": "on"})
    body = response.content.decode()
    assert 'href="#id_in_accommodation"' in body and "Only a visit" in body
    assert not KeepingInTouchContact.objects.exists()
    client.post(url("contact_record", leaver.pk), {**date_fields("contact_date", TODAY), "method": "visit",
                                                   "in_accommodation": "on", "by_personal_adviser": "on"})
    panel = record(client, leaver)
    assert "(visit, in their accommodation)" in panel
    assert f'<span id="cl-contact-due">{selectors.add_months(TODAY, 2):%-d %b %Y}</span>' in panel


def test_accommodation_page_and_the_rule_133_error(leaver, sw, login):
    client = login(sw)
    response = client.post(url("accommodation_change", leaver.pk), {**date_fields("start_date", TODAY),
                                                                    "accommodation": "S", "accom_suitable": "1"})
    assert 'href="#id_accom_suitable"' in response.content.decode()
    assert not CareLeaverAccommodation.objects.exists()
    client.post(url("accommodation_change", leaver.pk), {**date_fields("start_date", TODAY), "accommodation": "U",
                                                         "accom_suitable": "1", "postcode": "NF1 2AB"})
    panel = record(client, leaver)
    assert "Independent living (U1), suitable" in panel
    assert f'<span id="cl-visit-due">{TODAY + dt.timedelta(days=7):%-d %b %Y}</span>' in panel


def test_check_in_page_prefills_accommodation_and_records(leaver, sw, login):
    client = login(sw)
    services.accommodation_change(by=sw, person=leaver, start_date=TODAY, accommodation="D", accom_suitable=True)
    page = client.get(url("check_in_record", leaver.pk) + "?age=18").content.decode()
    assert '<option value="D1" selected>' in page
    response = client.post(url("check_in_record", leaver.pk), {"age": "18", **date_fields("recorded_on", TODAY),
                                                               "in_touch": "DIED", "activity": "F2",
                                                               "accommodation": "D1"})
    body = response.content.decode()
    assert 'href="#id_activity"' in body and 'href="#id_accommodation"' in body and "903 rule 344" in body
    assert not BirthdayCheckIn.objects.exists()
    client.post(url("check_in_record", leaver.pk), {"age": "18", **date_fields("recorded_on", TODAY),
                                                    "in_touch": "YES", "activity": "F2", "accommodation": "D1"})
    panel = record(client, leaver)
    assert 'id="cl-check-in-18"' in panel and f"{TODAY:%-d %b %Y}" in panel
    # Nothing else is due, so the check-in page sends the worker back with the next window.
    response = client.get(url("check_in_record", leaver.pk), follow=True)
    assert "the 19th birthday check-in opens on" in response.content.decode()


def test_forms_for_someone_with_no_category_send_the_worker_back(child, sw, login):
    response = login(sw).get(url("contact_record", child.pk), follow=True)
    assert "has no care leaver category yet" in response.content.decode()


def test_caseload_page_lists_and_filters(leaver, users, login):
    tm = users["team_manager"]
    client = login(tm)
    body = client.get(url("caseload")).content.decode()
    assert "Amelia Hartley" in body and "No pathway plan" in body and "due by" in body
    adviser = UserFactory(username="pa_list", first_name="Robin", last_name="Shah", team=tm.team)
    body = client.get(url("caseload") + f"?team=&adviser={adviser.pk}").content.decode()
    assert "Amelia Hartley" not in body and "No care leavers." in body
    services.personal_adviser_assign(by=tm, person=leaver, worker=adviser)
    body = client.get(url("caseload") + f"?team=&adviser={adviser.pk}").content.decode()
    assert "Amelia Hartley" in body and "Robin Shah" in body

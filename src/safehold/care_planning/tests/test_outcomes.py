"""The SSDA903 OC2 answers: which items apply at the child's age, who is in OC2, what the service
refuses (each message names its DfE rule), the page, and concurrent edits."""

import datetime as dt
from types import SimpleNamespace as Ep

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safehold.care_planning import outcomes, services
from safehold.care_planning.models import AnnualOutcomes
from safehold.children_in_care.tests.helpers import looked_after
from safehold.core.concurrency import EditConflict

YEAR_END = dt.date(2026, 3, 31)


def test_items_that_apply_follow_the_childs_birthdays():
    toddler = outcomes.applies(dt.date(2022, 9, 1), YEAR_END)  # 3 at 31 March
    assert (toddler.sdq, toddler.conviction, toddler.development) == (False, False, True)
    four_in_year = outcomes.applies(dt.date(2022, 3, 31), YEAR_END)  # 4 on 31 March: an SDQ, reason SDQ1 allowed
    assert (four_in_year.sdq, four_in_year.sdq1, four_in_year.development) == (True, True, True)
    twelve = outcomes.applies(dt.date(2013, 6, 1), YEAR_END)
    assert (twelve.sdq, twelve.sdq1, twelve.conviction, twelve.development) == (True, False, True, False)
    seventeen_before_april = outcomes.applies(dt.date(2008, 3, 31), YEAR_END)  # 17 on 31 March 2025
    assert not seventeen_before_april.sdq
    assert outcomes.year_ending_for(dt.date(2026, 3, 31)) == YEAR_END
    assert outcomes.year_ending_for(dt.date(2026, 4, 1)) == dt.date(2027, 3, 31)


def test_continuously_looked_after_is_read_as_the_validator_reads_episodes():
    def ep(start, end=None, rne="P", rec="", ls="C2"):
        return Ep(start_date=start, end_date=end, reason_new_episode=rne, reason_ended=rec, legal_status=ls)

    since_2024 = [ep(dt.date(2024, 2, 1), dt.date(2025, 9, 1), "S", "X1"), ep(dt.date(2025, 9, 1))]
    assert outcomes.continuously_looked_after(since_2024, YEAR_END)
    came_in_april = [ep(dt.date(2025, 4, 2), rne="S")]
    assert not outcomes.continuously_looked_after(came_in_april, YEAR_END)
    went_home = [ep(dt.date(2023, 1, 1), dt.date(2026, 3, 30), "S", "E4A")]
    assert not outcomes.continuously_looked_after(went_home, YEAR_END)
    short_breaks = [ep(dt.date(2023, 1, 1), rne="S", ls="V4")]
    assert not outcomes.continuously_looked_after(short_breaks, YEAR_END)


@pytest.fixture
def twelve_in_care(child, users):
    child.dob = dt.date(2013, 6, 1)
    child.save(update_fields=["dob"])
    looked_after(child, users["social_worker"], start=dt.date(2024, 11, 4))
    return child


def errors_of(exc) -> dict:
    return exc.value.message_dict


@pytest.mark.django_db
def test_the_service_asks_for_each_item_that_applies_and_refuses_the_rest(twelve_in_care, users):
    sw = users["social_worker"]
    with pytest.raises(ValidationError) as exc:
        services.outcomes_update(by=sw, person=twelve_in_care, year_ending=YEAR_END, immunisations_up_to_date=True,
                                 development_checks_up_to_date=True, sdq_score=12, sdq_reason="SDQ4",
                                 substance_misuse=True)
    errors = errors_of(exc)
    assert "rule 543" in errors["convicted"][0]
    assert "rule 546" in errors["development_checks_up_to_date"][0]
    assert "rule 197a" in errors["sdq_reason"][0]
    assert "rule 192" in errors["intervention_received"][0]
    assert not AnnualOutcomes.objects.exists()
    record = services.outcomes_update(by=sw, person=twelve_in_care, year_ending=YEAR_END,
                                      immunisations_up_to_date=True, sdq_score=12, convicted=False,
                                      substance_misuse=True, intervention_received=False, intervention_offered=True)
    assert (record.sdq_score, record.intervention_offered) == (12, True)
    with pytest.raises(ValidationError) as exc:  # a year the child was not in care
        services.outcomes_update(by=sw, person=twelve_in_care, year_ending=dt.date(2024, 3, 31),
                                 immunisations_up_to_date=True, sdq_score=12, convicted=False, substance_misuse=False)
    assert "was not looked after" in errors_of(exc)["year_ending"][0]


@pytest.mark.django_db
def test_a_second_editor_is_stopped_not_overwritten(twelve_in_care, users):
    sw = users["social_worker"]
    answers = {"immunisations_up_to_date": True, "sdq_score": 12, "convicted": False, "substance_misuse": False}
    first = services.outcomes_update(by=sw, person=twelve_in_care, year_ending=YEAR_END, **answers)
    services.outcomes_update(by=sw, person=twelve_in_care, year_ending=YEAR_END, expected_version=first.version,
                             **{**answers, "sdq_score": 20})
    with pytest.raises(EditConflict):
        services.outcomes_update(by=sw, person=twelve_in_care, year_ending=YEAR_END, expected_version=first.version,
                                 **{**answers, "sdq_score": 5})
    assert AnnualOutcomes.objects.get().sdq_score == 20


@pytest.mark.django_db
def test_the_page_asks_only_what_applies_and_the_record_shows_it(child, users, login):
    from django.utils import timezone

    child.dob = timezone.localdate().replace(year=timezone.localdate().year - 3) - dt.timedelta(days=40)
    child.save(update_fields=["dob"])
    looked_after(child, users["social_worker"], start=timezone.localdate() - dt.timedelta(days=400))
    year = outcomes.year_ending_for(timezone.localdate()).year
    client = login(users["social_worker"])
    url = reverse("care_planning:outcomes_edit", args=[child.pk, year])
    page = client.get(url).content.decode()
    assert "development assessments" in page and "SDQ" not in page and "convicted" not in page
    body = client.post(url, {"immunisations_up_to_date": "True", "substance_misuse": "False"}).content.decode()
    assert 'href="#id_development_checks_up_to_date"' in body and not AnnualOutcomes.objects.exists()
    response = client.post(url, {"immunisations_up_to_date": "True", "substance_misuse": "False",
                                 "development_checks_up_to_date": "True"})
    assert response.status_code == 302
    record = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert f'id="cp-outcomes-{year}">Recorded' in record
    assert client.get(reverse("care_planning:outcomes_edit", args=[child.pk, 0])).status_code == 404
    future = client.post(reverse("care_planning:outcomes_edit", args=[child.pk, year + 1]),
                         {"immunisations_up_to_date": "True", "substance_misuse": "False",
                          "development_checks_up_to_date": "True"}).content.decode()
    assert "cannot end after the current collection year" in future


@pytest.mark.django_db
def test_a_form_opened_before_anyone_saved_does_not_overwrite_a_save_made_since(twelve_in_care, users, login):
    url = reverse("care_planning:outcomes_edit", args=[twelve_in_care.pk, 2026])
    client = login(users["social_worker"])
    answers = {"immunisations_up_to_date": "True", "sdq_score": "12", "convicted": "False",
               "substance_misuse": "False"}
    client.get(url)  # opened with no answers yet, so no version
    services.outcomes_update(by=users["team_manager"], person=twelve_in_care, year_ending=YEAR_END,
                             immunisations_up_to_date=True, sdq_score=30, convicted=False, substance_misuse=False)
    body = client.post(url, {**answers, "version": ""}).content.decode()
    assert "Someone else changed these outcomes" in body
    assert AnnualOutcomes.objects.get().sdq_score == 30


@pytest.mark.django_db
def test_the_page_says_when_the_child_was_not_in_care_all_year(child, users, login):
    child.dob = dt.date(2013, 6, 1)
    child.save(update_fields=["dob"])
    looked_after(child, users["social_worker"], start=dt.date(2025, 9, 1))  # came into care mid-year
    page = login(users["social_worker"]).get(reverse("care_planning:outcomes_edit", args=[child.pk, 2026]))
    assert "was not looked after for the whole of this year" in page.content.decode()

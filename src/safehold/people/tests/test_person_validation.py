"""Adding and changing a person through the pages: bad input is refused on the field, with the
GOV.UK error summary, and nothing is saved (people/services.py _check_person)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from safehold.audit.models import AuditEvent
from safehold.people.models import Person
from safehold.people.tests.factories import PersonFactory, valid_upn, wrong_check_letter_upn

VALID_NHS = "943 476 5919"
WRONG_CHECK_NHS = "943 476 5918"
TAKEN_UPN = valid_upn("801200001001")
TAKEN_NHS = "4010232137"


def form_data(**overrides) -> dict[str, str]:
    data = {
        "kind": "child", "forename": "Noah", "surname": "Whitfield", "sex": "M", "ethnicity": "WBRI",
        "dob_day": "4", "dob_month": "3", "dob_year": "2018", "upn": "", "common_child_id": "",
        "duplicates_checked": "1",
    }
    data.update(overrides)
    return data


def tomorrow() -> dict[str, str]:
    d = timezone.localdate() + dt.timedelta(days=1)
    return {"dob_day": str(d.day), "dob_month": str(d.month), "dob_year": str(d.year)}


# (form overrides, field the error is on, message)
CASES = {
    "future_dob": (tomorrow(), "dob", "Date of birth must be today or in the past"),
    "empty_first_name": ({"forename": "  "}, "forename", "Enter a first name"),
    "empty_last_name": ({"surname": ""}, "surname", "Enter a last name"),
    "malformed_nhs": ({"common_child_id": "943 476 591"}, "common_child_id",
                      "Enter an NHS number with 10 digits, like 943 476 5919"),
    "nhs_letters": ({"common_child_id": "94347659AB"}, "common_child_id",
                    "Enter an NHS number with 10 digits, like 943 476 5919"),
    "nhs_wrong_check_digit": ({"common_child_id": WRONG_CHECK_NHS}, "common_child_id",
                              "Enter a real NHS number: the check digit of this one is wrong"),
    "duplicate_nhs": ({"common_child_id": TAKEN_NHS}, "common_child_id",
                      "This NHS number is already on the record for another person (C0009999)"),
    "duplicate_upn": ({"upn": TAKEN_UPN.lower()}, "upn",
                      "This UPN is already on the record for another person (C0009999)"),
    "upn_wrong_check_letter": ({"upn": wrong_check_letter_upn()}, "upn",
                               "Enter a real UPN: the check letter of this one is wrong"),
    "upn_malformed": ({"upn": "A12345"}, "upn", "Enter a UPN as a letter followed by 11 digits"),
}
@pytest.fixture
def existing(db):
    """Someone already on the record holding TAKEN_UPN and TAKEN_NHS (and no close name)."""
    return PersonFactory(forename="Zara", surname="Quinton", person_id="C0009999", upn=TAKEN_UPN,
                         common_child_id=TAKEN_NHS, dob=dt.date(2010, 1, 1))


def assert_error_page(response, field: str, message: str, *, check_summary_link: bool = True) -> str:
    assert response.status_code == 200
    body = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()
    assert title.startswith("Error:"), title
    summary = body.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert message in summary
    if check_summary_link:
        assert f'href="#id_{field}"' in summary
    inline = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', body, re.S)
    assert inline, f"no inline error on {field}"
    assert message in inline.group(1)
    return body


def test_valid_form_creates_the_person(users, login):
    response = login(users["social_worker"]).post(reverse("people:create"),
                                                  form_data(common_child_id=VALID_NHS, upn=valid_upn()))
    person = Person.objects.get(surname="Whitfield")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.common_child_id == "9434765919"
    assert person.upn == valid_upn()
    assert person.person_id == f"SH{person.pk:07d}"
    assert person.recorded_by == users["social_worker"]
    assert AuditEvent.objects.filter(action="person.create", person_id=person.pk).count() == 1


def _changes() -> int:
    """Audit rows of changes (signing in is audited too, and these tests sign in)."""
    return AuditEvent.objects.exclude(action__startswith="auth.").count()


@pytest.mark.parametrize("case", sorted(CASES))
def test_create_refuses_bad_input_on_the_field(case, existing, users, login):
    overrides, field, message = CASES[case]
    people_before, audit_before = Person.objects.count(), _changes()
    response = login(users["social_worker"]).post(reverse("people:create"), form_data(**overrides))
    assert_error_page(response, field, message, check_summary_link=False)
    assert Person.objects.count() == people_before
    assert _changes() == audit_before
    # What was typed is kept, so the user corrects it rather than starting again.
    if field in ("forename", "surname", "upn", "common_child_id") and overrides[field].strip():
        assert f'value="{overrides[field]}"' in response.content.decode()


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_summary_link_targets_the_field(case, existing, users, login):
    overrides, field, message = CASES[case]
    response = login(users["social_worker"]).post(reverse("people:create"), form_data(**overrides))
    assert_error_page(response, field, message)


@pytest.mark.parametrize("case", sorted(CASES))
def test_edit_refuses_bad_input_on_the_field(case, existing, child, users, login):
    overrides, field, message = CASES[case]
    before = Person.objects.filter(pk=child.pk).values().get()
    audit_before = _changes()
    data = form_data(forename="Amelia", surname="Hartley", sex="F", dob_day="1", dob_month="6", dob_year="2015",
                     version=str(child.version))
    data.pop("duplicates_checked")
    data.update(overrides)
    response = login(users["social_worker"]).post(reverse("people:edit", args=[child.pk]), data)
    assert_error_page(response, field, message)
    assert Person.objects.filter(pk=child.pk).values().get() == before
    assert _changes() == audit_before


def test_edit_may_keep_its_own_identifiers(child, users, login):
    """The duplicate check ignores the person being edited."""
    child.upn, child.common_child_id = TAKEN_UPN, TAKEN_NHS
    child.save()
    data = form_data(forename="Amelie", surname="Hartley", sex="F", dob_day="1", dob_month="6", dob_year="2015",
                     upn=TAKEN_UPN, common_child_id=TAKEN_NHS, version=str(child.version))
    response = login(users["social_worker"]).post(reverse("people:edit", args=[child.pk]), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.forename == "Amelie"


@pytest.mark.parametrize("dob, message", [
    ({"dob_day": "31", "dob_month": "2", "dob_year": "2018"}, "Date of birth must be a real date"),
    ({"dob_day": "4", "dob_month": "", "dob_year": "2018"}, "Date of birth must include a month"),
    ({"dob_day": "4", "dob_month": "3", "dob_year": "18"}, "Date of birth must have a 4-digit year"),
])
def test_impossible_dates_are_refused_by_the_form(dob, message, users, login):
    response = login(users["social_worker"]).post(reverse("people:create"), form_data(**dob))
    assert_error_page(response, "dob", message, check_summary_link=False)
    assert not Person.objects.exists()


def test_duplicate_identifier_without_the_check_shows_the_match_first(existing, users, login):
    data = form_data(upn=TAKEN_UPN)
    data.pop("duplicates_checked")
    response = login(users["social_worker"]).post(reverse("people:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="possible-duplicates"' in body
    assert existing.person_id in body
    assert Person.objects.count() == 1

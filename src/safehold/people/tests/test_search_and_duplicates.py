"""Finding people (tolerant of spelling) and spotting duplicates before one is created."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safehold.accounts.tests.factories import RecordAccessGrantFactory
from safehold.people.models import Person
from safehold.people.selectors import person_search, possible_duplicates
from safehold.people.tests.factories import AddressFactory, PersonFactory, valid_upn

NHS = "9434765919"


@pytest.fixture
def amelia(child):
    """Amelia Hartley (born 1 June 2015), with identifiers and an address; plus people who must not match."""
    child.upn = valid_upn()
    child.common_child_id = NHS
    child.save()
    AddressFactory(person=child, line1="12 Station Road", postcode="NF1 2AB")
    PersonFactory(forename="Jacob", surname="Morrison", dob=dt.date(2012, 2, 2))
    AddressFactory(person=PersonFactory(forename="Isla", surname="Pennington", dob=dt.date(2016, 7, 7)),
                   postcode="SW1A 1AA")
    return child


def names(results) -> list[str]:
    return [r.person.full_name for r in results]


@pytest.mark.parametrize("query", ["Amelia Hartley", "Amelia Hartly", "Emilia Hartley", "amelia hartley",
                                   "Hartley"])
def test_name_search_tolerates_spelling(query, amelia, users):
    results = person_search(fetched_by=users["social_worker"], name=query)
    assert names(results)[:1] == ["Amelia Hartley"]
    assert "Jacob Morrison" not in names(results)


def test_search_by_date_of_birth(amelia, users):
    assert names(person_search(fetched_by=users["social_worker"], dob=dt.date(2015, 6, 1))) == ["Amelia Hartley"]
    assert person_search(fetched_by=users["social_worker"], dob=dt.date(2015, 6, 2)) == []


@pytest.mark.parametrize("identifier", ["C0000001", "c0000001", valid_upn(), valid_upn().lower(), NHS,
                                        "943 476 5919", "943-476-5919"])
def test_search_by_any_identifier(identifier, amelia, users):
    assert names(person_search(fetched_by=users["social_worker"], identifier=identifier)) == ["Amelia Hartley"]


@pytest.mark.parametrize("postcode", ["NF1 2AB", "nf12ab", "NF1"])
def test_search_by_postcode(postcode, amelia, users):
    assert names(person_search(fetched_by=users["social_worker"], postcode=postcode)) == ["Amelia Hartley"]


def test_search_combines_criteria(amelia, users):
    assert person_search(fetched_by=users["social_worker"], name="Amelia Hartley", dob=dt.date(2016, 1, 1)) == []


def test_former_names_are_found(amelia, users):
    from safehold.people import services

    services.person_name_add(by=users["social_worker"], person=amelia, kind="former", forename="Amelia",
                             surname="Clarkson")
    assert names(person_search(fetched_by=users["social_worker"], name="Amelia Clarkson")) == ["Amelia Hartley"]


def test_merged_records_are_not_found(amelia, users):
    ghost = PersonFactory(forename="Amelia", surname="Hartley", merged_into=amelia)
    found = person_search(fetched_by=users["social_worker"], name="Amelia Hartley")
    assert ghost.pk not in [r.person.pk for r in found]


def test_roles_without_search_get_nothing(amelia, users):
    assert person_search(fetched_by=users["partner"], name="Amelia Hartley") == []
    assert person_search(fetched_by=users["admin"], identifier=NHS) == []


def test_restricted_record_is_masked_without_a_grant(amelia, users):
    amelia.is_restricted = True
    amelia.save()
    [result] = person_search(fetched_by=users["social_worker"], name="Amelia Hartley")
    assert result.masked and not result.can_open

    RecordAccessGrantFactory(person=amelia, user=users["social_worker"], granted_by=users["team_manager"],
                                     reason="Allocated worker")
    [result] = person_search(fetched_by=users["social_worker"], name="Amelia Hartley")
    assert not result.masked and result.can_open


def test_out_of_scope_record_is_found_but_not_openable(other_child, users):
    [result] = person_search(fetched_by=users["social_worker"], name="Oliver Brennan")
    assert not result.masked
    assert not result.can_open
    [result] = person_search(fetched_by=users["front_door"], name="Oliver Brennan")
    assert result.can_open


def test_search_page_hides_a_restricted_childs_details(amelia, users, login):
    amelia.is_restricted = True
    amelia.save()
    response = login(users["social_worker"]).post(reverse("people:search"), {"identifier": NHS}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Restricted record" in body
    assert amelia.person_id in body
    assert "Hartley" not in body and "1 Jun 2015" not in body


def test_search_page_shows_results(amelia, users, login):
    response = login(users["social_worker"]).post(reverse("people:search"), {"name": "Emilia Hartly"}, follow=True)
    body = response.content.decode()
    assert "1 person found" in body
    assert "Amelia Hartley" in body and reverse("people:detail", args=[amelia.pk]) in body


def test_search_page_with_nothing_entered_asks_for_something(users, login):
    response = login(users["social_worker"]).post(reverse("people:search"), {"name": ""})
    assert response.status_code == 200
    assert "Enter a name, date of birth, identifier or postcode to search" in response.content.decode()


# --- Duplicates -------------------------------------------------------------------------------------

def test_possible_duplicates_finds_a_close_name_with_the_same_dob(amelia):
    found = possible_duplicates(forename="Emilia", surname="Hartly", dob=dt.date(2015, 6, 1))
    assert [p.pk for p, _score, _on in found] == [amelia.pk]
    _p, score, on = found[0]
    assert score >= 75 and on == ["name", "date of birth"]


def test_possible_duplicates_ignores_a_close_name_with_another_dob(amelia):
    assert possible_duplicates(forename="Amelia", surname="Hartley", dob=dt.date(2019, 6, 1)) == []


def test_possible_duplicates_ignores_a_different_name_with_the_same_dob(amelia):
    assert possible_duplicates(forename="Jacob", surname="Morrison", dob=dt.date(2015, 6, 1)) == []


def test_possible_duplicates_finds_the_same_identifier_whatever_the_name(amelia):
    found = possible_duplicates(forename="Someone", surname="Else", nhs_number="943 476 5919")
    assert [(p.pk, on) for p, _s, on in found] == [(amelia.pk, ["identifier"])]
    found = possible_duplicates(forename="Someone", surname="Else", upn=valid_upn().lower())
    assert [p.pk for p, _s, _on in found] == [amelia.pk]


def test_possible_duplicates_excludes_the_record_itself(amelia):
    assert possible_duplicates(forename="Amelia", surname="Hartley", dob=amelia.dob, exclude_pk=amelia.pk) == []


def _create_data(**extra):
    data = {"kind": "child", "forename": "Emilia", "surname": "Hartly", "sex": "F", "ethnicity": "WBRI",
            "dob_day": "1", "dob_month": "6", "dob_year": "2015"}
    data.update(extra)
    return data


def test_creating_a_close_match_shows_possible_matches_and_saves_nothing(amelia, users, login):
    client = login(users["social_worker"])
    count = Person.objects.count()
    response = client.post(reverse("people:create"), _create_data())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Possible matches" in body
    table = body.split('id="possible-duplicates"', 1)[1].split("</table>", 1)[0]
    assert "Amelia Hartley" in table and amelia.person_id in table
    assert reverse("people:detail", args=[amelia.pk]) in table
    assert 'name="duplicates_checked" value="1"' in body
    assert Person.objects.count() == count

    response = client.post(reverse("people:create"), _create_data(duplicates_checked="1"))
    assert response.status_code == 302
    assert Person.objects.count() == count + 1
    assert Person.objects.filter(forename="Emilia", surname="Hartly").exists()


def test_possible_matches_do_not_reveal_a_restricted_record(amelia, users, login):
    amelia.is_restricted = True
    amelia.save()
    body = login(users["social_worker"]).post(reverse("people:create"), _create_data()).content.decode()
    table = body.split('id="possible-duplicates"', 1)[1].split("</table>", 1)[0]
    assert "Restricted record" in table
    assert "Amelia Hartley" not in table and "1 Jun 2015" not in table


def test_no_close_match_creates_straight_away(amelia, users, login):
    response = login(users["social_worker"]).post(
        reverse("people:create"), _create_data(forename="Jacob", surname="Okafor", dob_year="2011")
    )
    assert response.status_code == 302
    assert Person.objects.filter(surname="Okafor").exists()

"""Two people editing one record: the second save is refused, not silently overwritten (security.md B5, B7.5)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from safehold.audit.models import AuditEvent
from safehold.core.concurrency import EditConflict, save_if_unchanged
from safehold.people import services
from safehold.people.models import Person


def form_fields(html: str) -> dict[str, str]:
    """The values a browser would submit from the edit form (text inputs, selects, textareas, radios)."""
    form = html.split("<form method=\"post\" novalidate>", 1)[1].split("</form>", 1)[0]
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) in ("radio", "checkbox") and " checked" not in tag:
            continue
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = body
    return data


@pytest.fixture
def two_editors(child, users):
    first, second = Client(), Client()
    first.force_login(users["social_worker"])
    second.force_login(users["team_manager"])
    return first, second


def test_the_edit_form_carries_the_version(child, users, login):
    data = form_fields(login(users["social_worker"]).get(reverse("people:edit", args=[child.pk])).content.decode())
    assert data["version"] == str(child.version)
    assert data["forename"] == "Amelia" and data["dob_year"] == "2015"


def test_second_save_is_refused_and_the_first_is_kept(child, two_editors):
    first, second = two_editors
    url = reverse("people:edit", args=[child.pk])
    form_1 = form_fields(first.get(url).content.decode())
    form_2 = form_fields(second.get(url).content.decode())
    assert form_1["version"] == form_2["version"]

    response = first.post(url, {**form_1, "forename": "Amelie"})
    assert response.status_code == 302

    response = second.post(url, {**form_2, "first_language": "Welsh"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error:" in body
    assert "Someone else changed this record" in body
    conflict = body.split('id="edit-conflict"', 1)[1].split("</table>", 1)[0]
    assert "First name" in conflict
    assert "Amelie" in conflict  # what is saved now
    assert "Amelia" in conflict  # what the second editor's form held

    child.refresh_from_db()
    assert child.forename == "Amelie"
    assert child.first_language == ""
    assert child.version == int(form_1["version"]) + 1
    assert AuditEvent.objects.filter(action="person.update").count() == 1


def test_saving_the_conflict_page_again_does_not_undo_the_first_change(child, two_editors):
    first, second = two_editors
    url = reverse("people:edit", args=[child.pk])
    form_1 = form_fields(first.get(url).content.decode())
    form_2 = form_fields(second.get(url).content.decode())
    first.post(url, {**form_1, "forename": "Amelie"})
    conflict_page = second.post(url, {**form_2, "first_language": "Welsh"}).content.decode()
    second.post(url, form_fields(conflict_page))  # the second editor presses Save again
    child.refresh_from_db()
    assert child.forename == "Amelie"


def test_service_raises_edit_conflict_with_what_changed(child, users):
    loaded_version = child.version
    stale = Person.objects.get(pk=child.pk)
    services.person_update(by=users["social_worker"], person=child, expected_version=loaded_version,
                           data={"surname": "Hartley-Jones"})
    with pytest.raises(EditConflict) as caught:
        services.person_update(by=users["team_manager"], person=stale, expected_version=loaded_version,
                               data={"first_language": "Welsh"})
    assert caught.value.current.surname == "Hartley-Jones"
    assert caught.value.changed_fields["surname"] == ("Hartley-Jones", "Hartley")
    assert "first_language" in caught.value.changed_fields
    child.refresh_from_db()
    assert (child.surname, child.first_language, child.version) == ("Hartley-Jones", "", loaded_version + 1)
    assert AuditEvent.objects.filter(action="person.update").count() == 1


def test_save_if_unchanged_bumps_the_version_once_per_save(child):
    child.forename = "Amy"
    save_if_unchanged(child, expected_version=1, fields=["forename"])
    assert child.version == 2
    assert Person.objects.get(pk=child.pk).version == 2
    with pytest.raises(EditConflict):
        save_if_unchanged(child, expected_version=1, fields=["forename"])

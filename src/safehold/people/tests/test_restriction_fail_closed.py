"""The restriction form fails closed (issue 15.10): a POST without the restrict field, or with an
unknown value, never lifts a restriction."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data", [{"reason": "Tidying up the record"},
                                  {"reason": "Tidying up the record", "restrict": "maybe"}])
def test_a_missing_or_unknown_choice_never_lifts_a_restriction(data, restricted_child, users, login):
    response = login(users["admin"]).post(reverse("people:restriction", args=[restricted_child.pk]), data)
    assert response.status_code == 200
    assert "Choose whether to restrict the record or lift the restriction" in response.content.decode()
    restricted_child.refresh_from_db()
    assert restricted_child.is_restricted


def test_lifting_is_an_explicit_choice(restricted_child, users, login):
    response = login(users["admin"]).post(reverse("people:restriction", args=[restricted_child.pk]),
                                                 {"reason": "No longer a relative of staff", "restrict": "0"})
    assert response.status_code == 302
    restricted_child.refresh_from_db()
    assert not restricted_child.is_restricted


def test_the_page_sends_one_choice_and_it_is_the_action_offered(child, users, login):
    """Through the page as a browser sends it: one `restrict` input, whose value is what the button says."""
    import re

    client = login(users["admin"])
    url = reverse("people:restriction", args=[child.pk])
    page = client.get(url).content.decode()
    values = re.findall(r'<input[^>]*name="restrict"[^>]*value="(\d)"', page)
    assert values == ["1"] and "Restrict this record" in page
    assert client.post(url, {"reason": "Relative of a member of staff", "restrict": values[0]}).status_code == 302
    child.refresh_from_db()
    assert child.is_restricted
    page = client.get(url).content.decode()
    assert re.findall(r'<input[^>]*name="restrict"[^>]*value="(\d)"', page) == ["0"]

"""The partner JSON API: token and session authentication, own contacts only, JSON errors, OpenAPI."""

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from safehold.accounts.tests.factories import UserFactory

from .. import apis, services
from ..models import Contact, PartnerApiToken
from ..openapi import openapi_document
from .factories import ContactFactory, UnlinkedContactFactory

LIST = "/front-door/api/contacts/"
SUBMISSION = {"forename": "Maisie", "surname": "Thornbury", "dob": "2016-03-14", "postcode": "NF1 2AB",
              "concern": "Found alone in the park at 2am", "consent": "not_needed"}


@pytest.fixture
def token(police):
    return services.partner_token_create(user=police)


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(LIST, data=data, content_type="application/json", **extra)


def test_submit_with_a_token_needs_no_csrf(police, token):
    client = Client(enforce_csrf_checks=True)
    response = _post(client, {**SUBMISSION, "siblings_note": "A younger brother, about 4"}, **_bearer(token))
    assert response.status_code == 201
    contact = Contact.objects.get()
    assert response["Location"] == f"/front-door/api/contacts/{contact.pk}/"
    assert response["Cache-Control"] == "no-store"
    assert contact.submitted_by == police and contact.source == "6" and contact.subject_surname == "Thornbury"
    data = response.json()
    assert data["id"] == contact.pk and data["status"] == "awaiting_decision" and data["outcome"] is None
    assert data["child"] == {"forename": "Maisie", "surname": "Thornbury", "dob": "2016-03-14", "postcode": "NF1 2AB"}
    assert "sessionid" not in response.cookies


def test_list_and_get_own_contacts_with_the_outcome(police, token, fd, child):
    mine = UnlinkedContactFactory(recorded_by=police, subject_forename="Amelia", subject_surname="Hartley")
    services.contact_link(by=fd, contact=mine, expected_version=1, person=child)
    services.contact_decide(by=fd, contact=mine, expected_version=2, decision="assessment",
                            rationale="Disclosure of harm at school needs a Family Help assessment now.")
    ContactFactory(person=child)  # somebody else's
    client = Client()
    listed = client.get(LIST, **_bearer(token)).json()["contacts"]
    assert [c["id"] for c in listed] == [mine.pk]
    one = client.get(f"{LIST}{mine.pk}/", **_bearer(token)).json()
    assert one["status"] == "decided"
    assert one["outcome"]["decision"] == "assessment"
    assert one["outcome"]["label"] == "Referral for a Family Help assessment"
    # Never the child's record, the match, or the rationale.
    text = json.dumps(one)
    assert child.person_id not in text and "rationale" not in text and "Disclosure" not in text
    assert set(one) == {"id", "reference", "received_at", "child", "source", "source_label", "source_detail",
                        "concern", "consent", "siblings_note", "status", "outcome", "url"}


def test_another_partners_contact_is_404(police, health, token):
    theirs = UnlinkedContactFactory(recorded_by=health)
    client = Client()
    for pk in (theirs.pk, 999999):
        response = client.get(f"{LIST}{pk}/", **_bearer(token))
        assert response.status_code == 404
        assert response.json() == {"errors": {"id": ["You have not submitted a contact with this id"]}}


@pytest.mark.parametrize("header", ["Bearer sfh_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"])
def test_wrong_token_is_401(police, token, header):
    response = Client().get(LIST, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "authorization" in response.json()["errors"]
    assert _post(Client(), SUBMISSION, HTTP_AUTHORIZATION=header).status_code == 401
    assert not Contact.objects.exists()


def test_revoked_token_is_401(police, token):
    services.partner_tokens_revoke(user=police)
    assert Client().get(LIST, **_bearer(token)).status_code == 401


def test_no_credentials_is_sent_to_sign_in(db):
    response = Client().get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_staff_tokens_do_not_exist_and_staff_sessions_are_refused(login, users):
    client = login(users["front_door"])
    response = client.get(LIST)
    assert response.status_code == 403 and "permission" in response.json()["errors"]
    assert _post(client, SUBMISSION).status_code == 403


def test_session_posts_are_csrf_checked(police):
    client = Client(enforce_csrf_checks=True)
    client.force_login(police)
    response = _post(client, SUBMISSION)
    assert response.status_code == 403 and "csrf" in response.json()["errors"]
    client.get(reverse("front_door:partner_contact_new"))  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    assert _post(client, SUBMISSION, HTTP_X_CSRFTOKEN=csrf).status_code == 201


def test_session_get_works_for_a_partner(login, police):
    UnlinkedContactFactory(recorded_by=police)
    assert len(login(police).get(LIST).json()["contacts"]) == 1


@pytest.mark.parametrize("body, errors", [
    ("{not json", {"body"}),
    ("[1, 2]", {"body"}),
    (" ", {"body"}),
    ({}, {"forename", "surname", "concern", "consent"}),
    ({**SUBMISSION, "dob": "14/03/2016"}, {"dob"}),
    ({**SUBMISSION, "dob": ""}, {"dob"}),  # null or left out when not known, as the OpenAPI document says
    ({**SUBMISSION, "dob": "20160314"}, {"dob"}),  # ISO 8601 basic: Python reads it, `format: date` does not
    ({**SUBMISSION, "consent": "yes"}, {"consent"}),
    ({**SUBMISSION, "concern": 42}, {"concern"}),
    ({**SUBMISSION, "person_id": "C0000001"}, {"person_id"}),
    ({**SUBMISSION, "postcode": "nowhere"}, {"postcode"}),  # from the service
    ({**SUBMISSION, "source": "2A"}, {"source"}),  # police cannot say it is a school
    ({**SUBMISSION, "dob": "2999-01-01"}, {"dob"}),
])
def test_bad_requests_are_400_with_errors_by_field(police, token, body, errors):
    response = _post(Client(), body, **_bearer(token))
    assert response.status_code == 400
    payload = response.json()
    assert set(payload) == {"errors"} and set(payload["errors"]) == errors
    assert all(isinstance(m, list) and all(isinstance(s, str) for s in m) for m in payload["errors"].values())
    assert not Contact.objects.exists()


def test_wrong_method_is_405(police, token):
    response = Client().delete(LIST, **_bearer(token))
    assert response.status_code == 405 and response["Allow"] == "GET, POST"
    assert Client().post(f"{LIST}1/", **_bearer(token)).status_code == 405


# --- The OpenAPI document -----------------------------------------------------------------------------

METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document_is_well_formed():
    doc = openapi_document()
    assert re.fullmatch(r"3\.0\.\d", doc["openapi"])
    assert doc["info"]["title"] and doc["info"]["version"]
    assert set(doc["components"]["securitySchemes"]) == {"bearerAuth", "sessionAuth"}
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        **doc["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}
    for path, item in doc["paths"].items():
        assert path.startswith("/") and path.endswith(("/", ".json"))
        operations = {k: v for k, v in item.items() if k in METHODS}
        assert operations, path
        assert set(item) - METHODS <= {"parameters", "summary", "description"}
        for method, op in operations.items():
            assert op["operationId"] and op["responses"], (path, method)
            assert all(re.fullmatch(r"[1-5]\d\d", code) for code in op["responses"])
            assert all("description" in r for r in op["responses"].values())
        for name in re.findall(r"{(\w+)}", path):
            params = item.get("parameters", [])
            assert any(p["name"] == name and p["in"] == "path" and p["required"] for p in params), path
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in doc["components"]["schemas"], ref
    json.dumps(doc)  # plain JSON all the way down


def test_openapi_submission_schema_matches_what_the_api_accepts():
    schema = openapi_document()["components"]["schemas"]["ContactSubmission"]
    assert set(schema["properties"]) == apis.SUBMIT_FIELDS
    assert set(schema["required"]) == set(apis.REQUIRED_FIELDS)
    assert schema["additionalProperties"] is False


def test_every_documented_path_resolves_and_every_api_url_is_documented():
    documented = set()
    for path, item in openapi_document()["paths"].items():
        try:
            match = resolve(re.sub(r"{\w+}", "1", path))
        except Resolver404:
            pytest.fail(f"{path} does not resolve")
        assert match.namespace == "front_door" and match.url_name.startswith("api_")
        documented.add(match.url_name)
        view_methods = {"api_contacts": {"get", "post"}}.get(match.url_name, {"get"})
        assert {m for m in item if m in METHODS} == view_methods, path
    assert documented == {"api_contacts", "api_contact", "api_openapi"}


def test_openapi_is_served_as_json(login, police, token):
    assert login(police).get(reverse("front_door:api_openapi")).json() == openapi_document()
    assert Client().get(reverse("front_door:api_openapi"), **_bearer(token)).status_code == 200


# --- The token command ----------------------------------------------------------------------------------

def test_partner_token_command_prints_a_token_and_stores_its_hash(police, capsys):
    call_command("partner_token", police.username)
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("sfh_") and len(raw) > 40
    stored = PartnerApiToken.objects.get(user=police)
    assert stored.token_hash == services.hash_token(raw) and raw not in stored.token_hash
    assert Client().get(LIST, **_bearer(raw)).status_code == 200
    call_command("partner_token", police.username, "--revoke")
    new = capsys.readouterr().out.strip()
    assert Client().get(LIST, **_bearer(raw)).status_code == 401
    assert Client().get(LIST, **_bearer(new)).status_code == 200


def test_partner_token_command_refuses_staff_and_unknown_users(users):
    with pytest.raises(CommandError, match="not a partner agency user"):
        call_command("partner_token", users["front_door"].username)
    with pytest.raises(CommandError, match="No active user"):
        call_command("partner_token", "nobody_here")
    assert not PartnerApiToken.objects.exists()


def test_an_inactive_partners_token_is_refused(db):
    partner = UserFactory(role="partner")
    raw = services.partner_token_create(user=partner)
    partner.is_active = False
    partner.save()
    assert Client().get(LIST, **_bearer(raw)).status_code == 401

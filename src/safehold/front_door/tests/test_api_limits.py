"""The partner API's limits (issue 15.7): body size, nesting, media type, field lengths, token expiry
and rotation. Each was a hole a probe found: deeply nested JSON gave a 500 (and the debug page showed
the bearer token), 1 MB of free text was stored, text/plain was accepted, names were cut at 100
characters without a word, and tokens never expired."""

import datetime as dt
import json
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from safehold.audit.models import AuditEvent

from .. import apis, services
from ..forms import PartnerContactForm
from ..models import PARTNER_TEXT_FIELDS, Contact, PartnerApiToken, partner_max_length
from ..openapi import openapi_document

LIST = "/front-door/api/contacts/"
SUBMISSION = {"forename": "Maisie", "surname": "Thornbury", "dob": "2016-03-14", "postcode": "NF1 2AB",
              "concern": "Found alone in the park at 2am", "consent": "not_needed"}


@pytest.fixture
def token(police):
    return services.partner_token_create(user=police)


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(raw_token, body, content_type="application/json", client=None):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return (client or Client()).post(LIST, data=data, content_type=content_type, **_bearer(raw_token))


def _refused(response, status, field, token=None):
    """A JSON error naming `field`, nothing stored, and the token nowhere in the answer."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert field in response.json()["errors"], response.json()
    assert not Contact.objects.exists()
    if token:
        assert token not in response.content.decode()
    return response.json()["errors"][field]


# --- Nesting ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "[" * 30_000 + "]" * 30_000,  # deeper than Python's parser goes: was a RecursionError, a 500
    '{"concern": ' + "[" * 5_000 + "]" * 5_000 + "}",
    '{"forename": ' + '{"a": ' * 3_000 + "1" + "}" * 3_001,
], ids=["arrays-30000-deep", "a-field-5000-deep", "objects-3000-deep"])
def test_deeply_nested_json_is_a_400_not_a_500(police, token, body):
    assert len(body.encode()) <= 64 * 1024
    message = _refused(_post(token, body), 400, "body", token)
    assert "nested too deeply" in message[0]


def test_nothing_nests_in_a_submission(police, token):
    """The schema is one object of strings: one level of nesting is already more than it needs."""
    for value in ({"text": "x"}, ["x"], []):
        message = _refused(_post(token, {**SUBMISSION, "concern": value}), 400, "body", token)
        assert "nested too deeply" in message[0]
    properties = openapi_document()["components"]["schemas"]["ContactSubmission"]["properties"]
    assert apis.MAX_NESTING == 1
    assert not [name for name, p in properties.items() if p.get("type") in ("object", "array")]


def test_a_number_too_long_to_read_is_a_400(police, token):
    body = '{"forename": ' + "9" * 5_000 + "}"  # past Python's int digit limit: a ValueError, not JSON's
    _refused(_post(token, body), 400, "body", token)


def test_nul_and_unpaired_surrogates_are_refused_by_field(police, token):
    """PostgreSQL cannot store either; both would have been a 500 there."""
    body = json.dumps({**SUBMISSION, "forename": "Mai\u0000sie"})
    assert "NUL" in _refused(_post(token, body), 400, "forename", token)[0]
    body = json.dumps(SUBMISSION)[:-1] + ', "siblings_note": "\\ud800"}'
    _refused(_post(token, body), 400, "siblings_note", token)


# --- Size -----------------------------------------------------------------------------------------------

def test_a_megabyte_of_free_text_is_refused_before_it_is_read(police, token):
    response = _post(token, {**SUBMISSION, "concern": "x" * 1_000_000})
    message = _refused(response, 413, "body", token)
    assert "65,536 bytes" in message[0]


def test_the_body_limit_is_a_setting(police, token, settings):
    settings.SAFEHOLD_API_MAX_BODY = 200
    _refused(_post(token, {**SUBMISSION, "concern": "x" * 200}), 413, "body", token)
    assert _post(token, SUBMISSION).status_code == 201


def test_the_longest_concern_fits_in_the_body_limit(police, token):
    longest = "é" * partner_max_length("concern")  # two bytes each in UTF-8
    response = _post(token, json.dumps({**SUBMISSION, "concern": longest}, ensure_ascii=False))
    assert response.status_code == 201
    assert Contact.objects.get().concern == longest


# --- Media type -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("content_type", [
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/json; charset=latin-1", "application/jsonp", "",
])
def test_a_body_not_sent_as_json_is_a_415(police, token, content_type):
    extra = {"CONTENT_TYPE": content_type} if not content_type else {}
    response = Client().post(LIST, data=json.dumps(SUBMISSION),
                             content_type=content_type or "application/json", **_bearer(token), **extra)
    assert "Content-Type: application/json" in _refused(response, 415, "content_type", token)[0]


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8",
                                          "Application/JSON; charset=UTF-8"])
def test_json_with_or_without_a_utf8_charset_is_accepted(police, token, content_type):
    assert _post(token, SUBMISSION, content_type=content_type).status_code == 201


# --- Field lengths --------------------------------------------------------------------------------------

def test_a_name_one_character_too_long_is_refused_not_cut(police, token):
    message = _refused(_post(token, {**SUBMISSION, "forename": "A" * 101}), 400, "forename", token)
    assert message == ["Enter no more than 100 characters (this has 101)"]
    response = _post(token, {**SUBMISSION, "forename": "A" * 100, "surname": "B" * 100})
    assert response.status_code == 201
    contact = Contact.objects.get()
    assert contact.subject_forename == "A" * 100 and contact.subject_surname == "B" * 100


@pytest.mark.parametrize("field", sorted(PARTNER_TEXT_FIELDS))
def test_every_text_field_has_its_models_maximum(police, token, field):
    limit = partner_max_length(field)
    response = _post(token, {**SUBMISSION, field: "x" * (limit + 1)})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {field}
    assert f"no more than {limit:,} characters" in response.json()["errors"][field][0]


def test_the_openapi_document_declares_the_same_maximums():
    properties = openapi_document()["components"]["schemas"]["ContactSubmission"]["properties"]
    for name, prop in properties.items():
        if prop["type"] == "string":
            assert "maxLength" in prop or "enum" in prop, name
    assert {name: properties[name]["maxLength"] for name in PARTNER_TEXT_FIELDS} == {
        name: Contact._meta.get_field(model_field).max_length
        for name, model_field in PARTNER_TEXT_FIELDS.items()}
    assert properties["concern"]["maxLength"] == 20_000 and properties["forename"]["maxLength"] == 100


def test_the_web_form_and_the_service_refuse_what_is_too_long_too(police):
    form = PartnerContactForm(data={**SUBMISSION, "dob": "", "concern": "x" * 20_001, "consent": "given"},
                              sources=services.partner_sources(police))
    assert not form.is_valid() and "concern" in form.errors
    with pytest.raises(services.ValidationError) as refused:
        services.contact_submit_by_partner(by=police, forename="A" * 101, surname="B", dob=None, postcode="",
                                           concern="Worried", consent="given", siblings_note="y" * 2_001)
    assert set(refused.value.message_dict) == {"forename", "siblings_note"}
    assert not Contact.objects.exists()


# --- Token expiry and rotation ---------------------------------------------------------------------------

def test_a_token_expires_after_the_configured_days(police, settings):
    settings.SAFEHOLD_API_TOKEN_DAYS = 90
    issued = timezone.now()
    raw = services.partner_token_create(user=police)
    stored = PartnerApiToken.objects.get()
    assert abs(stored.expires_at - (issued + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    with time_machine.travel(issued + dt.timedelta(days=89), tick=False):
        assert Client().get(LIST, **_bearer(raw)).status_code == 200
    with time_machine.travel(issued + dt.timedelta(days=90, minutes=1), tick=False):
        response = Client().get(LIST, **_bearer(raw))
        assert "expired" in str(stored)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    [message] = response.json()["errors"]["authorization"]
    assert "expired on" in message and timezone.localtime(stored.expires_at).strftime("%d %B %Y") in message
    assert raw not in response.content.decode()


def test_a_wrong_token_is_not_told_about_expiry(police, token):
    response = Client().get(LIST, **_bearer(token + "x"))
    assert response.status_code == 401 and "expired" not in response.content.decode()
    assert token not in response.content.decode()


def test_rotation_keeps_the_old_token_for_the_overlap_then_it_expires(police, capsys, settings):
    settings.SAFEHOLD_API_TOKEN_OVERLAP_HOURS = 24
    call_command("partner_token", police.username)
    old = capsys.readouterr().out.strip()
    start = timezone.now()
    call_command("partner_token", police.username, "--rotate")
    captured = capsys.readouterr()
    new = captured.out.strip()
    assert new.startswith("sfh_") and new != old and "1 old token" in captured.err
    client = Client()
    assert client.get(LIST, **_bearer(old)).status_code == 200  # both work during the overlap
    assert client.get(LIST, **_bearer(new)).status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=24, minutes=1), tick=False):
        response = client.get(LIST, **_bearer(old))
        assert response.status_code == 401 and "expired" in response.json()["errors"]["authorization"][0]
        assert client.get(LIST, **_bearer(new)).status_code == 200
    rotated = AuditEvent.objects.get(action="partner_token.rotate")
    assert rotated.object_id == str(PartnerApiToken.objects.get(token_hash=services.hash_token(old)).pk)
    assert set(rotated.changes) == {"expires_at"}
    assert old not in json.dumps(rotated.changes) and new not in json.dumps(rotated.changes)


def test_rotation_with_no_overlap_ends_the_old_token_at_once(police, capsys):
    old = services.partner_token_create(user=police)
    call_command("partner_token", police.username, "--rotate", "--overlap-hours", "0")
    new = capsys.readouterr().out.strip()
    assert Client().get(LIST, **_bearer(old)).status_code == 401
    assert Client().get(LIST, **_bearer(new)).status_code == 200


def test_rotation_refuses_staff_and_changes_nothing(users, police):
    old = services.partner_token_create(user=police)
    with pytest.raises(CommandError, match="not a partner agency user"):
        call_command("partner_token", users["front_door"].username, "--rotate")
    with pytest.raises(CommandError, match="goes with --rotate"):
        call_command("partner_token", police.username, "--overlap-hours", "1")
    assert PartnerApiToken.objects.count() == 1
    assert Client().get(LIST, **_bearer(old)).status_code == 200


# --- Errors never show the token ------------------------------------------------------------------------

def test_an_unexpected_error_is_json_without_the_token_even_in_debug(police, token, settings):
    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    with mock.patch.object(apis.selectors, "contacts_submitted_by", side_effect=RuntimeError("boom")):
        response = client.get(LIST, **_bearer(token))
    assert response.status_code == 500
    assert response.json() == {"errors": {"server": [
        "Something went wrong on our side and it has been logged. Please try again later"]}}
    assert token not in response.content.decode() and "Traceback" not in response.content.decode()


# --- The migration gives the tokens already issued an expiry --------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_tokens_the_configured_lifetime(police, settings):
    before = [("front_door", "0002_routing_rules")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        OldToken = executor.loader.project_state(before).apps.get_model("front_door", "PartnerApiToken")
        issued = timezone.now() - dt.timedelta(days=100)
        old = OldToken.objects.create(user_id=police.pk, token_hash="a" * 64)
        OldToken.objects.filter(pk=old.pk).update(created_at=issued)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("front_door"))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("front_door"))
    token = PartnerApiToken.objects.get(token_hash="a" * 64)
    assert token.expires_at == issued + dt.timedelta(days=settings.SAFEHOLD_API_TOKEN_DAYS)
    assert "expired" in str(token)  # issued 100 days ago: already past its 90

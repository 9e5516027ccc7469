"""The OpenAPI 3.0 description of the partner agencies' contact API (front_door/apis.py).

Written by hand as a Python dict; tests/test_api.py checks its structure and that every path in it
resolves to one of the API's URLs.
"""

from __future__ import annotations

from django.conf import settings

from safehold.family_help.codes import ReferralSource

from .models import Consent, Decision, partner_max_length

API_VERSION = "1.1.0"
# The largest contact id (a 64-bit primary key); a larger one is a 404 like any other unknown id.
MAX_ID = 2**63 - 1


def _errors(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}


def _text(name: str, description: str, *, required: bool = False) -> dict:
    """A partner text field: as long as the record keeps (models.PARTNER_TEXT_FIELDS), and, if required,
    not empty. (Spaces alone count as empty; that is said in words rather than as a `pattern`, which
    makes schemathesis's generation of long strings ten times slower.)"""
    field = {"type": "string", "maxLength": partner_max_length(name), "description": description}
    if required:
        field.update(minLength=1, description=f"{description} (required: more than spaces)")
    else:
        field["nullable"] = True
    return field


def openapi_document() -> dict:
    nullable_string = {"type": "string", "nullable": True}
    unauthorised = _errors("The bearer token is wrong, revoked or expired (the message says which)")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Safehold front door: partner agency contacts",
            "version": API_VERSION,
            "description": (
                "Police, health and education partners submit a contact about a child to the council's front "
                "door, and follow its outcome. A partner sees only the contacts it submitted: what it sent, "
                "whether the front door has decided, and the decision. Synthetic data only on this instance.\n\n"
                "Authenticate with `Authorization: Bearer <token>` (ask the council's administrator for a "
                "token: `safehold partner_token USERNAME`), or from a signed-in browser session (then send "
                "the CSRF token on POST). A request without either is redirected to sign in. A token "
                f"works for {settings.SAFEHOLD_API_TOKEN_DAYS} days; the administrator rotates it with "
                "`safehold partner_token USERNAME --rotate` (the old token keeps working for "
                f"{settings.SAFEHOLD_API_TOKEN_OVERLAP_HOURS} hours beside the new one, then expires).\n\n"
                "Send a contact as a JSON object with `Content-Type: application/json` (else 415), of at "
                f"most {settings.SAFEHOLD_API_MAX_BODY:,} bytes (else 413): strings only, nothing nested, "
                "each no longer than its `maxLength`. A longer value is refused with the field named, never "
                "shortened."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}, {"sessionAuth": []}],
        "paths": {
            "/front-door/api/contacts/": {
                "get": {
                    "operationId": "listContacts",
                    "summary": "Your contacts, newest first",
                    "tags": ["contacts"],
                    "responses": {
                        "200": {"description": "The contacts you submitted",
                                "content": {"application/json": {"schema": {
                                    "type": "object", "required": ["contacts"],
                                    "properties": {"contacts": {"type": "array",
                                                                "items": {"$ref": "#/components/schemas/Contact"}}},
                                }}}},
                        "401": unauthorised,
                        "403": _errors("Your account is not a partner agency account"),
                    },
                },
                "post": {
                    "operationId": "submitContact",
                    "summary": "Submit a contact about a child",
                    "tags": ["contacts"],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ContactSubmission"}}}},
                    "responses": {
                        "201": {"description": "Received by the front door",
                                "headers": {"Location": {"description": "The new contact's URL",
                                                         "schema": {"type": "string"}}},
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}}},
                        "400": _errors("The body is not a JSON object of strings, or fields are missing, too long "
                                       "or wrong (errors by field)"),
                        "401": unauthorised,
                        "403": _errors("Not a partner agency account, or the CSRF check failed (session)"),
                        "413": _errors(f"The body is larger than {settings.SAFEHOLD_API_MAX_BODY:,} bytes"),
                        "415": _errors("The body is not sent as application/json"),
                    },
                },
            },
            "/front-door/api/contacts/{id}/": {
                "parameters": [{"name": "id", "in": "path", "required": True, "description": "The contact's id",
                                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}],
                "get": {
                    "operationId": "getContact",
                    "summary": "One of your contacts and its outcome",
                    "tags": ["contacts"],
                    "responses": {
                        "200": {"description": "The contact",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}}},
                        "401": unauthorised,
                        "403": _errors("Your account is not a partner agency account"),
                        "404": _errors("You have not submitted a contact with this id"),
                    },
                },
            },
            "/front-door/api/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document",
                    "tags": ["documentation"],
                    "responses": {"200": {"description": "The OpenAPI document",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}},
                },
            },
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A partner API token; only its SHA-256 hash is stored"},
                "sessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid",
                                "description": "A signed-in browser session"},
            },
            "schemas": {
                "ContactSubmission": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["forename", "surname", "concern", "consent"],
                    "properties": {
                        "forename": _text("forename", "The child's first name", required=True),
                        "surname": _text("surname", "The child's last name", required=True),
                        "dob": {"type": "string", "format": "date", "maxLength": 10, "nullable": True,
                                "description": "The child's date of birth (YYYY-MM-DD); null or left out if "
                                               "not known (an empty string is refused)"},
                        "postcode": _text("postcode", "The child's postcode, if known"),
                        "concern": _text("concern", "What happened and what you are worried about",
                                         required=True),
                        "consent": {"type": "string", "enum": list(Consent.values),
                                    "description": "; ".join(f"{v}: {label}" for v, label in Consent.choices)},
                        # null in the enum too: in OpenAPI 3.0 `nullable` does not widen an enum
                        # (schemathesis found the document refusing the null the API accepts).
                        "source": {"type": "string", "enum": [*ReferralSource.values, None], "nullable": True,
                                   "description": "CIN census referral source; defaults from your agency "
                                                  "(police 6, health 3D, education 2A)"},
                        "source_detail": _text("source_detail", "Your name, role and contact details"),
                        "siblings_note": _text("siblings_note", "Other children in the family"),
                    },
                },
                "Contact": {
                    "type": "object",
                    "required": ["id", "reference", "received_at", "child", "source", "concern", "consent", "status",
                                 "outcome", "url"],
                    "properties": {
                        "id": {"type": "integer"},
                        "reference": {"type": "string", "example": "FD000123"},
                        "received_at": {"type": "string", "format": "date-time"},
                        "child": {"type": "object", "properties": {
                            "forename": {"type": "string"}, "surname": {"type": "string"},
                            "dob": {"type": "string", "format": "date", "nullable": True},
                            "postcode": nullable_string}},
                        "source": {"type": "string", "enum": list(ReferralSource.values)},
                        "source_label": {"type": "string"},
                        "source_detail": {"type": "string"},
                        "concern": {"type": "string"},
                        "consent": {"type": "string", "enum": list(Consent.values)},
                        "siblings_note": {"type": "string"},
                        "status": {"type": "string", "enum": ["awaiting_decision", "decided"]},
                        "outcome": {"$ref": "#/components/schemas/Outcome"},
                        "url": {"type": "string"},
                    },
                },
                "Outcome": {
                    "type": "object",
                    "nullable": True,
                    "description": "The front door decision; null until decided",
                    "required": ["decision", "label", "decided_at"],
                    "properties": {
                        "decision": {"type": "string", "enum": list(Decision.values)},
                        "label": {"type": "string",
                                  "description": "; ".join(f"{v}: {label}" for v, label in Decision.choices)},
                        "decided_at": {"type": "string", "format": "date-time"},
                    },
                },
                "Errors": {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {"errors": {"type": "object", "additionalProperties": {
                        "type": "array", "items": {"type": "string"}}}},
                    "example": {"errors": {"concern": ["This field is required"]}},
                },
            },
        },
    }

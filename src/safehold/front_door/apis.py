"""The partner agencies' JSON API (documented by openapi.py, served at front_door:api_openapi).

Authentication: a signed-in session (CSRF checked on writes, as for any form), or
`Authorization: Bearer <token>` (a partner API token from `safehold partner_token USERNAME`; CSRF
does not apply because no cookie is involved). A request with neither is sent to sign in, as every
page is; a token that is wrong, revoked or belongs to an inactive user gets 401.

A partner sees only the contacts it submitted and their outcome: never a child's record, never
whether its contact was matched to a child already known, never the decision's rationale.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from safehold.accounts.policy import Perm, has_perm

from . import selectors, services
from .models import Consent, Contact
from .openapi import openapi_document

SUBMIT_FIELDS = {"forename", "surname", "dob", "postcode", "concern", "consent", "source", "source_detail",
                 "siblings_note"}
REQUIRED_FIELDS = ("forename", "surname", "concern", "consent")


def _error(status: int, errors: dict[str, list[str]], **headers) -> JsonResponse:
    response = JsonResponse({"errors": errors}, status=status)
    for key, value in headers.items():
        response[key.replace("_", "-")] = value
    return response


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def _csrf_failure(request) -> str | None:
    check = _CsrfCheck(lambda r: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


def api_view(methods: tuple[str, ...], *, perm: Perm | None = Perm.CONTACT_SUBMIT):
    """Authenticate by bearer token or session, check the method and the permission, answer JSON."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            header = request.META.get("HTTP_AUTHORIZATION", "")
            if header:
                scheme, _, raw = header.partition(" ")
                user = services.partner_token_user(raw.strip()) if scheme.lower() == "bearer" else None
                if user is None:
                    return _error(401, {"authorization": ["The API token is missing, wrong or revoked"]},
                                  WWW_Authenticate='Bearer realm="safehold"')
                request.user = user
            elif not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            elif request.method not in ("GET", "HEAD", "OPTIONS"):
                reason = _csrf_failure(request)
                if reason:
                    return _error(403, {"csrf": [f"CSRF check failed: {reason}"]})
            if request.method not in methods:
                response = _error(405, {"method": [f"Use {' or '.join(methods)}"]})
                response["Allow"] = ", ".join(methods)
                return response
            if perm is not None and not has_perm(request.user, perm):
                return _no_store(_error(403, {"permission": ["Only partner agency users can use this API"]}))
            return _no_store(view(request, *args, **kwargs))

        # Token requests carry no cookie, so CSRF cannot apply; session requests are checked above.
        return csrf_exempt(wrapped)

    return decorator


def contact_json(contact: Contact) -> dict:
    """What a partner may see of its own contact: what it sent, and the outcome."""
    return {
        "id": contact.pk,
        "reference": f"FD{contact.pk:06d}",
        "received_at": timezone.localtime(contact.received_at).isoformat(),
        "child": {
            "forename": contact.subject_forename,
            "surname": contact.subject_surname,
            "dob": contact.subject_dob.isoformat() if contact.subject_dob else None,
            "postcode": contact.subject_postcode or None,
        },
        "source": contact.source,
        "source_label": contact.get_source_display(),
        "source_detail": contact.source_detail,
        "concern": contact.concern,
        "consent": contact.consent,
        "siblings_note": contact.siblings_note,
        "status": "decided" if contact.is_decided else "awaiting_decision",
        "outcome": {
            "decision": contact.decision,
            "label": contact.get_decision_display(),
            "decided_at": timezone.localtime(contact.decided_at).isoformat(),
        } if contact.is_decided else None,
        "url": reverse("front_door:api_contact", kwargs={"pk": contact.pk}),
    }


def _parse_submission(body: bytes) -> tuple[dict, dict[str, list[str]]]:
    """The request body as service arguments, or the shape errors keyed by field."""
    try:
        data = json.loads(body.decode("utf-8") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, {"body": [f"The request body is not valid JSON ({exc.__class__.__name__})"]}
    if not isinstance(data, dict):
        return {}, {"body": ["The request body must be a JSON object"]}
    errors: dict[str, list[str]] = {}
    for key in sorted(set(data) - SUBMIT_FIELDS):
        errors[key] = ["Unknown field"]
    args: dict = {}
    for key in SUBMIT_FIELDS & set(data):
        value = data[key]
        if value is not None and not isinstance(value, str):
            errors[key] = ["Must be a string"]
        else:
            args[key] = (value or "").strip()
    for key in REQUIRED_FIELDS:
        if key not in errors and not args.get(key):
            errors[key] = ["This field is required"]
    dob = args.get("dob") or ""
    args["dob"] = None
    if dob and "dob" not in errors:
        try:
            args["dob"] = dt.date.fromisoformat(dob)
        except ValueError:
            errors["dob"] = ["Give the date of birth as YYYY-MM-DD, like 2016-03-14"]
    if args.get("consent") and args["consent"] not in Consent.values and "consent" not in errors:
        errors["consent"] = [f"Must be one of: {', '.join(Consent.values)}"]
    for key in ("postcode", "source", "source_detail", "siblings_note"):
        args.setdefault(key, "")
    return args, errors


@api_view(("GET", "POST"))
def api_contacts(request):
    """GET: the partner's own contacts, newest first. POST: submit a contact (201)."""
    if request.method == "GET":
        return JsonResponse({"contacts": [contact_json(c) for c in selectors.contacts_submitted_by(request.user)]})
    try:
        body = request.body
    except RequestDataTooBig:
        return _error(400, {"body": ["The request body is too large"]})
    args, errors = _parse_submission(body)
    if errors:
        return _error(400, errors)
    try:
        contact = services.contact_submit_by_partner(by=request.user, **args)
    except ValidationError as exc:
        return _error(400, exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages})
    except PermissionDenied:
        return _error(403, {"permission": ["Only partner agency users can submit contacts"]})
    response = JsonResponse(contact_json(contact), status=201)
    response["Location"] = reverse("front_door:api_contact", kwargs={"pk": contact.pk})
    return response


@api_view(("GET",))
def api_contact(request, pk: int):
    """GET one of the partner's own contacts; anyone else's is 404, as if it did not exist."""
    contact = selectors.contacts_submitted_by(request.user).filter(pk=pk).first()
    if contact is None:
        return _error(404, {"id": ["You have not submitted a contact with this id"]})
    return JsonResponse(contact_json(contact))


@api_view(("GET",), perm=None)
def api_openapi(request):
    """The OpenAPI 3.0 description of this API."""
    return JsonResponse(openapi_document())

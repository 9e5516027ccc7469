"""The partner agencies' JSON API (documented by openapi.py, served at front_door:api_openapi).

Authentication: a signed-in session (CSRF checked on writes, as for any form), or
`Authorization: Bearer <token>` (a partner API token from `safehold partner_token USERNAME`; CSRF
does not apply because no cookie is involved). A request with neither is sent to sign in, as every
page is; a token that is wrong, revoked or belongs to an inactive user gets 401, and so does an expired
one, saying so (tokens work for SAFEHOLD_API_TOKEN_DAYS; `--rotate` issues a new one).

What a submission may be (issue 15.7): a JSON object (Content-Type application/json, else 415) of at
most SAFEHOLD_API_MAX_BODY bytes (else 413), holding only strings or nulls (nothing nested: the
schema needs no more), each no longer than the record keeps (models.PARTNER_TEXT_FIELDS; openapi.py
declares the same maxLength). Anything else is a 400 naming the field. Errors are JSON, never a
debug page, and never repeat the token.

A partner sees only the contacts it submitted and their outcome: never a child's record, never
whether its contact was matched to a child already known, never the decision's rationale.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables

from safehold.accounts.policy import Perm, has_perm

from . import selectors, services
from .models import PARTNER_TEXT_FIELDS, Consent, Contact
from .openapi import MAX_ID, openapi_document

log = logging.getLogger(__name__)

SUBMIT_FIELDS = {"forename", "surname", "dob", "postcode", "concern", "consent", "source", "source_detail",
                 "siblings_note"}
REQUIRED_FIELDS = ("forename", "surname", "concern", "consent")
# A submission is one object of strings (openapi.py ContactSubmission): nothing in it nests.
MAX_NESTING = 1
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(r"[0-9]{1,19}")


def _error(status: int, errors: dict[str, list[str]], **headers) -> JsonResponse:
    response = JsonResponse({"errors": errors}, status=status)
    for key, value in headers.items():
        response[key.replace("_", "-")] = value
    return response


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


def _authenticate(header: str):
    """The user a bearer `Authorization` header names; TokenRefused otherwise."""
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer":
        raise services.TokenRefused(services.NOT_RECOGNISED)
    return services.partner_token_user(raw.strip())


@sensitive_variables("header")
def _dispatch(view, methods: tuple[str, ...], perm: Perm | None, request, *args, **kwargs):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        try:
            request.user = _authenticate(header)
        except services.TokenRefused as refused:
            return _error(401, {"authorization": [str(refused)]},
                          WWW_Authenticate='Bearer realm="safehold", error="invalid_token"')
        finally:
            del header  # not among this frame's variables while the view runs
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
        return _error(403, {"permission": ["Only partner agency users can use this API"]})
    return view(request, *args, **kwargs)


def api_view(methods: tuple[str, ...], *, perm: Perm | None = Perm.CONTACT_SUBMIT):
    """Authenticate by bearer token or session, check the method and the permission, answer JSON.

    An unexpected error is logged and answered as a JSON 500: never Django's debug page, which lists
    each frame's variables (the bearer token among them)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                response = _dispatch(view, methods, perm, request, *args, **kwargs)
            except Exception:
                log.exception("Partner API error on %s %s", request.method, request.path)
                response = _error(500, {"server": [
                    "Something went wrong on our side and it has been logged. Please try again later"]})
            return response if response.status_code == 302 else _no_store(response)

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


def _nesting(data) -> int:
    """How deep arrays and objects nest in parsed JSON (a flat object is 1), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _body_problem(request) -> JsonResponse | None:
    """415 unless the body is declared as JSON, 413 if it is larger than SAFEHOLD_API_MAX_BODY. The size
    is checked from Content-Length before anything is read, then again on what was read."""
    charset = request.content_params.get("charset", "utf-8").lower()
    if request.content_type != "application/json" or charset not in ("utf-8", "utf8"):
        return _error(415, {"content_type": [
            "Send the body as JSON, with the header Content-Type: application/json (UTF-8)"]})
    limit = settings.SAFEHOLD_API_MAX_BODY
    too_big = _error(413, {"body": [f"The request body is larger than this API accepts ({limit:,} bytes)"]})
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return too_big
    try:
        body = request.body
    except RequestDataTooBig:
        return too_big
    if len(body) > limit:
        return too_big
    return None


def _parse_submission(body: bytes) -> tuple[dict, dict[str, list[str]]]:
    """The request body as service arguments, or the shape errors keyed by field."""
    try:
        data = json.loads(body.decode("utf-8") or "null")
    except RecursionError:
        return {}, {"body": [f"The JSON is nested too deeply: a contact is one object of strings "
                             f"(at most {MAX_NESTING} level)"]}
    except ValueError as exc:  # not UTF-8, not JSON, or a number too long to read
        return {}, {"body": [f"The request body is not valid JSON ({exc.__class__.__name__})"]}
    if not isinstance(data, dict):
        return {}, {"body": ["The request body must be a JSON object"]}
    if _nesting(data) > MAX_NESTING:
        return {}, {"body": [f"The JSON is nested too deeply: a contact is one object of strings "
                             f"(at most {MAX_NESTING} level)"]}
    errors: dict[str, list[str]] = {}
    for key in sorted(set(data) - SUBMIT_FIELDS):
        errors[key] = ["Unknown field"]
    args: dict = {}
    for key in SUBMIT_FIELDS & set(data):
        value = data[key]
        if value is not None and not isinstance(value, str):
            errors[key] = ["Must be a string"]
        elif value and "\x00" in value:
            errors[key] = ["Must not contain NUL characters"]
        elif value and not _encodable(value):
            errors[key] = ["Must be text: it holds an unpaired surrogate escape"]
        else:
            args[key] = (value or "").strip()
    # As long as the schema allows, counted as sent (before trimming spaces): longer is refused, not cut.
    sent = {key: data[key] for key in PARTNER_TEXT_FIELDS
            if isinstance(data.get(key), str) and key not in errors}
    errors.update(services.text_length_errors(sent))
    for key in REQUIRED_FIELDS:
        if key not in errors and not args.get(key):
            errors[key] = ["This field is required"]
    # A date exactly as the schema's `format: date` has it (not "", not padded); null or absent if unknown.
    dob = data.get("dob")
    args["dob"] = None
    if dob is not None and "dob" not in errors:
        try:
            if not _ISO_DATE.fullmatch(dob):
                raise ValueError(dob)
            args["dob"] = dt.date.fromisoformat(dob)
        except ValueError:
            errors["dob"] = ["Give the date of birth as YYYY-MM-DD, like 2016-03-14 (null if not known)"]
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
    problem = _body_problem(request)
    if problem is not None:
        return problem
    args, errors = _parse_submission(request.body)
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
def api_contact(request, pk: str):
    """GET one of the partner's own contacts; anyone else's is 404, as if it did not exist. The id is
    read here, not by the URL, so that an id that is not a number is a JSON 404 too."""
    contact = None
    if _ID.fullmatch(pk) and 1 <= int(pk) <= MAX_ID:
        contact = selectors.contacts_submitted_by(request.user).filter(pk=int(pk)).first()
    if contact is None:
        return _error(404, {"id": ["You have not submitted a contact with this id"]})
    return JsonResponse(contact_json(contact))


@api_view(("GET",), perm=None)
def api_openapi(request):
    """The OpenAPI 3.0 description of this API."""
    return JsonResponse(openapi_document())

"""The partner API against its own OpenAPI document (issue 15.7).

schemathesis reads the document the app serves, makes requests from it, and sends them to the Django
app through WSGI with a real partner token: the document's boundaries one by one (each field one
character too long, each required field missing, null where null is not allowed, a wrong media type,
methods the path does not have...), then requests drawn at random, valid and invalid. Every answer is
checked: never a server error; only the status codes, content types and headers the document lists;
bodies as it describes them; and every request it calls wrong refused.

Quick enough for `make test`: SAFEHOLD_API_FUZZ_EXAMPLES (default 50) random requests per operation,
derandomised so that a run is repeatable. To search harder:
`SAFEHOLD_API_FUZZ_EXAMPLES=2000 .venv/bin/pytest src/safehold/front_door/tests/test_api_schemathesis.py`.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .. import services
from .factories import UnlinkedContactFactory

OPENAPI = "/front-door/api/openapi.json"
EXAMPLES = int(os.environ.get("SAFEHOLD_API_FUZZ_EXAMPLES", "50"))
# Not positive_data_acceptance: a request the document allows can still break a rule it cannot express
# (a date of birth in the future, another agency's source, a postcode that is not one), and that is a 400.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, negative_data_rejection]


@pytest.fixture
def partner_auth(police):
    """A real token for a partner who has one contact to list and fetch. Requests served straight
    through WSGI would close the database connection as they end, and with it the test's transaction;
    Django's test client avoids that the same way."""
    UnlinkedContactFactory(recorded_by=police)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {services.partner_token_create(user=police)}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def partner_api(partner_auth):
    """The document as the app serves it, bound to the app."""
    return schemathesis.openapi.from_wsgi(OPENAPI, WSGIHandler(), headers=partner_auth)


schema = schemathesis.pytest.from_fixture("partner_api")


@schema.parametrize()
@hsettings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
           suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_openapi_document(case, partner_auth):
    response = case.call_and_validate(headers=partner_auth, checks=CHECKS)
    # Every request reached the API as the partner: never the sign-in page, never a refused token.
    assert response.status_code not in (302, 401), response.text[:300]

"""No personal data in logs (issue 15): a search for a person never puts what was typed in an address.

Web servers, proxies and browsers write every address down (access logs, history, the Referer header),
so searches post what was typed and show their results at `?search=<key>` (web/searches.py). These
tests search for a child by name, date of birth and NHS number, and look at every address requested
and every line the server logged: the name must be in none of them. One runs a real HTTP server
logging access lines as `safehold runserver` does (the `django.server` logger).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from django.core.signals import request_started
from django.urls import reverse

from conftest import PASSWORD
from safehold.front_door.tests.factories import UnlinkedContactFactory
from safehold.people.tests.factories import PersonFactory

NHS = "9434765919"
SECRETS = ("Hartley", "Amelia", NHS, "2015")


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def server_log():
    """Every line logged on django.server (runserver's access lines) and django.request, plus an
    access line ("GET /path?query HTTP/1.1") for every request the test client makes, as runserver
    would write it."""
    handler = Captured()
    loggers = [logging.getLogger(name) for name in ("django.server", "django.request")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)

    def access_line(sender, environ=None, **kwargs):
        if environ is not None:
            query = environ.get("QUERY_STRING", "")
            logging.getLogger("django.server").info(
                '"%s %s%s HTTP/1.1"', environ["REQUEST_METHOD"], environ["PATH_INFO"], f"?{query}" if query else "")

    request_started.connect(access_line)
    yield handler.lines
    request_started.disconnect(access_line)
    for lg, level in zip(loggers, levels, strict=False):
        lg.removeHandler(handler)
        lg.setLevel(level)


@pytest.fixture
def amelia(child):
    child.dob = dt.date(2015, 6, 1)
    child.common_child_id = NHS
    child.save()
    PersonFactory(forename="Jacob", surname="Morrison", dob=dt.date(2012, 2, 2))
    return child


def _no_secret_in(lines: list[str]) -> None:
    for line in lines:
        for secret in SECRETS:
            assert secret not in line, f"{secret!r} is in the log line {line!r}"


def test_a_search_by_name_from_the_home_page_keeps_the_name_out_of_every_address(amelia, users, login, server_log):
    client = login(users["social_worker"])
    home = client.get(reverse("home")).content.decode()
    assert re.search(r'<form method="post" action="/people/"', home)  # the home page's search box posts
    response = client.post(reverse("people:search"), {"q": "Amelia Hartley"}, follow=True)
    body = response.content.decode()
    assert "1 person found" in body and "Amelia Hartley" in body
    # The results page's address holds only a random key.
    results_url = response.redirect_chain[-1][0]
    assert re.fullmatch(r"/people/\?search=[\w-]{12}", results_url)
    assert re.fullmatch(r"search=[\w-]{12}", response.request["QUERY_STRING"])
    # A reload or the back button shows the same results.
    again = client.get(results_url).content.decode()
    assert "1 person found" in again and "Amelia Hartley" in again

    lines = [line for line in server_log if "HTTP/1.1" in line]
    assert any('"POST /people/ HTTP/1.1"' in line for line in lines)
    assert sum(f'"GET {results_url} HTTP/1.1"' in line for line in lines) == 2
    _no_secret_in(server_log)


@pytest.mark.parametrize("typed", [
    {"name": "Emilia Hartly"},
    {"identifier": NHS},
    {"dob_day": "1", "dob_month": "6", "dob_year": "2015"},
    {"q": NHS},
])
def test_every_kind_of_person_search_works_by_post_with_nothing_in_the_address(typed, amelia, users, login,
                                                                               server_log):
    response = login(users["social_worker"]).post(reverse("people:search"), typed, follow=True)
    assert "1 person found" in response.content.decode()
    assert response.request["QUERY_STRING"].startswith("search=")
    _no_secret_in(server_log)


def test_a_name_in_the_address_is_not_searched_for(amelia, users, login):
    body = login(users["social_worker"]).get(reverse("people:search"), {"name": "Amelia Hartley"}).content.decode()
    assert "person found" not in body and "people found" not in body


def test_a_results_address_is_no_use_to_anyone_else(amelia, users, login, client):
    mine = login(users["social_worker"]).post(reverse("people:search"), {"name": "Amelia Hartley"}, follow=True)
    results_url = mine.redirect_chain[-1][0]
    client.logout()
    client.force_login(users["team_manager"])  # same role's rights, another session: a shared or bookmarked link
    body = client.get(results_url).content.decode()
    assert "Hartley" not in body and "person found" not in body
    assert "That search is no longer available" in body


def test_an_invalid_search_is_shown_with_its_errors_and_not_redirected(users, login, server_log):
    response = login(users["social_worker"]).post(reverse("people:search"), {"name": "", "postcode": ""})
    assert response.status_code == 200
    assert "Enter a name, date of birth, identifier or postcode to search" in response.content.decode()


def test_the_front_door_searches_for_a_child_by_post(amelia, users, login, server_log):
    client = login(users["front_door"])
    page = client.get(reverse("front_door:contact_new")).content.decode()
    assert 'method="post"' in page and 'method="get"' not in page
    response = client.post(reverse("front_door:contact_new"), {"name": "Amelia Hartley"}, follow=True)
    body = response.content.decode()
    assert f"?person={amelia.pk}" in body  # found: "Record a contact" for her
    assert response.request["QUERY_STRING"].startswith("search=")

    contact = UnlinkedContactFactory(subject_forename="Amelia", subject_surname="Hartly", subject_dob=amelia.dob)
    link = reverse("front_door:contact_link", args=[contact.pk])
    assert "Link to Amelia Hartley" in client.get(link).content.decode()  # the partner's name, from the contact
    response = client.post(link, {"action": "search", "name": "", "dob_day": "1", "dob_month": "6",
                                  "dob_year": "2015"}, follow=True)
    assert "Link to Amelia Hartley" in response.content.decode()
    assert response.request["QUERY_STRING"].startswith("search=")
    _no_secret_in(server_log)


# --- A real server, logging as runserver does -----------------------------------------------------

@pytest.fixture
def logging_live_server(live_server, monkeypatch):
    """The test server, writing runserver's access lines (pytest-django's is quiet by default)."""
    from django.core.servers.basehttp import WSGIRequestHandler
    from django.test.testcases import QuietWSGIRequestHandler

    monkeypatch.setattr(QuietWSGIRequestHandler, "log_message", WSGIRequestHandler.log_message)
    return live_server


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


@pytest.mark.django_db(transaction=True)
def test_the_server_log_of_a_real_search_by_name_holds_no_name(transactional_db, amelia, users, server_log,
                                                               logging_live_server):
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    base = logging_live_server.url

    def fetch(path, data=None):
        body = urlencode(data).encode() if data is not None else None
        with opener.open(Request(base + path, data=body), timeout=30) as response:
            return response.geturl(), response.read().decode()

    _url, login_page = fetch("/accounts/login/")
    fetch("/accounts/login/", {"csrfmiddlewaretoken": _csrf(login_page), "username": users["social_worker"].username,
                               "password": PASSWORD})
    _url, home = fetch("/")
    url, results = fetch("/people/", {"csrfmiddlewaretoken": _csrf(home), "q": "Amelia Hartley"})
    assert "1 person found" in results and "Amelia Hartley" in results
    assert re.fullmatch(re.escape(base) + r"/people/\?search=[\w-]{12}", url)

    access = [line for line in server_log if "HTTP/1.1" in line]
    assert any(line.startswith('"POST /people/ HTTP/1.1" 302') for line in access), access
    assert any(line.startswith('"GET /people/?search=') for line in access), access
    _no_secret_in(server_log)

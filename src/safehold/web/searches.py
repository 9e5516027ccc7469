"""Searches for a person keep what was typed out of the address (issue 15: no personal data in logs).

A web address is written down in many places: the web server's and proxy's access logs, the browser's
history, the Referer header sent with the next request. So a search form for a name, a date of birth,
an NHS number or a UPN posts what was typed; the view checks it, keeps it in the user's session under
a random key, and redirects to the page with only that key in the address (`?search=<key>`). The back
button and a reload show the same results; a key from someone else's session, or one that has expired
with the session, finds nothing (the page asks for the search again), so a results page cannot be
bookmarked or shared.

Each page keeps its own searches (`scope`): a key made on the person search is no use on the front
door's. The session (in the database, ended at sign-out) keeps the last `KEEP` searches.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest, QueryDict

PARAM = "search"
SESSION_KEY = "safehold_searches"
KEEP = 10
_NOT_KEPT = {"csrfmiddlewaretoken", "action", "version"}


def remember(request: HttpRequest, scope: str, data: QueryDict) -> str:
    """Keep the submitted search in the session; the key to put in the results page's address."""
    key = secrets.token_urlsafe(9)
    kept = {k: data.getlist(k) for k in data if k not in _NOT_KEPT}
    searches = dict(request.session.get(SESSION_KEY, {}))
    searches[key] = {"scope": scope, "data": kept}
    while len(searches) > KEEP:
        searches.pop(next(iter(searches)))
    request.session[SESSION_KEY] = searches
    return key


def recall(request: HttpRequest, scope: str) -> QueryDict | None:
    """The search named by ?search=<key>, if this session made it on this page; else None."""
    key = request.GET.get(PARAM, "")
    entry = request.session.get(SESSION_KEY, {}).get(key) if key else None
    if not entry or entry.get("scope") != scope:
        return None
    data = QueryDict(mutable=True)
    for name, values in entry["data"].items():
        data.setlist(name, values)
    return data


def results_url(path: str, key: str) -> str:
    return f"{path}?{PARAM}={key}"


def asked_for_lost_search(request: HttpRequest) -> bool:
    """True when the address names a search this session does not hold (expired, or another person's)."""
    return bool(request.GET.get(PARAM))

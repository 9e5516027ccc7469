"""The authorisation matrix (security.md B7.1, ASVS 8.2.1/8.2.2).

Every named URL in the project, for every role, against a declared table of HTTP statuses. A URL
without a row in EXPECTED fails, so a new view cannot ship without deciding who may use it.
"""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safehold.accounts.models import RecordAccessGrant, Role
from safehold.accounts.tests.factories import RecordAccessGrantFactory
from safehold.people.models import Person

ROLES = [r.value for r in Role]
SW, TM, SM, IRO, FD, AN, PA, AD, LE, QA = (
    "social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin", "leader",
    "quality_assurance",
)
assert sorted(ROLES) == sorted([SW, TM, SM, IRO, FD, AN, PA, AD, LE, QA]), "a role was added: extend the table"
COLUMNS = (SW, TM, SM, IRO, FD, AN, PA, AD, LE, QA)


def _row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(COLUMNS)
    return dict(zip(COLUMNS, statuses, strict=False))


def _all(status: int) -> dict[str, int]:
    return {role: status for role in COLUMNS}


# GET by each role, for `child` (allocated to the team of the social worker, team manager and front
# door practitioner; the service manager's service area; not restricted).
#                                   SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_EDIT = _row(                       200, 200, 200, 403, 200, 403, 404, 404, 403, 403)
_OPEN = _row(                       200, 200, 200, 200, 200, 200, 404, 404, 200, 200)
EXPECTED: dict[str, dict[str, int]] = {
    "home": _all(200),
    "healthz": _all(200),
    "login": _all(302),  # signed-in users are sent home
    "logout": _all(405),  # POST only
    "password_change": _all(200),
    "password_change_done": _all(200),
    "accounts_users": _row(         403, 403, 403, 403, 403, 403, 403, 200, 403, 403),
    # Two-step verification (issue 15.4), off in the test settings and no app set up: everyone has the page
    # and may set an app up; the code page and turning it off send back (nothing to ask or remove).
    # An administrator's reset is POST only (accounts/tests/test_two_step.py).
    "two_step": _all(200),
    "two_step_setup": _all(200),
    "two_step_verify": _all(302),
    "two_step_remove": _all(302),
    "accounts_two_step_reset": _all(405),
    "people:search": _row(          200, 200, 200, 200, 200, 200, 403, 403, 200, 200),
    "people:create": _row(          200, 200, 200, 403, 200, 403, 403, 403, 403, 403),
    "people:detail": _OPEN,
    "people:chronology_print": _OPEN,
    "people:edit": _EDIT,
    "people:address_add": _EDIT,
    "people:name_add": _EDIT,
    "people:relationship_add": _EDIT,
    "people:restriction": _row(     403, 200, 200, 403, 403, 403, 404, 200, 403, 403),
    "people:grant_add": _all(405),  # POST only: see test_post_only_views
    "people:grant_revoke": _all(405),  # POST only
    "people:break_glass": _row(     200, 200, 200, 200, 200, 403, 404, 404, 403, 403),
    "people:merge": _row(           403, 200, 200, 403, 403, 403, 404, 404, 403, 403),
    # The admin role holds RECORD_HISTORY but no PERSON_VIEW, so the page answers 404 for it; the
    # admin reads a record's history on the audit page instead.
    "people:history": _row(         403, 200, 200, 403, 403, 403, 404, 404, 403, 403),
    "casework:allocate": _row(      403, 200, 200, 403, 403, 403, 404, 404, 403, 403),
    "audit:index": _row(            403, 403, 200, 403, 403, 403, 403, 200, 403, 403),
}

# Later apps declare their own rows in safehold/<app>/tests/access_table.py:
#   EXPECTED = {url_name: {role: status}}            GET by each role
#   def url_kwargs(name, *, child, users) -> dict     builds what the URL needs for `child`
# (POST-only views list 405 for every role here and test their POSTs in their own app.)
APP_TABLES = {}
for _app in ("accounts", "casework", "notifications", "casefile", "meetings", "front_door", "family_help", "child_protection", "oversight", "worklists", "children_in_care",
             "care_planning",
             "care_leavers", "returns", "performance", "workforce", "improvement", "governance"):
    try:
        _mod = importlib.import_module(f"safehold.{_app}.tests.access_table")
    except ModuleNotFoundError:
        continue
    for _name, _row_ in _mod.EXPECTED.items():
        assert _name not in EXPECTED, f"{_name} declared twice"
        EXPECTED[_name] = _row_
        APP_TABLES[_name] = _mod

# POST by each role (valid data) for the POST-only views.
#                                   SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
EXPECTED_POST = {
    "people:grant_add": _row(       403, 302, 302, 403, 403, 403, 404, 302, 403, 403),
    "people:grant_revoke": _row(    403, 302, 302, 403, 403, 403, 404, 302, 403, 403),
}

# Anonymous users are sent to sign in everywhere except these.
ANONYMOUS_ALLOWED = {"healthz": 200, "login": 200, "logout": 405}
SKIPPED_NAMESPACES = {"admin"}


def _pattern_kwargs(pattern) -> set[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return set(converters)
    return set(pattern.regex.groupindex)


def collect_urls(resolver=None, namespace: tuple[str, ...] = (), kwargs: frozenset[str] = frozenset()):
    """(full name, kwarg names) of every named pattern, and every unnamed one (as name None)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            ns = namespace + ((entry.namespace,) if entry.namespace else ())
            yield from collect_urls(entry, ns, kwargs | _pattern_kwargs(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = ":".join(namespace + (entry.name,)) if entry.name else None
            yield name, kwargs | _pattern_kwargs(entry.pattern), entry


def _is_static(entry) -> bool:
    from django.views.static import serve

    return getattr(entry.callback, "__wrapped__", entry.callback) is serve


URL_NAMES = sorted({name for name, _kw, _e in collect_urls() if name})
URL_KWARGS = {name: kw for name, kw, _e in collect_urls() if name}


def test_every_url_is_named_and_in_the_table():
    unnamed = [str(e.pattern) for name, _kw, e in collect_urls() if name is None and not _is_static(e)]
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    missing = [n for n in URL_NAMES if n not in EXPECTED]
    assert not missing, f"Add these URL names to EXPECTED in {__file__}: {missing}"
    stale = sorted(set(EXPECTED) - set(URL_NAMES))
    assert not stale, f"EXPECTED lists URL names that no longer exist: {stale}"
    for name, row in EXPECTED.items():
        assert set(row) == set(ROLES), f"{name}: the row must give a status for every role"


@pytest.fixture
def grant(child, users):
    return RecordAccessGrantFactory(person=child, user=users[SW], granted_by=users[TM],
                                            reason="Allocated worker for this family")


def url_for(name: str, child: Person, grant: RecordAccessGrant | None = None, users=None) -> str:
    if name in APP_TABLES:
        return reverse(name, kwargs=APP_TABLES[name].url_kwargs(name, child=child, users=users))
    values = {"pk": child.pk, "grant_id": grant.pk if grant else 0}
    unknown = URL_KWARGS[name] - set(values)
    assert not unknown, f"{name}: the matrix test does not know how to fill {unknown}"
    return reverse(name, kwargs={k: values[k] for k in URL_KWARGS[name]})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", URL_NAMES)
def test_get_status_by_role(name, role, child, users, grant, login):
    assert name in EXPECTED, f"{name} has no row in EXPECTED: decide who may use it"
    client = login(users[role])
    response = client.get(url_for(name, child, grant, users))
    assert response.status_code == EXPECTED[name][role], (
        f"GET {name} as {role}: {response.status_code}, expected {EXPECTED[name][role]}"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED_POST))
def test_post_only_views(name, role, child, users, grant, login):
    client = login(users[role])
    data = {"username": users[FD].username, "reason": "Covering the duty rota this week"}
    response = client.post(url_for(name, child, grant), data)
    assert response.status_code == EXPECTED_POST[name][role]
    grant.refresh_from_db()
    front_door_granted = RecordAccessGrant.objects.filter(person=child, user=users[FD]).exists()
    if name == "people:grant_add":
        assert front_door_granted == (response.status_code == 302)
    else:
        assert (grant.revoked_at is not None) == (response.status_code == 302)


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_sign_in(name, client, child, grant, users):
    url = url_for(name, child, grant, users)
    if name in ANONYMOUS_ALLOWED:
        assert client.get(url).status_code == ANONYMOUS_ALLOWED[name]
        return
    method = client.post if name in EXPECTED_POST else client.get
    response = method(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")
    assert RecordAccessGrant.objects.filter(revoked_at__isnull=False).count() == 0


# --- Out of scope: a child allocated to another team ------------------------------------------------

RECORD_VIEWS = ["people:detail", "people:chronology_print", "people:edit", "people:address_add",
                "people:name_add", "people:relationship_add"]


@pytest.mark.parametrize("name", RECORD_VIEWS)
def test_social_worker_gets_outside_your_access_page_for_another_teams_child(name, other_child, users, login):
    response = login(users[SW]).get(url_for(name, other_child))
    assert response.status_code == 403
    body = response.content.decode()
    assert "This record is outside your access" in body
    # Nothing from the record itself: no chronology, no address, no details.
    assert "Chronology" not in body and "Who they are" not in body
    # Break-glass is offered (the social worker's role holds it).
    assert reverse("people:break_glass", args=[other_child.pk]) in body


#                                   SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
OTHER_TEAM_DETAIL = _row(           403, 403, 403, 200, 200, 200, 404, 404, 200, 200)
RESTRICTED_DETAIL = _row(           403, 403, 403, 403, 403, 403, 404, 404, 403, 403)


@pytest.mark.parametrize("role", ROLES)
def test_record_page_for_another_teams_child(role, other_child, users, login):
    response = login(users[role]).get(reverse("people:detail", args=[other_child.pk]))
    assert response.status_code == OTHER_TEAM_DETAIL[role]
    body = response.content.decode()
    if response.status_code == 200:
        assert "Oliver Brennan" in body
    elif response.status_code == 403:
        assert "outside your access" in body


@pytest.mark.parametrize("role", ROLES)
def test_record_page_for_a_restricted_child_in_scope(role, restricted_child, users, login):
    response = login(users[role]).get(reverse("people:detail", args=[restricted_child.pk]))
    assert response.status_code == RESTRICTED_DETAIL[role]
    assert "Hartley" not in response.content.decode()
    if response.status_code == 403:
        assert "This record is restricted" in response.content.decode()


# --- Partner agency users learn nothing --------------------------------------------------------------

PERSON_URLS = [n for n in URL_NAMES if "pk" in URL_KWARGS[n] and n not in APP_TABLES]


@pytest.mark.parametrize("name", [n for n in PERSON_URLS if n not in EXPECTED_POST])
def test_partner_gets_404_on_person_urls(name, child, users, login):
    response = login(users[PA]).get(url_for(name, child))
    assert response.status_code == 404


@pytest.mark.parametrize("name", PERSON_URLS)
def test_partner_cannot_tell_whether_a_record_exists(name, child, users, grant, login):
    """Same answer for a real child and for a pk that does not exist, and none of the child's details."""
    client = login(users[PA])
    method = client.post if name in EXPECTED_POST else client.get
    real = method(url_for(name, child, grant))
    missing_pk = Person.objects.order_by("-pk").first().pk + 1000
    fake = method(reverse(name, kwargs={k: missing_pk for k in URL_KWARGS[name]}))
    assert real.status_code == fake.status_code
    assert real.status_code in (403, 404, 405)
    body = real.content.decode()
    for detail in ("Amelia", "Hartley", child.person_id):
        assert detail not in body


# --- Managers and records outside their team ----------------------------------------------------------

def test_team_manager_cannot_restrict_another_teams_child(other_child, users, login):
    client = login(users[TM])
    client.post(reverse("people:restriction", args=[other_child.pk]), {"reason": "Taking this record over", "restrict": "1"})
    # Restricting names the restricting manager: this would hand them a child outside their scope.
    assert client.get(reverse("people:detail", args=[other_child.pk])).status_code == 403
    other_child.refresh_from_db()
    assert not other_child.is_restricted
    assert client.get(reverse("people:restriction", args=[other_child.pk])).status_code == 403


def test_team_manager_cannot_grant_themselves_another_teams_restricted_child(other_child, users, login):
    other_child.is_restricted = True
    other_child.save()
    client = login(users[TM])
    response = client.post(reverse("people:grant_add", args=[other_child.pk]),
                           {"username": users[TM].username, "reason": "I would like to read this"})
    assert response.status_code == 403
    assert not RecordAccessGrant.objects.filter(person=other_child, user=users[TM]).exists()
    assert client.get(reverse("people:detail", args=[other_child.pk])).status_code == 403


def test_team_manager_cannot_revoke_grants_on_another_teams_child(other_child, users, login):
    from safehold.accounts.tests.factories import UserFactory

    colleague = UserFactory(username="south_worker", team=other_child.allocations.get().team)
    grant = RecordAccessGrantFactory(person=other_child, user=colleague, granted_by=users[AD],
                                             reason="Allocated worker")
    response = login(users[TM]).post(reverse("people:grant_revoke", args=[other_child.pk, grant.pk]))
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_permission_change_takes_effect_on_the_next_request(child, users, login):
    """ASVS 8.3.2: roles are re-read per request; nothing is cached in the session."""
    user = users[TM]
    client = login(user)
    url = reverse("casework:allocate", args=[child.pk])
    assert client.get(url).status_code == 200
    user.role = Role.SOCIAL_WORKER
    user.save()
    assert client.get(url).status_code == 403

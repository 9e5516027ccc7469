import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.casework.models import Allocation
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_complete, work_raise
from safehold.oversight.tests.factories import make_oversight, make_supervision
from safehold.people.tests.factories import PersonFactory
from safehold.timescales import due_date
from safehold.worklists import selectors

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 15, 10, 0), tick=False):
        yield


def _case(team, worker=None, started_on=dt.date(2025, 6, 1), **person):
    kid = PersonFactory(**person)
    return kid, AllocationFactory(person=kid, team=team, worker=worker, started_on=started_on)


def _work(alloc, rule, start, title=None):
    return work_raise(person=alloc.person, rule_code=rule, start=start, source=alloc, title=title or f"{rule} due")


@pytest.fixture
def sams_work(users, team):
    """Three children allocated to the social worker with work overdue, due soon and later."""
    sw = users["social_worker"]
    a, alloc_a = _case(team, sw, forename="Ava", surname="Moss")
    b, alloc_b = _case(team, sw, forename="Ben", surname="Lowe")
    c, alloc_c = _case(team, sw, forename="Cal", surname="Reed")
    items = {
        "late_assessment": _work(alloc_a, "ASSESSMENT", dt.date(2025, 9, 1), "Child and family assessment authorised"),
        "late_visit": _work(alloc_b, "CP_VISIT", dt.date(2025, 12, 1), "Child protection visit"),
        "soon_visit": _work(alloc_c, "CP_VISIT", TODAY - dt.timedelta(days=10), "Child protection visit"),
        "later_assessment": _work(alloc_c, "ASSESSMENT", TODAY, "Child and family assessment authorised"),
    }
    done = _work(alloc_a, "CP_VISIT", dt.date(2025, 11, 1))
    work_complete(work=done, done=dt.date(2025, 11, 5), by_event=alloc_a)
    someone_else = UserFactory(team=team)
    _, alloc_x = _case(team, someone_else)
    _work(alloc_x, "ASSESSMENT", dt.date(2025, 9, 1))
    return {"kids": (a, b, c), **items}


def test_my_work_overdue_first_then_by_due_date(users, sams_work):
    work = selectors.my_work(fetched_by=users["social_worker"])
    order = [sams_work[k] for k in ("late_assessment", "late_visit", "soon_visit", "later_assessment")]
    assert sorted(order, key=lambda w: w.due_on) == order  # the fixture's due dates really are in this order
    assert [w.pk for w in work.items] == [w.pk for w in order]
    assert work.total == 4 and work.overdue == 2
    first = work.items[0]
    assert first.due_on == due_date("ASSESSMENT", dt.date(2025, 9, 1))
    assert first.days == (TODAY - first.due_on).days > 0
    assert {r["rule_code"]: (r["n"], r["overdue"]) for r in work.rules} == {"ASSESSMENT": (2, 1), "CP_VISIT": (2, 1)}


def test_my_work_filters(users, sams_work):
    sw = users["social_worker"]
    assert [w.pk for w in selectors.my_work(fetched_by=sw, when="overdue").items] == [
        sams_work["late_assessment"].pk, sams_work["late_visit"].pk]
    assert [w.pk for w in selectors.my_work(fetched_by=sw, rule="CP_VISIT").items] == [
        sams_work["late_visit"].pk, sams_work["soon_visit"].pk]
    week = selectors.my_work(fetched_by=sw, when="week").items
    assert all(TODAY <= w.due_on <= TODAY + dt.timedelta(days=6) for w in week)
    assert sams_work["soon_visit"].pk in [w.pk for w in week]


def test_my_work_masks_a_restricted_child_the_worker_cannot_open(users, team, login):
    sw = users["social_worker"]
    kid, alloc = _case(team, None, forename="Hidden", surname="Child", is_restricted=True)
    w = _work(alloc, "ASSESSMENT", dt.date(2025, 9, 1))
    w.worker = sw
    w.save()
    body = login(sw).get(reverse("worklists:my_work")).content.decode()
    assert "Hidden" not in body and kid.person_id in body and "Restricted record" in body


def test_my_work_page_and_htmx_fragment(users, sams_work, login):
    client = login(users["social_worker"])
    url = reverse("worklists:my_work")
    page = client.get(url).content.decode()
    assert "<h1 class=\"govuk-heading-l\">My work</h1>" in page
    assert "Ava Moss" in page and "ASSESSMENT" in page and "days overdue" in page
    assert f'href="{reverse("people:detail", args=[sams_work["kids"][0].pk])}"' in page
    # htmx asks for the table only
    fragment = client.get(url, {"rule": "CP_VISIT", "when": "all", "fragment": "table"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and 'id="my-work-table"' in body
    assert "Ben Lowe" in body and "Ava Moss" not in body
    # Without JavaScript the same filter reloads the whole page.
    full = client.get(url, {"rule": "CP_VISIT", "when": "overdue"}).content.decode()
    assert "<html" in full and "Ben Lowe" in full and "Cal Reed" not in full
    # Nonsense filters are ignored, not errors.
    assert client.get(url, {"rule": "<script>", "when": "sometime"}).status_code == 200


def test_my_work_lists_oversight_actions_owned(users, sams_work, login):
    make_oversight(person=sams_work["kids"][1], by=users["team_manager"],
                   actions=[("Arrange a family group conference", users["social_worker"], TODAY)])
    body = login(users["social_worker"]).get(reverse("worklists:my_work")).content.decode()
    assert "Arrange a family group conference" in body


# --- The team page ----------------------------------------------------------------------------------

def test_team_overview(users, team, sams_work):
    tm, sw = users["team_manager"], users["social_worker"]
    unallocated_kid, _ = _case(team, None, forename="Una", surname="Held")
    make_supervision(worker=sw, supervisor=tm, held_on=dt.date(2026, 1, 5))
    o = selectors.team_overview(fetched_by=tm, team=team)
    by_rule = {r["rule_code"]: r for r in o["by_rule"]}
    assert by_rule["ASSESSMENT"]["overdue"] == 2  # the social worker's and the colleague's
    assert by_rule["CP_VISIT"]["overdue"] == 1
    assert o["overdue_total"] == 3
    assert unallocated_kid.pk in [a["person"].pk for a in o["unallocated"]]
    rows = {r["worker"].pk: r for r in o["workers"]}
    assert rows[sw.pk]["caseload"] == 3 and rows[sw.pk]["overdue"] == 2
    assert rows[sw.pk]["oldest"].pk == sams_work["late_assessment"].pk
    assert rows[sw.pk]["oldest"].person.full_name == "Ava Moss"
    assert rows[sw.pk]["missed"] is False
    assert rows[tm.pk]["caseload"] == 0 and rows[tm.pk]["oldest"] is None
    # Cases opened in June 2025 with no oversight: due September 2025, so all are listed.
    assert {k.pk for k in sams_work["kids"]} <= {r["person"].pk for r in o["without_oversight"]}


def test_team_page_shows_caseloads_unallocated_and_oversight_gaps(users, team, sams_work, login, child):
    make_oversight(person=sams_work["kids"][0], by=users["team_manager"], occurred_on=TODAY)
    body = login(users["team_manager"]).get(reverse("worklists:team")).content.decode()
    assert 'id="caseloads"' in body and str(users["social_worker"]) in body
    assert 'id="unallocated"' in body and "Amelia Hartley" in body  # `child` is held by the team
    assert 'id="without-oversight"' in body
    assert reverse("oversight:supervision_new", args=[users["social_worker"].pk]) in body
    assert reverse("oversight:record", args=[sams_work["kids"][1].pk]) in body


def test_team_work_filter_fragment(users, team, sams_work, login):
    client = login(users["team_manager"])
    response = client.get(reverse("worklists:team"), {"rule": "ASSESSMENT", "when": "overdue",
                                                       "worker": users["social_worker"].pk, "fragment": "work"},
                          HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="team-work-table"' in body
    assert "Ava Moss" in body and "Ben Lowe" not in body


def test_service_manager_picks_a_team_of_their_service(users, team, login):
    client = login(users["service_manager"])
    sibling = TeamFactory(service=team.service, name="Family Help North 2")
    assert "Choose a team" in client.get(reverse("worklists:team")).content.decode()
    assert client.get(reverse("worklists:team"), {"team": sibling.pk}).status_code == 200
    assert client.get(reverse("worklists:team"), {"team": TeamFactory().pk}).status_code == 403
    assert client.get(reverse("worklists:team"), {"team": "nonsense"}).status_code == 403


def test_team_manager_sees_only_their_team(users, team, login):
    client = login(users["team_manager"])
    assert client.get(reverse("worklists:team"), {"team": TeamFactory(service=team.service).pk}).status_code == 403


def _build_team(team, manager, n_workers: int, per_worker: int):
    for _i in range(n_workers):
        w = UserFactory(role=Role.SOCIAL_WORKER, team=team)
        make_supervision(worker=w, supervisor=manager, held_on=dt.date(2025, 10, 1))
        for j in range(per_worker):
            kid, alloc = _case(team, w, started_on=dt.date(2025, 3, 1), is_restricted=(j == 0))
            _work(alloc, "ASSESSMENT", dt.date(2025, 6, 1))
            _work(alloc, "CP_VISIT", TODAY)
            if j == 1:
                make_oversight(person=kid, by=manager, occurred_on=dt.date(2025, 12, 1))
        _case(team, None)


def _team_page_queries(client, team) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("worklists:team"), {"team": team.pk}).status_code == 200
    return len(ctx.captured_queries)


def test_team_page_queries_do_not_grow_with_team_size(users, login, django_assert_max_num_queries):
    sm = users["service_manager"]
    small, large = TeamFactory(service=sm.service), TeamFactory(service=sm.service)
    _build_team(small, sm, n_workers=1, per_worker=2)
    _build_team(large, sm, n_workers=6, per_worker=5)
    client = login(sm)
    client.get(reverse("home"))  # the first page after signing in renews the session (core.middleware)
    assert _team_page_queries(client, small) == _team_page_queries(client, large)
    # Session and user (5 with the session save), then about 16 aggregated reads, however big the team.
    with django_assert_max_num_queries(24):
        client.get(reverse("worklists:team"), {"team": large.pk})


def test_my_work_and_service_queries_are_bounded(users, login, django_assert_max_num_queries):
    sm = users["service_manager"]
    for _ in range(3):
        _build_team(TeamFactory(service=sm.service), sm, n_workers=3, per_worker=3)
    client = login(sm)
    with django_assert_max_num_queries(12):
        client.get(reverse("worklists:service"))
    client = login(Allocation.objects.filter(worker__isnull=False).first().worker)
    with django_assert_max_num_queries(12):
        client.get(reverse("worklists:my_work"))


# --- The service roll-up -----------------------------------------------------------------------------

def test_service_rollup(users, team, sams_work, login):
    sm = users["service_manager"]
    sibling = TeamFactory(service=team.service, name="Family Help North 2")
    _case(sibling, None)
    TeamFactory(name="Far away team")  # in another service: not listed
    services = selectors.services_for(sm)
    assert services == [team.service]
    [rollup] = selectors.service_overview(fetched_by=sm, services=services)
    rows = {r["team"].pk: r for r in rollup["teams"]}
    assert set(rows) == {team.pk, sibling.pk}
    assert rows[team.pk]["open"] == 4 and rows[team.pk]["overdue"] == 3 and rows[team.pk]["unallocated"] == 0
    assert rows[sibling.pk]["open"] == 1 and rows[sibling.pk]["unallocated"] == 1
    assert rollup["totals"]["open"] == 5
    # Workers never supervised since joining a month ago or more are overdue.
    assert rows[team.pk]["missed_supervision"] == 0  # everyone joined today (test clock)
    body = login(sm).get(reverse("worklists:service")).content.decode()
    assert "Family Help North 2" in body and "Far away team" not in body
    assert f'{reverse("worklists:team")}?team={sibling.pk}' in body


def test_leader_sees_every_service_and_filters_with_htmx(users, team, login):
    other = TeamFactory(name="Children in Care 1")
    client = login(users["leader"])
    page = client.get(reverse("worklists:service")).content.decode()
    assert team.name in page and other.name in page
    fragment = client.get(reverse("worklists:service"), {"service": other.service.pk, "fragment": "table"},
                          HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and other.name in fragment and team.name not in fragment


def test_service_manager_cannot_pick_another_service(users, login):
    other = TeamFactory()
    assert login(users["service_manager"]).get(reverse("worklists:service"),
                                               {"service": other.service.pk}).status_code == 403


def test_my_work_pages_keep_urgency_order(users, team, login):
    sw = users["social_worker"]
    _, alloc = _case(team, sw)
    for n in range(60):
        _work(alloc, "CP_VISIT", dt.date(2025, 10, 1) + dt.timedelta(days=n))
    first = selectors.my_work(fetched_by=sw, page_size=50)
    second = selectors.my_work(fetched_by=sw, page=2, page_size=50)
    assert (len(first.items), len(second.items), first.pages, first.matching) == (50, 10, 2, 60)
    assert first.items[-1].due_on <= second.items[0].due_on
    assert selectors.my_work(fetched_by=sw, page=99).page == 2  # past the end: the last page
    client = login(sw)
    page = client.get(reverse("worklists:my_work")).content.decode()
    assert "1 to 50 of 60 items" in page and 'rel="next"' in page
    fragment = client.get(reverse("worklists:my_work"), {"page": 2, "fragment": "table"}, HTTP_HX_REQUEST="true")
    assert "51 to 60 of 60 items" in fragment.content.decode()


def test_team_work_list_is_drilled_into(users, team, sams_work, login):
    client = login(users["team_manager"])
    overview = client.get(reverse("worklists:team")).content.decode()
    assert 'id="team-work-table"' not in overview and "to list the team's work" in overview
    drilled = client.get(reverse("worklists:team"), {"team": team.pk, "rule": "CP_VISIT", "when": "overdue"})
    body = drilled.content.decode()
    assert 'id="team-work-table"' in body and "Ben Lowe" in body and "<html" in body
    unallocated_work = client.get(reverse("worklists:team"), {"worker": "0", "when": "all", "fragment": "work"},
                                  HTTP_HX_REQUEST="true").content.decode()
    assert "Nothing open" in unallocated_work


def _overdue_shown(client) -> str:
    body = client.get(reverse("worklists:team")).content.decode()
    return body.split('id="count-overdue">', 1)[1].split("<", 1)[0]


def test_the_team_overview_is_reused_briefly_but_the_managers_own_changes_show_at_once(users, team, sams_work, login,
                                                                                        settings):
    from django.core.cache import cache

    settings.SAFEHOLD_TEAM_OVERVIEW_SECONDS = 30
    cache.clear()
    manager = login(users["team_manager"])
    assert _overdue_shown(manager) == "3"
    # Someone else completes a late visit: the manager's overview may be up to 30 seconds behind.
    work_complete(work=sams_work["late_visit"], done=TODAY, by_event=sams_work["late_visit"])
    assert _overdue_shown(manager) == "3"
    assert "other people's within 30 seconds" in manager.get(reverse("worklists:team")).content.decode()
    with time_machine.travel(dt.datetime(2026, 1, 15, 10, 0, 31), tick=False):
        assert _overdue_shown(manager) == "2"
        # Any change the manager makes (here a form they submit) rebuilds it on their next load.
        work_complete(work=sams_work["late_assessment"], done=TODAY, by_event=sams_work["late_assessment"])
        assert _overdue_shown(manager) == "2"
        manager.post(reverse("oversight:record", args=[sams_work["kids"][0].pk]), {})
        assert _overdue_shown(manager) == "1"
    cache.clear()


def test_a_reused_overview_still_hides_a_child_restricted_since(users, team, login, child, settings):
    from django.core.cache import cache

    settings.SAFEHOLD_TEAM_OVERVIEW_SECONDS = 30
    cache.clear()
    manager = login(users["team_manager"])
    assert "Amelia Hartley" in manager.get(reverse("worklists:team")).content.decode()  # unallocated in the team
    child.is_restricted = True
    child.save(update_fields=["is_restricted"])
    page = manager.get(reverse("worklists:team")).content.decode()
    assert "Amelia Hartley" not in page and child.person_id in page
    cache.clear()

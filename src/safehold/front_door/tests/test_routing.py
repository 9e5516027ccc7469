"""A front door decision reaches a team (issue 14.1): the council's routing rules by decision,
locality, age and disability; child protection to the MACPT; the team's unallocated queue, access
from the moment of the decision, and allocation from the queue."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safehold.accounts.models import Role, Team
from safehold.accounts.policy import decide_person_access
from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.casework.models import Allocation, StatutoryWork
from safehold.casework.tests.factories import AllocationFactory
from safehold.family_help.tests.factories import CINEpisodeFactory
from safehold.people.models import Address, Disability
from safehold.people.tests.factories import PersonFactory

from .. import services
from ..models import Decision, RoutingRule
from ..routing import route_for

RATIONALE = "Bruising seen at school and an account from the child, so an assessment of needs is right."
ON = dt.date(2026, 3, 2)


@pytest.fixture
def county(db):
    """Two Family Help teams by locality, a disabled children's team and a MACPT, each with a manager."""
    north = TeamFactory(team_id="FHN9", name="Family Help Kings Lynn", kind=Team.Kind.FAMILY_HELP)
    south = TeamFactory(team_id="FHS9", name="Family Help Thetford", kind=Team.Kind.FAMILY_HELP)
    disabled = TeamFactory(team_id="CWD1", name="Children with Disabilities", kind=Team.Kind.FAMILY_HELP)
    macpt = TeamFactory(team_id="MACPT9", name="MACPT West", kind=Team.Kind.MACPT)
    RoutingRule.objects.create(order=5, decision=Decision.STRATEGY, team=macpt)
    RoutingRule.objects.create(order=10, disabled=RoutingRule.Disabled.YES, max_age=17, team=disabled)
    RoutingRule.objects.create(order=20, postcode_prefixes="PE30 PE31", team=north)
    RoutingRule.objects.create(order=30, postcode_prefixes="IP24", min_age=0, max_age=17, team=south)
    managers = {t.team_id: UserFactory(username=f"tm_{t.team_id.lower()}", role=Role.TEAM_MANAGER, team=t)
                for t in (north, south, disabled, macpt)}
    return {"north": north, "south": south, "disabled": disabled, "macpt": macpt, "managers": managers}


def child_at(postcode: str, *, dob=dt.date(2015, 6, 1), disabled=False, person_id="C0000501"):
    child = PersonFactory(person_id=person_id, dob=dob)
    Address.objects.create(person=child, line1="1 Quay Street", town="Kings Lynn", postcode=postcode,
                           start_date=dt.date(2020, 1, 1))
    if disabled:
        Disability.objects.create(person=child, code="MOB")
    return child


def decide(by, child, decision=Decision.ASSESSMENT, **kw):
    contact = services.contact_record(by=by, person=child, received_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
                                      source="6", source_detail="PC Example", concern="Bruising seen at school",
                                      consent="not_needed")
    return services.contact_decide(by=by, contact=contact, expected_version=contact.version, decision=decision,
                                   rationale=RATIONALE, at=dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), **kw)


# --- The rules -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("postcode, dob, disabled, expected", [
    ("PE30 1AB", dt.date(2015, 6, 1), False, "north"),      # locality
    ("PE31 6XY", dt.date(2015, 6, 1), False, "north"),
    ("IP24 1PH", dt.date(2015, 6, 1), False, "south"),
    ("PE30 1AB", dt.date(2015, 6, 1), True, "disabled"),    # disability comes first (order 10)
    ("PE30 1AB", dt.date(2008, 3, 2), True, "north"),       # 18 on the day: past the disabled team's age band
    ("NR1 1AA", dt.date(2015, 6, 1), False, None),          # no rule for Norwich
    ("IP24 1PH", dt.date(2008, 3, 1), False, None),         # 18 since 1 March: outside the south rule's ages
])
def test_the_first_matching_rule_names_the_team(county, postcode, dob, disabled, expected):
    child = child_at(postcode, dob=dob, disabled=disabled)
    route = route_for(child, Decision.ASSESSMENT, ON)
    assert route.team == (county[expected] if expected else None)
    assert not route.already_held


def test_a_strategy_discussion_goes_to_the_macpt_whatever_the_locality(county):
    route = route_for(child_at("PE30 1AB", disabled=True), Decision.STRATEGY, ON)
    assert route.team == county["macpt"] and route.role == Allocation.Role.ALLOCATED_WORKER
    assert "strategy discussion" in route.note.lower()


def test_a_child_already_held_stays_with_the_team_holding_the_case(county):
    child = child_at("IP24 1PH")
    AllocationFactory(person=child, team=county["north"], started_on=dt.date(2025, 1, 1))
    route = route_for(child, Decision.ASSESSMENT, ON)
    assert (route.team, route.already_held) == (county["north"], True)


# --- The decision sends the child to the team -----------------------------------------------------------

def test_an_assessment_decision_lands_in_the_teams_unallocated_queue_with_access_at_once(county, users, login):
    fd = users["front_door"]
    child = child_at("PE30 1AB")
    manager = county["managers"]["FHN9"]
    assert not decide_person_access(manager, child).allowed  # before: the team cannot open the record
    contact = decide(fd, child)
    assert contact.routed_team == county["north"] and "routing rule" in contact.routing_note
    held = Allocation.objects.get(person=child, ended_on__isnull=True)
    assert (held.team, held.worker, held.role) == (county["north"], None, Allocation.Role.ALLOCATED_WORKER)
    assert decide_person_access(manager, child).allowed
    # The assessment clock sits with the receiving team.
    assessment = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert (assessment.team, assessment.worker) == (county["north"], None)
    # The manager sees the child in the unallocated queue on their home page and team page, with a link
    # to allocate.
    client = login(manager)
    home = client.get(reverse("home")).content.decode()
    allocate = reverse("casework:allocate", args=[child.pk])
    assert child.full_name in home.split("Unallocated in your team")[1]
    assert f"{allocate}?role=allocated_worker" in home
    team_page = client.get(reverse("worklists:team")).content.decode()
    assert f"{allocate}?role=allocated_worker" in team_page
    assert client.get(reverse("people:detail", args=[child.pk])).status_code == 200


def test_a_strategy_decision_for_a_family_help_child_adds_the_macpt_beside_the_family_help_team(county, users):
    child = child_at("PE30 1AB")
    AllocationFactory(person=child, team=county["north"], started_on=dt.date(2025, 1, 1))
    contact = decide(users["front_door"], child, Decision.STRATEGY)
    assert contact.routed_team == county["macpt"]
    open_ = {a.role: a for a in Allocation.objects.filter(person=child, ended_on__isnull=True)}
    assert open_[Allocation.Role.ALLOCATED_WORKER].team == county["north"]  # Family Help keeps the case
    cp = open_[Allocation.Role.LEAD_CP_PRACTITIONER]
    assert (cp.team, cp.worker) == (county["macpt"], None)
    assert decide_person_access(county["managers"]["MACPT9"], child).allowed


def test_with_no_rule_the_practitioner_must_choose_the_team(county, users):
    child = child_at("NR1 1AA")
    with pytest.raises(ValidationError) as exc:
        decide(users["front_door"], child)
    assert "choose the team" in exc.value.message_dict["team"][0]
    assert not Allocation.objects.filter(person=child).exists()  # nothing half-saved
    contact = decide(users["front_door"], child, team=county["south"])
    assert contact.routed_team == county["south"] and "chosen at the front door" in contact.routing_note
    assert Allocation.objects.get(person=child).team == county["south"]


def test_a_strategy_discussion_cannot_be_sent_to_a_family_help_team(county, users):
    child = child_at("NR1 1AA")
    with pytest.raises(ValidationError) as exc:
        decide(users["front_door"], child, Decision.STRATEGY, team=county["south"])
    assert "Multi-Agency Child Protection Team" in exc.value.message_dict["team"][0]


def test_no_further_action_sends_the_child_nowhere(county, users):
    child = child_at("PE30 1AB")
    contact = decide(users["front_door"], child, Decision.NFA)
    assert contact.routed_team is None and not Allocation.objects.filter(person=child).exists()


# --- The pages ------------------------------------------------------------------------------------------

def test_the_decision_page_shows_where_each_decision_goes_and_takes_a_chosen_team(county, users, login):
    fd = users["front_door"]
    child = child_at("NR1 1AA")
    contact = services.contact_record(by=fd, person=child, received_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
                                      source="6", source_detail="", concern="Bruising", consent="not_needed")
    client = login(fd)
    url = reverse("front_door:contact_decide", args=[contact.pk])
    page = client.get(url).content.decode()
    assert 'id="routes-preview"' in page and "Choose a team" in page and "MACPT West" in page
    response = client.post(url, {"decision": "assessment", "rationale": RATIONALE, "version": contact.version})
    assert response.status_code == 200 and "choose the team that will hold the case" in response.content.decode()
    response = client.post(url, {"decision": "assessment", "rationale": RATIONALE, "version": contact.version,
                                 "team": county["south"].pk}, follow=True)
    assert "Sent to Family Help Thetford" in response.content.decode()
    assert 'id="contact-routed"' in response.content.decode()


def test_the_manager_allocates_the_macpt_case_from_the_queue(county, users, login):
    child = child_at("PE30 1AB")
    AllocationFactory(person=child, team=county["north"], started_on=dt.date(2025, 1, 1))
    decide(users["front_door"], child, Decision.STRATEGY)
    manager = county["managers"]["MACPT9"]
    worker = UserFactory(username="macpt_sw", role=Role.SOCIAL_WORKER, team=county["macpt"])
    UserFactory(username="elsewhere_sw", role=Role.SOCIAL_WORKER, team=county["north"])
    client = login(manager)
    url = reverse("casework:allocate", args=[child.pk]) + "?role=lead_cp_practitioner"
    page = client.get(url).content.decode()
    assert "macpt_sw" in page or worker.get_full_name() in page
    assert "elsewhere_sw" not in page  # the pick-list is the manager's own team
    response = client.post(url, {"team": county["macpt"].pk, "worker": worker.pk, "role": "lead_cp_practitioner",
                                 "started_on_day": "2", "started_on_month": "3", "started_on_year": "2026"})
    assert response.status_code == 302
    cp = Allocation.objects.get(person=child, ended_on__isnull=True, role=Allocation.Role.LEAD_CP_PRACTITIONER)
    assert cp.worker == worker
    # Family Help still holds the allocated worker's role, unchanged.
    assert Allocation.objects.get(person=child, ended_on__isnull=True,
                                  role=Allocation.Role.ALLOCATED_WORKER).team == county["north"]


def test_the_records_current_involvement_agrees_with_its_panels(county, users, login):
    child = child_at("PE30 1AB")
    client = login(county["managers"]["FHN9"])
    decide(users["front_door"], child)
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    involvement = body.split("Current involvement", 1)[1].split("Family and household", 1)[0]
    assert "Unallocated" in involvement and "Family Help Kings Lynn" in involvement
    assert "Open episode of need: referral of 2 Mar 2026" in involvement
    assert "No open involvement" not in involvement


def test_an_open_episode_with_no_team_says_no_team_holds_the_case(users, login):

    child = child_at("PE30 1AB")
    CINEpisodeFactory(person=child, referral_date=dt.date(2026, 2, 2), recorded_by=users["front_door"])
    body = login(users["front_door"]).get(reverse("people:detail", args=[child.pk])).content.decode()
    involvement = body.split("Current involvement", 1)[1].split("Family and household", 1)[0]
    assert "Open episode of need: referral of 2 Feb 2026" in involvement
    assert "No team holds this case" in involvement

"""The family as a picture (issue 14.8): generations in rows, the child marked, the household shaded, ended
relationships dashed, restricted records unnamed, and a description that says the same in words."""

import datetime as dt

import pytest
from django.urls import reverse

from safehold.people.genogram import layout
from safehold.people.models import Address, Relationship
from safehold.people.selectors import relationships_of
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(child):
    mother = PersonFactory(forename="Grace", surname="Hartley", sex="F", kind="adult", dob=dt.date(1990, 5, 1))
    father = PersonFactory(forename="Tom", surname="Hartley", sex="M", kind="adult", dob=dt.date(1988, 2, 1))
    nan = PersonFactory(forename="Ivy", surname="Hartley", sex="F", kind="adult", dob=dt.date(1960, 1, 1))
    brother = PersonFactory(forename="Leo", surname="Hartley", sex="M", dob=dt.date(2019, 1, 1))
    partner = PersonFactory(forename="Dan", surname="Cole", sex="M", kind="adult", dob=dt.date(1985, 1, 1))
    for who, kind, ended in ((mother, "mother", None), (father, "father", None), (nan, "grandparent", None),
                             (brother, "sibling", None), (partner, "parent_partner", dt.date(2025, 6, 1))):
        Relationship.objects.create(person=child, related=who, type=kind, end_date=ended,
                                    start_date=dt.date(2024, 1, 1) if ended else None)
    for p in (child, mother, brother):
        Address.objects.create(person=p, line1="1 Mill Lane", town="Northfield", postcode="NF1 2AB")
    return {"mother": mother, "father": father, "nan": nan, "brother": brother, "partner": partner}


def test_generations_household_and_ended_relationships(child, family):
    g = layout(child, relationships_of(child), household_ids={family["mother"].pk, family["brother"].pk},
               masked_ids=set())
    by_name = {n.name: n for n in g.nodes}
    assert by_name["Ivy Hartley"].y < by_name["Grace Hartley"].y < by_name["Amelia Hartley"].y
    assert by_name["Leo Hartley"].y == by_name["Amelia Hartley"].y
    assert by_name["Amelia Hartley"].subject and by_name["Grace Hartley"].shape == "circle"
    assert by_name["Tom Hartley"].shape == "square"
    assert by_name["Grace Hartley"].household and not by_name["Tom Hartley"].household
    assert by_name["Dan Cole"].ended
    assert "Living with Amelia Hartley: Grace Hartley, Leo Hartley." in g.description
    assert any(line.style == "dashed" for line in g.lines)  # the mother's partner


def test_the_record_page_draws_it_without_naming_a_restricted_relative(child, family, users, login):
    family["father"].is_restricted = True
    family["father"].save()
    page = login(users["social_worker"]).get(reverse("people:detail", args=[child.pk])).content.decode()
    figure = page.split('id="genogram"')[1].split("</figure>")[0]
    assert 'role="img"' in figure and "Genogram of Amelia Hartley" in figure
    assert "Grace Hartley" in figure and "Tom Hartley" not in figure and "Restricted record" in figure

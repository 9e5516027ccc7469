"""Workforce test data (synthetic only): established posts, workers and their appointments."""

import datetime as dt
from decimal import Decimal

import factory

from safehold.accounts.tests.factories import TeamFactory
from safehold.workforce.codes import OrgRole
from safehold.workforce.models import Appointment, Post, Worker


class PostFactory(factory.django.DjangoModelFactory):
    """A full-time case-holding social worker post."""

    class Meta:
        model = Post

    team = factory.SubFactory(TeamFactory)
    title = "Social worker"
    org_role = OrgRole.CASE_HOLDER
    fte = Decimal("1")
    established_on = dt.date(2020, 1, 1)


class WorkerFactory(factory.django.DjangoModelFactory):
    """A worker known by their Social Work England number (SW9... clear of the numbers tests pick by hand)."""

    class Meta:
        model = Worker

    swe_number = factory.Sequence(lambda n: f"SW9{n:09d}")
    name = factory.SelfAttribute("swe_number")


class AppointmentFactory(factory.django.DjangoModelFactory):
    """The worker in the post, full time, from May 2023."""

    class Meta:
        model = Appointment

    worker = factory.SubFactory(WorkerFactory)
    post = factory.SubFactory(PostFactory)
    team = factory.LazyAttribute(lambda o: o.post.team if o.post else None)
    org_role = factory.LazyAttribute(lambda o: o.post.org_role if o.post else OrgRole.CASE_HOLDER)
    fte = Decimal("1")
    start_date = dt.date(2023, 5, 1)

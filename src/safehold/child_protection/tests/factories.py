"""Child protection test data (synthetic only): a strategy discussion and its section 47 enquiry, as rows.

Use the builders in `helpers.py` (through the services) where the test is about the service; these are for a
row a test needs as it stands, such as one the services would refuse."""

import datetime as dt

import factory
from django.utils import timezone

from safehold.child_protection.models import Section47Enquiry, StrategyDiscussion
from safehold.family_help.tests.factories import CINEpisodeFactory


class StrategyDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyDiscussion

    episode = factory.SubFactory(CINEpisodeFactory)
    person = factory.SelfAttribute("episode.person")
    held_at = factory.LazyAttribute(lambda o: timezone.make_aware(
        dt.datetime.combine(o.episode.referral_date, dt.time(10, 0))))
    decision = StrategyDiscussion.Decision.START_S47
    rationale = "Bruising seen at school"
    chaired_by = factory.SelfAttribute("episode.recorded_by")
    recorded_by = factory.SelfAttribute("episode.recorded_by")


class Section47EnquiryFactory(factory.django.DjangoModelFactory):
    """An open enquiry started on the day of its strategy discussion; the conference is due 15 working days on
    (the factory does not count them: give `initial_cpc_target` where the date matters)."""

    class Meta:
        model = Section47Enquiry

    strategy_discussion = factory.SubFactory(StrategyDiscussionFactory)
    episode = factory.SelfAttribute("strategy_discussion.episode")
    person = factory.SelfAttribute("strategy_discussion.person")
    start_date = factory.LazyAttribute(lambda o: timezone.localtime(o.strategy_discussion.held_at).date())
    initial_cpc_target = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=21))
    recorded_by = factory.SelfAttribute("strategy_discussion.recorded_by")

"""Care leavers test data (synthetic only): a care leaver's eligibility, as a row."""

import factory
from django.utils import timezone

from safehold.accounts.tests.factories import UserFactory
from safehold.care_leavers.codes import Eligibility
from safehold.care_leavers.models import CareLeaverStatus
from safehold.people.tests.factories import PersonFactory


class CareLeaverStatusFactory(factory.django.DjangoModelFactory):
    """A former relevant child from today."""

    class Meta:
        model = CareLeaverStatus

    person = factory.SubFactory(PersonFactory)
    eligibility = Eligibility.FORMER_RELEVANT
    start_date = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(UserFactory)

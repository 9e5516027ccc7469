"""Children in care test data (synthetic only): the records a test needs without going through the services."""

import factory

from safehold.children_in_care.models import Provider


class ProviderFactory(factory.django.DjangoModelFactory):
    """A registered children's home (K2, private provision), checked with Ofsted."""

    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Oakfield House {n}")
    placement_type = "K2"
    provider_code = "PR4"
    registration_status = Provider.Registration.REGISTERED
    urn = factory.Sequence(lambda n: f"SC{n:06d}")
    postcode = "SH1 4AB"

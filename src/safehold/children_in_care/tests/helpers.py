"""Builders for children in care tests: providers on the register, a child looked after, a
director. Synthetic data only (invented names; the SH/NF postcodes are the synthetic county's)."""

from __future__ import annotations

import datetime as dt

from safehold.accounts.models import Role
from safehold.children_in_care import services
from safehold.children_in_care.models import Provider
from safehold.people.models import Address

START = dt.date(2025, 1, 6)
CHECKED = dt.date(2024, 12, 1)


def provider(name="Oak House", placement_type="K2", code="PR4", urn="SC100001", status="registered",
             checked=CHECKED, postcode="NF1 2AB", **kwargs) -> Provider:
    return Provider.objects.create(name=name, placement_type=placement_type, provider_code=code, urn=urn,
                                   registration_status=status, registration_checked_on=checked, postcode=postcode,
                                   **kwargs)


def foster(name="Northshire Fostering carer 01", placement_type="U6") -> Provider:
    return provider(name=name, placement_type=placement_type, code="PR1", urn="", status="not_required",
                    postcode="NF2 3CD")


def unregistered_home(name="Bespoke Solo Provision 1") -> Provider:
    return provider(name=name, placement_type="K2", code="PR4", urn="", status="not_registered", checked=None)


def home_address(child, postcode="SH1 4AB"):
    return Address.objects.create(person=child, line1="1 Mill Lane", town="Northfield", postcode=postcode,
                                  start_date=dt.date(2015, 6, 1))


def looked_after(child, user, *, start=START, legal_status="C2", carer=None, **kwargs):
    carer = carer or foster()
    return services.period_start(by=user, person=child, start_date=start, legal_status=legal_status,
                                 category_of_need="N1", provider=carer, **kwargs)


def director(*, role=Role.SERVICE_MANAGER, username="director_user", service=None):
    from safehold.accounts.tests.factories import UserFactory

    return UserFactory(username=username, role=role, is_director=True, service=service)


def authorisation(**overrides) -> services.Authorisation:
    values = {"reason": "No registered children's home could take her tonight; 42 homes refused",
              "plan_to_end": "Provider to apply to Ofsted; search for a registered home continues daily",
              "target_end_date": START + dt.timedelta(days=28)}
    return services.Authorisation(**{**values, **overrides})

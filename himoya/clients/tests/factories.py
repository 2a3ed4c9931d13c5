"""Factories for clients and their consents.

Rows are written directly (no services, no audit) so that a test of one part does not
depend on another part's code; the blind indexes are computed by the model's save().

    ClientFactory(organisation=alpha, name="Рано Каримова")
    ClientFactory(organisation=alpha, services_consent=bob)   # with bob's services consent
    ConsentFactory(client=client, taken_by=bob, kind=ConsentKind.SHARE_ORGANISATION, ...)
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from himoya.clients.models import AgeGroup, Client, Consent, ConsentKind, ConsentMethod, Sex
from himoya.directory.tests.factories import OrganisationFactory


def client_code_for_tests(client, number: int) -> str:
    """A code no real client gets (T before the number): PREFIX-YEAR-T00001."""
    organisation = client.organisation
    prefix = organisation.code_prefix or organisation.slug[:2].upper()
    return f"{prefix}-{timezone.now().year}-T{number:05d}"


class ConsentFactory(DjangoModelFactory):
    """A verbal consent to services, taken now."""

    class Meta:
        model = Consent

    client = factory.SubFactory("himoya.clients.tests.factories.ClientFactory")
    kind = ConsentKind.SERVICES
    method = ConsentMethod.VERBAL
    taken_by = None
    taken_at = factory.LazyFunction(timezone.now)


class ClientFactory(DjangoModelFactory):
    """An adult woman of her organisation's district, "Test Client", with a unique code."""

    class Meta:
        model = Client
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.LazyAttributeSequence(client_code_for_tests)
    name = "Test Client"
    birth_date = None
    sex = Sex.FEMALE
    age_group = AgeGroup.AGE_26_40
    district = factory.SelfAttribute("organisation.district")
    phone = ""
    safe_contact = factory.LazyFunction(lambda: {"may_call": False})
    created_by = None

    @factory.post_generation
    def services_consent(client, create, extracted, **kwargs):
        """services_consent=user: a consent to services that `user` took."""
        if create and extracted is not None:
            ConsentFactory(client=client, taken_by=extracted, **kwargs)

"""Factories for the directory: organisations, their locations, services and phones.

    OrganisationFactory(slug="gamma", kind=OrganisationKind.SHELTER, district__slug="sino")
    ServiceFactory(organisation=beta, districts_served=[isfara])   # a legal consultation
    ServiceFactory(organisation=alpha, service_type=ServiceType.LIVELIHOOD, name="Old cafe")
    ServiceFactory(organisation=alpha, districts_served=["sino", "firdavsi"])  # or District rows

An organisation's names follow its slug ("gamma (tg)", "gamma (ru)", "Gamma"). A service
is a primary legal aid "legal consultation" serving its organisation's district unless
told otherwise; `name` gives one name in the three languages ("Old cafe (tg)", ...).
"""

import factory
from factory.django import DjangoModelFactory

from himoya.directory.models import (
    SECTOR_OF_SERVICE_TYPE,
    Location,
    Organisation,
    OrganisationKind,
    Phone,
    Service,
    ServiceType,
)
from himoya.geo.models import District
from himoya.geo.tests.factories import DistrictFactory


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.CRISIS_CENTRE
    name_tg = factory.LazyAttribute(lambda organisation: f"{organisation.slug} (tg)")
    name_ru = factory.LazyAttribute(lambda organisation: f"{organisation.slug} (ru)")
    name_en = factory.LazyAttribute(
        lambda organisation: organisation.slug.replace("-", " ").title()
    )
    district = factory.SubFactory(DistrictFactory)


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name_tg = "Идора"
    name_ru = "Офис"
    name_en = "Office"
    district = factory.SelfAttribute("organisation.district")


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    class Params:
        # One name for the three languages: "<name> (tg)", "<name> (ru)", "<name>".
        name = None

    organisation = factory.SubFactory(OrganisationFactory)
    service_type = ServiceType.PRIMARY_LEGAL_AID
    sector = factory.LazyAttribute(lambda service: SECTOR_OF_SERVICE_TYPE[service.service_type])
    name_tg = factory.LazyAttribute(
        lambda service: f"{service.name} (tg)" if service.name else "Машварати ҳуқуқӣ"
    )
    name_ru = factory.LazyAttribute(
        lambda service: f"{service.name} (ru)" if service.name else "Правовая консультация"
    )
    name_en = factory.LazyAttribute(lambda service: service.name or "Legal consultation")

    @factory.post_generation
    def districts_served(service, create, extracted, **kwargs):
        """Districts (or their slugs) the service serves; its organisation's by default."""
        if not create:
            return
        if extracted is None:
            service.districts_served.set([service.organisation.district])
            return
        service.districts_served.set(
            [
                district if isinstance(district, District) else District.objects.get(slug=district)
                for district in extracted
            ]
        )


class PhoneFactory(DjangoModelFactory):
    class Meta:
        model = Phone

    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: f"+992 00 000 {n:04d}")

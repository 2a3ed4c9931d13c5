"""A small directory for the API and HSDS tests: several organisations and services.

Built on HimoyaTestCase's Alpha (crisis centre, Sino) and Beta (legal aid office, Isfara).
"""

import json

from himoya.directory.models import (
    Location,
    Organisation,
    OrganisationKind,
    Phone,
    Service,
    ServiceType,
)
from himoya.directory.tests.factories import OrganisationFactory, ServiceFactory
from himoya.geo.models import District
from himoya.testing import HimoyaTestCase


class DirectoryTestCase(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lac = OrganisationFactory(
            slug="legal-aid-center",
            kind=OrganisationKind.LEGAL_AID_OFFICE,
            district__slug="sino",
            description_en="The Legal Aid Center of the Republic of Tajikistan.",
            website="https://example.org/lac",
        )
        cls.beta.parent = cls.lac
        cls.beta.description_en = "State legal aid office in Isfara."
        cls.beta.save()
        cls.shelter = OrganisationFactory(
            slug="safe-house",
            kind=OrganisationKind.SHELTER,
            district__slug="shohmansur",
            email="shelter@example.org",
            is_demo=True,
        )
        cls.closed = OrganisationFactory(
            slug="closed-org",
            kind=OrganisationKind.CRISIS_CENTRE,
            district__slug="yovon",
            is_active=False,
        )
        cls.alpha_office = Location.objects.create(
            organisation=cls.alpha,
            name_tg="Идора",
            name_ru="Офис",
            name_en="Office",
            address_tg="кӯчаи Рӯдакӣ 1",
            address_en="1 Rudaki Avenue (fictitious)",
            district=District.objects.get(slug="sino"),
        )
        cls.secret_house = Location.objects.create(
            organisation=cls.shelter,
            name_tg="Хонаи бехатар",
            name_ru="Убежище",
            name_en="Safe house",
            address_tg="кӯчаи пинҳонӣ 7",
            address_en="7 Hidden Street",
            district=District.objects.get(slug="shohmansur"),
            is_confidential=True,
        )
        cls.counselling = ServiceFactory(
            organisation=cls.alpha,
            service_type=ServiceType.PSYCHOLOGICAL_SUPPORT,
            districts_served=["sino", "shohmansur", "firdavsi"],
            name="Counselling",
            description_en="Individual and group counselling.",
            hours_en="Mon-Fri 8:00-17:00",
            languages=["tg", "ru"],
            what_to_bring_en="Passport, if you have it\n- Medical papers",
            email="help@example.org",
        )
        cls.counselling.locations.set([cls.alpha_office])
        Phone.objects.create(
            organisation=cls.alpha, service=cls.counselling, number="+992 00 000 0001"
        )
        Phone.objects.create(
            organisation=cls.alpha,
            number="1313",
            kind=Phone.Kind.HOTLINE,
            is_free_call=True,
        )
        cls.legal_aid = ServiceFactory(
            organisation=cls.beta,
            service_type=ServiceType.PRIMARY_LEGAL_AID,
            districts_served=["isfara"],
            name="Primary legal aid",
            eligibility_en="Anyone who lives in Isfara.",
            languages=["tg", "uz"],
        )
        cls.advocate = ServiceFactory(
            organisation=cls.beta,
            service_type=ServiceType.SECONDARY_LEGAL_AID,
            districts_served=["isfara", "khujand"],
            name="Court representation",
            is_free=False,
            fees_en="Free for survivors; 50 somoni for others",
        )
        cls.stay = ServiceFactory(
            organisation=cls.shelter,
            service_type=ServiceType.TEMPORARY_SHELTER,
            districts_served=["shohmansur", "sino"],
            name="Temporary shelter",
            capacity=12,
            is_demo=True,
        )
        cls.stay.locations.set([cls.secret_house])
        cls.old = ServiceFactory(
            organisation=cls.alpha,
            service_type=ServiceType.LIVELIHOOD,
            districts_served=["sino"],
            name="Old cafe",
            is_active=False,
        )
        cls.hidden = ServiceFactory(
            organisation=cls.closed,
            service_type=ServiceType.CRISIS_COUNSELLING,
            districts_served=["yovon"],
            name="Closed centre",
        )

    @staticmethod
    def counts():
        """Row counts of everything a directory write could touch."""
        from himoya.audit.models import AuditEntry

        return {
            model.__name__: model.objects.count()
            for model in (Organisation, Service, Location, Phone, AuditEntry)
        } | {"served": Service.districts_served.through.objects.count()}


NEW_SERVICE = {
    "service_type": "crisis_counselling",
    "name_tg": "Машварати фаврӣ",
    "name_ru": "Кризисное консультирование",
    "name_en": "Crisis counselling",
    "districts_served": ["sino", "firdavsi"],
    "languages": ["ru", "tg"],
    "phones": [{"number": "+992 00 000 0009", "kind": "hotline", "is_free_call": True}],
}


class ApiClientMixin:
    def call(self, method, url, body=None, token=None, **params):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        data = json.dumps(body) if body is not None else None
        return getattr(self.client, method)(url, data, content_type="application/json", **extra)

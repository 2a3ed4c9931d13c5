"""Request and response shapes of the directory API.

Input schemas give every text an explicit maximum (the model's), every choice an enum,
and forbid unknown fields, so a bad request is refused field by field before anything
is written. Text fields may be left out of a PATCH but not sent as null.
"""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints

from himoya.core.paging import Page
from himoya.core.schemas import MultiLineText, TextInput
from himoya.directory.models import Language, OrganisationKind, Phone, Sector, ServiceType

ServiceTypeCode = Literal[tuple(ServiceType.values)]  # type: ignore[valid-type]
SectorCode = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
KindCode = Literal[tuple(OrganisationKind.values)]  # type: ignore[valid-type]
LanguageCode = Literal[tuple(Language.values)]  # type: ignore[valid-type]
PhoneKindCode = Literal[tuple(Phone.Kind.values)]  # type: ignore[valid-type]

DistrictSlug = Annotated[str, StringConstraints(min_length=1, max_length=60)]

MAX_INT = 2**31 - 1
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Version = Field(
    ..., ge=1, le=MAX_INT, description="The version you loaded; a stale one is refused."
)


def text(limit: int, required: bool = False, **extra):
    """A text field of at most `limit` characters; optional ones default to 'not sent'."""
    if required:
        return Field(..., min_length=1, max_length=limit, **extra)
    return Field(None, max_length=limit, **extra)


class StrictIn(TextInput):
    model_config = ConfigDict(extra="forbid")


# ---- output ----


class PhoneOut(Schema):
    number: str
    kind: str
    is_free_call: bool


class LocationOut(Schema):
    id: int
    name: str
    address: str = Field(description="Empty for confidential places such as shelters.")
    district: str
    is_confidential: bool

    @staticmethod
    def resolve_address(obj):
        return "" if obj.is_confidential else obj.address

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug


class OrganisationOut(Schema):
    slug: str
    uid: str
    kind: str
    name: str
    name_tg: str
    name_ru: str
    name_en: str
    description: str
    description_tg: str
    description_ru: str
    description_en: str
    district: str
    region: str
    parent: str | None
    email: str
    website: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug

    @staticmethod
    def resolve_region(obj):
        return obj.district.region.code

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.slug if obj.parent_id else None


class ServiceOut(Schema):
    id: int
    uid: str
    organisation: str
    organisation_name: str
    sector: str
    service_type: str
    name: str
    name_tg: str
    name_ru: str
    name_en: str
    description: str
    description_tg: str
    description_ru: str
    description_en: str
    hours: str
    hours_tg: str
    hours_ru: str
    hours_en: str
    eligibility: str
    eligibility_tg: str
    eligibility_ru: str
    eligibility_en: str
    what_to_bring: str
    what_to_bring_tg: str
    what_to_bring_ru: str
    what_to_bring_en: str
    is_free: bool
    fees: str
    fees_tg: str
    fees_ru: str
    fees_en: str
    capacity: int | None
    languages: list[str]
    email: str
    districts_served: list[str]
    locations: list[LocationOut]
    phones: list[PhoneOut]
    is_active: bool
    is_demo: bool
    version: int
    updated_at: datetime

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_districts_served(obj):
        return [district.slug for district in obj.districts_served.all()]

    @staticmethod
    def resolve_locations(obj):
        return list(obj.locations.all())

    @staticmethod
    def resolve_phones(obj):
        return list(obj.phones.all())


PageOut = Page


class OrganisationPage(PageOut):
    items: list[OrganisationOut]


class ServicePage(PageOut):
    items: list[ServiceOut]


# ---- input ----


class OrganisationPatch(StrictIn):
    version: int = Version
    name_tg: str = text(200)
    name_ru: str = text(200)
    name_en: str = text(200)
    description_tg: MultiLineText = text(4000)
    description_ru: MultiLineText = text(4000)
    description_en: MultiLineText = text(4000)
    district: str = text(60, description="District slug, e.g. isfara.")
    email: str = text(254)
    website: str = text(200)


class PhoneIn(StrictIn):
    number: str = Field(..., min_length=3, max_length=40)
    kind: PhoneKindCode = "voice"
    is_free_call: bool = False


class ServiceFields(StrictIn):
    """Fields shared by creating and changing a service."""

    sector: SectorCode = Field(None, description="Follows from the service type when left out.")
    description_tg: MultiLineText = text(4000)
    description_ru: MultiLineText = text(4000)
    description_en: MultiLineText = text(4000)
    hours_tg: str = text(300)
    hours_ru: str = text(300)
    hours_en: str = text(300)
    eligibility_tg: MultiLineText = text(2000)
    eligibility_ru: MultiLineText = text(2000)
    eligibility_en: MultiLineText = text(2000)
    what_to_bring_tg: MultiLineText = text(2000)
    what_to_bring_ru: MultiLineText = text(2000)
    what_to_bring_en: MultiLineText = text(2000)
    fees_tg: str = text(300)
    fees_ru: str = text(300)
    fees_en: str = text(300)
    is_free: bool = Field(None)
    capacity: int | None = Field(None, ge=0, le=100_000, description="Shelter beds.")
    email: str = text(254)
    languages: list[LanguageCode] = Field(None, max_length=len(Language.values))
    districts_served: list[DistrictSlug] = Field(
        None, min_length=1, max_length=80, description="District slugs."
    )
    locations: list[RecordId] = Field(
        None, max_length=50, description="Ids of your organisation's locations."
    )
    phones: list[PhoneIn] = Field(None, max_length=20)


class ServiceCreate(ServiceFields):
    service_type: ServiceTypeCode
    name_tg: str = text(200, required=True)
    name_ru: str = text(200, required=True)
    name_en: str = text(200, required=True)
    districts_served: list[DistrictSlug] = Field(
        ..., min_length=1, max_length=80, description="District slugs."
    )


class ServicePatch(ServiceFields):
    version: int = Version
    service_type: ServiceTypeCode = Field(None)
    name_tg: str = text(200)
    name_ru: str = text(200)
    name_en: str = text(200)

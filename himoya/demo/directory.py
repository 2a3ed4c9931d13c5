"""Loads the demo directory (himoya.demo.directory_data) into the database; safe to run again.

Records are matched on slugs (organisations), on (organisation, type) for services and
(organisation, English name) for locations, so a second run updates in place. Every
record created is recorded in the audit log as a directory creation.
"""

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.demo import directory_data as data
from himoya.directory.models import (
    SECTOR_OF_SERVICE_TYPE,
    Location,
    Organisation,
    OrganisationKind,
    Phone,
    Service,
)
from himoya.geo.models import District, Jamoat

LANGS = ("tg", "ru", "en")


def _columns(prefix: str, texts: dict | None) -> dict:
    return {f"{prefix}_{code}": (texts or {}).get(code, "") for code in LANGS}


def _names(place) -> dict:
    return {code: getattr(place, f"name_{code}") for code in LANGS}


class DirectoryLoader:
    def __init__(self):
        self.districts = {d.slug: d for d in District.objects.select_related("region")}
        self.created: list = []

    def _note(self, obj, created: bool) -> None:
        if created:
            self.created.append(obj)

    def organisation(self, spec: dict, parent=None) -> Organisation:
        organisation, created = Organisation.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "kind": spec["kind"],
                "parent": parent,
                "district": self.districts[spec["district"]],
                **_columns("name", spec["name"]),
                **_columns("description", spec.get("description")),
                "email": f"{spec['slug']}@example.org",
                "is_active": True,
                "is_demo": True,
            },
        )
        self._note(organisation, created)
        if spec.get("phone"):
            self.phone(organisation, None, data.demo_phone(spec["phone"]))
        return organisation

    def location(
        self,
        organisation,
        name: dict,
        district_slug: str,
        *,
        jamoat=None,
        confidential=False,
        number=1,
    ) -> Location:
        district = self.districts[district_slug]
        city = district.region if district.region.code == "TJ-DU" else district
        location, created = Location.objects.update_or_create(
            organisation=organisation,
            name_en=name["en"],
            defaults={
                "name_tg": name["tg"],
                "name_ru": name["ru"],
                **_columns("address", data.demo_address(number, _names(city))),
                "district": district,
                "jamoat": Jamoat.objects.get(slug=jamoat) if jamoat else None,
                "is_confidential": confidential,
            },
        )
        self._note(location, created)
        return location

    def phone(self, organisation, service, number, kind=Phone.Kind.VOICE, free=False) -> None:
        phone, created = Phone.objects.update_or_create(
            organisation=organisation,
            service=service,
            number=number,
            defaults={"kind": kind, "is_free_call": free},
        )
        self._note(phone, created)

    def service(self, organisation, spec: dict, locations: dict) -> Service:
        service_type = spec["service_type"]
        service, created = Service.objects.update_or_create(
            organisation=organisation,
            service_type=service_type,
            defaults={
                "sector": SECTOR_OF_SERVICE_TYPE[service_type],
                **{
                    column: value
                    for field in ("name", "description", "hours", "eligibility", "what_to_bring")
                    for column, value in _columns(field, spec.get(field)).items()
                },
                "languages": spec.get("languages", ["tg", "ru"]),
                "is_free": True,
                "capacity": spec.get("capacity"),
                "is_active": True,
                "is_demo": True,
            },
        )
        self._note(service, created)
        if spec["districts"] == data.EVERYWHERE:
            service.districts_served.set(self.districts.values())
        else:
            service.districts_served.set([self.districts[slug] for slug in spec["districts"]])
        service.locations.set([locations[key] for key in spec.get("locations", [])])
        if spec.get("phone"):
            self.phone(organisation, service, data.demo_phone(spec["phone"]))
        if spec.get("phone_number"):
            number, kind, free = spec["phone_number"]
            self.phone(organisation, service, number, kind, free)
        return service

    def load_organisation(self, spec: dict, parent=None, jamoat=None) -> Organisation:
        organisation = self.organisation(spec, parent)
        locations = {}
        if spec.get("location"):
            locations["main"] = self.location(
                organisation,
                spec["location"],
                spec["district"],
                jamoat=jamoat,
                number=spec.get("phone") or 1,
            )
        for key, (name, district, confidential) in spec.get("extra_locations", {}).items():
            locations[key] = self.location(
                organisation,
                name,
                district,
                confidential=confidential,
                number=len(locations) + 1,
            )
        for service_spec in spec["services"]:
            self.service(organisation, service_spec, locations)
        return organisation

    def load_directory(self) -> dict:
        organisations = {}
        for spec in data.ORGANISATIONS:
            organisations[spec["slug"]] = self.load_organisation(spec)
        centre = organisations["legal-aid-center"]
        for slug, district_slug, jamoat, languages, phone, served in data.LEGAL_AID_OFFICES:
            district = self.districts[district_slug]
            city = _names(district.region if district.region.code == "TJ-DU" else district)
            spec = {
                "slug": slug,
                "kind": OrganisationKind.LEGAL_AID_OFFICE,
                "district": district_slug,
                "name": data.t(
                    f"Идораи давлатии ёрии ҳуқуқӣ, {city['tg']}",
                    f"Государственный офис юридической помощи, {city['ru']}",
                    f"State legal aid office, {city['en']}",
                ),
                "phone": phone,
                "location": data.t("Идора", "Офис", "Office"),
                "services": [
                    {**service, "languages": languages, "districts": served, "locations": ["main"]}
                    for service in (data.PRIMARY_LEGAL_AID, data.SECONDARY_LEGAL_AID)
                ],
            }
            organisations[slug] = self.load_organisation(spec, parent=centre, jamoat=jamoat)
        for obj in self.created:
            organisation = obj if isinstance(obj, Organisation) else obj.organisation
            record(
                AuditAction.DIRECTORY_CREATED,
                organisation=organisation,
                obj=obj,
                detail={"demo": True},
            )
        return organisations

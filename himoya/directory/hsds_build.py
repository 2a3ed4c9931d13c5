"""Directory records as Open Referral HSDS 3.0 objects (plain dicts, ready for JSON).

Every HSDS id must be a UUID. Records with a `uid` use it; nested objects without one
get a stable uuid5 derived from their parent's uid, their kind and their key, so the
same object keeps the same id from one export to the next. HSDS optional fields must be
left out rather than set to null, so empty values are dropped.

Text comes in the active language (falling back to Tajik, Russian, English).
Confidential locations (shelters) are published without any address.
"""

import uuid

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from himoya.directory.models import (
    Language,
    Location,
    Organisation,
    Phone,
    Sector,
    Service,
    ServiceType,
)

HSDS_VERSION = "3.0"
# Namespace for ids that belong to Himoya as a whole (taxonomy terms).
HIMOYA_NAMESPACE = uuid.UUID("6f1d3a52-8c1e-5b7a-9d0e-2b4c6a8e0f13")
CURRENCY = "TJS"
PHONE_TYPES = {
    Phone.Kind.VOICE: "voice",
    Phone.Kind.HOTLINE: "voice",
    Phone.Kind.SMS: "text",
    Phone.Kind.MESSENGER: "text",
}


def derived_id(parent_uid, kind: str, key) -> str:
    return str(uuid.uuid5(uuid.UUID(str(parent_uid)), f"{kind}:{key}"))


def _compact(data: dict) -> dict:
    """Drop empty optional values: HSDS has no nulls."""
    return {key: value for key, value in data.items() if value not in (None, "")}


def _absolute(request, name: str, *args) -> str | None:
    try:
        return request.build_absolute_uri(reverse(name, args=args))
    except NoReverseMatch:
        return None


def public_organisations():
    return Organisation.objects.filter(is_active=True).select_related("parent")


def public_services():
    """Services of active organisations; `status` tells consumers about inactive ones."""
    return Service.objects.filter(organisation__is_active=True).select_related(
        "organisation__parent"
    )


def service_detail_queryset():
    return public_services().prefetch_related(
        "districts_served__region",
        Prefetch("phones", queryset=Phone.objects.order_by("id")),
        Prefetch(
            "locations",
            queryset=Location.objects.select_related("district__region", "organisation").order_by(
                "pk"
            ),
        ),
        Prefetch(
            "organisation__phones",
            queryset=Phone.objects.filter(service__isnull=True).order_by("id"),
            to_attr="general_phones",
        ),
        Prefetch(
            "organisation__locations",
            queryset=Location.objects.select_related("district__region", "organisation"),
        ),
    )


def organisation_detail_queryset():
    return public_organisations().prefetch_related(
        Prefetch(
            "phones",
            queryset=Phone.objects.filter(service__isnull=True).order_by("id"),
            to_attr="general_phones",
        ),
        Prefetch(
            "locations",
            queryset=Location.objects.select_related("district__region", "organisation").order_by(
                "pk"
            ),
        ),
    )


def phone_object(phone: Phone, **links) -> dict:
    description = [str(phone.get_kind_display())]
    if phone.is_free_call:
        description.append(_("free call"))
    return _compact(
        {
            "id": str(phone.uid),
            **{key: str(value) for key, value in links.items()},
            "number": phone.number,
            "type": PHONE_TYPES.get(phone.kind, "voice"),
            "description": ", ".join(description),
        }
    )


def address_object(location: Location) -> dict | None:
    if location.is_confidential or not location.address:
        return None
    district = location.district
    return {
        "id": derived_id(location.uid, "address", "physical"),
        "location_id": str(location.uid),
        "address_1": location.address,
        "city": district.name,
        "state_province": district.region.name,
        # Himoya does not keep postal codes; HSDS requires the field.
        "postal_code": "",
        "country": "TJ",
        "address_type": "physical",
    }


def location_object(location: Location) -> dict:
    address = address_object(location)
    description = ""
    if location.is_confidential:
        description = _("the address is confidential; call to be met safely")
    return _compact(
        {
            "id": str(location.uid),
            "location_type": "physical",
            "organization_id": str(location.organisation.uid),
            "name": location.name,
            "description": description,
            "addresses": [address] if address else None,
        }
    )


def organisation_list_object(organisation: Organisation, request) -> dict:
    parent_uid = None
    if organisation.parent_id:
        parent_uid = str(organisation.parent.uid)
    return _compact(
        {
            "id": str(organisation.uid),
            "name": organisation.name,
            "alternate_name": organisation.name_en
            if organisation.name_en != organisation.name
            else "",
            "description": organisation.description or organisation.get_kind_display(),
            "email": organisation.email,
            "website": organisation.website,
            "uri": _absolute(request, "directory:organisation", organisation.slug),
            "parent_organization_id": parent_uid,
        }
    )


def organisation_object(organisation: Organisation, request) -> dict:
    data = organisation_list_object(organisation, request)
    phones = getattr(organisation, "general_phones", None)
    if phones is None:
        phones = organisation.phones.filter(service__isnull=True).order_by("id")
    data["phones"] = [phone_object(p, organization_id=organisation.uid) for p in phones]
    data["locations"] = [location_object(loc) for loc in organisation.locations.all()]
    return data


def taxonomy_term(kind: str, code: str, label) -> dict:
    term_id = str(uuid.uuid5(HIMOYA_NAMESPACE, f"taxonomy_term:{kind}:{code}"))
    return {
        "id": term_id,
        "code": code,
        "name": str(label),
        "description": str(label),
        "taxonomy": f"himoya-{kind.replace('_', '-')}",
        "language": "",
    }


def attribute_objects(service: Service) -> list[dict]:
    """The service type and sector, as attributes linked to Himoya taxonomy terms."""
    attributes = []
    for kind, code, label in (
        ("service_type", service.service_type, ServiceType(service.service_type).label),
        ("sector", service.sector, Sector(service.sector).label),
    ):
        term = _compact(taxonomy_term(kind, code, label))
        attributes.append(
            {
                "id": derived_id(service.uid, "attribute", kind),
                "link_id": str(service.uid),
                "link_type": kind,
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "value": code,
                "taxonomy_term": term,
            }
        )
    return attributes


def service_list_object(service: Service, request) -> dict:
    fees = service.fees or (_("Free") if service.is_free else "")
    return _compact(
        {
            "id": str(service.uid),
            "organization_id": str(service.organisation.uid),
            "name": service.name,
            "alternate_name": service.name_en if service.name_en != service.name else "",
            "description": service.description,
            "url": _absolute(request, "directory:service", service.pk),
            "email": service.email,
            "status": "active" if service.is_active else "inactive",
            "fees_description": fees,
            "eligibility_description": service.eligibility,
            "last_modified": service.updated_at.isoformat(),
        }
    )


def cost_options(service: Service) -> list[dict]:
    if service.is_free:
        return [
            {
                "id": derived_id(service.uid, "cost_option", "free"),
                "service_id": str(service.uid),
                "option": str(_("Free")),
                "currency": CURRENCY,
                "amount": 0,
            }
        ]
    if not service.fees:
        return []
    return [
        {
            "id": derived_id(service.uid, "cost_option", "fees"),
            "service_id": str(service.uid),
            "option": service.fees,
            "currency": CURRENCY,
            "amount_description": service.fees,
        }
    ]


def required_documents(service: Service) -> list[dict]:
    """One required document per line of "what to bring"."""
    lines = [line.strip(" -•\t") for line in service.what_to_bring.splitlines()]
    return [
        {
            "id": derived_id(service.uid, "required_document", index),
            "service_id": str(service.uid),
            "document": line,
        }
        for index, line in enumerate(lines)
        if line
    ]


def service_object(service: Service, request) -> dict:
    """The fully nested HSDS service."""
    uid = str(service.uid)
    data = service_list_object(service, request)
    data["organization"] = organisation_object(service.organisation, request)
    data["phones"] = [phone_object(p, service_id=uid) for p in service.phones.all()]
    if service.hours:
        data["schedules"] = [
            {
                "id": derived_id(uid, "schedule", "hours"),
                "service_id": uid,
                "description": service.hours,
            }
        ]
    data["service_areas"] = [
        {
            "id": derived_id(uid, "service_area", district.pk),
            "service_id": uid,
            "name": district.name,
            "description": district.region.name,
            "extent_type": "district",
        }
        for district in service.districts_served.all()
    ]
    data["languages"] = [
        {
            "id": derived_id(uid, "language", code),
            "service_id": uid,
            "name": str(Language(code).label),
            "code": code,
        }
        for code in service.languages
        if code in Language.values
    ]
    data["service_at_locations"] = [
        {
            "id": derived_id(uid, "service_at_location", location.pk),
            "service_id": uid,
            "location_id": str(location.uid),
            "location": location_object(location),
        }
        for location in service.locations.all()
    ]
    data["cost_options"] = cost_options(service)
    data["required_documents"] = required_documents(service)
    data["attributes"] = attribute_objects(service)
    return data

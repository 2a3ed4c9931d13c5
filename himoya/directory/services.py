"""Named write operations on the directory, used by the HTML views, the API and the demo loader.

Each runs in one transaction, validates before it writes (a ValidationError with field
messages leaves the database untouched) and appends an audit entry for what it changed.
Concurrent edits go through update_versioned, which refuses stale versions.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.core.versioning import StaleEditError, bump_version, update_versioned
from himoya.directory.models import (
    SECTOR_OF_SERVICE_TYPE,
    Language,
    Location,
    Organisation,
    Phone,
    Sector,
    Service,
    ServiceType,
)
from himoya.geo.models import District, Jamoat

LANGS = ("tg", "ru", "en")


def _translated(*fields: str) -> tuple[str, ...]:
    return tuple(f"{field}_{code}" for field in fields for code in LANGS)


# The fields each write may set; anything else is refused rather than silently ignored.
SERVICE_FIELDS = (
    "sector",
    "service_type",
    *_translated("name", "description", "hours", "eligibility", "what_to_bring", "fees"),
    "languages",
    "is_free",
    "capacity",
    "email",
    "is_active",
    "is_demo",
)
ORGANISATION_FIELDS = (*_translated("name", "description"), "district", "email", "website")
LOCATION_FIELDS = (*_translated("name", "address"), "district", "jamoat", "is_confidential")
# A new organisation: its public entry, plus what is chosen once (short name, kind, prefix).
NEW_ORGANISATION_FIELDS = ("slug", "kind", *ORGANISATION_FIELDS, "code_prefix")
CODE_PREFIX_RE = re.compile(r"^[A-Z]{2,6}$")
PHONE_NUMBER_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{2,38}$")

__all__ = [
    "StaleEditError",
    "ValidationError",
    "add_phone",
    "create_location",
    "create_organisation",
    "create_service",
    "deactivate_service",
    "remove_phone",
    "set_service_phones",
    "update_location",
    "update_organisation",
    "update_service",
]


def _check_keys(data: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError({key: _("This field cannot be set here.") for key in unknown})


def _resolve_district(value, field="district"):
    """Accept a District or its slug; a missing or unknown slug is a field error."""
    if isinstance(value, District):
        return value
    district = District.objects.filter(slug=str(value or "")).first()
    if district is None:
        raise ValidationError({field: _("Unknown district.")})
    return district


def _resolve_jamoat(value):
    if value in (None, "") or isinstance(value, Jamoat):
        return value or None
    jamoat = Jamoat.objects.filter(slug=str(value)).first()
    if jamoat is None:
        raise ValidationError({"jamoat": _("Unknown jamoat.")})
    return jamoat


def _clean_service_data(data: dict, partial_base: Service | None = None) -> dict:
    """Check the parts of a service that model validation cannot see."""
    _check_keys(data, SERVICE_FIELDS)
    data = dict(data)
    service_type = data.get("service_type", getattr(partial_base, "service_type", None))
    expected_sector = SECTOR_OF_SERVICE_TYPE.get(service_type) if service_type else None
    if expected_sector and not data.get("sector"):
        # The sector follows from the type: on creation, and when the type changes.
        if partial_base is None or "service_type" in data:
            data["sector"] = str(expected_sector)
    elif expected_sector and data["sector"] != expected_sector:
        # One rule for the pages (which derive the sector) and the API (which may send it).
        raise ValidationError(
            {
                "sector": _("%(type)s belongs to the sector “%(sector)s”.")
                % {
                    "type": ServiceType(service_type).label,
                    "sector": Sector(expected_sector).label,
                }
            }
        )
    if "languages" in data:
        languages = data["languages"]
        if not isinstance(languages, (list, tuple)) or not all(
            isinstance(code, str) for code in languages
        ):
            raise ValidationError({"languages": _("Give a list of language codes.")})
        unknown = [code for code in languages if code not in Language.values]
        if unknown:
            raise ValidationError(
                {"languages": _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}}
            )
        # Keep the order people expect and drop repeats.
        data["languages"] = [code for code in Language.values if code in languages]
    return data


def _check_districts(districts) -> list:
    districts = [_resolve_district(d, "districts_served") for d in (districts or [])]
    if not districts:
        raise ValidationError({"districts_served": _("Choose at least one district served.")})
    return districts


def _check_locations(organisation, locations) -> list:
    locations = list(locations or [])
    if any(location.organisation_id != organisation.pk for location in locations):
        raise ValidationError(
            {"locations": _("A service can only use its own organisation's locations.")}
        )
    return locations


def _check_phones(phones) -> list[dict]:
    """Normalise phone dicts {number, kind, is_free_call}; refuse malformed numbers."""
    cleaned = []
    for phone in phones or []:
        number = " ".join(str(phone.get("number", "")).split())
        if not PHONE_NUMBER_RE.match(number):
            raise ValidationError(
                {"phones": _("Not a phone number: %(number)s.") % {"number": number[:40]}}
            )
        kind = phone.get("kind") or Phone.Kind.VOICE
        if kind not in Phone.Kind.values:
            raise ValidationError({"phones": _("Unknown kind of phone.")})
        cleaned.append(
            {"number": number, "kind": kind, "is_free_call": bool(phone.get("is_free_call"))}
        )
    return cleaned


def _replace_phones(service: Service, phones: list[dict]) -> bool:
    """Make the service's phones exactly `phones`; return whether anything changed."""
    current = [(p.number, p.kind, p.is_free_call) for p in service.phones.order_by("id")]
    wanted = [(p["number"], p["kind"], p["is_free_call"]) for p in phones]
    if current == wanted:
        return False
    service.phones.all().delete()
    Phone.objects.bulk_create(
        Phone(organisation_id=service.organisation_id, service=service, **p) for p in phones
    )
    return True


def create_service(
    *, organisation, data: dict, districts, locations=(), phones=None, actor, request=None
) -> Service:
    """Add a service to `organisation`, serving `districts`."""
    data = _clean_service_data(data)
    with transaction.atomic():
        districts = _check_districts(districts)
        locations = _check_locations(organisation, locations)
        phones = _check_phones(phones)
        service = Service(organisation=organisation, **data)
        if organisation.is_demo:
            service.is_demo = True
        service.full_clean()
        service.save()
        service.districts_served.set(districts)
        service.locations.set(locations)
        _replace_phones(service, phones)
        record(
            AuditAction.DIRECTORY_CREATED,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=service,
            detail={"name": service.name_en, "service_type": service.service_type},
        )
    return service


def update_service(
    service,
    *,
    expected_version: int,
    data: dict,
    districts=None,
    locations=None,
    phones=None,
    actor,
    request=None,
    baseline=None,
) -> Service:
    """Change a service; None for districts/locations/phones leaves them as they are.

    Raises StaleEditError when the stored version is not `expected_version`.
    """
    data = _clean_service_data(data, partial_base=service)
    with transaction.atomic():
        m2m = {}
        if districts is not None:
            m2m["districts_served"] = _check_districts(districts)
        if locations is not None:
            m2m["locations"] = _check_locations(service.organisation, locations)
        phones = _check_phones(phones) if phones is not None else None
        service, changed = update_versioned(
            Service, service.pk, expected_version, data, m2m=m2m, baseline=baseline
        )
        if phones is not None and _replace_phones(service, phones):
            changed.append("phones")
            if changed == ["phones"]:
                # Phones live in their own table; the service's version still moves on.
                bump_version(service, update_fields=["updated_at"])
        if changed:
            record(
                AuditAction.DIRECTORY_CHANGED,
                actor=actor,
                request=request,
                organisation=service.organisation,
                obj=service,
                detail={"fields": sorted(changed)},
            )
    return service


def deactivate_service(service, *, expected_version: int, actor, request=None) -> Service:
    """Hide a service from the public directory; its history stays for the records."""
    with transaction.atomic():
        service, changed = update_versioned(
            Service, service.pk, expected_version, {"is_active": False}
        )
        if changed:
            record(
                AuditAction.DIRECTORY_DELETED,
                actor=actor,
                request=request,
                organisation=service.organisation,
                obj=service,
                detail={"name": service.name_en, "deactivated": True},
            )
    return service


def update_organisation(
    organisation, *, expected_version: int, data: dict, actor, request=None, baseline=None
) -> Organisation:
    """Change an organisation's public entry (names, description, district, contacts)."""
    _check_keys(data, ORGANISATION_FIELDS)
    data = dict(data)
    if "district" in data:
        data["district"] = _resolve_district(data["district"])
    with transaction.atomic():
        organisation, changed = update_versioned(
            Organisation, organisation.pk, expected_version, data, baseline=baseline
        )
        if changed:
            record(
                AuditAction.DIRECTORY_CHANGED,
                actor=actor,
                request=request,
                organisation=organisation,
                obj=organisation,
                detail={"fields": sorted(changed)},
            )
    return organisation


def create_organisation(*, data: dict, actor, request=None) -> Organisation:
    """Add an organisation to the directory (the platform admin's act; the caller checks
    that right). Every field is checked before anything is written."""
    _check_keys(data, NEW_ORGANISATION_FIELDS)
    data = {key: value for key, value in data.items() if value is not None}
    errors = {}
    slug = str(data.get("slug") or "").strip().lower()
    data["slug"] = slug
    if slug and Organisation.objects.filter(slug=slug).exists():
        errors["slug"] = [_("This short name is taken. Choose another one.")]
    prefix = str(data.get("code_prefix") or "").strip().upper()
    data["code_prefix"] = prefix
    if prefix and not CODE_PREFIX_RE.match(prefix):
        errors["code_prefix"] = [_("Two to six Latin capital letters, e.g. KU.")]
    try:
        data["district"] = _resolve_district(data.get("district"))
    except ValidationError as error:
        errors.update(error.message_dict)
        data.pop("district")
    organisation = Organisation(**data)
    if "code_prefix" not in errors:
        prefix_in_use = organisation.client_code_prefix
        others = Organisation.objects.only("code_prefix", "name_en")
        if any(other.client_code_prefix == prefix_in_use for other in others):
            errors["code_prefix"] = [
                _(
                    "Another organisation's client codes already start with %(prefix)s. "
                    "Choose another prefix."
                )
                % {"prefix": prefix_in_use}
            ]
    try:
        organisation.full_clean(exclude=["district", *errors], validate_unique=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError:
            # Taken meanwhile by a concurrent request: the same answer as above.
            raise ValidationError(
                {"slug": [_("This short name is taken. Choose another one.")]}
            ) from None
        record(
            AuditAction.DIRECTORY_CREATED,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=organisation,
            detail={"name": organisation.name_en, "slug": organisation.slug},
        )
    return organisation


def _clean_location_data(data: dict) -> dict:
    _check_keys(data, LOCATION_FIELDS)
    data = dict(data)
    if "district" in data:
        data["district"] = _resolve_district(data["district"])
    if "jamoat" in data:
        data["jamoat"] = _resolve_jamoat(data["jamoat"])
    jamoat, district = data.get("jamoat"), data.get("district")
    if jamoat is not None and district is not None and jamoat.district_id != district.pk:
        raise ValidationError({"jamoat": _("This jamoat is not in the chosen district.")})
    return data


def create_location(organisation, *, data: dict, actor, request=None) -> Location:
    data = _clean_location_data(data)
    with transaction.atomic():
        location = Location(organisation=organisation, **data)
        location.full_clean()
        location.save()
        record(
            AuditAction.DIRECTORY_CREATED,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=location,
            detail={"name": location.name_en},
        )
    return location


def update_location(
    location, *, expected_version: int, data: dict, actor, request=None, baseline=None
) -> Location:
    data = _clean_location_data(data)
    with transaction.atomic():
        location, changed = update_versioned(
            Location, location.pk, expected_version, data, baseline=baseline
        )
        if changed:
            record(
                AuditAction.DIRECTORY_CHANGED,
                actor=actor,
                request=request,
                organisation=location.organisation,
                obj=location,
                detail={"fields": sorted(changed)},
            )
    return location


def add_phone(
    organisation,
    *,
    number: str,
    kind=Phone.Kind.VOICE,
    is_free_call=False,
    service=None,
    actor,
    request=None,
) -> Phone:
    """Add a phone to an organisation or one of its services."""
    if service is not None and service.organisation_id != organisation.pk:
        raise ValidationError({"service": _("This service belongs to another organisation.")})
    (cleaned,) = _check_phones([{"number": number, "kind": kind, "is_free_call": is_free_call}])
    with transaction.atomic():
        phone = Phone.objects.create(organisation=organisation, service=service, **cleaned)
        record(
            AuditAction.DIRECTORY_CREATED,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=phone,
            detail={"number": phone.number},
        )
    return phone


def remove_phone(phone, *, actor, request=None) -> None:
    with transaction.atomic():
        record(
            AuditAction.DIRECTORY_DELETED,
            actor=actor,
            request=request,
            organisation=phone.organisation,
            obj=phone,
            detail={"number": phone.number},
        )
        phone.delete()


def set_service_phones(service, *, phones, actor, request=None) -> Service:
    """Replace a service's phones without touching its other fields."""
    return update_service(
        service,
        expected_version=service.version,
        data={},
        phones=phones,
        actor=actor,
        request=request,
    )

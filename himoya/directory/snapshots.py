"""Form-shaped copies of directory records.

An edit form carries a signed snapshot of the record as loaded; when the save turns out
stale, comparing it with a fresh snapshot names exactly what someone else changed.
"""

from himoya.directory.forms import phones_as_text

LANGS = ("tg", "ru", "en")


def _translated(record, *fields) -> dict:
    return {f"{f}_{code}": getattr(record, f"{f}_{code}") for f in fields for code in LANGS}


def organisation_snapshot(organisation) -> dict:
    return {
        **_translated(organisation, "name", "description"),
        "district": organisation.district.slug,
        "email": organisation.email,
        "website": organisation.website,
    }


def service_snapshot(service) -> dict:
    return {
        **_translated(
            service, "name", "description", "hours", "eligibility", "what_to_bring", "fees"
        ),
        "service_type": service.service_type,
        "districts_served": sorted(d.slug for d in service.districts_served.all()),
        "locations": sorted(location.pk for location in service.locations.all()),
        "languages": list(service.languages or []),
        "is_free": service.is_free,
        "capacity": service.capacity,
        "email": service.email,
        "phones": phones_as_text(service.phones.order_by("id")),
    }


def location_snapshot(location) -> dict:
    return {
        **_translated(location, "name", "address"),
        "district": location.district.slug,
        "jamoat": location.jamoat.slug if location.jamoat else "",
        "is_confidential": location.is_confidential,
    }

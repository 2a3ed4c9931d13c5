"""Find help: the services that serve a district (then the rest of its region) for a need.

Queries are fixed in number whatever the number of results: one for the services and
one per prefetched relation, so the page stays fast on a district-office laptop.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from himoya.directory.models import Location, Phone, Service, ServiceType
from himoya.geo.models import District, Region

# The needs a visitor can choose, in the order shown, and the service types behind each.
NEEDS = {
    "any": (_("Any kind of help"), tuple(ServiceType.values)),
    "legal": (
        _("Legal help"),
        (
            ServiceType.PRIMARY_LEGAL_AID,
            ServiceType.SECONDARY_LEGAL_AID,
            ServiceType.PROTECTION_ORDER,
        ),
    ),
    "psychological": (
        _("Psychological support"),
        (ServiceType.PSYCHOLOGICAL_SUPPORT, ServiceType.CRISIS_COUNSELLING),
    ),
    "medical": (
        _("Medical care"),
        (ServiceType.MEDICAL_CARE, ServiceType.FORENSIC_DOCUMENTATION),
    ),
    "shelter": (_("A safe place to stay"), (ServiceType.TEMPORARY_SHELTER,)),
    "livelihood": (_("Work and income"), (ServiceType.LIVELIHOOD,)),
    "hotline": (_("Someone to talk to now"), (ServiceType.HOTLINE_COUNSELLING,)),
    "police": (
        _("Police protection"),
        (ServiceType.POLICE_PROTECTION, ServiceType.PROTECTION_ORDER),
    ),
}

# Hotlines answer callers from every district, whatever they need first.
EVERYWHERE_TYPES = (ServiceType.HOTLINE_COUNSELLING,)


def need_choices():
    return [(key, label) for key, (label, _types) in NEEDS.items()]


@dataclass
class Results:
    district: District | None
    region: Region
    need: str
    in_district: list = field(default_factory=list)
    in_region: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.in_district) + len(self.in_region)


def public_services():
    """Active services of active organisations, with what a result card shows."""
    return (
        Service.objects.filter(is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("phones", queryset=Phone.objects.order_by("id")),
            Prefetch(
                "organisation__phones",
                queryset=Phone.objects.filter(service__isnull=True).order_by("id"),
                to_attr="general_phones",
            ),
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("district", "jamoat"),
            ),
        )
    )


def find_services(*, need: str, district: District | None = None, region: Region | None = None):
    """Services for `need` serving `district` first, then the rest of its region.

    With only a region, every result is in the region section.
    """
    region = district.region if district is not None else region
    _label, types = NEEDS[need]
    candidates = (
        public_services()
        .filter(
            Q(service_type__in=types, districts_served__region=region)
            | Q(service_type__in=EVERYWHERE_TYPES)
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "districts_served",
                queryset=District.objects.only("id", "region_id"),
                to_attr="served",
            )
        )
        .order_by("organisation__name_en", "name_en")
    )
    results = Results(district=district, region=region, need=need)
    for service in candidates:
        service.serves_everywhere = service.service_type in EVERYWHERE_TYPES
        served_ids = {d.id for d in service.served}
        if district is not None and (district.id in served_ids or service.serves_everywhere):
            results.in_district.append(service)
        else:
            results.in_region.append(service)

    def rank(service):
        # Offices based in the district come first; hotlines after local services.
        local = district is not None and service.organisation.district_id == district.id
        return (service.serves_everywhere, not local)

    results.in_district.sort(key=rank)
    results.in_region.sort(key=rank)
    return results

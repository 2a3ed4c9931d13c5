"""Where a referral may go, nearest first: services serving the district, then the rest of
its region, then elsewhere. Used by referrals from a case and from a hotline call.

Ranking works on light rows (ids and two flags); only the services shown are loaded,
so a directory with thousands of services costs the same few queries as a small one.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, OuterRef, Value
from django.utils.translation import gettext_lazy as _

from himoya.core.collation import name_columns, translated_sort_key
from himoya.directory.models import Service
from himoya.directory.search import NEEDS

# At most this many services per section: a page a phone on a slow line can load.
PER_SECTION = 25


def referable_services(organisation):
    """Active services of the other active organisations: what a referral may go to."""
    return Service.objects.filter(is_active=True, organisation__is_active=True).exclude(
        organisation=organisation
    )


@dataclass
class Section:
    title: str
    services: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.services)


def ranked_services(organisation, *, district=None, need="") -> list[Section]:
    """Services a referral from `organisation` may go to: those serving `district`
    first, then the rest of its region, then elsewhere; `need` narrows the types."""
    services = referable_services(organisation)
    if need:
        services = services.filter(service_type__in=NEEDS[need][1])
    through = Service.districts_served.through.objects.filter(service_id=OuterRef("pk"))
    if district is None:
        services = services.annotate(
            in_district=Value(False, BooleanField()), in_region=Value(False, BooleanField())
        )
    else:
        services = services.annotate(
            in_district=Exists(through.filter(district_id=district.pk)),
            in_region=Exists(through.filter(district__region_id=district.region_id)),
        )
    named = services.values_list(
        "id", "in_district", "in_region", *name_columns("organisation__"), *name_columns()
    )
    # Alphabetically by organisation, then service, in the reader's language.
    rows = [
        row[:3]
        for row in sorted(
            named,
            key=lambda row: (
                translated_sort_key(*row[3:6]),
                translated_sort_key(*row[6:9]),
                row[0],
            ),
        )
    ]
    buckets: dict[int, list[int]] = {0: [], 1: [], 2: []}
    for pk, in_district, in_region in rows:
        buckets[0 if in_district else 1 if in_region else 2].append(pk)
    shown = [pk for bucket in buckets.values() for pk in bucket[:PER_SECTION]]
    loaded = Service.objects.select_related("organisation", "organisation__district").in_bulk(shown)
    if district is None:
        titles = [_("In the district"), _("In the region"), _("All services")]
    else:
        titles = [
            _("Serving %(district)s") % {"district": district.name},
            _("Elsewhere in %(region)s") % {"region": district.region.name},
            _("Elsewhere"),
        ]
    return [
        Section(
            title=str(titles[index]),
            services=[loaded[pk] for pk in bucket[:PER_SECTION]],
            total=len(bucket),
        )
        for index, bucket in buckets.items()
        if bucket
    ]


def nearest_services(call, need: str = "any") -> list[Section]:
    """Sections of services a hotline caller can be referred to, nearest her district
    first; never the operator's own organisation."""
    return ranked_services(
        call.organisation, district=call.district, need="" if need == "any" else need
    )


def need_of(service) -> str:
    """The first need (of the "find help" list) that this service meets."""
    for key, (_label, types) in NEEDS.items():
        if key != "any" and service.service_type in types:
            return key
    return ""

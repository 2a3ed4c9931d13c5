"""Find help: the services that serve a district (then the rest of its region) for a need.

Queries are fixed in number whatever the number of results: one for the services and
one per prefetched relation, so the page stays fast on a district-office laptop.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext, ngettext, npgettext
from django.utils.translation import gettext_lazy as _

from himoya.core.collation import name_columns, translated_sort_key
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


# At most this many results per section: a page a phone on a slow line can load. The
# rest of a large region is counted, and the visitor is asked to choose a district.
RESULTS_PER_SECTION = 25


@dataclass
class Results:
    district: District | None
    region: Region
    need: str
    in_district: list = field(default_factory=list)
    in_region: list = field(default_factory=list)
    total_in_district: int = 0
    total_in_region: int = 0
    # Distinct organisations behind the counted services of each section.
    organisations_in_district: int = 0
    organisations_in_region: int = 0

    @property
    def count(self) -> int:
        return self.total_in_district + self.total_in_region

    @property
    def more_in_district(self) -> int:
        return self.total_in_district - len(self.in_district)

    @property
    def more_in_region(self) -> int:
        return self.total_in_region - len(self.in_region)


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

    With only a region, every result is in the region section. Ranking works on light
    rows (ids and a few columns); only the services shown are loaded in full, so a
    region with thousands of services costs the same few queries as a small one.
    """
    region = district.region if district is not None else region
    _label, types = NEEDS[need]
    matching = Service.objects.filter(is_active=True, organisation__is_active=True).filter(
        Q(service_type__in=types, districts_served__region=region)
        | Q(service_type__in=EVERYWHERE_TYPES)
    )
    named = matching.distinct().values_list(
        "id",
        "service_type",
        "organisation__district_id",
        "organisation_id",
        *name_columns("organisation__"),
        *name_columns(),
    )
    # Alphabetically by organisation, then service, in the reader's language.
    named = sorted(
        named,
        key=lambda row: (translated_sort_key(*row[4:7]), translated_sort_key(*row[7:10]), row[0]),
    )
    rows = [row[:4] for row in named]
    serving_district = set()
    if district is not None:
        serving_district = set(
            matching.filter(districts_served=district).values_list("id", flat=True).distinct()
        )

    def rank(row):
        # Offices based in the district come first; hotlines after local services.
        _id, service_type, office_district, _organisation = row
        local = district is not None and office_district == district.id
        return (service_type in EVERYWHERE_TYPES, not local)

    in_district, in_region = [], []
    for row in rows:
        everywhere = row[1] in EVERYWHERE_TYPES
        if district is not None and (row[0] in serving_district or everywhere):
            in_district.append(row)
        else:
            in_region.append(row)
    in_district.sort(key=rank)
    in_region.sort(key=rank)
    shown_district = [row[0] for row in in_district[:RESULTS_PER_SECTION]]
    shown_region = [row[0] for row in in_region[:RESULTS_PER_SECTION]]
    loaded = public_services().in_bulk(shown_district + shown_region)
    for service in loaded.values():
        service.serves_everywhere = service.service_type in EVERYWHERE_TYPES
    return Results(
        district=district,
        region=region,
        need=need,
        in_district=[loaded[pk] for pk in shown_district],
        in_region=[loaded[pk] for pk in shown_region],
        total_in_district=len(in_district),
        total_in_region=len(in_region),
        organisations_in_district=len({row[3] for row in in_district}),
        organisations_in_region=len({row[3] for row in in_region}),
    )


def _services_of_organisations(services: int, organisations: int) -> dict:
    return {
        "services": ngettext("%(count)d service", "%(count)d services", services)
        % {"count": services},
        "organisations": npgettext(
            "of organisations", "%(count)d organisation", "%(count)d organisations", organisations
        )
        % {"count": organisations},
    }


def results_summary(results: Results, need_label) -> list[str]:
    """What the result counts count, in words: the services (and their organisations)
    that serve the district for the need, then those serving the rest of its region; or,
    with only a region, those serving the region. Hotlines that answer every district
    count among those serving it."""
    place = results.district or results.region
    sentences = []
    first = (
        (results.total_in_district, results.organisations_in_district)
        if results.district
        else (results.total_in_region, results.organisations_in_region)
    )
    sentences.append(
        gettext("Serving %(place)s, for “%(need)s”: %(services)s of %(organisations)s.")
        % {"place": place.name, "need": need_label, **_services_of_organisations(*first)}
    )
    # An empty rest of the region is said by the page's "no other services" line.
    if results.district and results.total_in_region:
        sentences.append(
            gettext("Elsewhere in %(region)s: %(services)s of %(organisations)s.")
            % {
                "region": results.region.name,
                **_services_of_organisations(
                    results.total_in_region, results.organisations_in_region
                ),
            }
        )
    return sentences

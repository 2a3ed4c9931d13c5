"""Which services a caller can be referred to, nearest first.

Services that serve the caller's district, then those serving the rest of its region,
then every other. The operator's own organisation is left out: a referral goes to
another organisation. Each section costs two queries (a count and one page of rows),
whatever the size of the directory.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from himoya.directory.models import Service
from himoya.directory.search import NEEDS

PER_SECTION = 25


@dataclass
class Section:
    title: str
    services: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.services)


def referable_services(call, need: str = "any"):
    """Active services of other active organisations that meet `need`."""
    _label, types = NEEDS.get(need, NEEDS["any"])
    return Service.objects.filter(
        is_active=True, organisation__is_active=True, service_type__in=types
    ).exclude(organisation_id=call.organisation_id)


def _section(title, services) -> Section:
    ordered = services.select_related("organisation").order_by(
        "organisation__name_en", "name_en", "id"
    )
    return Section(title, list(ordered[:PER_SECTION]), services.count())


def nearest_services(call, need: str = "any") -> list[Section]:
    """Sections of services for the call, nearest first; empty sections left out."""
    services = referable_services(call, need)
    if call.district_id is None:
        sections = [_section(_("Services anywhere"), services)]
    else:
        in_district = services.filter(districts_served=call.district_id).values("pk")
        in_region = services.filter(districts_served__region_id=call.district.region_id).values(
            "pk"
        )
        sections = [
            _section(_("Serving the caller's district"), services.filter(pk__in=in_district)),
            _section(
                _("Elsewhere in the region"),
                services.filter(pk__in=in_region).exclude(pk__in=in_district),
            ),
            _section(_("Other regions"), services.exclude(pk__in=in_region)),
        ]
    return [section for section in sections if section.total]


def need_of(service) -> str:
    """The first need (of the "find help" list) that this service meets."""
    for key, (_label, types) in NEEDS.items():
        if key != "any" and service.service_type in types:
            return key
    return ""

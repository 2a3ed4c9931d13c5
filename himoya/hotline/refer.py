"""Which services a caller can be referred to, nearest first (see himoya.referrals.nearest):
those serving the caller's district, then the rest of its region, then elsewhere; never
the operator's own organisation."""

from himoya.directory.search import NEEDS
from himoya.referrals import nearest


def referable_services(call):
    """Active services of the other active organisations."""
    return nearest.referable_services(call.organisation)


def nearest_services(call, need: str = "any") -> list[nearest.Section]:
    """Sections of services for the call, nearest first; empty sections left out."""
    return nearest.ranked_services(
        call.organisation, district=call.district, need="" if need == "any" else need
    )


def need_of(service) -> str:
    """The first need (of the "find help" list) that this service meets."""
    for key, (_label, types) in NEEDS.items():
        if key != "any" and service.service_type in types:
            return key
    return ""

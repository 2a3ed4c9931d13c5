"""Case API: the services delivered to the survivor, listed and recorded."""

from datetime import date

from ninja import Schema, Status

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    readable_case,
    refusals,
    replay_record,
    router,
    writable_case,
)
from himoya.cases.api.schemas import TEXT_MAX, SectorCode, StrictIn, choice, text, username
from himoya.cases.audit import record_read
from himoya.cases.models import ServiceDelivery
from himoya.cases.services.service_deliveries import add_service_delivery
from himoya.core.idempotency import idempotent
from himoya.core.schemas import MultiLineText
from himoya.directory.models import ServiceType

TAGS = ["case sections"]

ServiceTypeCode = choice(ServiceType.values)


class ServiceDeliveryOut(Schema):
    id: int
    date: date
    sector: str
    service_type: str
    provided_by: str | None
    organisation: str
    notes: str

    @staticmethod
    def resolve_provided_by(obj):
        return username(obj.provided_by)

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug


class ServiceDeliveryIn(StrictIn):
    date: date  # a past event: from 2000-01-01 to today (the service checks)
    sector: SectorCode
    service_type: ServiceTypeCode
    notes: MultiLineText = text(TEXT_MAX, "")


@router.get(
    "/{int:case_id}/services",
    operation_id="himoya_cases_api_sections_list_services",
    response={200: list[ServiceDeliveryOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Services delivered",
)
def list_services(request, case_id: int):
    """Services delivered to the client, newest first, with their notes. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="services")
    return list(case.services.select_related("provided_by", "organisation"))


@router.post(
    "/{int:case_id}/services",
    operation_id="himoya_cases_api_sections_write_create_service_delivery",
    response={201: ServiceDeliveryOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Record a service delivered",
)
@idempotent(replay_record(ServiceDelivery, "services"))
@refusals
def create_service_delivery(request, case_id: int, payload: ServiceDeliveryIn):
    """A service given to the client: date (from 2000-01-01 to today), the directory's sector
    and service type (they must match), and notes (stored encrypted)."""
    case = writable_case(request, case_id)
    delivery = add_service_delivery(
        case, actor=request.auth, values=payload.dict(), request=request
    )
    return Status(201, delivery)

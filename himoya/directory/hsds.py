"""Open Referral HSDS 3.0 export of the public directory, read-only and public.

Follows the HSDS API (schema/openapi.json of openreferral/specification 3.0): the root
describes the API, lists are Page objects (total_items, total_pages, page_number, size,
first_page, last_page, empty, contents) and a service is returned fully nested.
"""

import uuid
from datetime import UTC, datetime
from typing import Annotated

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.params import Path
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from himoya.core.paging import paginate
from himoya.core.schemas import TextInput
from himoya.directory import hsds_build as build

router = Router(tags=["HSDS 3.0 export"])

# Himoya uses no HSDS profile: the root names the base HSDS 3.0 specification instead.
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"


class PageQuery(TextInput):
    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1.")
    per_page: int = Field(20, ge=1, le=100, description="Items per page, 1 to 100.")
    search: str | None = Field(
        None, max_length=200, description="Words in the name or description."
    )


def reasonable_moment(value: datetime | None) -> datetime | None:
    """An aware datetime the database can compare; far-off years are refused, not crashed on."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        in_utc = value.astimezone(UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not 1900 <= in_utc.year <= 9000:
        # Reported as an unreadable date, with the API's own message.
        raise PydanticCustomError("datetime_parsing", "date out of range")
    return value


class ServiceQuery(PageQuery):
    organization_id: uuid.UUID | None = Field(
        None, description="Only services of this organization."
    )
    modified_after: Annotated[datetime | None, AfterValidator(reasonable_moment)] = Field(
        None, description="Only services changed on or after this date and time."
    )


def page_object(queryset, query: PageQuery, to_dict, request) -> dict:
    items, total, total_pages = paginate(queryset, query.page, query.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": query.page,
        "size": len(items),
        "first_page": query.page == 1,
        "last_page": query.page >= total_pages,
        "empty": not items,
        "contents": [to_dict(item, request) for item in items],
    }


def text_search(words: str | None, *fields: str) -> Q:
    condition = Q()
    for word in (words or "").split()[:10]:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def parse_uid(value: str) -> uuid.UUID:
    """A malformed id names no record: 404, like an unknown one."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


NAME_FIELDS = (
    "name_tg",
    "name_ru",
    "name_en",
    "description_tg",
    "description_ru",
    "description_en",
)


@router.get("/", auth=None, summary="About this HSDS API")
def hsds_root(request):
    """The HSDS version, profile and OpenAPI document of this export."""
    return {
        "version": build.HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("api:openapi-json")),
    }


@router.get("/services", auth=None, summary="List services (HSDS page)")
def hsds_services(request, query: Query[ServiceQuery]):
    """Active services of the directory, one HSDS page at a time.

    Each item has the service's one-to-one fields (compiled/service_list.json).
    """
    services = build.public_services().filter(is_active=True)
    services = services.filter(text_search(query.search, *NAME_FIELDS))
    if query.organization_id is not None:
        services = services.filter(organisation__uid=query.organization_id)
    if query.modified_after is not None:
        services = services.filter(updated_at__gte=query.modified_after)
    services = services.order_by("organisation__name_en", "name_en", "pk")
    return page_object(services, query, build.service_list_object, request)


@router.get("/services/{id}", auth=None, summary="One service, fully nested")
def hsds_service(request, id: str = Path(..., max_length=64)):  # noqa: A002 - HSDS name
    """A service with its organization, phones, schedules, service areas, languages,
    locations (addresses of confidential places left out), costs and required documents.
    """
    service = build.service_detail_queryset().filter(uid=parse_uid(id)).first()
    if service is None:
        raise Http404
    return build.service_object(service, request)


@router.get("/organizations", auth=None, summary="List organizations (HSDS page)")
def hsds_organizations(request, query: Query[PageQuery]):
    """Active organizations, one HSDS page at a time (compiled/organization_list.json)."""
    organisations = build.public_organisations().filter(text_search(query.search, *NAME_FIELDS))
    organisations = organisations.order_by("name_en", "pk")
    return page_object(organisations, query, build.organisation_list_object, request)


@router.get("/organizations/{id}", auth=None, summary="One organization with phones and locations")
def hsds_organization(request, id: str = Path(..., max_length=64)):  # noqa: A002 - HSDS name
    """An organization with its general phones and its locations."""
    organisation = build.organisation_detail_queryset().filter(uid=parse_uid(id)).first()
    if organisation is None:
        raise Http404
    return build.organisation_object(organisation, request)

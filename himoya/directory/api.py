"""JSON API of the service directory.

Reads are public and show what the public pages show: active services of active
organisations, without the addresses of confidential places. Writes are for the
organisation's admins (or a platform superuser), fetched through
himoya.directory.access, and go through the named functions of
himoya.directory.services, which validate, write in one transaction and audit.

Reads say auth=None. Writes name no `auth`: they take the API's authentication (a
token or a session), with which himoya/api.py mounts this router; the directory sits
below accounts, which owns that authentication.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from himoya.audit.history import fields_changed_after
from himoya.audit.models import AuditAction
from himoya.core.api import stale_error_body
from himoya.core.collation import ids_by_name
from himoya.core.idempotency import idempotent
from himoya.core.paging import PageQuery, page_of_ids
from himoya.core.schemas import TextInput
from himoya.core.versioning import StaleEditError
from himoya.directory import services as directory
from himoya.directory.access import get_organisation_for_user
from himoya.directory.api_schemas import (
    MAX_INT,
    KindCode,
    OrganisationOut,
    OrganisationPage,
    OrganisationPatch,
    SectorCode,
    ServiceCreate,
    ServiceOut,
    ServicePage,
    ServicePatch,
    ServiceTypeCode,
)
from himoya.directory.models import Location, Organisation, Phone, Service
from himoya.directory.snapshots import organisation_snapshot, service_snapshot
from himoya.geo.models import District, Region

router = Router(tags=["directory"])

ERROR_RESPONSES = {400: dict, 401: dict, 403: dict, 404: dict, 409: dict, 422: dict}


class OrganisationFilters(PageQuery, TextInput):
    district: str | None = Field(None, max_length=60, description="District slug.")
    region: str | None = Field(None, max_length=8, description="Region code, e.g. TJ-SU.")
    kind: KindCode | None = None


class ServiceFilters(OrganisationFilters):
    service_type: ServiceTypeCode | None = None
    sector: SectorCode | None = None
    organisation: str | None = Field(None, max_length=80, description="Organisation slug.")
    kind: KindCode | None = Field(None, description="Kind of the organisation.")


class VersionQuery(Schema):
    version: int | None = Field(None, ge=1, le=MAX_INT)


def organisation_queryset(public=True):
    """Organisations as the API shows them; the public sees active ones only."""
    organisations = Organisation.objects.select_related("district__region", "parent")
    return organisations.filter(is_active=True) if public else organisations


def service_queryset(public=True):
    """Services with what ServiceOut shows; the public sees those of active organisations."""
    services = Service.objects.filter(organisation__is_active=True) if public else Service.objects
    return services.select_related("organisation").prefetch_related(
        Prefetch("districts_served", queryset=District.objects.only("id", "slug")),
        Prefetch("locations", queryset=Location.objects.select_related("district")),
        Prefetch("phones", queryset=Phone.objects.order_by("id")),
    )


def place_filter(filters, district_path: str, region_path: str) -> dict:
    """Query conditions for ?district= and ?region=; unknown ones are field errors."""
    conditions = {}
    if filters.district:
        district = District.objects.filter(slug=filters.district).first()
        if district is None:
            raise ValidationError({"district": [_("Unknown district.")]})
        conditions[district_path] = district
    if filters.region:
        region = Region.objects.filter(code=filters.region.upper()).first()
        if region is None:
            raise ValidationError({"region": [_("Unknown region.")]})
        conditions[region_path] = region
    return conditions


def stale_response(record, version: int):
    """409 naming the fields changed after `version`, from the newer versions' audit entries.

    Every saved change moves the version on by one and writes one audit entry.
    """
    changed = fields_changed_after(
        record, version, actions=[AuditAction.DIRECTORY_CHANGED, AuditAction.DIRECTORY_DELETED]
    )
    return Status(409, stale_error_body(record, version, changed, current_values(record, changed)))


def current_values(record, fields) -> dict:
    """The saved value of each field, in the form the API reads and writes it."""
    snapshot = {Organisation: organisation_snapshot, Service: service_snapshot}.get(type(record))
    values = snapshot(record) if snapshot else {}
    result = {}
    for field in fields:
        if field in values:
            value = values[field]
        else:
            value = getattr(record, field, None)
            if hasattr(value, "all"):  # a many-to-many manager
                value = sorted(getattr(item, "slug", item.pk) for item in value.all())
            elif hasattr(value, "pk"):
                value = getattr(value, "slug", value.pk)
        if field == "phones" and hasattr(record, "phones"):
            value = [
                {"number": p.number, "kind": p.kind, "is_free_call": p.is_free_call}
                for p in record.phones.order_by("id")
            ]
        if not isinstance(value, (str, int, float, bool, list, dict, type(None))):
            value = str(value)
        result[field] = value
    return result


def managed_service(request, pk: int) -> Service:
    """The service `pk` if the caller administers its organisation (404 / 403 otherwise)."""
    service = Service.objects.select_related("organisation").filter(pk=pk).first()
    if service is None:
        raise Http404
    get_organisation_for_user(request.auth, service.organisation.slug)
    return service


def own_locations(organisation, ids):
    if ids is None:
        return None
    locations = list(Location.objects.filter(organisation=organisation, pk__in=ids))
    if len(locations) != len(set(ids)):
        raise ValidationError(
            {"locations": [_("A service can only use its own organisation's locations.")]}
        )
    return locations


def reloaded(service: Service) -> Service:
    return service_queryset(public=False).get(pk=service.pk)


def replay_service(request, pk, slug, **_kwargs):
    """The Idempotency-Key replay of an added service: read again, if still the
    organisation's and the caller still manages it."""
    organisation = get_organisation_for_user(request.auth, slug[:80])
    service = service_queryset(public=False).filter(pk=pk, organisation=organisation).first()
    if service is None:
        raise Http404
    return service


# ---- public reads ----


@router.get("/organisations", response=OrganisationPage, auth=None, summary="List organisations")
def list_organisations(request, filters: Query[OrganisationFilters]):
    """Active organisations, filtered by district, region or kind, one page at a time."""
    organisations = organisation_queryset().filter(
        **place_filter(filters, "district", "district__region")
    )
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    # Alphabetically in the language of the request (Accept-Language; Tajik by default).
    return page_of_ids(organisation_queryset(), ids_by_name(organisations), filters)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, 404: dict},
    auth=None,
    summary="One organisation",
)
def get_organisation(request, slug: str):
    """An active organisation by its short name (slug)."""
    organisation = organisation_queryset().filter(slug=slug[:80]).first()
    if organisation is None:
        raise Http404
    return organisation


@router.get("/services", response=ServicePage, auth=None, summary="List services")
def list_services(request, filters: Query[ServiceFilters]):
    """Active services, filtered by the district or region they serve, service type,
    sector, organisation or kind of organisation, one page at a time.
    """
    services = service_queryset().filter(
        is_active=True, **place_filter(filters, "districts_served", "districts_served__region")
    )
    for field, lookup in (
        ("service_type", "service_type"),
        ("sector", "sector"),
        ("organisation", "organisation__slug"),
        ("kind", "organisation__kind"),
    ):
        value = getattr(filters, field)
        if value:
            services = services.filter(**{lookup: value})
    # Alphabetically by organisation, then service, in the language of the request.
    ids = ids_by_name(services, ("organisation__", ""))
    return page_of_ids(service_queryset(), ids, filters)


@router.get(
    "/services/{int:service_id}",
    response={200: ServiceOut, 404: dict},
    auth=None,
    summary="One service",
)
def get_service(request, service_id: int):
    """An active service with its districts, locations and phones."""
    service = service_queryset().filter(pk=service_id, is_active=True).first()
    if service is None:
        raise Http404
    return service


# ---- writes by organisation admins ----


@router.patch(
    "/organisations/{slug}",
    response={200: OrganisationOut, **ERROR_RESPONSES},
    summary="Change an organisation's entry",
)
def patch_organisation(request, slug: str, payload: OrganisationPatch):
    """Change names, description, district, email or website of your organisation.

    Send the `version` you loaded; if someone saved in between, nothing is saved and the
    answer (409) names the fields they changed.
    """
    organisation = get_organisation_for_user(request.auth, slug[:80])
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    try:
        directory.update_organisation(
            organisation, expected_version=version, data=data, actor=request.auth, request=request
        )
    except StaleEditError as stale:
        return stale_response(stale.current, version)
    return organisation_queryset(public=False).get(pk=organisation.pk)


@router.post(
    "/organisations/{slug}/services",
    response={201: ServiceOut, **ERROR_RESPONSES},
    summary="Add a service",
)
@idempotent(replay_service)
def create_service(request, slug: str, payload: ServiceCreate):
    """Add a service to your organisation. `districts_served` takes district slugs."""
    organisation = get_organisation_for_user(request.auth, slug[:80])
    data = payload.dict(exclude_unset=True)
    districts = data.pop("districts_served")
    locations = own_locations(organisation, data.pop("locations", None)) or []
    phones = data.pop("phones", None)
    service = directory.create_service(
        organisation=organisation,
        data=data,
        districts=districts,
        locations=locations,
        phones=phones,
        actor=request.auth,
        request=request,
    )
    return Status(201, reloaded(service))


@router.patch(
    "/services/{int:service_id}",
    response={200: ServiceOut, **ERROR_RESPONSES},
    summary="Change a service",
)
def patch_service(request, service_id: int, payload: ServicePatch):
    """Change any field of a service of your organisation; leave out what stays.

    Send the `version` you loaded; a stale one is refused (409) with the fields changed
    meanwhile.
    """
    service = managed_service(request, service_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    districts = data.pop("districts_served", None)
    locations = own_locations(service.organisation, data.pop("locations", None))
    phones = data.pop("phones", None)
    try:
        service = directory.update_service(
            service,
            expected_version=version,
            data=data,
            districts=districts,
            locations=locations,
            phones=phones,
            actor=request.auth,
            request=request,
        )
    except StaleEditError as stale:
        return stale_response(stale.current, version)
    return reloaded(service)


@router.delete(
    "/services/{int:service_id}",
    response={200: ServiceOut, **ERROR_RESPONSES},
    summary="Withdraw a service",
)
def delete_service(request, service_id: int, query: Query[VersionQuery]):
    """Withdraw a service from the public directory (it is kept for the records).

    Pass `?version=` to be sure nobody changed it since you loaded it.
    """
    service = managed_service(request, service_id)
    if not service.is_active:
        # Already withdrawn: gone, as GET says; a second DELETE changes nothing.
        raise Http404
    version = query.version or service.version
    try:
        service = directory.deactivate_service(
            service, expected_version=version, actor=request.auth, request=request
        )
    except StaleEditError as stale:
        return stale_response(stale.current, version)
    return reloaded(service)

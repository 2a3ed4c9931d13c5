"""Audit log API: read-only, same access rules as the audit pages."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from himoya.accounts.api_auth import AUTH
from himoya.audit.models import AuditAction
from himoya.auditlog.access import get_audit_entries_for_user
from himoya.auditlog.forms import filter_entries
from himoya.core import date_range
from himoya.core.paging import Page, PageQuery, page_of
from himoya.core.schemas import TextInput

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    at: datetime.datetime
    action: str
    actor: str = Field(..., alias="actor_name")
    organisation: str | None = Field(None, alias="organisation.slug")
    object_type: str
    object_id: str
    detail: dict
    ip_address: str | None
    previous_hash: str
    entry_hash: str


class AuditFilters(PageQuery, TextInput):
    action: AuditAction | None = None
    user: str | None = Field(None, max_length=150)
    date_from: datetime.date | None = Field(None, description="2000-01-01 to 2099-12-31.")
    date_to: datetime.date | None = Field(None, description="2000-01-01 to 2099-12-31.")


class AuditPage(Page):
    items: list[AuditEntryOut]


def _page(entries, filters: AuditFilters) -> dict:
    errors = date_range.range_errors(filters.date_from, filters.date_to)
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    entries = filter_entries(
        entries, filters.action or "", filters.user or "", filters.date_from, filters.date_to
    )
    return page_of(entries.order_by("-id"), filters)


# Generated clients name their methods by the operation ids: they stay those of
# himoya.audit.api, where these operations were written first.
@router.get(
    "/entries",
    response=AuditPage,
    auth=AUTH,
    operation_id="himoya_audit_api_platform_entries",
)
def platform_entries(request, filters: Query[AuditFilters]):
    """Every entry, newest first: for the platform superuser only."""
    _organisation, entries = get_audit_entries_for_user(request.user)
    return _page(entries, filters)


@router.get(
    "/orgs/{slug}/entries",
    response=AuditPage,
    auth=AUTH,
    operation_id="himoya_audit_api_organisation_entries",
)
def organisation_entries(request, slug: str, filters: Query[AuditFilters]):
    """One organisation's entries, newest first: for its admins and supervisors."""
    _organisation, entries = get_audit_entries_for_user(request.user, slug)
    return _page(entries, filters)

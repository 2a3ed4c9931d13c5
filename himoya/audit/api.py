"""Audit log API: read-only, same access rules as the audit pages."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from himoya.audit.access import get_audit_entries_for_user
from himoya.audit.forms import DEFAULT_PAGE_SIZE, filter_entries
from himoya.audit.models import AuditAction
from himoya.core.api import AUTH
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


class AuditFilters(TextInput):
    action: AuditAction | None = None
    user: str | None = Field(None, max_length=150)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _filtered(entries, filters: AuditFilters):
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError({"date_to": [_("The end date is before the start date.")]})
    return filter_entries(
        entries, filters.action or "", filters.user or "", filters.date_from, filters.date_to
    ).order_by("-id")


class AuditPagination(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=DEFAULT_PAGE_SIZE, max_page_size=100, **kwargs)


@router.get("/entries", response=list[AuditEntryOut], auth=AUTH)
@paginate(AuditPagination)
def platform_entries(request, filters: Query[AuditFilters]):
    """Every entry, newest first: for the platform superuser only."""
    _organisation, entries = get_audit_entries_for_user(request.user)
    return _filtered(entries, filters)


@router.get("/orgs/{slug}/entries", response=list[AuditEntryOut], auth=AUTH)
@paginate(AuditPagination)
def organisation_entries(request, slug: str, filters: Query[AuditFilters]):
    """One organisation's entries, newest first: for its admins and supervisors."""
    _organisation, entries = get_audit_entries_for_user(request.user, slug)
    return _filtered(entries, filters)

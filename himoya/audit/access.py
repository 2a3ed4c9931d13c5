"""Fetch-and-check helper for the audit log: who may read which entries.

The platform superuser reads every entry. Organisation admins and supervisors read
the entries of their own organisation. Outsiders get 404, other roles 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from himoya.accounts.access import get_organisation_for_user
from himoya.accounts.models import Role
from himoya.audit.models import AuditEntry
from himoya.directory.models import Organisation

AUDIT_READER_ROLES = (Role.ORG_ADMIN, Role.SUPERVISOR)


def get_audit_entries_for_user(
    user, slug: str | None = None
) -> tuple[Organisation | None, QuerySet]:
    """The organisation (None for the whole platform) and the entries `user` may read."""
    if slug is None:
        if not user.is_authenticated:
            raise Http404
        if not user.is_superuser:
            raise PermissionDenied
        return None, AuditEntry.objects.select_related("organisation")
    organisation = get_organisation_for_user(user, slug, roles=AUDIT_READER_ROLES)
    return organisation, AuditEntry.objects.filter(organisation=organisation).select_related(
        "organisation"
    )

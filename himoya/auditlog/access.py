"""Fetch-and-check helper for the audit log: who may read which entries.

The platform superuser reads every entry. Organisation admins and supervisors read
the entries of their own organisation. Outsiders get 404, other roles 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from himoya.accounts.models import Membership
from himoya.audit.models import AuditAction, AuditEntry
from himoya.core.roles import Role
from himoya.directory.access import get_organisation_for_user
from himoya.directory.models import Organisation

AUDIT_READER_ROLES = (Role.ORG_ADMIN, Role.SUPERVISOR)

# Account events are stored without an organisation (a user may belong to several);
# each organisation's log shows those of its current members.
MEMBER_ACCOUNT_ACTIONS = (
    AuditAction.SIGN_IN,
    AuditAction.SIGN_IN_FAILED,
    AuditAction.SIGN_OUT,
    AuditAction.TWO_FACTOR_ENROLLED,
    AuditAction.TWO_FACTOR_RESET,
)


def organisation_entries(organisation) -> QuerySet:
    """The organisation's own entries and its current members' account events.

    One query: the members are a subquery, so page queries stay constant.
    """
    members = Membership.objects.filter(organisation=organisation, is_active=True).values(
        "user_id"
    )
    member_events = Q(
        organisation__isnull=True, action__in=MEMBER_ACCOUNT_ACTIONS, actor_id__in=members
    )
    return AuditEntry.objects.filter(Q(organisation=organisation) | member_events)


# Case activity (reads and changes of survivors' records) is for supervisors; an
# organisation admin manages users and the directory, not case content (DESIGN.md §4).
CASE_OBJECTS = ("clients.client", "clients.consent", "cases.case", "incidents.incident")
CASE_ACTIONS = (AuditAction.RECORD_READ, AuditAction.RECORD_CREATED, AuditAction.RECORD_CHANGED)


def sees_case_activity(user, organisation) -> bool:
    """Whether `user` reads the case activity (reads and changes of survivors' records)
    of `organisation`'s log (None: the platform log, for the superuser)."""
    if user.is_superuser:
        return True
    return organisation is not None and Role.SUPERVISOR in user.roles_in(organisation)


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
    entries = organisation_entries(organisation).select_related("organisation")
    if not sees_case_activity(user, organisation):
        entries = entries.exclude(action__in=CASE_ACTIONS).exclude(object_type__in=CASE_OBJECTS)
    return organisation, entries

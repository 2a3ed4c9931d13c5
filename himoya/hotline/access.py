"""Who may see the call log: the one fetch-and-check helper for calls.

Hotline operators see (and log, and edit) their organisation's calls; supervisors see
the log and its statistics, but only of an organisation that runs a hotline. Other
members of the organisation get 403, outsiders 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from himoya.accounts.models import Membership, Role
from himoya.cases.access import _parse_id
from himoya.directory.models import Organisation, OrganisationKind
from himoya.hotline.models import Call

CALL_ROLES = (Role.HOTLINE_OPERATOR, Role.SUPERVISOR)


def runs_hotline() -> Q:
    """Organisations with a call log: a hotline by kind, or any organisation with an
    active hotline operator. A crisis centre's supervisor has no log to supervise, so
    no empty log, statistics or "Calls" link."""
    operators = Membership.objects.filter(
        organisation=OuterRef("pk"), role=Role.HOTLINE_OPERATOR, is_active=True
    )
    return Q(kind=OrganisationKind.HOTLINE) | Q(Exists(operators))


def call_permission(user, organisation_id) -> str:
    """ "operator", "supervisor", "forbidden" (member without the right) or "none"."""
    if not user.is_authenticated:
        return "none"
    roles = set(
        Membership.objects.filter(
            user=user, organisation_id=organisation_id, is_active=True
        ).values_list("role", flat=True)
    )
    if Role.HOTLINE_OPERATOR in roles:
        return "operator"
    if (
        Role.SUPERVISOR in roles
        and Organisation.objects.filter(runs_hotline(), pk=organisation_id).exists()
    ):
        return "supervisor"
    if roles or user.is_superuser:
        return "forbidden"
    return "none"


def check_call_log(user, organisation, *, write=False) -> str:
    """May `user` see `organisation`'s call log (and log calls with write=True)?"""
    permission = call_permission(user, organisation.pk)
    if permission == "none":
        raise Http404
    if permission == "forbidden" or (write and permission != "operator"):
        raise PermissionDenied
    return permission


def get_call_for_user(user, call_id, *, write=False):
    """(call, permission) if `user` may read it; write=True for operators only."""
    call = (
        Call.objects.select_related("organisation", "operator", "district", "client", "case")
        .filter(pk=_parse_id(call_id))
        .first()
    )
    if call is None:
        raise Http404
    return call, check_call_log(user, call.organisation, write=write)


def call_log_organisations(user):
    """Organisations whose call log `user` may see (the rule of call_permission), as
    one query: the site's "Calls" link asks it on every page."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    mine = Membership.objects.filter(user=user, is_active=True, organisation=OuterRef("pk"))
    return Organisation.objects.filter(
        Q(Exists(mine.filter(role=Role.HOTLINE_OPERATOR)))
        | (Q(Exists(mine.filter(role=Role.SUPERVISOR))) & runs_hotline())
    )


def call_logs(user) -> list[Organisation]:
    """call_log_organisations in slug order, read once per request: the navigation,
    the log page and its links all ask it (kept on the user, as accounts.roles is)."""
    cached = getattr(user, "_himoya_call_logs", None)
    if cached is None:
        cached = list(call_log_organisations(user).order_by("slug"))
        if user.is_authenticated:
            user._himoya_call_logs = cached
    return cached

"""Who may see the call log: the one fetch-and-check helper for calls.

Hotline operators log calls and see (and edit) their own calls in full; of the calls
their colleagues took they see only what a shift handover needs (time, topic,
district, risk, what was done), never the call-back details, the summary or anything
else about the caller, and they change none of them. Supervisors see the log and its
statistics in full, but only of an organisation that runs a hotline. Other members of
the organisation get 403, outsiders 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from himoya.accounts.models import Membership
from himoya.accounts.roles import held_roles
from himoya.core.ids import parse_id
from himoya.core.roles import Role
from himoya.directory.models import Organisation, OrganisationKind
from himoya.hotline.models import Call

CALL_ROLES = (Role.HOTLINE_OPERATOR, Role.SUPERVISOR)
# The permission for a colleague's call: its shift-handover view only.
HANDOVER = "handover"
# What the handover view of a colleague's call holds; every other attribute reads None.
HANDOVER_FIELDS = frozenset(
    {
        "id",
        "pk",
        "reference",
        "organisation",
        "organisation_id",
        "operator",
        "operator_id",
        "started_at",
        "topic",
        "get_topic_display",
        "district",
        "district_id",
        "risk_flag",
        "actions",
        "version",
    }
)
# Filters on what the handover view hides: for an operator they apply to her own calls
# only, or a filtered log would tell which colleague's call wanted a call back.
PRIVATE_FILTERS = ("caller_type", "callback")


class Handover:
    """A colleague's call as a shift handover shows it to an operator: the handover
    fields and nothing else (the rest reads None), so no page or API answer can show
    the call-back details, the summary or the caller's particulars by mistake."""

    handover = True

    def __init__(self, call):
        self._call = call

    def __getattr__(self, name):
        if name in HANDOVER_FIELDS:
            return getattr(self._call, name)
        return None

    def __str__(self):
        return self._call.reference

    def audited(self):
        """The call itself, for the audit entry of the handover read only."""
        return self._call


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
    """(call, permission) if `user` may read it; write=True for the operator who took
    it only. An operator reading a colleague's call gets (Handover(call), "handover")."""
    call = (
        Call.objects.select_related("organisation", "operator", "district", "client", "case")
        .filter(pk=parse_id(call_id))
        .first()
    )
    if call is None:
        raise Http404
    permission = check_call_log(user, call.organisation, write=write)
    if permission == "operator" and call.operator_id != user.pk:
        if write:
            raise PermissionDenied
        return Handover(call), HANDOVER
    return call, permission


def operates(user, organisation) -> bool:
    """`user` is a hotline operator of `organisation` (read once per request)."""
    return held_roles(user).get(organisation.pk) == Role.HOTLINE_OPERATOR


def as_seen_by(user, organisation, calls) -> list:
    """`calls` of `organisation`'s log as `user` may see them: for an operator, her
    colleagues' calls as their handover view."""
    if not operates(user, organisation):
        return list(calls)
    return [call if call.operator_id == user.pk else Handover(call) for call in calls]


def narrowed_to_own(user, organisation, calls, filters: dict):
    """`calls` limited to the operator's own when she filters on what the handover view
    hides (caller, call-back); supervisors' filters apply to every call."""
    private = any(filters.get(name) not in (None, "") for name in PRIVATE_FILTERS)
    if private and operates(user, organisation):
        return calls.filter(operator=user)
    return calls


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

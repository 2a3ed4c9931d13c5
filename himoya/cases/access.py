"""Who may see and change a case: the one fetch-and-check helper for case data.

DESIGN.md section 4: a case belongs to the organisation that opened it. Its supervisors
see every case of the organisation; a caseworker sees the cases assigned to them. Anyone
without a membership there gets 404 (no hint the case exists); members whose role does
not allow it (analysts, organisation admins, hotline operators, other caseworkers) and
platform admins get 403. Every page, API operation, attachment download and export
goes through these functions; tests walk every URL to hold that line.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from himoya.accounts.roles import held_roles
from himoya.cases.models import Case, CaseStatus
from himoya.core.ids import parse_id
from himoya.core.roles import Role
from himoya.directory.models import Organisation


class CaseClosedError(Exception):
    """Raised when someone tries to change a closed case; it must be reopened first."""

    def __init__(self):
        super().__init__(_("This case is closed and read-only. Reopen it with a reason first."))


def _roles_by_organisation(user) -> dict[int, set[Role]]:
    return {organisation: {role} for organisation, role in held_roles(user, fresh=True).items()}


def case_permission(user, case: Case) -> str:
    """"none" (outsider), "forbidden", "caseworker" or "supervisor"."""
    if not user.is_authenticated:
        return "none"
    roles = _roles_by_organisation(user).get(case.organisation_id)
    if not roles:
        return "forbidden" if user.is_superuser else "none"
    if Role.SUPERVISOR in roles:
        return "supervisor"
    if Role.CASEWORKER in roles and case.caseworker_id == user.id:
        return "caseworker"
    return "forbidden"


def get_case_for_user(user, case_id, *, write=False, approve=False) -> Case:
    """The case, if `user` may read it (and change it with write=True, decide on
    closure or plan approval with approve=True); else Http404 or PermissionDenied.

    A closed case refuses writes with CaseClosedError; reopening is itself an
    approve-level action that passes write=False.
    """
    case = (
        Case.objects.select_related("client", "organisation", "caseworker", "district")
        .filter(pk=parse_id(case_id))
        .first()
    )
    if case is None:
        raise Http404
    permission = case_permission(user, case)
    if permission == "none":
        raise Http404
    if permission == "forbidden":
        raise PermissionDenied
    if approve and permission != "supervisor":
        raise PermissionDenied
    if write and case.status == CaseStatus.CLOSED:
        raise CaseClosedError
    return case


def get_case_record_for_user(user, model, record_id, *, write=False):
    """A record that belongs to a case (incident, note, attachment, follow-up, action,
    service, ...), checked through its case. Returns (record, case)."""
    record = model.objects.filter(pk=parse_id(record_id)).only("pk", "case_id").first()
    if record is None:
        raise Http404
    case = get_case_for_user(user, record.case_id, write=write)
    return model.objects.get(pk=record.pk), case


def cases_visible_to(user):
    """Every case `user` may read, across their organisations, as one queryset."""
    if not user.is_authenticated:
        return Case.objects.none()
    roles = _roles_by_organisation(user)
    supervised = [org for org, held in roles.items() if Role.SUPERVISOR in held]
    casework = [org for org, held in roles.items() if Role.CASEWORKER in held]
    return Case.objects.filter(
        Q(organisation_id__in=supervised) | Q(organisation_id__in=casework, caseworker=user)
    )


def case_organisations(user, roles=(Role.CASEWORKER, Role.SUPERVISOR)):
    """Organisations where `user` may open cases (caseworker or supervisor)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__role__in=roles
    ).distinct()


def require_case_role(user) -> None:
    """Case pages and the case API are for caseworkers and supervisors: analysts, admins
    and hotline operators hold no case and get 403, not an empty list."""
    if not case_organisations(user).exists():
        raise PermissionDenied

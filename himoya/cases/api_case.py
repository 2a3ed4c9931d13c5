"""Case API: the list, the lookup by client code, the case itself and its life cycle."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.access import case_organisations, case_permission, cases_visible_to
from himoya.cases.api_common import READ_ERRORS, PageQuery, page_of, readable_case, router
from himoya.cases.api_schemas import CaseDetailOut, CasePageOut, CaseSummaryOut
from himoya.cases.api_schemas_in import CODE_MAX, CaseStatusCode, RiskCode
from himoya.cases.audit import record_read
from himoya.cases.models import Case, CaseStatus
from himoya.core.schemas import TextInput
from himoya.geo.models import District

TAGS = ["cases"]

# What the list shows, and nothing more: no encrypted client field is loaded or decrypted.
LIST_FIELDS = (
    "id",
    "status",
    "priority",
    "risk_level",
    "step",
    "opened_at",
    "next_due",
    "version",
    "organisation",
    "organisation__slug",
    "client",
    "client__code",
    "caseworker",
    "caseworker__username",
    "district",
    "district__slug",
)


class CaseFilters(PageQuery, TextInput):
    status: CaseStatusCode | None = None
    risk: RiskCode | None = Field(None, description="Risk level.")
    caseworker: str | None = Field(None, max_length=150, description="Caseworker's username.")
    district: str | None = Field(None, max_length=60, description="District slug.")
    overdue: bool | None = Field(
        None, description="Only cases with a follow-up or action past its due date."
    )
    code: str | None = Field(None, max_length=CODE_MAX, description="Client code, exact.")


class CodeQuery(TextInput):
    code: str = Field(..., min_length=1, max_length=CODE_MAX, description="Client code.")


def summaries(queryset):
    return queryset.select_related("organisation", "client", "caseworker", "district").only(
        *LIST_FIELDS
    )


def require_case_role(user) -> None:
    """Analysts, admins and hotline operators hold no case: they get 403, not an empty list."""
    if not case_organisations(user).exists():
        raise PermissionDenied


@router.get("/", response={200: CasePageOut, **READ_ERRORS}, auth=AUTH, summary="List cases")
def list_cases(request, filters: Query[CaseFilters]):
    """The cases you may read (a caseworker: assigned to you; a supervisor: all of the
    organisation's), newest first, filtered by status, risk level, caseworker, district,
    overdue follow-ups or actions, or client code. The list holds no identifying data.
    """
    require_case_role(request.auth)
    cases = cases_visible_to(request.auth)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.risk:
        cases = cases.filter(risk_level=filters.risk)
    if filters.caseworker:
        cases = cases.filter(caseworker__username=filters.caseworker)
    if filters.district:
        district = District.objects.filter(slug=filters.district).first()
        if district is None:
            raise ValidationError({"district": [_("Unknown district.")]})
        cases = cases.filter(district=district)
    if filters.overdue is not None:
        late = {"next_due__lt": timezone.localdate()}
        cases = (
            cases.filter(**late).exclude(status=CaseStatus.CLOSED)
            if filters.overdue
            else cases.exclude(**late).exclude(status=CaseStatus.CLOSED)
        )
    if filters.code:
        cases = cases.filter(client__code=filters.code.strip().upper())
    return page_of(summaries(cases).order_by("-opened_at", "-id"), filters)


@router.get(
    "/lookup",
    response={200: CaseSummaryOut, **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Find a case by client code",
)
def lookup_case(request, query: Query[CodeQuery]):
    """The newest case of the client with this code that you may read. No such case, or
    one of an organisation you do not belong to: 404; one you may not read: 403."""
    code = query.code.strip().upper()
    forbidden = False
    for case in summaries(Case.objects.filter(client__code=code)).order_by("-opened_at"):
        permission = case_permission(request.auth, case)
        if permission in {"caseworker", "supervisor"}:
            return case
        forbidden = forbidden or permission == "forbidden"
    if forbidden:
        raise PermissionDenied
    raise Http404


@router.get(
    "/{int:case_id}",
    response={200: CaseDetailOut, **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="One case with its client",
)
def get_case(request, case_id: int):
    """The case, its client's details (decrypted) and its history. The read is audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="case")
    return case

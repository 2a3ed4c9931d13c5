"""Case API: the case itself. The list, the lookup by client code, one case with its
client and history, and its life cycle: step, priority and status, assignment,
closure (request and decision) and reopening.

Each write checks access through himoya.cases.access first and then calls the named
service function (himoya.cases.services.case), which validates, writes in one
transaction and audits.
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.accounts.models import User
from himoya.cases.access import (
    case_permission,
    cases_visible_to,
    get_case_for_user,
    require_case_role,
)
from himoya.cases.api.client import ClientOut
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    readable_case,
    refusals,
    replay_record,
    router,
    writable_case,
)
from himoya.cases.api.schemas import (
    CODE_MAX,
    StrictIn,
    Username,
    choice,
    text,
    username,
    version_field,
)
from himoya.cases.audit import record_read
from himoya.cases.closure import CLOSURE_BLOCKS, open_items
from himoya.cases.models import Case, CaseStatus, CaseStep, Closure, Priority, RiskLevel
from himoya.cases.services import case as services
from himoya.cases.services.case import CLOSURE_CHECKLIST, CLOSURE_REASONS, MANUAL_STATUSES
from himoya.core.idempotency import idempotent
from himoya.core.paging import Page, PageQuery, page_of
from himoya.core.schemas import MultiLineText, TextInput
from himoya.geo.models import District

TAGS = ["cases"]

CaseStatusCode = choice(CaseStatus.values)
RiskCode = choice(RiskLevel.values)
PriorityCode = choice(Priority.values)
StepCode = choice(CaseStep.values)
ManualStatusCode = choice(MANUAL_STATUSES)
ClosureReasonCode = choice(key for key, _label in CLOSURE_REASONS)
ChecklistKey = choice(key for key, _label in CLOSURE_CHECKLIST)


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


class CaseSummaryOut(Schema):
    id: int
    code: str = Field(description="The client's pseudonymous code.")
    organisation: str
    status: str
    priority: str
    risk_level: str
    step: str
    caseworker: str | None
    district: str | None
    opened_at: datetime
    next_due: date | None
    overdue: bool
    version: int

    @staticmethod
    def resolve_code(obj):
        return obj.client.code

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_caseworker(obj):
        return username(obj.caseworker)

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_overdue(obj):
        today = timezone.localdate()
        return bool(obj.next_due and obj.next_due < today and obj.status != "closed")


class CasePageOut(Page):
    items: list[CaseSummaryOut]


class EventOut(Schema):
    kind: str
    actor: str | None
    at: datetime

    @staticmethod
    def resolve_actor(obj):
        return username(obj.actor)


class CaseDetailOut(CaseSummaryOut):
    client: ClientOut
    opened_by: str | None
    closed_at: datetime | None
    events: list[EventOut]
    pending_closure: "ClosureOut | None" = Field(
        description="The closure request waiting for a supervisor's decision, with what "
        "is still open in the case."
    )

    @staticmethod
    def resolve_pending_closure(obj):
        return (
            obj.closures.filter(decided_at__isnull=True)
            .select_related("requested_by", "decided_by")
            .first()
        )

    @staticmethod
    def resolve_opened_by(obj):
        return username(obj.opened_by)

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.select_related("actor"))


class OpenItemOut(Schema):
    kind: Literal["plan", "plan_action", "follow_up", "referral"]
    label: str
    on_approval: str = Field(description="What approving the closure does with it.")
    link: str = Field(description="The page of the item.")


class ClosureOut(Schema):
    id: int
    reason: str
    checklist: dict
    note: str
    requested_by: str | None
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    approved: bool | None
    open_items: list[OpenItemOut] = Field(
        description="Open referrals, plan actions not done, follow-ups not done and a "
        "plan waiting for approval, now (empty once decided). They warn; they do not block "
        "the closure: on approval, referrals still waiting for an answer are withdrawn "
        "and the receiver told the case was closed; an accepted referral stays with the "
        "receiver, who no longer sees this case's shared details."
    )
    open_items_block_closure: bool = Field(
        description="Always false: open items never block the closure."
    )

    @staticmethod
    def resolve_open_items(obj):
        if obj.decided_at is not None:
            return []
        return [item.__dict__ for item in open_items(obj.case)]

    @staticmethod
    def resolve_open_items_block_closure(obj):
        return CLOSURE_BLOCKS

    @staticmethod
    def resolve_requested_by(obj):
        return username(obj.requested_by)

    @staticmethod
    def resolve_decided_by(obj):
        return username(obj.decided_by)


CaseDetailOut.model_rebuild()


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


class CasePatchIn(StrictIn):
    version: int = version_field()
    step: StepCode | None = None
    priority: PriorityCode | None = None
    status: ManualStatusCode | None = Field(
        None, description="open or active; closing goes through the closure request."
    )


class AssignIn(StrictIn):
    version: int = version_field()
    caseworker: Username


class ClosureRequestIn(StrictIn):
    version: int = version_field()
    reason: ClosureReasonCode
    checklist: dict[ChecklistKey, bool] = Field(default_factory=dict)
    note: MultiLineText = text(2000, "")


class ClosureDecisionIn(StrictIn):
    approve: bool
    note: MultiLineText = text(2000, "", description="Required when the request is sent back.")


class ReopenIn(StrictIn):
    reason: MultiLineText = Field(..., min_length=1, max_length=2000)


def summaries(queryset):
    return queryset.select_related("organisation", "client", "caseworker", "district").only(
        *LIST_FIELDS
    )


@router.get(
    "/",
    operation_id="himoya_cases_api_case_list_cases",
    response={200: CasePageOut, **READ_ERRORS},
    auth=AUTH,
    summary="List cases",
)
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
    operation_id="himoya_cases_api_case_lookup_case",
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
    operation_id="himoya_cases_api_case_get_case",
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


def detail(request, case):
    """The case as the detail shows it, read again after a change (and audited)."""
    fresh = get_case_for_user(request.auth, case.pk)
    record_read(request, fresh, what="case")
    return fresh


@router.patch(
    "/{int:case_id}",
    operation_id="himoya_cases_api_case_write_patch_case",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Change a case's step, priority or status",
)
@refusals
def patch_case(request, case_id: int, payload: CasePatchIn):
    """Move the case to another step, change its priority, or set it open or active.
    Send the `version` you loaded: a stale one is refused (409) with the fields changed
    meanwhile. A closed case refuses every change (409) until it is reopened."""
    case = writable_case(request, case_id)
    data = payload.dict(exclude_unset=True)
    services.change_case(
        request.auth,
        case,
        expected_version=payload.version,
        step=data.get("step") or case.step,
        priority=data.get("priority") or case.priority,
        status=data.get("status") or case.status,
        request=request,
    )
    return detail(request, case)


@router.post(
    "/{int:case_id}/assign",
    operation_id="himoya_cases_api_case_write_assign_case",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Assign a case to a caseworker",
)
@refusals
def assign_case(request, case_id: int, payload: AssignIn):
    """A supervisor assigns the case to an active caseworker of the organisation."""
    case = writable_case(request, case_id, approve=True)
    caseworker = User.objects.filter(username=payload.caseworker).first()
    services.assign_caseworker(
        request.auth, case, caseworker, expected_version=payload.version, request=request
    )
    return detail(request, case)


@router.post(
    "/{int:case_id}/closure",
    operation_id="himoya_cases_api_case_write_request_closure",
    response={201: ClosureOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Request closure of a case",
)
@idempotent(replay_record(Closure, "closure"))
@refusals
def request_closure(request, case_id: int, payload: ClosureRequestIn):
    """Ask a supervisor to close the case, with the reason and the closure checklist."""
    case = writable_case(request, case_id)
    closure = services.request_closure(
        request.auth,
        case,
        expected_version=payload.version,
        reason=payload.reason,
        checklist=payload.checklist,
        note=payload.note,
        request=request,
    )
    return Status(201, closure)


@router.post(
    "/{int:case_id}/closure/decision",
    operation_id="himoya_cases_api_case_write_decide_closure",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Approve or send back a closure request",
)
@refusals
def decide_closure(request, case_id: int, payload: ClosureDecisionIn):
    """A supervisor closes the case (`approve: true`) or sends the request back with a
    note saying why (`approve: false`). A closed case is read-only until reopened."""
    case = writable_case(request, case_id, approve=True)
    services.decide_closure(
        request.auth, case, approve=payload.approve, note=payload.note, request=request
    )
    return detail(request, case)


@router.post(
    "/{int:case_id}/reopen",
    operation_id="himoya_cases_api_case_write_reopen_case",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Reopen a closed case",
)
@refusals
def reopen_case(request, case_id: int, payload: ReopenIn):
    """A supervisor reopens a closed case; the reason is kept in the case history."""
    case = get_case_for_user(request.auth, case_id, approve=True)
    services.reopen_case(request.auth, case, reason=payload.reason, request=request)
    return detail(request, case)

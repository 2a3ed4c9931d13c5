"""Case API: the case plan. Its goals and actions, submission for approval and a
supervisor's approval."""

from datetime import date, datetime

from ninja import Schema, Status
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    organisation_named,
    readable_case,
    refusals,
    replay_record,
    router,
    user_in,
    writable_case,
)
from himoya.cases.api.schemas import (
    DUE_DATE_HELP,
    Slug,
    StrictIn,
    Username,
    choice,
    username,
    version_field,
)
from himoya.cases.audit import record_read
from himoya.cases.models import CaseAction, CasePlan
from himoya.cases.services import plan as services
from himoya.core.idempotency import idempotent
from himoya.core.schemas import MultiLineText

TAGS = ["case sections"]

ActionStatusCode = choice(CaseAction.Status.values)


class ActionOut(Schema):
    id: int
    goal: str
    action: str
    responsible_user: str | None
    responsible_organisation: str | None
    due_date: date | None
    status: str
    version: int

    @staticmethod
    def resolve_responsible_user(obj):
        return username(obj.responsible_user)

    @staticmethod
    def resolve_responsible_organisation(obj):
        org = obj.responsible_organisation
        return org.slug if org is not None else None


class PlanOut(Schema):
    status: str
    version: int = Field(description="0 when no plan exists yet.")
    approved_by: str | None
    approved_at: datetime | None
    actions: list[ActionOut]


class ActionIn(StrictIn):
    goal: str = Field(..., min_length=1, max_length=2000)
    action: MultiLineText = Field(..., min_length=1, max_length=2000)
    responsible_user: Username | None = None
    responsible_organisation: Slug | None = None
    due_date: date | None = Field(None, description=DUE_DATE_HELP)
    status: ActionStatusCode = CaseAction.Status.PLANNED.value  # type: ignore[assignment]


class PlanApproveIn(StrictIn):
    version: int = version_field()


def plan_view(case) -> dict:
    plan = CasePlan.objects.select_related("approved_by").filter(case=case).first()
    actions = list(
        CaseAction.objects.filter(case=case).select_related(
            "responsible_user", "responsible_organisation"
        )
    )
    return {
        "status": plan.status if plan else CasePlan.Status.DRAFT,
        "version": plan.version if plan else 0,
        "approved_by": plan.approved_by.username if plan and plan.approved_by else None,
        "approved_at": plan.approved_at if plan else None,
        "actions": actions,
    }


@router.get(
    "/{int:case_id}/plan",
    operation_id="himoya_cases_api_sections_get_plan",
    response={200: PlanOut, **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Case plan and its actions",
)
def get_plan(request, case_id: int):
    """The case plan's approval state and its goals and actions (decrypted). Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="plan")
    return plan_view(case)


@router.get(
    "/{int:case_id}/plan/actions",
    operation_id="himoya_cases_api_sections_list_actions",
    response={200: list[ActionOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Actions of the case plan",
)
def list_actions(request, case_id: int):
    """The goals and actions of the case plan (decrypted), by due date. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="plan")
    return plan_view(case)["actions"]


@router.post(
    "/{int:case_id}/plan/actions",
    operation_id="himoya_cases_api_sections_write_create_action",
    response={201: ActionOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Add an action to the case plan",
)
@idempotent(replay_record(CaseAction, "plan"))
@refusals
def create_action(request, case_id: int, payload: ActionIn):
    """Add a goal and the action that serves it, with who is responsible (a member of
    your organisation, or another organisation) and when it is due. An approved plan
    goes back to draft, to be approved again."""
    case = writable_case(request, case_id)
    values = payload.dict()
    values["responsible_user"] = user_in(
        case.organisation, values["responsible_user"], "responsible_user"
    )
    values["responsible_organisation"] = organisation_named(
        values["responsible_organisation"], "responsible_organisation"
    )
    action = services.add_action(case, actor=request.auth, values=values, request=request)
    return Status(201, action)


@router.post(
    "/{int:case_id}/plan/submit",
    operation_id="himoya_cases_api_sections_write_submit_plan",
    response={200: PlanOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Submit the case plan for approval",
)
@refusals
def submit_plan(request, case_id: int, payload: PlanApproveIn):
    """Ask a supervisor to approve the plan (it needs at least one action)."""
    case = writable_case(request, case_id)
    services.submit_plan(
        case, actor=request.auth, expected_version=payload.version, request=request
    )
    return plan_view(case)


@router.post(
    "/{int:case_id}/plan/approve",
    operation_id="himoya_cases_api_sections_write_approve_plan",
    response={200: PlanOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Approve the case plan",
)
@refusals
def approve_plan(request, case_id: int, payload: PlanApproveIn):
    """A supervisor approves the plan waiting for approval. Send the plan's `version`."""
    case = writable_case(request, case_id, approve=True)
    services.approve_plan(
        case, actor=request.auth, expected_version=payload.version, request=request
    )
    return plan_view(case)

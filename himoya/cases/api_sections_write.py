"""Case API writes to the sections of a case: risk assessment, safety plan, case plan
and its actions, services delivered, follow-ups and notes.

Access first (himoya.cases.access: a closed case answers 409), then the named service
function of the sections (services_risk, services_plan, services_records).
"""

from ninja import Status

from himoya.accounts.api_auth import AUTH
from himoya.cases import services_plan, services_records, services_risk
from himoya.cases.api_common import (
    ERROR_RESPONSES,
    case_record,
    organisation_named,
    refusals,
    replay_record,
    router,
    user_in,
    writable_case,
)
from himoya.cases.api_schemas import (
    ActionOut,
    FollowUpOut,
    NoteOut,
    PlanOut,
    RiskOut,
    SafetyPlanOut,
    ServiceDeliveryOut,
)
from himoya.cases.api_schemas_in import (
    ActionIn,
    FollowUpDoneIn,
    FollowUpIn,
    NoteIn,
    PlanApproveIn,
    RiskIn,
    SafetyPlanIn,
    ServiceDeliveryIn,
)
from himoya.cases.api_sections import plan_view, safety_plan_view
from himoya.cases.models import CaseAction, FollowUp, Note, ServiceDelivery
from himoya.core.idempotency import idempotent

TAGS = ["case sections"]


@router.put(
    "/{int:case_id}/risk",
    response={201: RiskOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Assess the risk",
)
@refusals
def put_risk(request, case_id: int, payload: RiskIn):
    """Answer the danger checklist; the risk level and its reasons are derived and
    become the case's risk level. Earlier assessments are kept as history."""
    case = writable_case(request, case_id)
    assessment = services_risk.record_risk_assessment(
        case, actor=request.auth, answers=payload.dict(), request=request
    )
    return Status(201, assessment)


@router.put(
    "/{int:case_id}/safety-plan",
    response={200: SafetyPlanOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Write the safety plan",
)
@refusals
def put_safety_plan(request, case_id: int, payload: SafetyPlanIn):
    """Replace the safety plan's text (stored encrypted). Send the `version` you loaded
    (0 when there was none): a stale one is refused (409)."""
    case = writable_case(request, case_id)
    services_risk.save_safety_plan(
        case,
        actor=request.auth,
        text=payload.plan,
        expected_version=payload.version,
        request=request,
    )
    return safety_plan_view(case)


@router.post(
    "/{int:case_id}/plan/actions",
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
    action = services_plan.add_action(case, actor=request.auth, values=values, request=request)
    return Status(201, action)


@router.post(
    "/{int:case_id}/plan/submit",
    response={200: PlanOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Submit the case plan for approval",
)
@refusals
def submit_plan(request, case_id: int, payload: PlanApproveIn):
    """Ask a supervisor to approve the plan (it needs at least one action)."""
    case = writable_case(request, case_id)
    services_plan.submit_plan(
        case, actor=request.auth, expected_version=payload.version, request=request
    )
    return plan_view(case)


@router.post(
    "/{int:case_id}/plan/approve",
    response={200: PlanOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Approve the case plan",
)
@refusals
def approve_plan(request, case_id: int, payload: PlanApproveIn):
    """A supervisor approves the plan waiting for approval. Send the plan's `version`."""
    case = writable_case(request, case_id, approve=True)
    services_plan.approve_plan(
        case, actor=request.auth, expected_version=payload.version, request=request
    )
    return plan_view(case)


@router.post(
    "/{int:case_id}/services",
    response={201: ServiceDeliveryOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Record a service delivered",
)
@idempotent(replay_record(ServiceDelivery, "services"))
@refusals
def create_service_delivery(request, case_id: int, payload: ServiceDeliveryIn):
    """A service given to the client: date (from 2000-01-01 to today), the directory's sector
    and service type (they must match), and notes (stored encrypted)."""
    case = writable_case(request, case_id)
    delivery = services_records.add_service_delivery(
        case, actor=request.auth, values=payload.dict(), request=request
    )
    return Status(201, delivery)


@router.post(
    "/{int:case_id}/follow-ups",
    response={201: FollowUpOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Plan a follow-up",
)
@idempotent(replay_record(FollowUp, "follow_ups"))
@refusals
def create_follow_up(request, case_id: int, payload: FollowUpIn):
    """A follow-up due on a date (not in the past, at most ten years ahead), for a member
    of your organisation."""
    case = writable_case(request, case_id)
    values = payload.dict()
    # Left out (or null), the follow-up is the caller's own.
    values["assigned_to"] = (
        user_in(case.organisation, values["assigned_to"], "assigned_to") or request.auth
    )
    follow_up = services_records.add_follow_up(
        case, actor=request.auth, values=values, request=request
    )
    return Status(201, follow_up)


@router.post(
    "/{int:case_id}/follow-ups/{int:follow_up_id}/done",
    response={200: FollowUpOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Mark a follow-up done",
)
@refusals
def complete_follow_up(request, case_id: int, follow_up_id: int, payload: FollowUpDoneIn):
    """Record the outcome of a follow-up. Send the `version` you loaded."""
    case = writable_case(request, case_id)
    follow_up = case_record(request, case, FollowUp, follow_up_id, write=True)
    return services_records.complete_follow_up(
        follow_up,
        actor=request.auth,
        outcome=payload.outcome,
        expected_version=payload.version,
        request=request,
    )


@router.post(
    "/{int:case_id}/notes",
    response={201: NoteOut, **ERROR_RESPONSES},
    auth=AUTH,
    tags=TAGS,
    summary="Add a note",
)
@idempotent(replay_record(Note, "notes"))
@refusals
def create_note(request, case_id: int, payload: NoteIn):
    """A case note, stored encrypted."""
    case = writable_case(request, case_id)
    note = services_records.add_note(case, actor=request.auth, text=payload.text, request=request)
    return Status(201, note)

"""Case API: the risk of a case. The danger checklist (each assessment kept as history,
the level derived) and the safety plan, read and written."""

from datetime import datetime

from ninja import Schema, Status
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    readable_case,
    refusals,
    router,
    writable_case,
)
from himoya.cases.api.schemas import MAX_INT, TEXT_MAX, StrictIn, username
from himoya.cases.audit import record_read
from himoya.cases.models import SafetyPlan
from himoya.cases.risk import describe_reasons
from himoya.cases.services import risk as services
from himoya.core.schemas import MultiLineText

TAGS = ["case sections"]


class RiskOut(Schema):
    id: int
    threats_to_kill: bool
    weapon: bool
    strangulation: bool
    escalation: bool
    pregnancy: bool
    children_at_risk: bool
    perpetrator_access: bool
    level: str
    reasons: list[str] = Field(description="Why this level, in the caller's language.")
    assessed_by: str | None
    assessed_at: datetime

    @staticmethod
    def resolve_reasons(obj):
        return describe_reasons(obj.reasons)

    @staticmethod
    def resolve_assessed_by(obj):
        return username(obj.assessed_by)


class RiskHistoryOut(Schema):
    risk_level: str
    current: RiskOut | None
    history: list[RiskOut]


class SafetyPlanOut(Schema):
    plan: str
    version: int = Field(description="0 when no safety plan has been written yet.")
    updated_by: str | None
    updated_at: datetime | None


class RiskIn(StrictIn):
    threats_to_kill: bool = False
    weapon: bool = False
    strangulation: bool = False
    escalation: bool = False
    pregnancy: bool = False
    children_at_risk: bool = False
    perpetrator_access: bool = False


class SafetyPlanIn(StrictIn):
    version: int = Field(
        ..., ge=0, le=MAX_INT, description="The version you loaded; 0 when there was no plan."
    )
    plan: MultiLineText = Field(..., max_length=TEXT_MAX)


def risk_view(case) -> dict:
    history = list(case.risk_assessments.select_related("assessed_by"))
    return {
        "risk_level": case.risk_level,
        "current": history[0] if history else None,
        "history": history,
    }


def safety_plan_view(case) -> dict:
    plan = SafetyPlan.objects.select_related("updated_by").filter(case=case).first()
    if plan is None:
        return {"plan": "", "version": 0, "updated_by": None, "updated_at": None}
    return {
        "plan": plan.plan,
        "version": plan.version,
        "updated_by": plan.updated_by.username if plan.updated_by else None,
        "updated_at": plan.updated_at,
    }


@router.get(
    "/{int:case_id}/risk",
    operation_id="himoya_cases_api_sections_get_risk",
    response={200: RiskHistoryOut, **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Risk assessments of a case",
)
def get_risk(request, case_id: int):
    """The current risk level, the latest danger checklist with the reasons for its
    level, and the earlier assessments."""
    case = readable_case(request, case_id)
    record_read(request, case, what="risk")
    return risk_view(case)


@router.put(
    "/{int:case_id}/risk",
    operation_id="himoya_cases_api_sections_write_put_risk",
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
    assessment = services.record_risk_assessment(
        case, actor=request.auth, answers=payload.dict(), request=request
    )
    return Status(201, assessment)


@router.get(
    "/{int:case_id}/safety-plan",
    operation_id="himoya_cases_api_sections_get_safety_plan",
    response={200: SafetyPlanOut, **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Safety plan of a case",
)
def get_safety_plan(request, case_id: int):
    """The safety plan (decrypted) and its version; version 0 means none yet. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="safety_plan")
    return safety_plan_view(case)


@router.put(
    "/{int:case_id}/safety-plan",
    operation_id="himoya_cases_api_sections_write_put_safety_plan",
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
    services.save_safety_plan(
        case,
        actor=request.auth,
        text=payload.plan,
        expected_version=payload.version,
        request=request,
    )
    return safety_plan_view(case)

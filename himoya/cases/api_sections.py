"""Case API: reading the sections of a case (risk, safety plan, plan, services,
follow-ups, notes). Every read of encrypted content is audited; writes are in
api_sections_write.py."""

from himoya.accounts.api_auth import AUTH
from himoya.cases.api_common import READ_ERRORS, readable_case, router
from himoya.cases.api_schemas import (
    ActionOut,
    FollowUpOut,
    NoteOut,
    PlanOut,
    RiskHistoryOut,
    SafetyPlanOut,
    ServiceDeliveryOut,
)
from himoya.cases.audit import record_read
from himoya.cases.models import CaseAction, CasePlan, SafetyPlan

TAGS = ["case sections"]


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
    "/{int:case_id}/risk",
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


@router.get(
    "/{int:case_id}/safety-plan",
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


@router.get(
    "/{int:case_id}/plan",
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


@router.get(
    "/{int:case_id}/services",
    response={200: list[ServiceDeliveryOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Services delivered",
)
def list_services(request, case_id: int):
    """Services delivered to the client, newest first, with their notes. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="services")
    return list(case.services.select_related("provided_by", "organisation"))


@router.get(
    "/{int:case_id}/follow-ups",
    response={200: list[FollowUpOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Follow-ups",
)
def list_follow_ups(request, case_id: int):
    """Follow-ups by due date, done or not, with purpose and outcome. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="follow_ups")
    return list(case.follow_ups.select_related("assigned_to"))


@router.get(
    "/{int:case_id}/notes",
    response={200: list[NoteOut], **READ_ERRORS},
    auth=AUTH,
    tags=TAGS,
    summary="Case notes",
)
def list_notes(request, case_id: int):
    """The case notes (decrypted), newest first. Audited."""
    case = readable_case(request, case_id)
    record_read(request, case, what="notes")
    return list(case.notes.select_related("author"))

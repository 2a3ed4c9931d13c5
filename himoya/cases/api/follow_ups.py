"""Case API: follow-ups, planned and marked done with their outcome."""

from datetime import date, datetime

from ninja import Schema, Status
from pydantic import Field

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import (
    ERROR_RESPONSES,
    READ_ERRORS,
    case_record,
    readable_case,
    refusals,
    replay_record,
    router,
    user_in,
    writable_case,
)
from himoya.cases.api.schemas import (
    DUE_DATE_HELP,
    TEXT_MAX,
    StrictIn,
    Username,
    text,
    username,
    version_field,
)
from himoya.cases.audit import record_read
from himoya.cases.models import FollowUp
from himoya.cases.services import follow_ups as services
from himoya.core.idempotency import idempotent
from himoya.core.schemas import MultiLineText

TAGS = ["case sections"]


class FollowUpOut(Schema):
    id: int
    due_date: date
    assigned_to: str | None
    purpose: str
    done_at: datetime | None
    outcome: str
    version: int

    @staticmethod
    def resolve_assigned_to(obj):
        return username(obj.assigned_to)


class FollowUpIn(StrictIn):
    due_date: date = Field(..., description=DUE_DATE_HELP + " Not in the past.")
    purpose: MultiLineText = text(2000, "")
    assigned_to: Username | None = Field(
        None, description="A member of the case's organisation; left out or null: you."
    )


class FollowUpDoneIn(StrictIn):
    version: int = version_field()
    outcome: MultiLineText = text(TEXT_MAX, "")


@router.get(
    "/{int:case_id}/follow-ups",
    operation_id="himoya_cases_api_sections_list_follow_ups",
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


@router.post(
    "/{int:case_id}/follow-ups",
    operation_id="himoya_cases_api_sections_write_create_follow_up",
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
    follow_up = services.add_follow_up(case, actor=request.auth, values=values, request=request)
    return Status(201, follow_up)


@router.post(
    "/{int:case_id}/follow-ups/{int:follow_up_id}/done",
    operation_id="himoya_cases_api_sections_write_complete_follow_up",
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
    return services.complete_follow_up(
        follow_up,
        actor=request.auth,
        outcome=payload.outcome,
        expected_version=payload.version,
        request=request,
    )

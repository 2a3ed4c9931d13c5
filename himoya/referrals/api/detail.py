"""Referral API on one referral: read it as your side may see it, and its steps:
accept, decline, withdraw, record the service delivered.

Access first (the referral through himoya.referrals.access with the side the step
belongs to, the receiver's case through himoya.cases.access), then the named service
function (himoya.referrals.services.steps), which validates, writes in one
transaction, audits and announces the step. Refusals: a stale `version` is 409 with
what changed; a step the referral's status no longer allows is 409 with code
"wrong_status"; a consent that does not cover the receiver is 422 with code
"no_consent"; bad fields are 422 field by field. Nothing is written on any refusal.
The read is side-aware (common.referral_detail) and audited.

Operation ids are published: each keeps the one it had when the operations lived in
referrals/api_reads.py and referrals/api_writes.py.
"""

from django.core.exceptions import PermissionDenied

from himoya.accounts.api_auth import AUTH
from himoya.cases.access import get_case_for_user
from himoya.cases.api.common import ERROR_RESPONSES, READ_ERRORS, user_in
from himoya.referrals.access import RECEIVER, SENDER, get_referral_for_user, may_assign_on_accept
from himoya.referrals.api.common import (
    detail_after_change,
    referral_detail,
    refusals,
    router,
)
from himoya.referrals.api.schemas import (
    AcceptIn,
    DeclineIn,
    ReferralDetailOut,
    ServiceDeliveredIn,
    WithdrawReferralIn,
)
from himoya.referrals.services import steps

RESPONSES = {200: ReferralDetailOut, **ERROR_RESPONSES}


@router.get(
    "/{int:referral_id}",
    response={200: ReferralDetailOut, **READ_ERRORS},
    auth=AUTH,
    summary="One referral, as your side may see it",
    operation_id="himoya_referrals_api_reads_get_referral",
)
def get_referral(request, referral_id: int):
    """The referral's status and dates for both sides. The receiver also gets `shared`
    (what the client consented to share, only while the referral is sent or accepted
    and the consent stands; else null with `shared_unavailable_reason`) and its own
    case's id; the sender gets its message and notes. The read is audited."""
    referral, side = get_referral_for_user(request.auth, referral_id)
    return referral_detail(request, referral, side)


@router.post(
    "/{int:referral_id}/accept",
    response=RESPONSES,
    auth=AUTH,
    summary="Accept a referral to your organisation",
    operation_id="himoya_referrals_api_writes_accept_referral",
)
@refusals
def accept_referral(request, referral_id: int, payload: AcceptIn):
    """The receiving side accepts: your organisation opens its own case for the client
    (its id is `receiving_case_id`), assigned to you or, by a supervisor, to
    `caseworker`. Only a referral still "sent" can be accepted (else 409, code
    "wrong_status"); one whose consent was withdrawn is 422, code "no_consent"."""
    referral, _side = get_referral_for_user(request.auth, referral_id, side=RECEIVER)
    caseworker = None
    if payload.caseworker is not None:
        caseworker = user_in(referral.to_organisation, payload.caseworker, "caseworker")
        if caseworker.pk != request.auth.pk and not may_assign_on_accept(request.auth, referral):
            raise PermissionDenied
    steps.accept_referral(
        request.auth,
        referral,
        expected_version=payload.version,
        caseworker=caseworker,
        services_consent_method=payload.services_consent_method or "",
        request=request,
    )
    return detail_after_change(request, referral, RECEIVER)


@router.post(
    "/{int:referral_id}/decline",
    response=RESPONSES,
    auth=AUTH,
    summary="Decline a referral to your organisation",
    operation_id="himoya_referrals_api_writes_decline_referral",
)
@refusals
def decline_referral(request, referral_id: int, payload: DeclineIn):
    """The receiving side declines with a reason (and a note, required for "other"),
    which the sender reads. Only a referral still "sent" can be declined (else 409,
    code "wrong_status")."""
    referral, _side = get_referral_for_user(request.auth, referral_id, side=RECEIVER)
    steps.decline_referral(
        request.auth,
        referral,
        expected_version=payload.version,
        reason=payload.reason,
        note=payload.note,
        request=request,
    )
    return detail_after_change(request, referral, RECEIVER)


@router.post(
    "/{int:referral_id}/withdraw",
    response=RESPONSES,
    auth=AUTH,
    summary="Withdraw a referral you sent",
    operation_id="himoya_referrals_api_writes_withdraw_referral",
)
@refusals
def withdraw_referral(request, referral_id: int, payload: WithdrawReferralIn):
    """The sending side takes the referral back: the receiver's view of the shared data
    ends at once. Your note is never shown to the receiver. Only a referral still sent
    or accepted can be withdrawn (else 409, code "wrong_status")."""
    referral, _side = get_referral_for_user(request.auth, referral_id, side=SENDER)
    steps.withdraw_referral(
        request.auth,
        referral,
        expected_version=payload.version,
        note=payload.note,
        request=request,
    )
    return detail_after_change(request, referral, SENDER)


@router.post(
    "/{int:referral_id}/service",
    response=RESPONSES,
    auth=AUTH,
    summary="Record the service delivered for an accepted referral",
    operation_id="himoya_referrals_api_writes_record_service",
)
@refusals
def record_service(request, referral_id: int, payload: ServiceDeliveredIn):
    """The receiving side records the service requested (its type and sector come from
    the referral) in its own linked case; that completes the referral. Needs the
    referral "accepted" (else 409, code "wrong_status"), write access to the linked
    case, and the client's consent to your services on your own record (else 422)."""
    referral, _side = get_referral_for_user(request.auth, referral_id, side=RECEIVER)
    # Not accepted yet: no linked case, and the service layer answers "wrong_status".
    case = None
    if referral.receiving_case_id:
        case = get_case_for_user(request.auth, referral.receiving_case_id, write=True)
    steps.record_referred_service(
        request.auth,
        referral,
        case,
        date=payload.date,
        notes=payload.notes,
        expected_version=payload.version,
        request=request,
    )
    return detail_after_change(request, referral, RECEIVER)

"""Referral API writes: send, accept, decline, withdraw, record the service delivered.

Access first (the case through himoya.cases.access, the referral through
himoya.referrals.access with the side the step belongs to), then the named service
function, which validates, writes in one transaction, audits and notifies. Refusals:
a stale `version` is 409 with what changed; a step the referral's status no longer
allows is 409 with code "wrong_status"; a consent that does not cover the receiver is
422 with code "no_consent"; bad fields are 422 field by field. Nothing is written on
any refusal.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Status

from himoya.accounts.models import Membership, Role
from himoya.cases.access import get_case_for_user
from himoya.cases.api.common import ERROR_RESPONSES, user_in
from himoya.core.api import AUTH
from himoya.core.idempotency import idempotent
from himoya.directory.models import Service
from himoya.referrals import services
from himoya.referrals.access import RECEIVER, SENDER, get_referral_for_user
from himoya.referrals.api_common import referral_detail, refusals, router
from himoya.referrals.api_schemas import (
    AcceptIn,
    DeclineIn,
    ReferralDetailOut,
    ReferralIn,
    ServiceDeliveredIn,
    WithdrawReferralIn,
)
from himoya.referrals.models import Referral

RESPONSES = {200: ReferralDetailOut, **ERROR_RESPONSES}


def detail(request, referral, side):
    """The referral read again after the change, as the caller's side sees it."""
    fresh, side = get_referral_for_user(request.auth, referral.pk, side=side)
    return referral_detail(request, fresh, side)


def replay_referral(request, pk, **_kwargs):
    """The Idempotency-Key replay of a sent referral: read again as its sender."""
    referral, side = get_referral_for_user(request.auth, pk, side=SENDER)
    return referral_detail(request, referral, side)


def service_named(service_id: int) -> Service:
    """A directory service; an unknown one is a field error (422), not a 404."""
    service = Service.objects.select_related("organisation").filter(pk=service_id).first()
    if service is None:
        # The service layer's words for a service that is not offered (same catalog entry).
        raise ValidationError(
            {"service_id": [_("This service is no longer offered. Choose another one.")]}
        )
    return service


@router.post(
    "/",
    response={201: ReferralDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    summary="Refer a client of your case to another organisation's service",
)
@idempotent(replay_referral, model=Referral)
@refusals
def create_referral(request, payload: ReferralIn):
    """Send a referral from your case (its caseworker or a supervisor) to a service in
    the directory. Refused with 422 and code "no_consent" unless the client consented
    to share with the receiving organisation or its sector; a closed case is 409. While
    a referral of the same case to the same service is open (sent or accepted), another
    is refused with 409 and code "duplicate", naming the open one in `referral` (its
    `id` and `reference`)."""
    case = get_case_for_user(request.auth, payload.from_case_id, write=True)
    service = service_named(payload.service_id)
    referral = services.send_referral(
        request.auth,
        client=case.client,
        service=service,
        urgency=payload.urgency,
        needs=payload.needs,
        message=payload.message,
        share_safe_contact=payload.share_safe_contact,
        from_case=case,
        request=request,
    )
    return Status(201, detail(request, referral, SENDER))


def may_assign(user, organisation) -> bool:
    """Only a supervisor hands the new case to someone else, as with any assignment."""
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Role.SUPERVISOR, is_active=True
    ).exists()


@router.post(
    "/{int:referral_id}/accept",
    response=RESPONSES,
    auth=AUTH,
    summary="Accept a referral to your organisation",
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
        if caseworker.pk != request.auth.pk and not may_assign(
            request.auth, referral.to_organisation
        ):
            raise PermissionDenied
    services.accept_referral(
        request.auth,
        referral,
        expected_version=payload.version,
        caseworker=caseworker,
        services_consent_method=payload.services_consent_method or "",
        request=request,
    )
    return detail(request, referral, RECEIVER)


@router.post(
    "/{int:referral_id}/decline",
    response=RESPONSES,
    auth=AUTH,
    summary="Decline a referral to your organisation",
)
@refusals
def decline_referral(request, referral_id: int, payload: DeclineIn):
    """The receiving side declines with a reason (and a note, required for "other"),
    which the sender reads. Only a referral still "sent" can be declined (else 409,
    code "wrong_status")."""
    referral, _side = get_referral_for_user(request.auth, referral_id, side=RECEIVER)
    services.decline_referral(
        request.auth,
        referral,
        expected_version=payload.version,
        reason=payload.reason,
        note=payload.note,
        request=request,
    )
    return detail(request, referral, RECEIVER)


@router.post(
    "/{int:referral_id}/withdraw",
    response=RESPONSES,
    auth=AUTH,
    summary="Withdraw a referral you sent",
)
@refusals
def withdraw_referral(request, referral_id: int, payload: WithdrawReferralIn):
    """The sending side takes the referral back: the receiver's view of the shared data
    ends at once. Your note is never shown to the receiver. Only a referral still sent
    or accepted can be withdrawn (else 409, code "wrong_status")."""
    referral, _side = get_referral_for_user(request.auth, referral_id, side=SENDER)
    services.withdraw_referral(
        request.auth,
        referral,
        expected_version=payload.version,
        note=payload.note,
        request=request,
    )
    return detail(request, referral, SENDER)


@router.post(
    "/{int:referral_id}/service",
    response=RESPONSES,
    auth=AUTH,
    summary="Record the service delivered for an accepted referral",
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
    services.record_referred_service(
        request.auth, referral, case, date=payload.date, notes=payload.notes,
        expected_version=payload.version, request=request,
    )
    return detail(request, referral, RECEIVER)

"""Referral API on a case: refer its client to another organisation's service, and
the case's pathway across organisations.

The case is fetched through himoya.cases.access first (for writing, to send); the
referral is sent by himoya.referrals.services.sending, which refuses it without the
client's consent (422, code "no_consent") or while a referral of the case to the same
service is open (409, code "duplicate").

Operation ids are published: each keeps the one it had when the operations lived in
referrals/api_reads.py and referrals/api_writes.py.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Status

from himoya.accounts.api_auth import AUTH
from himoya.cases.access import get_case_for_user
from himoya.cases.api.common import ERROR_RESPONSES, READ_ERRORS
from himoya.core.idempotency import idempotent
from himoya.directory.models import Service
from himoya.referrals.access import SENDER, get_referral_for_user
from himoya.referrals.api.common import (
    detail_after_change,
    item_out,
    referral_detail,
    refusals,
    router,
)
from himoya.referrals.api.schemas import PathwayOut, ReferralDetailOut, ReferralIn
from himoya.referrals.models import Referral
from himoya.referrals.pathway import pathway_for
from himoya.referrals.services.sending import send_referral


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
    operation_id="himoya_referrals_api_writes_create_referral",
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
    referral = send_referral(
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
    return Status(201, detail_after_change(request, referral, SENDER))


@router.get(
    "/pathway/{int:case_id}",
    response={200: PathwayOut, **READ_ERRORS},
    auth=AUTH,
    summary="A case's pathway across organisations",
    operation_id="himoya_referrals_api_reads_get_pathway",
)
def get_pathway(request, case_id: int):
    """Every referral linking this case to other organisations' cases, oldest first,
    limited to those your organisation sent or received: status, dates, organisations
    and service, never another organisation's case content."""
    case = get_case_for_user(request.auth, case_id)
    items = [
        {
            "side": item.side,
            "referral": item_out(item.referral, needs_shown=item.needs is not None),
            "events": [
                {"kind": event.kind, "label": event.label, "at": event.at} for event in item.events
            ],
        }
        for item in pathway_for(request.auth, case)
    ]
    return {"case_id": case.pk, "items": items}

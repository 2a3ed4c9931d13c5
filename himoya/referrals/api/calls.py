"""Referrals API on a hotline call: refer the caller to a service, at
/api/hotline/calls/{call_id}/referrals (tag "hotline", as the call's other operations).

Its router is mounted on the hotline prefix next to the call log's own
(himoya.hotline.api): the answer is the call, read again as its page shows it, with
its referrals. The call is fetched through himoya.hotline.access first (outsider 404,
wrong role 403).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from himoya.accounts.api_auth import AUTH
from himoya.cases.api.common import ERROR_RESPONSES
from himoya.core.api import error_body
from himoya.core.idempotency import idempotent, remember_created
from himoya.hotline.access import get_call_for_user
from himoya.hotline.api.common import call_detail
from himoya.hotline.api.schemas import CallDetailOut
from himoya.referrals.api.common import duplicate_named
from himoya.referrals.api.schemas import CallReferralIn
from himoya.referrals.models import Referral
from himoya.referrals.nearest import referable_services
from himoya.referrals.services.calls import refer_from_call

router = Router(tags=["hotline"])


@router.post(
    "/calls/{int:call_id}/referrals",
    response={201: CallDetailOut, **ERROR_RESPONSES},
    auth=AUTH,
    summary="Refer the caller to a service",
    # The published id, from when the operation lived in hotline/api_actions.py.
    operation_id="himoya_hotline_api_actions_refer_caller",
)
@idempotent(lambda request, pk, call_id, **_kwargs: replay_referral(request, pk, call_id))
def refer_caller(request, call_id: int, payload: CallReferralIn):
    """Refer the caller to a service of another organisation (operators). With
    `verbal_consent` and `consent_organisation` (the slug of the organisation she agreed
    to share with, which must be the service's) the consent is recorded on an anonymous
    client record and the referral is sent, all or nothing; without them, or for a
    service of another organisation, the answer is 422 and nothing is written. For a
    child caller, also give `caregiver_relationship` or `not_sought_reason`. While a
    referral of the call to the same service is open, another is refused with 409 and
    code "duplicate", naming the open one in `referral`."""
    call, _permission = get_call_for_user(request.auth, call_id, write=True)
    service = referable_services(call.organisation).select_related("organisation")
    service = service.filter(pk=payload.service).first()
    if service is None:
        raise ValidationError({"service": [_("Choose an active service of another organisation.")]})
    try:
        remember_created(request, refer(request, call, service, payload))
    except ValidationError as refused:
        if getattr(refused, "code", None) != "duplicate":
            raise
        body = error_body(refused.messages[0], {"__all__": refused.messages})
        body.update(code="duplicate", referral=duplicate_named(refused))
        return Status(409, body)
    return Status(201, call_detail(request, call.pk))


def replay_referral(request, pk, call_id):
    """The Idempotency-Key replay of a referral from the call: the call read again."""
    detail = call_detail(request, call_id)
    if not Referral.objects.filter(pk=pk, from_call_id=detail.pk).exists():
        raise Http404
    return detail


def refer(request, call, service, payload: CallReferralIn):
    return refer_from_call(
        request.auth,
        call,
        service=service,
        urgency=payload.urgency,
        needs=payload.needs,
        message=payload.message,
        verbal_consent=payload.verbal_consent,
        # Not named is no organisation: refused like a wrong one, never left unchecked.
        consent_organisation=payload.consent_organisation or "",
        caregiver_relationship=payload.caregiver_relationship,
        not_sought_reason=payload.not_sought_reason,
        request=request,
    )

"""Refer a hotline caller to a service: her anonymous client record, her verbal
consent to share with the service's organisation and the referral, all or nothing.

The call's own writes (the client record made once per call, the caregiver's consent
for a child, "referral" among what was done) are the hotline's
(himoya.hotline.services); this puts them together with the referral in one
transaction, the call's row locked.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from himoya.clients.consent import give_consent
from himoya.clients.models import ConsentKind, ConsentMethod
from himoya.hotline.services import (
    caller_client,
    caregiver_on_record,
    child_caregiver,
    locked_call,
    mark_referred,
)
from himoya.referrals.services.sending import send_referral


def consent_elsewhere(organisation) -> ValidationError:
    """The refusal when the consent confirmed was not for `organisation`."""
    return ValidationError(
        _(
            "This service belongs to %(organisation)s, and the caller's consent was not "
            "confirmed for it. Ask her whether she agrees to share these details with "
            "%(organisation)s, then tick the box; nothing was sent."
        )
        % {"organisation": organisation.name},
        code="consent_elsewhere",
    )


def refer_from_call(
    actor,
    call,
    *,
    service,
    urgency,
    needs,
    message="",
    verbal_consent=False,
    consent_organisation=None,
    caregiver_relationship="",
    not_sought_reason="",
    request=None,
):
    """Refer the caller to `service`: the anonymous client, her verbal consent to share
    with the service's organisation and the referral, all or nothing.

    Without the operator's confirmation that the caller agreed, nothing is written.
    `consent_organisation` is the slug of the organisation the operator confirmed the
    consent for (the page's tick names it, the API's body states it): the caller agreed
    to share with that organisation only, so a service of another one is refused. The
    page and the API always give it; None is for code that asked no one (demo data).
    """
    organisation = service.organisation
    if not verbal_consent:
        raise ValidationError(
            {
                "verbal_consent": _(
                    "The caller must agree to share these details with %(organisation)s. "
                    "Ask her, then tick the box; nothing was sent."
                )
                % {"organisation": organisation.name}
            },
            code="no_consent",
        )
    if consent_organisation is not None and consent_organisation != organisation.slug:
        raise ValidationError({"consent_organisation": consent_elsewhere(organisation)})
    caregiver = child_caregiver(call, caregiver_relationship, not_sought_reason)
    with transaction.atomic():
        locked = locked_call(call)
        client = caller_client(locked, actor, request)
        caregiver_on_record(client, actor, caregiver, request)
        give_consent(
            client,
            ConsentKind.SHARE_ORGANISATION,
            ConsentMethod.VERBAL,
            actor,
            recipient_organisation=organisation,
            request=request,
        )
        referral = send_referral(
            actor,
            client=client,
            service=service,
            urgency=urgency,
            needs=needs,
            message=message,
            from_call=locked,
            request=request,
        )
        mark_referred(locked, client, actor, request)
    return referral

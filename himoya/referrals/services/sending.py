"""Sending a referral from a case or a hotline call (for a call, services.calls first
records the caller's consent): refused without the client's consent to share with the
receiving organisation or its sector, or while a referral of the same case or call to
the same service is still open.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.audit.models import AuditAction
from himoya.clients.consent import has_consent, needs_caregiver_record
from himoya.clients.models import ConsentKind
from himoya.referrals.audit import audit_referral
from himoya.referrals.models import NEED_KEYS, OPEN_STATUSES, Referral, Urgency
from himoya.referrals.signals import referral_sent


def consent_refusal(client, service) -> str | None:
    """Why this client may not be referred to this service now, or None if she may."""
    organisation = service.organisation
    if has_consent(
        client, ConsentKind.SHARE_ORGANISATION, organisation=organisation, sector=service.sector
    ):
        return None
    if needs_caregiver_record(client):
        return _(
            "The client is under 18: her own consent counts only with a caregiver's consent, "
            "or a recorded reason why it was not sought. Record it on the case's consent page "
            "first; nothing was sent."
        )
    return _(
        "The client has not consented to share her information with %(organisation)s or "
        "with the %(sector)s sector. Record her consent on the case's consent page first; "
        "nothing was sent."
    ) % {"organisation": organisation.name, "sector": service.get_sector_display()}


def _check_new(actor, client, service, from_organisation, urgency, needs) -> list[str]:
    errors = {}
    if not service.is_active or not service.organisation.is_active:
        errors["service"] = _("This service is no longer offered. Choose another one.")
    elif service.organisation_id == from_organisation.pk:
        errors["service"] = _("A referral goes to another organisation, not your own.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose how urgent the referral is.")
    unknown = [need for need in needs if need not in NEED_KEYS]
    if unknown or not needs:
        errors["needs"] = _("Choose at least one need from the list.")
    if errors:
        raise ValidationError(errors)
    refusal = consent_refusal(client, service)
    if refusal:
        raise ValidationError(refusal, code="no_consent")
    return list(dict.fromkeys(needs))


def open_duplicate(origin, service) -> Referral | None:
    """The open (sent or accepted) referral of this case or call to `service`, if any."""
    field = "from_call" if origin._meta.model_name == "call" else "from_case"
    return (
        Referral.objects.filter(**{field: origin}, service=service, status__in=OPEN_STATUSES)
        .order_by("pk")
        .first()
    )


def refuse_duplicate(origin, service) -> None:
    """Refuse a second open referral of the same case (or call) to the same service.

    Runs inside the sending transaction with the case or call row locked, so that two
    sends at once (a double click, a retried request) cannot both pass the check.
    """
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    list(type(origin).objects.select_for_update().filter(pk=origin.pk).values_list("pk"))
    existing = open_duplicate(origin, service)
    if existing is not None:
        raise ValidationError(
            _(
                "Referral %(reference)s to this service is still open (%(status)s): "
                "follow it up instead of sending another one. Nothing was sent."
            ),
            code="duplicate",
            params={
                "reference": existing.reference,
                "status": existing.get_status_display(),
                "id": existing.pk,
            },
        )


def send_referral(
    actor,
    *,
    client,
    service,
    urgency,
    needs,
    message="",
    share_safe_contact=False,
    from_case=None,
    from_call=None,
    request=None,
) -> Referral:
    """Send a referral from a case or a hotline call; refused without consent."""
    if (from_case is None) == (from_call is None):
        raise ValueError("a referral comes from exactly one case or call")
    origin = from_case or from_call
    needs = _check_new(actor, client, service, origin.organisation, urgency, list(needs))
    now = timezone.now()
    with transaction.atomic():
        refuse_duplicate(origin, service)
        referral = Referral.objects.create(
            client=client,
            from_organisation=origin.organisation,
            from_case=from_case,
            from_call=from_call,
            to_organisation=service.organisation,
            service=service,
            urgency=urgency,
            needs=needs,
            message=(message or "").strip(),
            share_safe_contact=bool(share_safe_contact),
            sent_by=actor,
            sent_at=now,
            expires_at=now + datetime.timedelta(days=settings.HIMOYA_REFERRAL_EXPIRY_DAYS),
            # respond_by: Referral.save() fixes the urgency's deadline from sent_at.
        )
        audit_referral(
            AuditAction.RECORD_CREATED,
            referral,
            actor,
            request,
            "referral_sent",
            client=client.code,
            to=service.organisation.slug,
        )
        referral_sent.send(sender=Referral, referral=referral)
    return referral

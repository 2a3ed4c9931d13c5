"""The steps of a sent referral: accept, decline, withdraw, complete (the service
delivered).

Each function runs in one transaction, locks the referral row, refuses a move the
status no longer allows (ValidationError, code "wrong_status", naming the status) or a
stale copy (StaleEditError naming the status), writes an audit entry and announces the
step (himoya.referrals.signals), so the other side is told. Views and the API check
rights with himoya.referrals.access before calling these.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.audit.models import AuditAction
from himoya.cases.models import Priority
from himoya.cases.services.case import assign_caseworker, open_case
from himoya.cases.services.service_deliveries import add_service_delivery
from himoya.clients.consent import give_consent
from himoya.clients.models import ConsentKind
from himoya.clients.services import create_client
from himoya.core import dates
from himoya.core.versioning import StaleEditError, bump_version, check_version
from himoya.directory.models import SECTOR_OF_SERVICE_TYPE
from himoya.referrals.access import consent_stands, sender_case_closed
from himoya.referrals.audit import audit_referral
from himoya.referrals.models import DeclineReason, Referral, ReferralStatus, Urgency
from himoya.referrals.signals import (
    referral_accepted,
    referral_completed,
    referral_declined,
    referral_withdrawn,
)

PRIORITY_OF_URGENCY = {
    Urgency.EMERGENCY: Priority.URGENT,
    Urgency.URGENT: Priority.HIGH,
    Urgency.ROUTINE: Priority.NORMAL,
}


def wrong_status(referral) -> ValidationError:
    """The refusal of a step the referral's status no longer allows, naming the status."""
    return ValidationError(
        _("This referral is now “%(status)s”: that step is no longer possible.")
        % {"status": referral.get_status_display()},
        code="wrong_status",
    )


def _locked(referral, expected_version, allowed) -> Referral:
    """The referral row, locked, if `allowed` still includes its status and the caller's
    copy is current.

    The status is checked first: when another tab or colleague already answered, the
    person learns what the referral became ("declined", "accepted"), not that some
    field changed. Only a move still possible is refused for a stale version; every
    write moves the status, so a newer version always means a new status, named.
    """
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status not in allowed:
        raise wrong_status(locked)
    if expected_version is not None:
        try:
            check_version(locked, expected_version)
        except StaleEditError:
            # Every write moves the status: what changed meanwhile is the status, named
            # as people read it.
            raise StaleEditError(locked, {"status": locked.get_status_display()}) from None
    # Keep the related objects the caller already loaded.
    for name in (
        "client",
        "from_organisation",
        "to_organisation",
        "service",
        "from_case",
        "from_call",
    ):
        if name in referral._state.fields_cache:
            setattr(locked, name, getattr(referral, name))
    return locked


def accept_referral(
    actor,
    referral,
    *,
    expected_version,
    caseworker=None,
    services_consent_method="",
    request=None,
) -> Referral:
    """B accepts: B opens its own case for the client, assigned to `caseworker` (default:
    the accepting caseworker). With services_consent_method ("verbal"/"written") the
    survivor's consent to B's services is recorded on B's new client record."""
    with transaction.atomic():
        locked = _locked(referral, expected_version, [ReferralStatus.SENT])
        if sender_case_closed(locked):
            # Closing withdraws waiting referrals; this covers cases closed before it did.
            raise ValidationError(
                _(
                    "The sending organisation closed the case: this referral can no longer "
                    "be accepted."
                ),
                code="case_closed",
            )
        if not consent_stands(locked):
            raise ValidationError(
                _(
                    "The client's consent to share with your organisation was withdrawn: "
                    "this referral can no longer be accepted."
                ),
                code="no_consent",
            )
        source = locked.client
        organisation = locked.to_organisation
        # B's own record: only the coarse facts the consent covers, under B's code.
        own_client = create_client(
            organisation,
            {"sex": source.sex, "age_group": source.age_group, "district": source.district},
            actor,
            request,
            is_demo=locked.is_demo,
        )
        if services_consent_method:
            give_consent(
                own_client, ConsentKind.SERVICES, services_consent_method, actor, request=request
            )
        case = open_case(
            actor,
            organisation,
            client=own_client,
            priority=PRIORITY_OF_URGENCY[Urgency(locked.urgency)],
            request=request,
        )
        if caseworker is not None and caseworker.pk != case.caseworker_id:
            assign_caseworker(
                actor, case, caseworker=caseworker, expected_version=case.version, request=request
            )
        locked.status = ReferralStatus.ACCEPTED
        locked.accepted_by = actor
        locked.accepted_at = timezone.now()
        locked.receiving_case = case
        bump_version(
            locked, update_fields=["status", "accepted_by", "accepted_at", "receiving_case"]
        )
        audit_referral(
            AuditAction.RECORD_CHANGED,
            locked,
            actor,
            request,
            "referral_accepted",
            organisation=organisation,
            case=case.pk,
        )
        referral_accepted.send(sender=Referral, referral=locked)
    return locked


def decline_referral(actor, referral, *, expected_version, reason, note="", request=None):
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose why you decline the referral.")})
    note = (note or "").strip()
    if reason == DeclineReason.OTHER and not note:
        raise ValidationError({"note": _("Say why, in a few words.")})
    with transaction.atomic():
        locked = _locked(referral, expected_version, [ReferralStatus.SENT])
        locked.status = ReferralStatus.DECLINED
        locked.declined_by = actor
        locked.declined_at = timezone.now()
        locked.decline_reason = reason
        locked.decline_note = note
        bump_version(
            locked,
            update_fields=[
                "status",
                "declined_by",
                "declined_at",
                "decline_reason",
                "decline_note",
            ],
        )
        audit_referral(
            AuditAction.RECORD_CHANGED,
            locked,
            actor,
            request,
            "referral_declined",
            organisation=locked.to_organisation,
            reason=reason,
        )
        referral_declined.send(sender=Referral, referral=locked)
    return locked


def withdraw_referral(
    actor, referral, *, expected_version, note="", request=None, case_closed=False
):
    """A takes the referral back: B's view of A's data ends at once. With
    case_closed, A closed the case it came from, and B is told so."""
    with transaction.atomic():
        locked = _locked(referral, expected_version, [ReferralStatus.SENT, ReferralStatus.ACCEPTED])
        locked.status = ReferralStatus.WITHDRAWN
        locked.withdrawn_by = actor
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_note = (note or "").strip()
        bump_version(
            locked, update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_note"]
        )
        detail = {"because": "case_closed"} if case_closed else {}
        audit_referral(
            AuditAction.RECORD_CHANGED, locked, actor, request, "referral_withdrawn", **detail
        )
        referral_withdrawn.send(sender=Referral, referral=locked, case_closed=case_closed)
    return locked


def _delivered_at(referral, delivery):
    """When the service was given, for "time to service": the day B recorded, not the
    moment it was typed in. A service recorded for today counts from now; an earlier
    day counts from its noon, never before the referral was accepted."""
    now = timezone.now()
    if delivery.date >= timezone.localdate(now):
        return now
    noon = timezone.make_aware(datetime.datetime.combine(delivery.date, datetime.time(12)))
    return max(noon, referral.accepted_at or referral.sent_at)


def complete_referral(actor, referral, *, delivery, expected_version=None, request=None):
    """The service was delivered: `delivery` is the ServiceDelivery in B's own case."""
    with transaction.atomic():
        locked = _locked(referral, expected_version, [ReferralStatus.ACCEPTED])
        if delivery.case_id != locked.receiving_case_id:
            raise ValueError("the service must be recorded in the receiving case")
        locked.status = ReferralStatus.COMPLETED
        locked.completed_by = actor
        locked.completed_at = _delivered_at(locked, delivery)
        locked.service_delivery = delivery
        bump_version(
            locked, update_fields=["status", "completed_by", "completed_at", "service_delivery"]
        )
        audit_referral(
            AuditAction.RECORD_CHANGED,
            locked,
            actor,
            request,
            "referral_completed",
            organisation=locked.to_organisation,
        )
        referral_completed.send(sender=Referral, referral=locked)
    return locked


def record_referred_service(
    actor, referral, case, *, date, notes="", expected_version=None, request=None
):
    """B records the service the referral asked for in its own case (`case`, already
    checked for write access); on_service_recorded then completes the referral. The
    referral is held while the service is written: a stale copy, a status that moved
    on or a date before the referral was sent is refused before anything is written."""
    service = referral.service
    with transaction.atomic():
        locked = _locked(referral, expected_version, [ReferralStatus.ACCEPTED])
        if case is None or case.pk != locked.receiving_case_id:
            raise ValueError("the service must be recorded in the receiving case")
        # A past event (core.dates) that cannot predate the referral it was given for.
        problem = dates.event_date_error(
            date,
            since=timezone.localdate(locked.sent_at),
            since_message=_("The service cannot be dated before the referral was sent (%(date)s)."),
        )
        if problem:
            raise ValidationError({"date": problem})
        return add_service_delivery(
            case,
            actor=actor,
            values={
                "date": date,
                "sector": SECTOR_OF_SERVICE_TYPE.get(service.service_type, service.sector),
                "service_type": service.service_type,
                "provided_by": actor,
                "organisation": locked.to_organisation,
                "notes": notes or "",
            },
            request=request,
        )


def on_service_recorded(delivery, actor, request=None) -> list[Referral]:
    """Called after B records a service in its own case: an accepted referral for that
    kind of service is completed by it. Returns the referrals completed."""
    pending = Referral.objects.filter(
        receiving_case_id=delivery.case_id,
        status=ReferralStatus.ACCEPTED,
        service__service_type=delivery.service_type,
    ).select_related("from_case", "from_call")
    return [
        complete_referral(actor, referral, delivery=delivery, request=request)
        for referral in pending
    ]

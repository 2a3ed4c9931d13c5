"""Writes to referrals: send, accept, decline, complete, withdraw, expire.

Each function runs in one transaction, locks the referral row, refuses a stale copy
(StaleEditError) or a move the status does not allow (ValidationError, with a message
for the person), writes an audit entry and notifies the other side. Views and the API
check rights with himoya.referrals.access before calling these.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.accounts.models import Role, User
from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.cases.models import Priority
from himoya.clients.consent import give_consent, has_consent, needs_caregiver_record
from himoya.clients.models import ConsentKind
from himoya.core import dates
from himoya.core.versioning import StaleEditError
from himoya.directory.search import NEEDS
from himoya.notifications.models import NotificationKind
from himoya.notifications.services import notify
from himoya.referrals.access import RECEIVER_ROLES, consent_stands, sender_case_closed
from himoya.referrals.models import (
    OPEN_STATUSES,
    DeclineReason,
    Referral,
    ReferralStatus,
    Urgency,
)

NEED_KEYS = tuple(key for key in NEEDS if key != "any")
PRIORITY_OF_URGENCY = {
    Urgency.EMERGENCY: Priority.URGENT,
    Urgency.URGENT: Priority.HIGH,
    Urgency.ROUTINE: Priority.NORMAL,
}


def _people(organisation_id, roles):
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__role__in=roles,
        memberships__is_active=True,
    ).distinct()


def supervisors_of_both_sides(referral):
    """The supervisors of the sending and the receiving organisation."""
    return [
        *_people(referral.from_organisation_id, [Role.SUPERVISOR]),
        *_people(referral.to_organisation_id, [Role.SUPERVISOR]),
    ]


def receiving_staff(referral):
    return list(_people(referral.to_organisation_id, RECEIVER_ROLES))


def sending_staff(referral):
    """Who follows the referral at A: the case's caseworker (or the call's operator)
    and A's supervisors."""
    people = list(_people(referral.from_organisation_id, [Role.SUPERVISOR]))
    if referral.from_case_id and referral.from_case.caseworker_id:
        people.append(referral.from_case.caseworker)
    if referral.from_call_id:
        people.append(referral.from_call.operator)
    return people


def audit_referral(action, referral, actor, request, what, organisation=None, **detail):
    record(
        action,
        actor=actor,
        request=request,
        organisation=organisation or referral.from_organisation,
        obj=referral,
        detail={"what": what, "referral": referral.pk, **detail},
    )


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
        notify(receiving_staff(referral), NotificationKind.REFERRAL_RECEIVED, referral=referral)
    return referral


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
    if expected_version is not None and locked.version != expected_version:
        raise StaleEditError(locked, {"status": locked.get_status_display()})
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


def save_step(locked, fields) -> Referral:
    """Save a status step: bump the version so open forms know they are stale."""
    locked.version += 1
    locked.save(update_fields=[*fields, "version"])
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
    from himoya.cases.services.case import assign_caseworker, open_case
    from himoya.clients.services import create_client

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
        save_step(locked, ["status", "accepted_by", "accepted_at", "receiving_case"])
        audit_referral(
            AuditAction.RECORD_CHANGED,
            locked,
            actor,
            request,
            "referral_accepted",
            organisation=organisation,
            case=case.pk,
        )
        notify(sending_staff(locked), NotificationKind.REFERRAL_ACCEPTED, referral=locked)
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
        save_step(
            locked, ["status", "declined_by", "declined_at", "decline_reason", "decline_note"]
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
        notify(sending_staff(locked), NotificationKind.REFERRAL_DECLINED, referral=locked)
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
        save_step(locked, ["status", "withdrawn_by", "withdrawn_at", "withdrawal_note"])
        detail = {"because": "case_closed"} if case_closed else {}
        audit_referral(
            AuditAction.RECORD_CHANGED, locked, actor, request, "referral_withdrawn", **detail
        )
        kind = (
            NotificationKind.REFERRAL_WITHDRAWN_CASE_CLOSED
            if case_closed
            else NotificationKind.REFERRAL_WITHDRAWN
        )
        notify(receiving_staff(locked), kind, referral=locked)
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
        save_step(locked, ["status", "completed_by", "completed_at", "service_delivery"])
        audit_referral(
            AuditAction.RECORD_CHANGED,
            locked,
            actor,
            request,
            "referral_completed",
            organisation=locked.to_organisation,
        )
        notify(sending_staff(locked), NotificationKind.REFERRAL_COMPLETED, referral=locked)
    return locked


def record_referred_service(
    actor, referral, case, *, date, notes="", expected_version=None, request=None
):
    """B records the service the referral asked for in its own case (`case`, already
    checked for write access); on_service_recorded then completes the referral. The
    referral is held while the service is written: a stale copy, a status that moved
    on or a date before the referral was sent is refused before anything is written."""
    from himoya.cases.services.service_deliveries import add_service_delivery
    from himoya.directory.models import SECTOR_OF_SERVICE_TYPE

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

"""Consent: give, withdraw, and the one question every later feature asks (has_consent).

A consent is never edited or deleted: withdrawal stamps it, effective at once, and the
record stays in the history. A child (age group 0-11 or 12-17) also needs a caregiver's
consent, or a recorded reason why it was not sought (for example when the caregiver is
the alleged perpetrator).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.clients.models import Client, Consent, ConsentKind, ConsentMethod
from himoya.clients.signals import consent_withdrawn
from himoya.directory.models import Sector

SHARING_KINDS = (ConsentKind.SHARE_ORGANISATION, ConsentKind.SHARE_SECTOR)


def _active(client) -> "Q":
    return Q(client=client, given=True, withdrawn_at__isnull=True)


def _caregiver_record_stands(client) -> bool:
    """A caregiver's consent, or a reason it was not sought, that was not withdrawn."""
    return Consent.objects.filter(
        client=client, kind=ConsentKind.CAREGIVER, withdrawn_at__isnull=True
    ).exists()


CAREGIVER_NEEDED = gettext_lazy(
    "She is under 18: her own consents count only with a caregiver's consent, or a "
    "recorded reason why it was not sought. Record it on the consent page; until then "
    "nothing of hers can be shared or referred."
)


def needs_caregiver_record(client) -> bool:
    """A child whose own consents count for nothing yet: no caregiver's consent (or
    reason it was not sought) stands. Pages and refusals say so instead of "no consent"."""
    return client.is_child and not _caregiver_record_stands(client)


def has_consent(client, kind, organisation=None, sector=None) -> bool:
    """Does a standing consent of `kind` cover this? The single gate for referrals,
    sharing and reporting.

    For sharing, a consent naming `organisation` or a consent for the `sector` (when
    given) both count. A child's consent counts only while a caregiver's consent (or
    the reason it was not sought) stands too.
    """
    kind = ConsentKind(kind)
    if client.anonymised_at is not None:
        return False
    if kind in SHARING_KINDS:
        if organisation is None and not sector:
            return False
        wanted = Q(pk__in=[])
        if organisation is not None:
            wanted |= Q(kind=ConsentKind.SHARE_ORGANISATION, recipient_organisation=organisation)
        if sector:
            wanted |= Q(kind=ConsentKind.SHARE_SECTOR, recipient_sector=sector)
        found = Consent.objects.filter(_active(client) & wanted).exists()
    else:
        found = Consent.objects.filter(_active(client), kind=kind).exists()
    if found and client.is_child and kind != ConsentKind.CAREGIVER:
        return _caregiver_record_stands(client)
    return found


def _validate(client, kind, method, recipient_organisation, recipient_sector) -> None:
    if client.anonymised_at is not None:
        raise ValidationError(_("This client was anonymised: no consent can be recorded."))
    if kind not in ConsentKind.values:
        raise ValidationError(_("Choose what the consent is for."))
    if method not in ConsentMethod.values:
        raise ValidationError(_("Say how the consent was given: verbally or in writing."))
    if kind == ConsentKind.SHARE_ORGANISATION and recipient_organisation is None:
        raise ValidationError(
            _("Consent to share with an organisation must name the organisation.")
        )
    if kind == ConsentKind.SHARE_SECTOR and recipient_sector not in Sector.values:
        raise ValidationError(_("Consent to share with a sector must name the sector."))
    if kind != ConsentKind.SHARE_ORGANISATION and recipient_organisation is not None:
        raise ValidationError(_("Only consent to share with an organisation names one."))
    if kind != ConsentKind.SHARE_SECTOR and recipient_sector:
        raise ValidationError(_("Only consent to share with a sector names one."))


def _audit(consent, actor, request, what) -> None:
    record(
        AuditAction.RECORD_CREATED if what == "consent_given" else AuditAction.RECORD_CHANGED,
        actor=actor,
        request=request,
        organisation=consent.client.organisation,
        obj=consent,
        detail={"what": what, "client": consent.client.code, "kind": consent.kind},
    )


def _caregiver_consent(client, method, actor, relationship, reason, now, request) -> Consent:
    if relationship and reason:
        raise ValidationError(
            _("Record either who the caregiver is or why their consent was not sought, not both.")
        )
    if not relationship and not reason:
        raise ValidationError(
            _(
                "A child needs a caregiver's consent too: say who the caregiver is, "
                "or record why their consent was not sought."
            )
        )
    consent = Consent.objects.create(
        client=client,
        kind=ConsentKind.CAREGIVER,
        method=method,
        caregiver_relationship=relationship,
        not_sought_reason=reason,
        # A reason instead of a caregiver is a record, not a consent given.
        given=bool(relationship),
        taken_by=actor,
        taken_at=now,
    )
    _audit(consent, actor, request, "consent_given")
    return consent


def give_consent(
    client,
    kind,
    method,
    actor,
    recipient_organisation=None,
    recipient_sector="",
    caregiver_relationship="",
    not_sought_reason="",
    *,
    request=None,
) -> Consent:
    """Record a consent taken now by `actor`. For a child's consent to services, the
    caregiver's consent (relationship) or the reason it was not sought may be given in
    the same call; without one already on record the consent is refused."""
    relationship = (caregiver_relationship or "").strip()
    reason = (not_sought_reason or "").strip()
    recipient_sector = recipient_sector or ""
    _validate(client, kind, method, recipient_organisation, recipient_sector)
    now = timezone.now()
    with transaction.atomic():
        # Lock the client so two consents for a child cannot both skip the caregiver rule.
        client = Client.objects.select_for_update().select_related("organisation").get(pk=client.pk)
        if kind == ConsentKind.CAREGIVER:
            return _caregiver_consent(client, method, actor, relationship, reason, now, request)
        if client.is_child and kind == ConsentKind.SERVICES:
            if relationship or reason:
                _caregiver_consent(client, method, actor, relationship, reason, now, request)
            elif not _caregiver_record_stands(client):
                raise ValidationError(
                    _(
                        "A child needs a caregiver's consent too: say who the caregiver is, "
                        "or record why their consent was not sought."
                    )
                )
        elif relationship or reason:
            raise ValidationError(_("Caregiver details belong to a child's consent only."))
        consent = Consent.objects.create(
            client=client,
            kind=kind,
            method=method,
            recipient_organisation=recipient_organisation,
            recipient_sector=recipient_sector,
            taken_by=actor,
            taken_at=now,
        )
        _audit(consent, actor, request, "consent_given")
    return consent


def withdraw_consent(consent, actor, note="", *, request=None) -> Consent:
    """Withdraw at once; the consent stays in the history with who, when and why."""
    with transaction.atomic():
        locked = (
            Consent.objects.select_for_update()
            .select_related("client__organisation")
            .get(pk=consent.pk)
        )
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This consent was already withdrawn."))
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.withdrawal_note = (note or "").strip()
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
        _audit(locked, actor, request, "consent_withdrawn")
        # Receiving organisations lose the shared view at once (access checks consent
        # on every read); the signal only lets them be told why (himoya.clients.signals).
        consent_withdrawn.send(sender=Consent, consent=locked)
    return locked

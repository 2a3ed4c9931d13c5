"""Writes of the running record of a case: services delivered, follow-ups, notes, attachments."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.cases import attachments
from himoya.cases.models import Attachment, Case, FollowUp, Note, ServiceDelivery
from himoya.cases.services_sections import audit_write, lock_open_case, refresh_next_due, today
from himoya.cases.signals import service_recorded
from himoya.clients.consent import has_consent
from himoya.clients.models import ConsentKind
from himoya.core import dates
from himoya.core.versioning import StaleEditError
from himoya.directory.models import SECTOR_OF_SERVICE_TYPE


def add_service_delivery(case: Case, *, actor, values: dict, request=None) -> ServiceDelivery:
    """Record a service given to the survivor. The date is a past event's (core.dates)
    and the sector must be the one the directory gives the service type."""
    errors = {}
    date_error = dates.event_date_error(values["date"], on=today())
    if date_error:
        errors["date"] = date_error
    expected = SECTOR_OF_SERVICE_TYPE.get(values["service_type"])
    if expected is None or values["sector"] != expected:
        errors["sector"] = _("This service type belongs to the sector “%(sector)s”.") % {
            "sector": expected.label if expected is not None else "?"
        }
    if not has_consent(case.client, ConsentKind.SERVICES):
        # Withdrawal takes effect at once: no new services on her record until she
        # consents again.
        errors[NON_FIELD_ERRORS] = _(
            "The client's consent to receive services is not in force (withdrawn or never "
            "given). Record her consent again before recording a service."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_open_case(case)
        delivery = ServiceDelivery(
            case=locked,
            date=values["date"],
            sector=values["sector"],
            service_type=values["service_type"],
            provided_by=values.get("provided_by") or actor,
            organisation=values.get("organisation") or locked.organisation,
            notes=values.get("notes", ""),
        )
        delivery.full_clean()
        delivery.save()
        audit_write(
            created=True,
            actor=actor,
            request=request,
            case=locked,
            obj=delivery,
            what="service_delivery",
            fields=["date", "sector", "service_type"],
        )
        # A referral accepted into this case for this kind of service is now complete.
        service_recorded.send(
            sender=ServiceDelivery, delivery=delivery, actor=actor, request=request
        )
    return delivery


def add_follow_up(case: Case, *, actor, values: dict, request=None) -> FollowUp:
    if values["due_date"] < today():
        raise ValidationError({"due_date": _("A new follow-up cannot be due in the past.")})
    due_error = dates.due_date_error(values["due_date"], on=today())
    if due_error:
        raise ValidationError({"due_date": due_error})
    with transaction.atomic():
        locked = lock_open_case(case)
        follow_up = FollowUp(
            case=locked,
            due_date=values["due_date"],
            assigned_to=values.get("assigned_to"),
            purpose=values.get("purpose", ""),
        )
        follow_up.full_clean()
        follow_up.save()
        refresh_next_due(locked)
        audit_write(
            created=True,
            actor=actor,
            request=request,
            case=locked,
            obj=follow_up,
            what="follow_up",
            fields=["due_date", "assigned_to", "purpose"],
        )
    return follow_up


def complete_follow_up(
    follow_up: FollowUp, *, actor, outcome: str, expected_version: int, request=None
) -> FollowUp:
    """Mark a follow-up done with its outcome; refused if it changed since it was shown."""
    with transaction.atomic():
        locked_case = lock_open_case(follow_up.case)
        current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if current.version != expected_version:
            changes = {"due_date": current.due_date}
            if current.done_at:
                changes["done_at"] = current.done_at
            raise StaleEditError(current, changes)
        if current.done_at is not None:
            raise ValidationError(_("This follow-up is already done."))
        current.done_at = timezone.now()
        current.outcome = outcome
        current.version += 1
        current.save()
        refresh_next_due(locked_case)
        audit_write(
            created=False,
            actor=actor,
            request=request,
            case=locked_case,
            obj=current,
            what="follow_up",
            fields=["done_at", "outcome"],
        )
    return current


def add_note(case: Case, *, actor, text: str, request=None) -> Note:
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    with transaction.atomic():
        locked = lock_open_case(case)
        note = Note.objects.create(case=locked, author=actor, text=text)
        audit_write(
            created=True,
            actor=actor,
            request=request,
            case=locked,
            obj=note,
            what="note",
            fields=["text"],
        )
    return note


def add_attachment(case: Case, *, actor, uploaded, request=None) -> Attachment:
    """Check the file (attachments.check_upload), store it encrypted, record the row.

    The file is written before the row; if the row is not written the file is removed,
    so no unreferenced plaintext-free blob is left behind either.
    """
    checked = attachments.check_upload(uploaded)
    storage_name, digest = attachments.store(checked.data)
    try:
        with transaction.atomic():
            locked = lock_open_case(case)
            attachment = Attachment.objects.create(
                case=locked,
                uploaded_by=actor,
                filename=checked.filename,
                content_type=checked.content_type,
                size=len(checked.data),
                storage_name=storage_name,
                sha256=digest,
            )
            audit_write(
                created=True,
                actor=actor,
                request=request,
                case=locked,
                obj=attachment,
                what="attachment",
                fields=["file"],
            )
    except BaseException:
        attachments.remove(storage_name)
        raise
    return attachment

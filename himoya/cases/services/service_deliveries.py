"""Services delivered to the survivor in a case, recorded by her caseworker."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from himoya.cases.models import Case, ServiceDelivery
from himoya.cases.services.common import audit_write, lock_open_case, today
from himoya.cases.signals import service_recorded
from himoya.clients.consent import has_consent
from himoya.clients.models import ConsentKind
from himoya.core import dates
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

"""Writes to clients: create (with a client code), update, and duplicate look-up.

Every write runs in one transaction and appends an audit entry that names the client
by its pseudonymous code only. Views and the API check rights (himoya.cases.access)
before calling these. Consent lives in himoya.clients.consent.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.clients.identity import (
    identity_index,
    name_index,
    next_client_code,
    refresh_identity_index,
)
from himoya.clients.models import AgeGroup, Client, settled_age_group
from himoya.core import dates
from himoya.core.versioning import update_versioned

# The fields a person may set on a client; everything else is derived or managed here.
CLIENT_FIELDS = (
    "name",
    "phone",
    "address",
    "birth_date",
    "safe_contact",
    "sex",
    "age_group",
    "district",
    "disability",
    "marital_status",
    "children_count",
)
IDENTITY_FIELDS = ("name", "birth_date")

__all__ = [
    "CLIENT_FIELDS",
    "create_client",
    "find_possible_duplicates",
    "update_client",
]


def _checked(data: dict, *, allow=CLIENT_FIELDS, current: Client | None = None) -> dict:
    """`data` cleaned, or ValidationError by field. The birth date follows the birth-date
    rule (core.dates) and the age group the birth date (settled_age_group), on the values
    as they will be saved: `current` is the client being changed, None for a new one."""
    unknown = set(data) - set(allow)
    if unknown:
        # A programming error (a form or API sending a field we do not manage).
        raise TypeError(f"not client fields: {', '.join(sorted(unknown))}")
    cleaned = dict(data)
    for text_field in ("name", "phone", "address"):
        if text_field in cleaned:
            cleaned[text_field] = (cleaned[text_field] or "").strip()
    if "safe_contact" in cleaned and cleaned["safe_contact"] is None:
        cleaned["safe_contact"] = {}
    birth_date = cleaned.get("birth_date")
    problem = birth_date and dates.birth_date_error(birth_date)
    if problem:
        raise ValidationError({"birth_date": problem})
    if current is None:
        age_group, intake_day = cleaned.get("age_group"), timezone.localdate()
    elif {"birth_date", "age_group"} & set(cleaned):
        birth_date = cleaned.get("birth_date", current.birth_date)
        age_group, intake_day = cleaned.get("age_group", current.age_group), current.intake_day
    else:
        return cleaned
    cleaned["age_group"] = settled_age_group(birth_date, age_group or AgeGroup.UNKNOWN, intake_day)
    return cleaned


def create_client(organisation, data: dict, actor, request=None, *, is_demo=False) -> Client:
    """A new client of `organisation` with a fresh code and the blind index set."""
    data = _checked(data)
    with transaction.atomic():
        client = Client(
            organisation=organisation,
            code=next_client_code(organisation),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            is_demo=is_demo,
            **data,
        )
        client.identity_index = identity_index(organisation.pk, client.name, client.birth_date)
        client.name_index = name_index(organisation.pk, client.name)
        # created_by may be None (demo data, imports): the column allows it.
        client.full_clean(exclude=["created_by"])
        client.save(force_insert=True)
        record(
            AuditAction.RECORD_CREATED,
            actor=actor,
            request=request,
            organisation=organisation,
            obj=client,
            detail={"what": "client", "client": client.code},
        )
    return client


def find_possible_duplicates(organisation, name: str, birth_date=None):
    """Clients of `organisation` who may be the same person, by blind index only.

    With a birth date: the same name and birth date, or the same name on a client whose
    birth date was never recorded. Without one: the same name. Clients whose birth dates
    are both known and differ are not matched. Anonymised clients have no index.
    """
    by_name = name_index(organisation.pk, name)
    if not by_name:
        return Client.objects.none()
    if birth_date:
        match = Q(identity_index=identity_index(organisation.pk, name, birth_date)) | Q(
            name_index=by_name, identity_index=identity_index(organisation.pk, name, None)
        )
    else:
        match = Q(name_index=by_name)
    return Client.objects.filter(match, organisation=organisation).order_by("-created_at")


def update_client(
    client, expected_version: int, data: dict, actor, request=None, *, baseline=None
) -> Client:
    """Apply `data` unless someone saved the client since `expected_version`
    (StaleEditError naming what changed). Returns the updated client."""
    data = _checked(data, current=client)
    if client.anonymised_at is not None:
        raise ValidationError(_("This client was anonymised: the record can no longer change."))
    with transaction.atomic():
        updated, changed = update_versioned(
            Client, client.pk, expected_version, data, baseline=baseline
        )
        if set(changed) & set(IDENTITY_FIELDS):
            refresh_identity_index(updated)
        if changed:
            record(
                AuditAction.RECORD_CHANGED,
                actor=actor,
                request=request,
                organisation=updated.organisation,
                obj=updated,
                # Field names only: the values are what the encryption protects.
                detail={"what": "client", "client": updated.code, "fields": sorted(changed)},
            )
    return updated

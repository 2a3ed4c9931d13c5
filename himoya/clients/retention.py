"""Retention: anonymise clients whose cases were all closed long enough ago.

Identifying data is destroyed (every encrypted field of the client and of every record
that hangs off the client or its cases, attachment files on disk), the blind index is
cleared, and the clear statistics fields stay, so reports keep counting the case.
Records are found by field type and by following foreign keys to Client, so models
added later (referrals, hotline calls turned into cases, ...) are covered as well.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.clients.models import Client
from himoya.core.fields import encrypted_fields

MAX_PATH_DEPTH = 3


@dataclass
class AnonymisationPlan:
    client: Client
    last_closed: datetime.datetime
    # model label -> number of records whose encrypted fields would be blanked
    records: dict[str, int] = field(default_factory=dict)
    attachments: int = 0


def cutoff(now=None, years=None) -> datetime.datetime:
    now = now or timezone.now()
    years = years or settings.HIMOYA_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def due_clients(now=None, years=None):
    """Clients not yet anonymised whose every case is closed, and closed before the cutoff."""
    from himoya.cases.models import Case, CaseStatus

    limit = cutoff(now, years)
    still_held = Case.objects.filter(
        ~Q(status=CaseStatus.CLOSED) | Q(closed_at__isnull=True) | Q(closed_at__gt=limit)
    ).values("client_id")
    return (
        Client.objects.filter(anonymised_at__isnull=True, pk__in=Case.objects.values("client_id"))
        .exclude(pk__in=still_held)
        .select_related("organisation")
        .order_by("pk")
    )


def _path_to_client(model, depth=0) -> str | None:
    """The lookup path from `model` to Client through foreign keys ("case__client")."""
    if model is Client:
        return ""
    if depth >= MAX_PATH_DEPTH:
        return None
    for model_field in model._meta.concrete_fields:
        if not isinstance(model_field, models.ForeignKey):
            continue
        rest = _path_to_client(model_field.related_model, depth + 1)
        if rest is not None:
            return f"{model_field.name}__{rest}" if rest else model_field.name
    return None


def client_records() -> list[tuple[type, str, list]]:
    """(model, path to client, encrypted fields) for every model holding a client's data."""
    found = []
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if model is Client or not fields or model._meta.proxy:
            continue
        path = _path_to_client(model)
        if path:
            found.append((model, path, fields))
    return found


def _attachments_of(client):
    from himoya.cases.models import Attachment

    return Attachment.objects.filter(case__client=client)


def plan_for(client) -> AnonymisationPlan:
    last_closed = client.cases.aggregate(models.Max("closed_at"))["closed_at__max"]
    plan = AnonymisationPlan(client=client, last_closed=last_closed)
    for model, path, _fields in client_records():
        count = model._base_manager.filter(**{path: client}).count()
        if count:
            plan.records[model._meta.label] = count
    plan.attachments = _attachments_of(client).count()
    return plan


def _blank(model_field):
    return None if model_field.null else ""


def anonymise(client, *, actor=None) -> AnonymisationPlan:
    """Destroy the client's identifying data; keep statistics. One transaction; the
    attachment files are deleted once it commits."""
    from himoya.cases import attachments

    with transaction.atomic():
        client = Client.objects.select_for_update().select_related("organisation").get(pk=client.pk)
        plan = plan_for(client)
        for model, path, fields in client_records():
            model._base_manager.filter(**{path: client}).update(
                **{f.name: _blank(f) for f in fields}
            )
        storage_names = list(_attachments_of(client).values_list("storage_name", flat=True))
        _attachments_of(client).delete()
        Client.objects.filter(pk=client.pk).update(
            name="",
            phone="",
            address="",
            birth_date=None,
            safe_contact={},
            **dict.fromkeys(Client.PERSON_INDEXES, ""),
            anonymised_at=timezone.now(),
            version=client.version + 1,
        )
        record(
            AuditAction.RECORD_CHANGED,
            actor=actor,
            organisation=client.organisation,
            obj=client,
            detail={
                "what": "client_anonymised",
                "client": client.code,
                "records": plan.records,
                "attachments": plan.attachments,
            },
        )
        transaction.on_commit(lambda: [attachments.remove(name) for name in storage_names])
    return plan

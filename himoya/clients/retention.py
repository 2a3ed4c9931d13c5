"""Anonymising a client: her identifying data destroyed, the statistics kept.

Every encrypted field of the client and of every record that hangs off her (directly
or through her cases) is blanked, the blind indexes are cleared, and the clear
statistics fields stay, so reports keep counting the case. Records are found by field
type and by following foreign keys to Client, so models added later (referrals,
hotline calls turned into cases, ...) are covered as well. Which clients are due, and
the files that go with them, is for the cases app to say (himoya.cases.retention).
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils import timezone

from himoya.clients.models import Client
from himoya.core.fields import encrypted_fields
from himoya.core.versioning import next_version

MAX_PATH_DEPTH = 3


@dataclass
class AnonymisationPlan:
    client: Client
    last_closed: datetime.datetime
    # model label -> number of records whose encrypted fields would be blanked
    records: dict[str, int] = field(default_factory=dict)
    attachments: int = 0


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


def count_client_records(client) -> dict[str, int]:
    """{model label: number of the client's records} whose encrypted fields anonymising
    blanks, leaving out models where she has none."""
    counts = {}
    for model, path, _fields in client_records():
        count = model._base_manager.filter(**{path: client}).count()
        if count:
            counts[model._meta.label] = count
    return counts


def _blank(model_field):
    return None if model_field.null else ""


def erase_client(client) -> None:
    """Blank every encrypted field of the client's records and her identifying fields and
    indexes; stamp her anonymised. Call inside the transaction that locked her row."""
    for model, path, fields in client_records():
        model._base_manager.filter(**{path: client}).update(**{f.name: _blank(f) for f in fields})
    Client.objects.filter(pk=client.pk).update(
        name="",
        phone="",
        address="",
        birth_date=None,
        safe_contact={},
        **dict.fromkeys(Client.PERSON_INDEXES, ""),
        anonymised_at=timezone.now(),
        version=next_version(),
    )

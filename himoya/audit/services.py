"""Writing to and verifying the hash-chained audit log."""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from himoya.audit.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def client_ip(request) -> str | None:
    """The client's address. Behind a proxy, set the proxy to overwrite REMOTE_ADDR."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def compute_hash(entry: AuditEntry) -> str:
    payload = json.dumps(
        {
            "id": entry.id,
            "at": entry.at.isoformat(),
            "actor": entry.actor_id,
            "actor_name": entry.actor_name,
            "organisation": entry.organisation_id,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "detail": entry.detail,
            "ip": entry.ip_address,
            "previous": entry.previous_hash,
        },
        sort_keys=True,
        ensure_ascii=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(
    action,
    *,
    actor=None,
    request=None,
    organisation=None,
    obj=None,
    object_type="",
    object_id="",
    detail=None,
) -> AuditEntry:
    """Append one entry to the chain. Safe to call inside or outside a transaction."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _created = AuditHead.objects.get_or_create(
                pk=1, defaults={"last_hash": GENESIS_HASH, "last_id": 0}
            )
            head = AuditHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            id=head.last_id + 1,
            at=timezone.now(),
            actor=actor,
            actor_name=getattr(actor, "username", "") or "",
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            detail=detail or {},
            ip_address=client_ip(request),
            previous_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save(force_insert=True)
        head.last_hash = entry.entry_hash
        head.last_id = entry.id
        head.save(update_fields=["last_hash", "last_id"])
    return entry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    entry_id: int | None = None


def verify_chain() -> VerifyResult:
    """Walk the chain in id order; name the first entry that was altered, inserted or deleted."""
    previous_hash = GENESIS_HASH
    expected_id = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.id != expected_id:
            return VerifyResult(
                False,
                checked,
                f"entry {expected_id} is missing (next present is {entry.id}): deleted",
                expected_id,
            )
        if entry.previous_hash != previous_hash:
            return VerifyResult(
                False,
                checked,
                f"entry {entry.id} does not follow the entry before it: inserted or reordered",
                entry.id,
            )
        if compute_hash(entry) != entry.entry_hash:
            return VerifyResult(
                False, checked, f"entry {entry.id} was altered after it was written", entry.id
            )
        previous_hash = entry.entry_hash
        expected_id += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_id != checked:
        return VerifyResult(
            False,
            checked,
            f"the log ends at entry {checked} but entry {head.last_id} was written: deleted",
            checked + 1,
        )
    return VerifyResult(True, checked)

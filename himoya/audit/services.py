"""Writing to and verifying the hash-chained audit log."""

import hashlib
import ipaddress
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from himoya.audit.models import AuditAction, AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy.

    Only when the direct peer is one of HIMOYA_TRUSTED_PROXIES is X-Forwarded-For read,
    right to left, skipping the trusted proxies: the first other address is the client.
    Everything left of it was written by the client itself and could be anything, so it
    is never read. Without trusted proxies the header is ignored.
    """
    if request is None:
        return None
    peer = _ip_object(request.META.get("REMOTE_ADDR"))
    trusted = settings.HIMOYA_TRUSTED_PROXIES
    if peer is None or not _is_trusted(peer, trusted):
        return str(peer) if peer is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    nearest = peer
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        address = _ip_object(_without_port(hop))
        if address is None:
            # A trusted proxy passed on something that is not an address: nothing further
            # left can be believed, so the nearest known hop stands for the client.
            break
        nearest = address
        if not _is_trusted(address, trusted):
            break
    return str(nearest)


def _without_port(hop: str) -> str:
    """The address of a hop written as "[2001:db8::1]:4711" or "192.0.2.1:4711" (some
    proxies add the port), without the port."""
    if hop.startswith("[") and "]" in hop:
        return hop[1 : hop.index("]")]
    if hop.count(":") == 1:
        return hop.split(":", 1)[0]
    return hop


def _ip_object(raw):
    # PostgreSQL's inet type hands back the canonical form ("2001:db8::1"), so callers
    # hash and store str() of this: an entry written with "2001:DB8::1" would otherwise
    # fail to verify.
    try:
        address = ipaddress.ip_address(str(raw).strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket ("::ffff:192.0.2.1") is that IPv4 client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address, trusted) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def _normal_detail(detail) -> dict:
    # Hash exactly what the JSON column gives back: tuples become lists, keys strings,
    # dates and lazy translations strings.
    return json.loads(json.dumps(detail or {}, default=str))


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


def _locked_head() -> AuditHead:
    """The chain head, locked until the surrounding transaction ends.

    On PostgreSQL SELECT ... FOR UPDATE makes concurrent appends wait for each other.
    On SQLite every transaction starts with BEGIN IMMEDIATE (see settings), which
    takes the database's single write lock, so appends are serialised there too.
    """
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # The migration creates the row; a flushed test database may not have it.
        AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH, "last_id": 0})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


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
    """Append one entry to the chain. Safe to call inside or outside a transaction.

    Inside a transaction the entry commits or rolls back with the change it describes.
    """
    # An unknown action is a programming error: fail before anything is written.
    action = AuditAction(action)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(
            id=head.last_id + 1,
            at=timezone.now(),
            actor=actor,
            actor_name=(getattr(actor, "username", "") or "")[:150],
            organisation=organisation,
            action=action.value,
            object_type=str(object_type)[:60],
            object_id=str(object_id)[:64],
            detail=_normal_detail(detail),
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
    """Walk the chain in id order; name the first entry that was altered, inserted or deleted.

    Ids are consecutive from 1 and the head row remembers the last id and hash, so a
    gap means a deletion, a row past the head or out of sequence means an insertion, and
    a hash that does not match the fields means an alteration.
    """
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and AuditEntry.objects.exists():
        return VerifyResult(False, 0, "the chain head row is missing: the log was tampered with")
    last_id = head.last_id if head else 0
    last_hash = head.last_hash if head else GENESIS_HASH
    previous_hash = GENESIS_HASH
    expected_id = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.id < expected_id or entry.id > last_id:
            return VerifyResult(
                False, checked, f"entry {entry.id} was inserted: it is not in the chain", entry.id
            )
        if entry.id > expected_id:
            return VerifyResult(
                False,
                checked,
                f"entry {expected_id} was deleted (the next entry present is {entry.id})",
                expected_id,
            )
        if compute_hash(entry) != entry.entry_hash:
            return VerifyResult(
                False, checked, f"entry {entry.id} was altered after it was written", entry.id
            )
        if entry.previous_hash != previous_hash:
            return VerifyResult(
                False,
                checked,
                f"entry {entry.id} does not follow entry {entry.id - 1}: "
                f"one of them was altered or replaced",
                entry.id,
            )
        previous_hash = entry.entry_hash
        expected_id += 1
        checked += 1
    if checked < last_id:
        return VerifyResult(
            False,
            checked,
            f"entry {checked + 1} was deleted (the log ends at entry {checked}, "
            f"but {last_id} entries were written)",
            checked + 1,
        )
    if previous_hash != last_hash:
        return VerifyResult(
            False,
            checked,
            f"entry {checked} was altered or replaced: it is not the entry that was written",
            checked,
        )
    return VerifyResult(True, checked)

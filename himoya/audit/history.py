"""What the audit log says changed in a record after a given version.

Every versioned save moves the record's version on by one and writes an audit entry
naming the fields it changed. A refused stale edit (409) names those fields, so the
editor sees what happened meanwhile; this is the one reader of them.
"""

from himoya.audit.models import AuditEntry


def entries_about(record):
    """The audit entries written about `record` (its model and primary key)."""
    return AuditEntry.objects.filter(object_type=record._meta.label_lower, object_id=str(record.pk))


def fields_changed_after(record, version: int, *, actions, entries=None) -> list[str]:
    """Names of the fields the saves after `version` changed, sorted.

    `entries` are the record's audit entries (by default those about the record itself;
    a record whose edits are written about several objects passes its own). An entry
    that carries "version" in its detail counts by it; others count by position: the
    newest `record.version - version` entries are the newer saves. The changed fields
    are read from the detail's "fields" or "changed" (a list, or a dict keyed by field),
    and "deactivated" stands for the active flag.
    """
    newer_saves = max(record.version - version, 0)
    if newer_saves == 0:
        return []
    entries = entries_about(record) if entries is None else entries
    changed: set[str] = set()
    counted = 0
    details = entries.filter(action__in=actions).order_by("-id").values_list("detail", flat=True)
    for detail in details.iterator(chunk_size=50):
        detail = detail if isinstance(detail, dict) else {}
        if "version" in detail:
            if int(detail.get("version") or 0) <= version:
                break
        else:
            counted += 1
            if counted > newer_saves:
                break
        changed.update(detail.get("fields") or [])
        changed.update(detail.get("changed") or [])
        if detail.get("deactivated"):
            changed.add("is_active")
    return sorted(changed)

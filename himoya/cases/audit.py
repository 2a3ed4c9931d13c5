"""Every read of identifiable data leaves an audit entry (who, where, what, when, from where)."""

from himoya.audit.models import AuditAction
from himoya.audit.services import record


def record_read(request, case, obj=None, *, what: str = "") -> None:
    """Log that request.user read `obj` (default: the case) of `case`."""
    target = obj if obj is not None else case
    record(
        AuditAction.RECORD_READ,
        request=request,
        organisation=case.organisation,
        obj=target,
        detail={"case": case.pk, "what": what or target._meta.model_name,
                "via": "api" if request.path.startswith("/api/") else "web"},
    )

"""Every read of a call's identifying data (summary, call-back name and number) is audited."""

from himoya.audit.models import AuditAction
from himoya.audit.services import record


def record_call_read(request, call) -> None:
    """Log that request.user read `call` with its encrypted fields."""
    record(
        AuditAction.RECORD_READ,
        request=request,
        organisation=call.organisation,
        obj=call,
        detail={
            "what": "call",
            "call": call.pk,
            "via": "api" if request.path.startswith("/api/") else "web",
        },
    )

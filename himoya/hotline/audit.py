"""Every read of a call's identifying data (summary, call-back name and number) is audited."""

from himoya.audit.models import AuditAction
from himoya.audit.services import record


def record_call_read(request, call) -> None:
    """Log that request.user read `call` with its encrypted fields, or, for a colleague's
    call (hotline.access.Handover), its shift-handover view."""
    handover = getattr(call, "handover", False)
    record(
        AuditAction.RECORD_READ,
        request=request,
        organisation=call.organisation,
        obj=call.audited() if handover else call,
        detail={
            "what": "call_handover" if handover else "call",
            "call": call.pk,
            "via": "api" if request.path.startswith("/api/") else "web",
        },
    )

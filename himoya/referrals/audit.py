"""Every read of a referral's identifying data leaves an audit entry, pages and API
alike: the sender's message and the receiver's shared view."""

from himoya.audit.models import AuditAction
from himoya.audit.services import record


def record_referral_read(request, referral, what: str, organisation, **detail) -> None:
    """Log that request.user read `what` of `referral`, in `organisation`'s log.

    The receiver's entries carry no client code: its log outlives the access.
    """
    record(
        AuditAction.RECORD_READ,
        request=request,
        organisation=organisation,
        obj=referral,
        detail={
            "what": what,
            "referral": referral.pk,
            "via": "api" if request.path.startswith("/api/") else "web",
            **detail,
        },
    )

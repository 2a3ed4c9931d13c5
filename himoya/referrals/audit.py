"""A referral's audit entries: every step (audit_referral), and every read of its
identifying data, pages and API alike: the sender's message and the receiver's shared
view (record_referral_read)."""

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


def audit_referral(action, referral, actor, request, what, organisation=None, **detail):
    """Log a step of `referral` by `actor`, in the sender's log unless `organisation`
    (the receiver) made it."""
    record(
        action,
        actor=actor,
        request=request,
        organisation=organisation or referral.from_organisation,
        obj=referral,
        detail={"what": what, "referral": referral.pk, **detail},
    )

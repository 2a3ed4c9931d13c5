"""The referral counts on the "My work" dashboard (accounts.views.dashboard)."""

from django.db.models import Count, Q
from django.utils import timezone

from himoya.accounts.roles import holds_any
from himoya.referrals.access import (
    RECEIVER_ROLES,
    SENDER_ROLES,
    received_referrals,
    sent_referrals,
)
from himoya.referrals.models import ReferralStatus, Urgency


def referral_counts(user) -> dict | None:
    """Referrals waiting for the user's organisations (and how many are emergency,
    urgent or overdue) and referrals the user sent still without an answer (and how many
    are overdue); None when the user has no role that works with referrals. A few
    aggregate queries, no rows."""
    receives = holds_any(user, RECEIVER_ROLES)
    sends = holds_any(user, SENDER_ROLES)
    if not (receives or sends):
        return None
    now = timezone.now()
    # A referral past its expiry is about to expire: it is no longer waiting. One past
    # its response deadline (respond_by) still waits, flagged overdue.
    waiting = Q(status=ReferralStatus.SENT, expires_at__gt=now)
    overdue = Count("id", filter=Q(respond_by__lte=now))
    counts = {"receives": receives, "sends": sends}
    if receives:
        counts.update(
            received_referrals(user)
            .filter(waiting)
            .aggregate(
                waiting=Count("id"),
                emergency=Count("id", filter=Q(urgency=Urgency.EMERGENCY)),
                urgent=Count("id", filter=Q(urgency=Urgency.URGENT)),
                overdue=overdue,
            )
        )
    if sends:
        sent = sent_referrals(user).filter(waiting).aggregate(awaiting=Count("id"), overdue=overdue)
        counts.update(awaiting=sent["awaiting"], awaiting_overdue=sent["overdue"])
    return counts

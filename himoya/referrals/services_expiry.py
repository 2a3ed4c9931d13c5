"""What happens to a referral without anyone at B acting: its response deadline passing
(flagged, both sides' supervisors told once), its expiry, and the client withdrawing her
consent (access ends by itself; this tells B why)."""

from django.db import transaction
from django.utils import timezone

from himoya.audit.models import AuditAction
from himoya.notifications.models import NotificationKind
from himoya.notifications.services import notify
from himoya.referrals.access import consent_stands
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.services import (
    audit_referral,
    receiving_staff,
    save_step,
    sending_staff,
    supervisors_of_both_sides,
)


def flag_overdue(now=None) -> int:
    """Tell the supervisors of both sides, once, about referrals still unanswered past
    their response deadline; returns how many were flagged (at most one batch).

    The flag itself (Referral.is_overdue) needs no write: lists compare respond_by.
    The conditional update claims each referral once, however many runs overlap, and
    leaves the version alone so nobody's open form becomes stale because of it.
    """
    now = now or timezone.now()
    due = list(
        Referral.objects.filter(
            status=ReferralStatus.SENT, respond_by__lte=now, overdue_notified_at__isnull=True
        ).values_list("pk", flat=True)[:500]
    )
    flagged = 0
    for pk in due:
        with transaction.atomic():
            claimed = Referral.objects.filter(
                pk=pk,
                status=ReferralStatus.SENT,
                respond_by__lte=now,
                overdue_notified_at__isnull=True,
            ).update(overdue_notified_at=now)
            if not claimed:
                continue
            referral = Referral.objects.get(pk=pk)
            audit_referral(
                AuditAction.RECORD_CHANGED,
                referral,
                None,
                None,
                "referral_overdue",
                respond_by=referral.respond_by.isoformat(),
            )
            notify(
                supervisors_of_both_sides(referral),
                NotificationKind.REFERRAL_OVERDUE,
                referral=referral,
            )
            flagged += 1
    return flagged


def expire_overdue(now=None) -> int:
    """Expire referrals still unanswered after their deadline; alert A's supervisors.

    Safe to run often and from several places: each row is locked and re-checked.
    """
    now = now or timezone.now()
    due = list(
        Referral.objects.filter(status=ReferralStatus.SENT, expires_at__lte=now).values_list(
            "pk", flat=True
        )[:500]
    )
    expired = 0
    for pk in due:
        with transaction.atomic():
            locked = (
                # Lock only the referral row: PostgreSQL cannot lock the nullable side
                # of the outer joins that fetch the case or call.
                Referral.objects.select_for_update(of=("self",))
                .select_related("from_case", "from_call")
                .get(pk=pk)
            )
            if locked.status != ReferralStatus.SENT or locked.expires_at > now:
                continue
            locked.status = ReferralStatus.EXPIRED
            locked.expired_at = now
            save_step(locked, ["status", "expired_at"])
            audit_referral(AuditAction.RECORD_CHANGED, locked, None, None, "referral_expired")
            notify(sending_staff(locked), NotificationKind.REFERRAL_EXPIRED, referral=locked)
            notify(receiving_staff(locked), NotificationKind.REFERRAL_EXPIRED, referral=locked)
            expired += 1
    return expired


def on_consent_withdrawn(consent) -> None:
    """Tell B's staff that open referrals covered by this consent lost their shared data."""
    open_referrals = Referral.objects.filter(
        client_id=consent.client_id, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]
    ).select_related("client", "to_organisation", "service")
    for referral in open_referrals:
        if not consent_stands(referral):
            notify(
                receiving_staff(referral),
                NotificationKind.REFERRAL_CONSENT_WITHDRAWN,
                referral=referral,
            )

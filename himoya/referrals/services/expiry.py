"""What happens to a referral that B does not answer: its response deadline passing
(flagged, and announced once so both sides' supervisors are told) and its expiry."""

from django.db import transaction
from django.utils import timezone

from himoya.audit.models import AuditAction
from himoya.core.versioning import bump_version
from himoya.referrals.audit import audit_referral
from himoya.referrals.models import Referral, ReferralStatus
from himoya.referrals.signals import referral_expired, referral_overdue


def flag_overdue(now=None) -> int:
    """Announce, once, each referral still unanswered past its response deadline (the
    supervisors of both sides are told); returns how many were flagged (at most one
    batch).

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
            referral_overdue.send(sender=Referral, referral=referral)
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
            bump_version(locked, update_fields=["status", "expired_at"])
            audit_referral(AuditAction.RECORD_CHANGED, locked, None, None, "referral_expired")
            referral_expired.send(sender=Referral, referral=locked)
            expired += 1
    return expired

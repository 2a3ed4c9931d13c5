"""`manage.py expire_referrals` / `himoya referrals expire`: the referral deadlines.

Run it from cron every few minutes. Each run flags the referrals still unanswered past
their response deadline (the supervisors of both sides are told once) and expires
those unanswered HIMOYA_REFERRAL_EXPIRY_DAYS days after they were sent (the sender is
alerted). Running it again, or two runs at once, changes nothing more. The inbox page
also expires on every visit, so expiry works without cron; the deadline alerts need it.
"""

from django.core.management.base import BaseCommand

from himoya.ops.health import REFERRALS_EXPIRE, record_run
from himoya.referrals.services.expiry import expire_overdue, flag_overdue


def _until_done(step) -> int:
    """Run a batched step until a batch finds nothing left."""
    total = 0
    while True:
        done = step()
        total += done
        if done == 0:
            return total


class Command(BaseCommand):
    help = (
        "Flag referrals unanswered past their response deadline (alerting the supervisors "
        "of both sides once) and expire referrals still unanswered "
        "HIMOYA_REFERRAL_EXPIRY_DAYS days after they were sent. Safe to run every few minutes."
    )

    def handle(self, *args, **options):
        # Expiry first: a referral past its expiry gets the expiry alert, not a deadline
        # alert as well.
        expired = _until_done(expire_overdue)
        overdue = _until_done(flag_overdue)
        # /healthz answers 503 when this has not succeeded for too long (cron stopped).
        record_run(REFERRALS_EXPIRE)
        self.stdout.write(f"OK: {expired} referrals expired, {overdue} flagged overdue")

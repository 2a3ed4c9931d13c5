"""`manage.py expire_referrals` / `himoya referrals expire`: expire unanswered referrals.

The inbox page runs the same step on every visit; a scheduled run makes sure the
sender's supervisors are alerted even when nobody at the receiving end opens it.
"""

from django.core.management.base import BaseCommand

from himoya.ops.health import REFERRALS_EXPIRE, record_run
from himoya.referrals.services_expiry import expire_overdue


class Command(BaseCommand):
    help = (
        "Expire referrals still unanswered HIMOYA_REFERRAL_EXPIRY_DAYS days after they "
        "were sent, and alert the sending organisation's supervisors."
    )

    def handle(self, *args, **options):
        total = 0
        # expire_overdue works in batches; repeat until nothing is left.
        while True:
            expired = expire_overdue()
            total += expired
            if expired == 0:
                break
        # /healthz answers 503 when this has not succeeded for too long (cron stopped).
        record_run(REFERRALS_EXPIRE)
        self.stdout.write(f"OK: {total} referrals expired")

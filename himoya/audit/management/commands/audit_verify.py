"""`manage.py audit_verify` / `himoya audit verify`: check the audit log's hash chain."""

from django.core.management.base import BaseCommand

from himoya.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 1 naming the first broken entry."

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"OK: {result.checked} entries verified")
            return
        self.stderr.write(f"BROKEN: {result.problem} ({result.checked} entries verified before it)")
        # A non-zero exit lets cron jobs and monitoring notice tampering.
        raise SystemExit(1)

"""`manage.py audit_verify` / `himoya audit verify`: check the audit log's hash chain."""

from django.core.management.base import BaseCommand, CommandError

from himoya.audit.models import AuditEntry
from himoya.audit.services import verify_chain


def parse_anchor(text: str) -> tuple[int, str]:
    entry_id, _sep, entry_hash = text.partition(":")
    if not entry_id.isdigit() or len(entry_hash) != 64:
        raise CommandError(f"--anchor must look like 1234:<64 hex digits>; got {text!r}")
    return int(entry_id), entry_hash.lower()


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 1 naming the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="ID:HASH",
            help=(
                "an entry's hash noted earlier outside the database (the OK line prints "
                "the newest); catches a log rewritten from start to end"
            ),
        )

    def handle(self, *args, **options):
        anchors = [parse_anchor(text) for text in options["anchor"]]
        result = verify_chain()
        if not result.ok:
            self.fail(f"{result.problem} ({result.checked} entries verified before it)")
        for entry_id, entry_hash in anchors:
            stored = AuditEntry.objects.filter(pk=entry_id).values_list("entry_hash", flat=True)
            if list(stored) != [entry_hash]:
                self.fail(f"entry {entry_id} does not match its anchor: the log was rewritten")
        newest = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        anchor = f"; newest anchor {newest[0]}:{newest[1]}" if newest else ""
        self.stdout.write(f"OK: {result.checked} entries verified{anchor}")

    def fail(self, message: str):
        self.stderr.write(f"BROKEN: {message}")
        # A non-zero exit lets cron jobs and monitoring notice tampering.
        raise SystemExit(1)

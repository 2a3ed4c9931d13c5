"""`manage.py keys_rotate` / `himoya keys rotate`: re-encrypt everything with the first key."""

from django.core.management.base import BaseCommand, CommandError

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.clients.keys import RotationError, rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column and attachment file with the first key of "
        "HIMOYA_FIELD_KEYS and recompute the duplicate-warning indexes. Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            report = rotate_keys(progress=self.stdout.write)
        except RotationError as exc:
            raise CommandError(
                f"{exc}. Nothing after this row was changed; load the missing key after the "
                "new one in HIMOYA_FIELD_KEYS and run again."
            ) from None
        record(
            AuditAction.RECORD_CHANGED,
            object_type="keys",
            detail={
                "what": "keys_rotated",
                "key": report.key_id,
                "values": report.values_reencrypted,
                "files": report.files_reencrypted,
            },
        )
        self.stdout.write(
            f"OK: {report.values_reencrypted} values and {report.files_reencrypted} files "
            f"re-encrypted with key {report.key_id} ({report.files_current} files already were); "
            f"{report.indexes_recomputed} duplicate-warning indexes recomputed"
        )

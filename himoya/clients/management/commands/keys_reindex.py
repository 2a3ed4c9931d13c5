"""`manage.py keys_reindex` / `himoya keys reindex`: recompute every blind index."""

from django.core.management.base import BaseCommand, CommandError

from himoya.audit.models import AuditAction
from himoya.audit.services import record
from himoya.clients.keys import ReindexError, reindex
from himoya.core import crypto


class Command(BaseCommand):
    help = (
        "Recompute the blind indexes of every person record (name + birth year, phone, "
        "duplicate warnings) with the first key of HIMOYA_FIELD_KEYS and the current "
        "normalisation. Run once after upgrading; `keys rotate` does it too. Safe to run again."
    )

    def handle(self, *args, **options):
        talk = options["verbosity"] >= 1
        try:
            changed = reindex(progress=self.stdout.write if talk else None)
        except ReindexError as exc:
            raise CommandError(
                f"{exc}. The rows before it were re-indexed; load the missing key in "
                "HIMOYA_FIELD_KEYS and run again."
            ) from None
        key_id = crypto.current_key_id()
        if changed:
            record(
                AuditAction.RECORD_CHANGED,
                object_type="keys",
                detail={"what": "indexes_recomputed", "key": key_id, "rows": changed},
            )
        if talk:
            self.stdout.write(f"OK: {changed} rows re-indexed with key {key_id}")

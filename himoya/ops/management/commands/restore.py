"""`manage.py restore` / `himoya restore ARCHIVE`: a backup into an empty instance."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from himoya.ops.backup import BackupError, backup_key, restore_backup
from himoya.ops.sealed import SealError


class Command(BaseCommand):
    help = (
        "Restore a `himoya backup` archive into this instance, which must be empty; every "
        "checksum is verified first, and the audit log's chain after."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .hbk file written by `himoya backup`")
        parser.add_argument(
            "--key-file", help="a file holding the backup key (instead of HIMOYA_BACKUP_KEY)"
        )

    def handle(self, *args, **options):
        try:
            report = restore_backup(Path(options["archive"]), backup_key(options["key_file"]))
        except (BackupError, SealError) as exc:
            raise CommandError(str(exc)) from None
        if report.audit_problem:
            raise CommandError(
                f"restored, but the audit log does not verify: {report.audit_problem}"
            )
        self.stdout.write(
            f"OK: restored the {report.database} database and {report.attachments} attachment "
            f"files; the audit log's {report.audit_entries} entries verify. Run "
            f"`himoya manage migrate` if this Himoya is newer than the backup."
        )

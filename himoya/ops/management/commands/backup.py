"""`manage.py backup` / `himoya backup`: the database and attachments, sealed, in one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from himoya.ops.backup import BackupError, backup_key, create_backup
from himoya.ops.sealed import SealError


class Command(BaseCommand):
    help = (
        "Write the database (SQLite online backup or pg_dump) and the attachment files "
        "into one archive sealed with the backup key (HIMOYA_BACKUP_KEY or --key-file)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="where to write the archive (default himoya-backup-<date-time>.hbk here)",
        )
        parser.add_argument(
            "--key-file", help="a file holding the backup key (instead of HIMOYA_BACKUP_KEY)"
        )

    def handle(self, *args, **options):
        output = options["output"] or timezone.localtime().strftime(
            "himoya-backup-%Y%m%d-%H%M%S.hbk"
        )
        try:
            manifest = create_backup(Path(output), backup_key(options["key_file"]))
        except (BackupError, SealError) as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            # A folder that does not exist, a full disk, no permission: one line, no trace.
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
        attachments = sum(1 for name in manifest["sha256"] if name.startswith("attachments/"))
        self.stdout.write(
            f"OK: {output} written ({manifest['database']} database, {attachments} attachment "
            f"files); restoring it needs the backup key and the field key ids "
            f"{', '.join(manifest['field_key_ids'])}"
        )

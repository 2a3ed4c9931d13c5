"""`manage.py retention_run` / `himoya retention run [--dry-run]`.

The work is the apps' own: each registers its retention task (himoya.core.retention)
in its AppConfig.ready(), and they run here in that order (clients of closed cases,
then the call log's details).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from himoya.core.retention import cutoff, retention_tasks
from himoya.ops.health import RETENTION_RUN, record_run


class Command(BaseCommand):
    help = (
        "Anonymise the clients whose cases were all closed more than HIMOYA_RETENTION_YEARS "
        "years ago, and blank the call-back details and summaries of calls older than that: "
        "identifying data destroyed, statistics kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be done; change nothing"
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        years = settings.HIMOYA_RETENTION_YEARS
        limit = cutoff(years=years)
        self.stdout.write(
            f"Retention: {years} year{'' if years == 1 else 's'}; clients whose cases all closed before "
            f"{limit.date().isoformat()}{' (dry run: nothing changes)' if dry_run else ''}"
        )
        for task in retention_tasks():
            task.run(self.stdout.write, dry_run=dry_run, years=years)
        if not dry_run:
            # /healthz answers 503 when this has not succeeded for too long (cron stopped).
            record_run(RETENTION_RUN)

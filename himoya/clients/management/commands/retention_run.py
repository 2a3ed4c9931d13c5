"""`manage.py retention_run` / `himoya retention run [--dry-run]`."""

from django.conf import settings
from django.core.management.base import BaseCommand

from himoya.clients.retention import anonymise, cutoff, due_clients, plan_for


def describe(plan) -> str:
    records = ", ".join(f"{count} {label}" for label, count in sorted(plan.records.items()))
    closed = plan.last_closed.date().isoformat() if plan.last_closed else "?"
    return (
        f"{plan.client.code} ({plan.client.organisation.slug}; last case closed {closed}): "
        f"{records or 'no records'}; {plan.attachments} attachment files"
    )


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
        done = 0
        for client in list(due_clients(years=years)):
            plan = plan_for(client) if dry_run else anonymise(client)
            verb = "would anonymise" if dry_run else "anonymised"
            self.stdout.write(f"  {verb} {describe(plan)}")
            done += 1
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"OK: {done} clients {verb}")
        self.calls(dry_run, years)
        if not dry_run:
            # /healthz answers 503 when this has not succeeded for too long (cron stopped).
            from himoya.ops.health import RETENTION_RUN, record_run

            record_run(RETENTION_RUN)

    def calls(self, dry_run: bool, years: int) -> None:
        """The call log's call-back details and summaries past the same cutoff."""
        from himoya.directory.models import Organisation
        from himoya.hotline.retention import due_by_organisation, forget_call_details

        counts = due_by_organisation(years=years) if dry_run else forget_call_details(years=years)
        slugs = dict(Organisation.objects.filter(pk__in=counts).values_list("pk", "slug"))
        for organisation_id, calls in counts.items():
            verb = "would blank" if dry_run else "blanked"
            self.stdout.write(
                f"  {verb} the call-back details and summaries of {calls} calls "
                f"({slugs[organisation_id]})"
            )
        verb = "would have their details blanked" if dry_run else "had their details blanked"
        self.stdout.write(f"OK: {sum(counts.values())} calls {verb}")
